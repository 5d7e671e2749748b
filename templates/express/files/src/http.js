// Request logging, strict JSON bodies and JSON errors, shared by the app and every router.
import express from "express";
import { isJsonContentType, jsonProblem } from "./json.js";
import { ValidationError } from "./validate.js";

/** The largest request body accepted: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

// `fatal`: bytes that are not UTF-8 throw instead of turning into U+FFFD.
const utf8 = new TextDecoder("utf-8", { fatal: true });

function malformed(message) {
  return Object.assign(new Error(message), { type: "entity.parse.failed" });
}

/** 415 unless the request declares a JSON body, checked before any byte of it is read. */
function requireJson(req, res, next) {
  if (!isJsonContentType(req.get("Content-Type"))) {
    return res.status(415).json({ error: "content type must be application/json" });
  }
  next();
}

/**
 * body-parser, made strict: an empty body (which it would read as `{}`) and bytes that are not
 * UTF-8 are malformed JSON (400); compressed bodies are refused (415) so that the 1 MiB limit
 * is the size on the wire.
 */
const parseJson = express.json({
  limit: BODY_LIMIT,
  inflate: false,
  strict: false,
  type: () => true,
  verify(req, res, buf) {
    if (buf.length === 0) throw malformed("empty body");
    try {
      utf8.decode(buf);
    } catch {
      throw malformed("body is not UTF-8");
    }
  },
});

/** 400 for lone surrogates and absurd nesting, and for JSON that is not an object. */
function requireObject(req, res, next) {
  const body = req.body;
  if (jsonProblem(body) !== null) {
    return res.status(400).json({ error: "malformed JSON" });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return res.status(400).json({ error: "body must be a JSON object" });
  }
  next();
}

/**
 * A JSON object body, parsed per route so that a PUT to an unknown id answers 404 before
 * the body is looked at.
 */
export const jsonBody = [requireJson, parseJson, requireObject];

/** One line per request on stdout, written when the response is finished. */
export function requestLogger(req, res, next) {
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
}

export function notFound(req, res) {
  res.status(404).json({ error: "not found" });
}

/** A handler for the other methods of a known path: 405 with an `Allow` header. */
export function methodNotAllowed(...methods) {
  const allow = methods.join(", ");
  return (req, res) => {
    res.set("Allow", allow).status(405).json({ error: "method not allowed" });
  };
}

/** Every error becomes a JSON body; unexpected ones are logged and never leak details. */
export function errorHandler(err, req, res, next) {
  if (res.headersSent) return next(err);
  if (err instanceof ValidationError) {
    return res.status(422).json({ error: err.message, fields: err.fields });
  }
  // A malformed escape in the path (`/books/%ZZ`) cannot name a record.
  if (err instanceof URIError) return notFound(req, res);
  // The checks in `verify` above fail with this type too, but with status 403.
  if (err.type === "entity.parse.failed") {
    return res.status(400).json({ error: "malformed JSON" });
  }
  switch (err.status) {
    case 413:
      // The rest of the body is not wanted: do not keep the connection to read it.
      res.set("Connection", "close");
      return res.status(413).json({ error: "body too large" });
    case 415:
      return res.status(415).json({ error: "content type must be application/json" });
    case 400:
      return res.status(400).json({ error: "malformed JSON" });
    default:
      console.error(err);
      return res.status(500).json({ error: "internal error" });
  }
}
