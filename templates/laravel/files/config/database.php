<?php

// DATABASE_URL is "sqlite:///<path>" (or a bare path); a relative path is taken from the
// project root. The default is ./data/app.db, created with its folder on start.
$url = (string) env('DATABASE_URL', 'sqlite:///./data/app.db');
$path = str_starts_with($url, 'sqlite:///') ? substr($url, strlen('sqlite:///')) : $url;
if ($path !== ':memory:' && ! str_starts_with($path, '/')) {
    $path = base_path($path);
}

return [

    'default' => 'sqlite',

    'connections' => [

        // The same SQLite settings in every starter: WAL, synchronous=FULL (a 201 means the
        // record is on disk), a 5 s busy timeout and foreign keys on. IMMEDIATE transactions
        // take the write lock up front, so writers queue instead of failing.
        'sqlite' => [
            'driver' => 'sqlite',
            'database' => $path,
            'prefix' => '',
            'foreign_key_constraints' => true,
            'busy_timeout' => 5000,
            'journal_mode' => 'wal',
            'synchronous' => 'full',
            'transaction_mode' => 'IMMEDIATE',
        ],

    ],

    'migrations' => [
        'table' => 'migrations',
        'update_date_on_publish' => true,
    ],

];
