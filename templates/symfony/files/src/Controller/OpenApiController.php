<?php

declare(strict_types=1);

namespace App\Controller;

use Symfony\Bundle\FrameworkBundle\Controller\AbstractController;
use Symfony\Component\DependencyInjection\Attribute\Autowire;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\Routing\Attribute\Route;

/**
 * The OpenAPI document written from the project spec when the starter was generated
 * (config/openapi.json); edit it along with the routes.
 */
final class OpenApiController extends AbstractController
{
    public function __construct(
        #[Autowire('%kernel.project_dir%/config/openapi.json')]
        private readonly string $documentPath,
    ) {
    }

    #[Route('/openapi.json', name: 'openapi', methods: ['GET'])]
    public function document(): Response
    {
        $document = file_get_contents($this->documentPath);
        if (false === $document) {
            throw new \RuntimeException('config/openapi.json is missing');
        }

        return new Response($document, 200, ['Content-Type' => 'application/json']);
    }
}
