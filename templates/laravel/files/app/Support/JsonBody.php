<?php

namespace App\Support;

use Illuminate\Http\Exceptions\HttpResponseException;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use JsonException;
use stdClass;

/**
 * Reads a request body the way the contract wants: 415 unless the Content-Type is
 * application/json (checked before anything is read), 413 over 1 MiB, 400 for text that is
 * not strict JSON (invalid UTF-8 and nesting deeper than 512 levels included) or that is
 * not a JSON object.
 */
class JsonBody
{
    public const MAX_BYTES = 1048576;

    /**
     * @return array<string, mixed>
     */
    public static function decode(Request $request): array
    {
        $type = strtolower(trim(explode(';', (string) $request->headers->get('Content-Type', ''))[0]));
        if ($type !== 'application/json') {
            self::fail(415, 'content type must be application/json');
        }
        $length = $request->headers->get('Content-Length');
        if ($length !== null && ctype_digit($length) && (strlen(ltrim($length, '0')) > 9 || (int) $length > self::MAX_BYTES)) {
            self::fail(413, 'body too large');
        }
        $raw = $request->getContent();
        if (strlen($raw) > self::MAX_BYTES) {
            self::fail(413, 'body too large');
        }
        try {
            $decoded = json_decode($raw, false, 512, JSON_THROW_ON_ERROR);
        } catch (JsonException) {
            self::fail(400, 'malformed JSON');
        }
        if (! $decoded instanceof stdClass) {
            self::fail(400, 'body must be a JSON object');
        }

        return get_object_vars($decoded);
    }

    private static function fail(int $status, string $message): never
    {
        throw new HttpResponseException(new JsonResponse(['error' => $message], $status));
    }
}
