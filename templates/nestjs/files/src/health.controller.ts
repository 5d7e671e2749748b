import { All, Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MethodFallback } from './common/api-docs.js';
import { MethodNotAllowed } from './common/method-not-allowed.js';

class Health {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOperation({ summary: 'Liveness check' })
  @ApiOkResponse({ description: 'The server is up', type: Health })
  check(): Health {
    return { status: 'ok' };
  }

  @All()
  @MethodFallback()
  otherMethods(): never {
    throw new MethodNotAllowed(['GET']);
  }
}
