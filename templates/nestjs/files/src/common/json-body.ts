import type { NextFunction, Request, Response } from 'express';

/** Stands in for a request body that is not valid JSON; the validation pipe answers 400. */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON body');

// `fatal`: bytes that are not UTF-8 throw instead of turning into U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

// With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Rejects keys and strings holding a lone surrogate (`"\ud800"`): they are not text. */
function wellFormed(key: string, value: unknown): unknown {
  if (LONE_SURROGATE.test(key) || (typeof value === 'string' && LONE_SURROGATE.test(value))) {
    throw new SyntaxError('lone surrogate in a JSON string');
  }
  return value;
}

/**
 * Parses the UTF-8 JSON body that the raw body parser has read. Unlike
 * express.json, a malformed body does not fail the request before routing: the
 * route decides, so an unknown path stays a 404 and `PUT /items/{unknown id}` a 404.
 */
export function parseJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (Buffer.isBuffer(req.body)) {
    req.body = parseJson(req.body);
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
