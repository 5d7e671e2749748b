<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Routing\Route;
use Symfony\Component\HttpKernel\Exception\HttpException;

/**
 * Laravel answers OPTIONS on a known path itself (200 with an Allow header); the contract
 * answers 405, so routes/api.php sends OPTIONS here, with the path's methods as "allow".
 */
class MethodNotAllowedController extends Controller
{
    public function __invoke(Request $request): never
    {
        $route = $request->route();
        $allow = $route instanceof Route ? (string) ($route->defaults['allow'] ?? '') : '';

        throw new HttpException(405, '', null, $allow === '' ? [] : ['Allow' => $allow]);
    }
}
