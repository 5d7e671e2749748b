<?php

namespace App\Http\Middleware;

use Closure;
use Illuminate\Http\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;

/**
 * Laravel matches "/books/" to the "/books" route; the contract says a path with a
 * trailing slash is not a route (404, never a redirect).
 */
class RejectTrailingSlash
{
    public function handle(Request $request, Closure $next): Response
    {
        $path = $request->getPathInfo();
        if ($path !== '/' && str_ends_with($path, '/')) {
            throw new NotFoundHttpException;
        }

        return $next($request);
    }
}
