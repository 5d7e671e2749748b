<?php

use Monolog\Handler\NullHandler;
use Monolog\Handler\StreamHandler;

return [

    // Application logs (errors included) go to stderr; request lines go to stdout.
    'default' => env('LOG_CHANNEL', 'stderr'),

    'deprecations' => [
        'channel' => 'null',
        'trace' => false,
    ],

    'channels' => [

        'stderr' => [
            'driver' => 'monolog',
            'level' => env('LOG_LEVEL', 'debug'),
            'handler' => StreamHandler::class,
            'handler_with' => [
                'stream' => 'php://stderr',
            ],
            'processors' => [],
        ],

        'null' => [
            'driver' => 'monolog',
            'handler' => NullHandler::class,
        ],

    ],

];
