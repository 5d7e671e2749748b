<?php

namespace Tests\Feature;

use Tests\TestCase;

class HealthTest extends TestCase
{
    public function test_health_is_ok(): void
    {
        $this->get('/health')->assertOk()->assertExactJson(['status' => 'ok']);
    }

    public function test_openapi_document_is_served(): void
    {
        $this->get('/openapi.json')->assertOk()->assertJsonPath('openapi', '3.1.0');
    }

    public function test_unknown_path_and_trailing_slash_are_json_404(): void
    {
        $this->get('/no-such-path')->assertNotFound()->assertExactJson(['error' => 'not found']);
        $this->get('/health/')->assertNotFound()->assertExactJson(['error' => 'not found']);
    }

    public function test_other_methods_are_json_405(): void
    {
        $this->call('OPTIONS', '/health')->assertStatus(405)->assertExactJson(['error' => 'method not allowed']);
        $this->call('PATCH', '/health')->assertStatus(405)->assertExactJson(['error' => 'method not allowed']);
    }
}
