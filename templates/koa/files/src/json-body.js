// Request bodies are read here rather than by a generic body parser, so that JSON is checked
// strictly: bytes that are not UTF-8 and strings holding lone surrogates are rejected instead
// of being silently turned into U+FFFD.

const LIMIT = 1024 * 1024; // 1 MiB
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readRaw(ctx) {
  const declared = Number(ctx.get('Content-Length'));
  if (declared > LIMIT) ctx.throw(413, 'request body is too large');
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > LIMIT) ctx.throw(413, 'request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

// True when every string (keys included) in the parsed value is well-formed UTF-16,
// i.e. no escape like "\ud800" produced an unpaired surrogate. Iterative, so that deeply
// nested arrays cannot overflow the stack.
function wellFormed(value) {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      if (!item.isWellFormed()) return false;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        if (!key.isWellFormed()) return false;
        stack.push(child);
      }
    }
  }
  return true;
}

// Parses a JSON request body: 415 if it is declared as something else, 413 above 1 MiB,
// 400 unless it is valid UTF-8 text holding valid JSON.
export async function parseJson(ctx) {
  if (ctx.request.type && ctx.is('json') === false) {
    ctx.throw(415, 'Content-Type must be application/json');
  }
  if ((ctx.get('Content-Encoding') || 'identity').toLowerCase() !== 'identity') {
    ctx.throw(415, 'Content-Encoding is not supported');
  }
  const raw = await readRaw(ctx);
  let value;
  try {
    value = JSON.parse(utf8.decode(raw));
  } catch {
    ctx.throw(400, 'malformed JSON body');
  }
  if (!wellFormed(value)) ctx.throw(400, 'malformed JSON body: unpaired surrogate in a string');
  return value;
}

// Route middleware: parses the body and requires a JSON object. Used per route, so that a
// PUT to an unknown id answers 404 before its body is read.
export async function jsonBody(ctx, next) {
  const body = await parseJson(ctx);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    ctx.throw(400, 'request body must be a JSON object');
  }
  ctx.request.body = body;
  await next();
}
