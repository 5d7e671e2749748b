<?php

namespace App\Http\Controllers;

use Illuminate\Http\Response;

/**
 * Serves resources/openapi.json, written from the project spec when the starter was generated.
 */
class OpenApiController extends Controller
{
    public function __invoke(): Response
    {
        return new Response(
            (string) file_get_contents(resource_path('openapi.json')),
            200,
            ['Content-Type' => 'application/json'],
        );
    }
}
