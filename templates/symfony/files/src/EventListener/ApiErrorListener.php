<?php

declare(strict_types=1);

namespace App\EventListener;

use App\Http\ApiException;
use Symfony\Component\EventDispatcher\Attribute\AsEventListener;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpKernel\Event\ExceptionEvent;
use Symfony\Component\HttpKernel\Event\RequestEvent;
use Symfony\Component\HttpKernel\Exception\HttpExceptionInterface;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;
use Symfony\Component\HttpKernel\KernelEvents;

/**
 * Every error as the contract's JSON body, with its exact text and no internals, and no
 * trailing-slash redirects.
 */
final class ApiErrorListener
{
    private const TEXTS = [
        400 => 'malformed JSON',
        404 => 'not found',
        405 => 'method not allowed',
        413 => 'body too large',
        415 => 'content type must be application/json',
        422 => 'validation failed',
    ];

    /**
     * Before the router (priority 32), which would redirect /books/ to /books: a path with a
     * trailing slash is not a route.
     */
    #[AsEventListener(event: KernelEvents::REQUEST, priority: 64)]
    public function onRequest(RequestEvent $event): void
    {
        $path = $event->getRequest()->getPathInfo();
        if ($event->isMainRequest() && '/' !== $path && str_ends_with($path, '/')) {
            throw new NotFoundHttpException();
        }
    }

    /**
     * After the kernel logs the error (priority 0), before its HTML/problem renderer (-128).
     */
    #[AsEventListener(event: KernelEvents::EXCEPTION, priority: -64)]
    public function onException(ExceptionEvent $event): void
    {
        $error = $event->getThrowable();
        $status = 500;
        $body = ['error' => 'internal error'];
        $headers = [];
        if ($error instanceof ApiException) {
            $status = $error->getStatusCode();
            $body = ['error' => $error->getMessage()];
            if ([] !== $error->getFields()) {
                $body['fields'] = $error->getFields();
            }
        } elseif ($error instanceof HttpExceptionInterface && isset(self::TEXTS[$error->getStatusCode()])) {
            $status = $error->getStatusCode();
            $body = ['error' => self::TEXTS[$status]];
            if (405 === $status) {
                $headers = array_intersect_key($error->getHeaders(), ['Allow' => true]);
            }
        }
        $event->setResponse(new JsonResponse($body, $status, $headers));
    }
}
