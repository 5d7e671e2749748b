import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** The largest request body accepted: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

/** Stands in for a request body that is not valid JSON; the validation pipe answers 400. */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON body');

/** Stands in for a body sent without `Content-Type: application/json`; the pipe answers 415. */
export const NOT_JSON_CONTENT: unique symbol = Symbol('not a JSON content type');

// `fatal`: bytes that are not UTF-8 throw instead of turning into U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Only POST and PUT carry a record; other methods never have their body read. */
function carriesRecord(req: IncomingMessage): boolean {
  return req.method === 'POST' || req.method === 'PUT';
}

/** True for `application/json`, parameters such as `; charset=utf-8` allowed. */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json';
}

/** The raw body parser reads a POST or PUT body only when it is declared JSON. */
export function readsBody(req: IncomingMessage): boolean {
  return carriesRecord(req) && isJsonContentType(req);
}

/** Rejects keys and strings holding a lone surrogate (`"\ud800"`): they are not text. */
function wellFormed(key: string, value: unknown): unknown {
  if (!key.isWellFormed() || (typeof value === 'string' && !value.isWellFormed())) {
    throw new SyntaxError('lone surrogate in a JSON string');
  }
  return value;
}

/**
 * Turns the bytes the raw body parser has read into a JSON value, INVALID_JSON or
 * NOT_JSON_CONTENT. Unlike express.json, a bad body does not fail the request before
 * routing: the route decides, so an unknown path stays a 404 and
 * `PUT /items/{unknown id}` a 404 whatever its body.
 */
export function parseJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (carriesRecord(req)) {
    if (!isJsonContentType(req)) {
      req.body = NOT_JSON_CONTENT;
    } else {
      req.body = Buffer.isBuffer(req.body) ? parseJson(req.body) : INVALID_JSON;
    }
  }
  next();
}

/** The value of a JSON document, or INVALID_JSON for bad UTF-8, bad syntax or lone surrogates. */
export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(bytes), wellFormed);
  } catch {
    // SyntaxError, TypeError (bad UTF-8) or RangeError (nesting too deep for the reviver).
    return INVALID_JSON;
  }
}
