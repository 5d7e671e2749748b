// Strict JSON request bodies, read here rather than by @koa/bodyparser: co-body decodes the
// bytes before parsing, turning invalid UTF-8 into U+FFFD, and reads an empty body as `{}`.
import { isJsonContentType, jsonProblem } from "./json.js";

/** The largest request body accepted: 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

// `fatal`: bytes that are not UTF-8 throw instead of turning into U+FFFD.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The raw body: 413 as soon as it is known to pass BODY_LIMIT, without reading the rest. */
async function readRaw(ctx) {
  if (Number(ctx.get("Content-Length")) > BODY_LIMIT) ctx.throw(413, "body too large");
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > BODY_LIMIT) ctx.throw(413, "body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Route middleware: the body as a JSON object in ctx.request.body. 415 unless it is declared
 * as (uncompressed) JSON, checked before reading; 413 above 1 MiB; 400 unless it is UTF-8
 * holding one JSON object without lone surrogates or absurd nesting. Used per route, so that
 * a PUT to an unknown id answers 404 before its body is read.
 */
export async function jsonBody(ctx, next) {
  const encoding = ctx.get("Content-Encoding") || "identity";
  if (!isJsonContentType(ctx.get("Content-Type")) || encoding.toLowerCase() !== "identity") {
    ctx.throw(415, "content type must be application/json");
  }
  const raw = await readRaw(ctx);
  let body;
  try {
    body = JSON.parse(utf8.decode(raw));
  } catch {
    ctx.throw(400, "malformed JSON");
  }
  if (jsonProblem(body) !== null) ctx.throw(400, "malformed JSON");
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    ctx.throw(400, "body must be a JSON object");
  }
  ctx.request.body = body;
  await next();
}
