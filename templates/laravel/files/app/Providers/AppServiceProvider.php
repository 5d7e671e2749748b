<?php

namespace App\Providers;

use Illuminate\Support\ServiceProvider;

class AppServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        //
    }

    /**
     * Creates the SQLite file and its folder (./data by default) so that
     * `php artisan migrate --force` can write the schema on first start.
     */
    public function boot(): void
    {
        $database = config('database.connections.sqlite.database');
        if (! is_string($database) || $database === '' || $database === ':memory:' || str_starts_with($database, 'file:')) {
            return;
        }
        $directory = dirname($database);
        if (! is_dir($directory)) {
            mkdir($directory, 0775, true);
        }
        if (! file_exists($database)) {
            touch($database);
        }
    }
}
