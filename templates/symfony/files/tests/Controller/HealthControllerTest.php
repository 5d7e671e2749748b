<?php

declare(strict_types=1);

namespace App\Tests\Controller;

use Symfony\Bundle\FrameworkBundle\Test\WebTestCase;

final class HealthControllerTest extends WebTestCase
{
    public function testHealthIsOk(): void
    {
        $client = static::createClient();
        $client->request('GET', '/health');

        self::assertResponseStatusCodeSame(200);
        self::assertSame(['status' => 'ok'], json_decode((string) $client->getResponse()->getContent(), true));
    }

    public function testOpenApiDocumentIsServed(): void
    {
        $client = static::createClient();
        $client->request('GET', '/openapi.json');

        self::assertResponseStatusCodeSame(200);
        $document = json_decode((string) $client->getResponse()->getContent(), true);
        self::assertIsArray($document);
        self::assertStringStartsWith('3.', $document['openapi']);
    }

    public function testUnknownPathIsJson404(): void
    {
        $client = static::createClient();
        $client->request('GET', '/no-such-path');

        self::assertResponseStatusCodeSame(404);
        self::assertSame(['error' => 'not found'], json_decode((string) $client->getResponse()->getContent(), true));
    }
}
