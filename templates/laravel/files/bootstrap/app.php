<?php

use App\Http\Middleware\LogRequest;
use App\Http\Middleware\RejectTrailingSlash;
use Illuminate\Foundation\Application;
use Illuminate\Foundation\Configuration\Exceptions;
use Illuminate\Foundation\Configuration\Middleware;
use Illuminate\Foundation\Http\Middleware\ConvertEmptyStringsToNull;
use Illuminate\Foundation\Http\Middleware\TrimStrings;
use Illuminate\Http\Exceptions\HttpResponseException;
use Illuminate\Http\JsonResponse;
use Symfony\Component\HttpKernel\Exception\HttpExceptionInterface;

return Application::configure(basePath: dirname(__DIR__))
    ->withRouting(
        // Contract paths are /{plural}: the API routes get no "/api" prefix.
        api: __DIR__.'/../routes/api.php',
        apiPrefix: '',
    )
    ->withMiddleware(function (Middleware $middleware): void {
        // Request bodies are parsed strictly by App\Support\JsonBody; string values are
        // stored exactly as sent, so the global trimming middleware is off.
        $middleware->remove([TrimStrings::class, ConvertEmptyStringsToNull::class]);
        // Laravel's router ignores a trailing slash; the contract answers 404 to it.
        $middleware->prepend([LogRequest::class, RejectTrailingSlash::class]);
    })
    ->withExceptions(function (Exceptions $exceptions): void {
        // Every error is JSON, whatever the request's Accept header says.
        $exceptions->shouldRenderJsonWhen(fn () => true);
        $exceptions->render(function (Throwable $e): JsonResponse {
            if ($e instanceof HttpResponseException) {
                $response = $e->getResponse();
                if ($response instanceof JsonResponse) {
                    return $response;
                }
            }
            $status = $e instanceof HttpExceptionInterface ? $e->getStatusCode() : 500;
            $headers = $e instanceof HttpExceptionInterface ? $e->getHeaders() : [];
            $message = match ($status) {
                400 => 'malformed JSON',
                404 => 'not found',
                405 => 'method not allowed',
                413 => 'body too large',
                415 => 'content type must be application/json',
                422 => 'validation failed',
                default => $status >= 500 ? 'internal error' : 'request failed',
            };
            if ($status >= 500) {
                $status = 500;
                $headers = [];
            }

            return new JsonResponse(['error' => $message], $status, $headers);
        });
    })->create();
