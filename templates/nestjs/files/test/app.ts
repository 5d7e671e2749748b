import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configureApp, createHttpAdapter } from '../src/app.setup.js';

/**
 * The app as main.ts builds it, by default on a fresh in-memory database (created by the same
 * migrations as a real one): the tests never touch ./data.
 */
export async function createTestApp(
  databaseUrl = 'sqlite:///:memory:',
): Promise<NestExpressApplication> {
  process.env.DATABASE_URL = databaseUrl;
  const { AppModule } = await import('../src/app.module.js');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(createHttpAdapter(), {
    bodyParser: false,
    logger: false,
  });
  configureApp(app);
  await app.init();
  return app;
}
