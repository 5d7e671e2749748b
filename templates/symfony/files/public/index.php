<?php

declare(strict_types=1);

use App\Kernel;

// PHP's built-in server with this file as router script names the requested path as the
// script for paths with an extension (/openapi.json): point it back to this front controller.
if ('cli-server' === PHP_SAPI) {
    $_SERVER['SCRIPT_FILENAME'] = __FILE__;
    $_SERVER['SCRIPT_NAME'] = '/index.php';
    $_SERVER['PHP_SELF'] = '/index.php';
}

require_once dirname(__DIR__).'/vendor/autoload_runtime.php';

return static function (array $context): Kernel {
    return new Kernel($context['APP_ENV'], (bool) $context['APP_DEBUG']);
};
