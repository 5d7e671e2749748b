import { Logger } from '@nestjs/common';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { sendError } from './common/all-exceptions.filter.js';
import { BODY_LIMIT, parseJsonBody, readsBody } from './common/json-body.js';
import { setupOpenApi } from './openapi.js';

const requestLogger = new Logger('HTTP');

/**
 * The Express instance behind the app, shared by main.ts and the tests. Paths are
 * case-sensitive (`/BOOKS` is not `/books`) and strict (`/books/` is not `/books`, so it
 * is a 404 rather than a redirect or an alias): Express reads these settings when it
 * creates its router, which the adapter does at once, so they are set beforehand.
 */
export function createHttpAdapter(): ExpressAdapter {
  return new ExpressAdapter(express().enable('case sensitive routing').enable('strict routing'));
}

/**
 * HTTP settings shared by main.ts and the tests: one log line per request (unless `log` is
 * false), the JSON body reader and the API docs. Create the app with createHttpAdapter() and
 * `bodyParser: false`.
 */
export function configureApp(
  app: NestExpressApplication,
  { log = true }: { log?: boolean } = {},
): NestExpressApplication {
  app.disable('x-powered-by');
  if (log) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        requestLogger.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(1)}ms`);
      });
      next();
    });
  }
  // Reads a POST/PUT body declared as JSON, at most 1 MiB of it: a longer one (by its
  // Content-Length, or once the limit is reached) is a 413 and never reaches a route.
  // `inflate: false` refuses compressed bodies (415), so the limit is the size on the wire.
  app.use(express.raw({ type: readsBody, limit: BODY_LIMIT, inflate: false }));
  app.use(parseJsonBody);
  // Errors of the body reader itself happen outside Nest's exception filters.
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      return next(err);
    }
    const status = (err as { status?: unknown }).status;
    if (status === 413) {
      // The rest of the body is not wanted: do not keep the connection to read it.
      res.setHeader('Connection', 'close');
      return sendError(res, 413);
    }
    if (status === 415) {
      return sendError(res, 415);
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, 400, 'malformed JSON');
    }
    return next(err);
  });
  setupOpenApi(app);
  return app;
}
