import type { NextFunction, Request, Response } from 'express';

/** Stands in for a request body that is not valid JSON; the validation pipe answers 400. */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON body');

/**
 * Parses the application/json body that the raw body parser has read. Unlike
 * express.json, a malformed body does not fail the request before routing: the
 * route decides, so an unknown path stays a 404 and `PUT /items/{unknown id}` a 404.
 */
export function parseJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (Buffer.isBuffer(req.body)) {
    try {
      req.body = JSON.parse(req.body.toString('utf8'));
    } catch {
      req.body = INVALID_JSON;
    }
  }
  next();
}
