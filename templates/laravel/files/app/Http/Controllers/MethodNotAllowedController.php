<?php

namespace App\Http\Controllers;

use Symfony\Component\HttpKernel\Exception\HttpException;

/**
 * Laravel answers OPTIONS on a known path itself (200 with an Allow header); the contract
 * answers 405, so routes/api.php sends OPTIONS here.
 */
class MethodNotAllowedController extends Controller
{
    public function __invoke(): never
    {
        throw new HttpException(405);
    }
}
