<?php

declare(strict_types=1);

namespace App\Http;

use Symfony\Component\HttpKernel\Exception\HttpException;

/**
 * An error the API answers with its own text: {"error": message} plus "fields" for a 422.
 */
final class ApiException extends HttpException
{
    /**
     * @param array<string, string> $fields
     */
    public function __construct(int $statusCode, string $message, private readonly array $fields = [])
    {
        parent::__construct($statusCode, $message);
    }

    /**
     * @return array<string, string>
     */
    public function getFields(): array
    {
        return $this->fields;
    }
}
