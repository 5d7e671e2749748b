<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Http\Request;
use Illuminate\Support\Facades\App;
use Symfony\Component\HttpFoundation\Response;

/**
 * One line per request on stdout: method, path, status, duration.
 */
class LogRequest
{
    public function handle(Request $request, Closure $next): Response
    {
        $started = hrtime(true);
        $response = $next($request);
        if (! App::runningUnitTests()) {
            $line = sprintf(
                "%s %s %s %d %.1fms\n",
                gmdate('Y-m-d\TH:i:s\Z'),
                $request->getMethod(),
                $request->getRequestUri(),
                $response->getStatusCode(),
                (hrtime(true) - $started) / 1e6,
            );
            file_put_contents('php://stdout', $line);
        }

        return $response;
    }
}
