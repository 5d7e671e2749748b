import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { MethodNotAllowed } from './method-not-allowed.js';

/** The `error` text of each status, the same in every starter of the API contract. */
const ERROR_TEXTS: Record<number, readonly string[]> = {
  400: ['malformed JSON', 'body must be a JSON object'],
  404: ['not found'],
  405: ['method not allowed'],
  413: ['body too large'],
  415: ['content type must be application/json'],
  422: ['validation failed'],
  500: ['internal error'],
};

/** Writes the contract's error body: `{"error": "..."}`, plus `fields` for 422. */
export function sendError(
  res: Response,
  status: number,
  message?: string,
  fields?: Record<string, string>,
): void {
  const texts = ERROR_TEXTS[status];
  const error = texts && !texts.includes(message ?? '') ? texts[0] : (message ?? 'error');
  res.status(status).json(fields ? { error, fields } : { error });
}

/** Every error leaves as JSON; unexpected ones as a bare 500 without internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // A malformed escape in the path (`/books/%ZZ`) cannot name a record; Nest hands it
    // over as a 400 caused by a URIError.
    if (
      exception instanceof URIError ||
      (exception instanceof HttpException && exception.cause instanceof URIError)
    ) {
      return sendError(res, 404);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (exception instanceof MethodNotAllowed) {
        res.setHeader('Allow', exception.allow.join(', '));
      }
      if (typeof body === 'object' && body !== null && 'fields' in body) {
        const { error, fields } = body as { error: string; fields: Record<string, string> };
        return sendError(res, status, error, fields);
      }
      return sendError(res, status, exception.message);
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    sendError(res, 500);
  }
}
