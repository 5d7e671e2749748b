<?php

namespace App\Http\Controllers;

use App\Support\Fields;
use App\Support\JsonBody;
use Illuminate\Http\Exceptions\HttpResponseException;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Symfony\Component\HttpKernel\Exception\NotFoundHttpException;

abstract class Controller
{
    /**
     * The record id named by a path segment the route already limited to ASCII digits;
     * zero and anything beyond a signed 64-bit integer name no record (404).
     */
    protected function recordId(string $id): int
    {
        $digits = ltrim($id, '0');
        $max = (string) PHP_INT_MAX;
        $tooLong = strlen($digits) > strlen($max);
        $tooLarge = strlen($digits) === strlen($max) && strcmp($digits, $max) > 0;
        if ($digits === '' || ! ctype_digit($digits) || $tooLong || $tooLarge) {
            throw new NotFoundHttpException;
        }

        return (int) $digits;
    }

    /**
     * The request body checked against a model's FIELDS: the values to store, or a 422
     * naming every failing field.
     *
     * @param  array<string, array{0: string, 1: bool}>  $fields
     * @return array<string, mixed>
     */
    protected function validated(Request $request, array $fields): array
    {
        [$values, $errors] = Fields::validate($fields, JsonBody::decode($request));
        if ($errors !== []) {
            throw new HttpResponseException(new JsonResponse(
                ['error' => 'validation failed', 'fields' => $errors],
                422,
            ));
        }

        return $values;
    }
}
