// Request logging, body parsing and JSON errors shared by the app and every router.
import express from 'express';
import { ValidationError } from './validate.js';

// `fatal`: bytes that are not UTF-8 throw instead of turning into U+FFFD.
const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(message) {
  return Object.assign(new Error(message), { type: 'entity.parse.failed' });
}

/**
 * JSON bodies up to 1 MiB, parsed per route so that PUT can answer 404 before reading the body.
 * Malformed JSON (400) includes an empty body (body-parser alone would read it as `{}`), bytes
 * that are not UTF-8, and strings or keys holding a lone surrogate (`"\ud800"`).
 */
export const jsonBody = express.json({
  limit: '1mb',
  verify(req, res, buf) {
    if (buf.length === 0) throw malformed('empty body');
    try {
      utf8.decode(buf);
    } catch {
      throw malformed('body is not UTF-8');
    }
  },
  // Errors thrown while parsing, this one included, become 400 'entity.parse.failed'.
  reviver(key, value) {
    if (!key.isWellFormed() || (typeof value === 'string' && !value.isWellFormed())) {
      throw new SyntaxError('lone surrogate in a JSON string');
    }
    return value;
  },
});

/** One line per request on stdout, written when the response is finished. */
export function requestLogger(req, res, next) {
  const start = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
}

export function notFound(req, res) {
  res.status(404).json({ error: 'not found' });
}

/** A handler for the other methods of a known path: 405 with an `Allow` header. */
export function methodNotAllowed(...methods) {
  const allow = methods.join(', ');
  return (req, res) => {
    res.set('Allow', allow).status(405).json({ error: 'method not allowed' });
  };
}

/** Every error becomes a JSON body; unexpected ones are logged and never leak details. */
export function errorHandler(err, req, res, next) {
  if (res.headersSent) return next(err);
  if (err instanceof ValidationError) {
    return res.status(422).json({ error: err.message, fields: err.fields });
  }
  if (err.type === 'entity.parse.failed') {
    return res.status(400).json({ error: 'malformed JSON body' });
  }
  // A malformed escape in the path (`/things/%ZZ`) cannot name a record.
  if (err instanceof URIError) {
    return notFound(req, res);
  }
  const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) {
    console.error(err);
    return res.status(500).json({ error: 'internal server error' });
  }
  res.status(status).json({ error: err.expose ? err.message : 'bad request' });
}
