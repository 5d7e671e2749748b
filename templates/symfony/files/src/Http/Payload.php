<?php

declare(strict_types=1);

namespace App\Http;

use Symfony\Component\HttpFoundation\Request;

/**
 * Reads and checks request bodies the way the contract says: 415 before parsing, 413 over
 * 1 MiB, 400 for anything but a JSON object, 422 naming every invalid field.
 */
final class Payload
{
    public const MAX_BYTES = 1048576;
    public const MAX_INT = 9007199254740991;

    private const DATETIME = '/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/D';

    /**
     * The body as an array, checked for content type, size and JSON form.
     *
     * @return array<string, mixed>
     */
    public static function read(Request $request): array
    {
        $contentType = (string) $request->headers->get('Content-Type', '');
        $mediaType = strtolower(trim(explode(';', $contentType, 2)[0]));
        if ('application/json' !== $mediaType) {
            throw new ApiException(415, 'content type must be application/json');
        }

        $length = (string) $request->headers->get('Content-Length', '');
        if ('' !== $length && ctype_digit($length) && (strlen(ltrim($length, '0')) > 8 || (int) $length > self::MAX_BYTES)) {
            throw new ApiException(413, 'body too large');
        }
        $body = $request->getContent();
        if (strlen($body) > self::MAX_BYTES) {
            throw new ApiException(413, 'body too large');
        }

        try {
            $data = json_decode($body, true, 512, \JSON_THROW_ON_ERROR);
        } catch (\JsonException) {
            throw new ApiException(400, 'malformed JSON');
        }
        // json_decode gives [] for both {} and []: only a body that opens with { is an object.
        if (!\is_array($data) || !str_starts_with(ltrim($body, " \t\n\r"), '{')) {
            throw new ApiException(400, 'body must be a JSON object');
        }

        return $data;
    }

    /**
     * The values of the given fields, checked; throws a 422 naming every invalid field.
     *
     * @param array<string, mixed>                     $body
     * @param array<string, array{0: string, 1: bool}> $fields name => [kind, required]
     *
     * @return array<string, mixed>
     */
    public static function validate(array $body, array $fields): array
    {
        $values = [];
        $errors = [];
        foreach ($fields as $name => [$kind, $required]) {
            $value = $body[$name] ?? null;
            if (null === $value) {
                if ($required) {
                    $errors[$name] = 'is required';
                } else {
                    $values[$name] = null;
                }
                continue;
            }
            $error = null;
            $values[$name] = self::check($kind, $value, $error);
            if (null !== $error) {
                $errors[$name] = $error;
            }
        }
        if ([] !== $errors) {
            throw new ApiException(422, 'validation failed', $errors);
        }

        return $values;
    }

    /**
     * The value in its stored form, or null with $error set.
     */
    private static function check(string $kind, mixed $value, ?string &$error): mixed
    {
        switch ($kind) {
            case 'string':
            case 'text':
                if (!\is_string($value)) {
                    $error = 'must be a string';
                } elseif (str_contains($value, "\0")) {
                    $error = 'must not contain U+0000';
                } elseif ('string' === $kind && 1 !== preg_match('/^.{0,255}$/su', $value)) {
                    $error = 'must be at most 255 characters';
                } else {
                    return $value;
                }

                return null;
            case 'int':
                if (!\is_int($value) || $value > self::MAX_INT || $value < -self::MAX_INT) {
                    $error = 'must be a whole number from -9007199254740991 to 9007199254740991';

                    return null;
                }

                return $value;
            case 'float':
                if ((!\is_int($value) && !\is_float($value)) || !is_finite((float) $value)) {
                    $error = 'must be a finite number';

                    return null;
                }

                return (float) $value;
            case 'bool':
                if (!\is_bool($value)) {
                    $error = 'must be true or false';

                    return null;
                }

                return $value;
            case 'datetime':
                $utc = \is_string($value) ? self::utc($value) : null;
                if (null === $utc) {
                    $error = 'must be an RFC 3339 date-time with an offset';
                }

                return $utc;
        }
        $error = 'unknown kind';

        return null;
    }

    /**
     * An RFC 3339 date-time as UTC `YYYY-MM-DDTHH:MM:SS.sssZ` (finer fractions truncated),
     * or null when it is not one.
     */
    public static function utc(string $text): ?string
    {
        if (1 !== preg_match(self::DATETIME, $text, $m)) {
            return null;
        }
        [, $year, $month, $day, $hour, $minute, $second] = $m;
        if (!checkdate((int) $month, (int) $day, (int) $year) || (int) $hour > 23 || (int) $minute > 59 || (int) $second > 59) {
            return null;
        }
        $offset = '+00:00';
        if (isset($m[9]) && '' !== $m[9]) {
            if ((int) $m[10] > 23 || (int) $m[11] > 59) {
                return null;
            }
            $offset = $m[9].$m[10].':'.$m[11];
        }
        $millis = substr(str_pad($m[7] ?? '', 3, '0'), 0, 3);
        $moment = \DateTimeImmutable::createFromFormat(
            'Y-m-d H:i:s.v P',
            sprintf('%s-%s-%s %s:%s:%s.%s %s', $year, $month, $day, $hour, $minute, $second, $millis, $offset),
        );
        if (false === $moment) {
            return null;
        }

        return $moment->setTimezone(new \DateTimeZone('UTC'))->format('Y-m-d\TH:i:s.v\Z');
    }

    /**
     * The record id an {id} path segment names, or null: only ASCII digits within 64 bits.
     */
    public static function id(string $segment): ?int
    {
        if (1 !== preg_match('/^[0-9]+$/D', $segment)) {
            return null;
        }
        $digits = ltrim($segment, '0');
        if ('' === $digits || \strlen($digits) > 19 || (19 === \strlen($digits) && strcmp($digits, '9223372036854775807') > 0)) {
            return null;
        }

        return (int) $digits;
    }
}
