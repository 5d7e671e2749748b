<?php

namespace App\Support;

use DateTimeImmutable;
use DateTimeZone;

/**
 * Strict field checks of the contract. Laravel's validation rules are lenient on purpose
 * ("1" passes "integer", 1 passes "boolean"), so the starter checks JSON types itself.
 */
class Fields
{
    public const MAX_INT = 9007199254740991;

    public const MAX_STRING = 255;

    private const DATETIME = '/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/D';

    /**
     * Checks $input against $spec (field name => [type, required]).
     *
     * @param  array<string, array{0: string, 1: bool}>  $spec
     * @param  array<string, mixed>  $input
     * @return array{0: array<string, mixed>, 1: array<string, string>} the values to store, and the errors
     */
    public static function validate(array $spec, array $input): array
    {
        $values = [];
        $errors = [];
        foreach ($spec as $name => [$type, $required]) {
            $value = $input[$name] ?? null;
            if ($value === null) {
                if ($required) {
                    $errors[$name] = 'is required';
                } else {
                    $values[$name] = null;
                }

                continue;
            }
            $error = self::check($type, $value);
            if ($error !== null) {
                $errors[$name] = $error;
            } else {
                $values[$name] = $type === 'datetime' ? self::normalizeDatetime($value) : $value;
            }
        }

        return [$values, $errors];
    }

    /**
     * An RFC 3339 date-time as UTC "YYYY-MM-DDTHH:MM:SS.sssZ" (finer fractions are
     * truncated), or null when the text is not one.
     */
    public static function normalizeDatetime(string $value): ?string
    {
        if (preg_match(self::DATETIME, $value, $m) !== 1) {
            return null;
        }
        [, $year, $month, $day, $hour, $minute, $second] = $m;
        if (! checkdate((int) $month, (int) $day, (int) $year) || (int) $hour > 23 || (int) $minute > 59 || (int) $second > 59) {
            return null;
        }
        $offset = strtoupper($m[8]) === 'Z' ? '+00:00' : $m[8];
        if ((int) substr($offset, 1, 2) > 23 || (int) substr($offset, 4, 2) > 59) {
            return null;
        }
        $millis = substr($m[7].'000', 0, 3);
        $parsed = DateTimeImmutable::createFromFormat(
            '!Y-m-d H:i:s.v P',
            "{$year}-{$month}-{$day} {$hour}:{$minute}:{$second}.{$millis} {$offset}",
        );
        if ($parsed === false) {
            return null;
        }

        return $parsed->setTimezone(new DateTimeZone('UTC'))->format('Y-m-d\TH:i:s.v\Z');
    }

    private static function check(string $type, mixed $value): ?string
    {
        return match ($type) {
            'string' => match (true) {
                ! is_string($value) => 'must be a string',
                str_contains($value, "\0") => 'must not contain U+0000',
                mb_strlen($value, 'UTF-8') > self::MAX_STRING => 'must be at most 255 characters',
                default => null,
            },
            'text' => match (true) {
                ! is_string($value) => 'must be a string',
                str_contains($value, "\0") => 'must not contain U+0000',
                default => null,
            },
            'int' => is_int($value) && abs($value) <= self::MAX_INT
                ? null
                : 'must be an integer from -9007199254740991 to 9007199254740991',
            'float' => (is_int($value) || is_float($value)) && is_finite((float) $value)
                ? null
                : 'must be a finite number',
            'bool' => is_bool($value) ? null : 'must be true or false',
            'datetime' => is_string($value) && self::normalizeDatetime($value) !== null
                ? null
                : 'must be an RFC 3339 date-time with an offset',
            default => 'has an unknown type',
        };
    }
}
