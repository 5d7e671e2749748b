<?php

declare(strict_types=1);

namespace App\Doctrine;

use Doctrine\DBAL\Driver;
use Doctrine\DBAL\Driver\Connection;
use Doctrine\DBAL\Driver\Middleware;
use Doctrine\DBAL\Driver\Middleware\AbstractDriverMiddleware;

/**
 * The contract's SQLite settings on every connection: WAL, synchronous=FULL, a 5 s busy
 * timeout and foreign keys; and the database file's folder (data/) created when missing.
 * Registered by autoconfiguration (DoctrineBundle tags every Driver\Middleware).
 */
final class SqlitePragmas implements Middleware
{
    public function wrap(Driver $driver): Driver
    {
        return new class($driver) extends AbstractDriverMiddleware {
            public function connect(#[\SensitiveParameter] array $params): Connection
            {
                $path = $params['path'] ?? null;
                if (\is_string($path) && '' !== $path && ':memory:' !== $path) {
                    $folder = \dirname($path);
                    if (!is_dir($folder) && !mkdir($folder, 0775, true) && !is_dir($folder)) {
                        throw new \RuntimeException('cannot create the database folder');
                    }
                }
                $connection = parent::connect($params);
                $connection->exec('PRAGMA busy_timeout = 5000');
                $connection->exec('PRAGMA journal_mode = WAL');
                $connection->exec('PRAGMA synchronous = FULL');
                $connection->exec('PRAGMA foreign_keys = ON');

                return $connection;
            }
        };
    }
}
