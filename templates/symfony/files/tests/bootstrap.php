<?php

declare(strict_types=1);

use App\Kernel;
use Symfony\Bundle\FrameworkBundle\Console\Application;
use Symfony\Component\Console\Input\ArrayInput;
use Symfony\Component\Console\Output\BufferedOutput;
use Symfony\Component\Dotenv\Dotenv;

require dirname(__DIR__).'/vendor/autoload.php';

(new Dotenv())->bootEnv(dirname(__DIR__).'/.env');

// A fresh throwaway database for every run (config/packages/doctrine.yaml, when@test), built
// by the same migrations as data/app.db. Tests make their own records and never count others.
$database = dirname(__DIR__).'/var/test.db';
foreach ([$database, $database.'-wal', $database.'-shm'] as $file) {
    if (is_file($file)) {
        unlink($file);
    }
}

$kernel = new Kernel('test', false);
$application = new Application($kernel);
$application->setAutoExit(false);
$input = new ArrayInput(['command' => 'doctrine:migrations:migrate', '--no-interaction' => true]);
$input->setInteractive(false);
$output = new BufferedOutput();
if (0 !== $application->run($input, $output)) {
    fwrite(STDERR, $output->fetch());
    exit(1);
}
$kernel->shutdown();
