import { Logger } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { sendError } from './common/all-exceptions.filter.js';
import { parseJsonBody } from './common/json-body.js';

const requestLogger = new Logger('HTTP');

/**
 * The Express instance behind the app, shared by main.ts and the e2e tests. Paths
 * are case-sensitive (`/BOOKS` is not `/books`): Express reads this setting when it
 * creates its router, which the adapter does at once, so it is set beforehand.
 */
export function createHttpAdapter(): ExpressAdapter {
  return new ExpressAdapter(express().enable('case sensitive routing'));
}

/**
 * HTTP settings shared by main.ts and the e2e tests: one log line per request
 * and the JSON body parsing (create the app with createHttpAdapter() and
 * `bodyParser: false`).
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.disable('x-powered-by');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      requestLogger.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    next();
  });
  // The contract accepts bodies up to 1 MiB; the margin covers a 1 MiB value plus its JSON framing.
  app.useBodyParser('raw', { type: 'application/json', limit: '2mb' });
  app.use(parseJsonBody);
  // Errors of the body parser itself (too large, bad encoding) happen outside Nest's filters.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      return next(err);
    }
    const status = (err as { status?: unknown }).status;
    if (status === 413) {
      return sendError(res, 413, 'request body is too large');
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, 400, 'request body could not be read');
    }
    return next(err);
  });
  return app;
}
