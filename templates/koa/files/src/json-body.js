import { bodyParser } from '@koa/bodyparser';

// JSON only, up to 1 MiB; any JSON value is parsed so that `[]`, `"x"` or an empty body
// can be answered with a 400 below instead of being mistaken for an object.
const parse = bodyParser({
  enableTypes: ['json'],
  jsonLimit: '1mb',
  jsonStrict: false,
});

// Route middleware: parses the body and requires a JSON object. Used per route, so that a
// PUT to an unknown id answers 404 before its body is read.
export async function jsonBody(ctx, next) {
  await parse(ctx, async () => {
    const body = ctx.request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      ctx.throw(400, 'request body must be a JSON object');
    }
    await next();
  });
}
