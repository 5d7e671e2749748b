import { All, Controller, Get } from '@nestjs/common';
import { MethodNotAllowed } from './common/method-not-allowed.js';

@Controller('health')
export class HealthController {
  @Get()
  check() {
    return { status: 'ok' };
  }

  @All()
  otherMethods(): never {
    throw new MethodNotAllowed(['GET']);
  }
}
