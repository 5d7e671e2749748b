import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { MethodNotAllowed } from './method-not-allowed.js';

/** Writes the contract's error body: `{"error": "..."}`, plus `fields` for 422. */
export function sendError(
  res: Response,
  status: number,
  error: string,
  fields?: Record<string, string>,
): void {
  res.status(status).json(fields ? { error, fields } : { error });
}

/** Every error leaves as JSON; unexpected ones as a bare 500 without internals. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
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
      return sendError(res, status, errorMessage(body, exception.message));
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    sendError(res, HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error');
  }
}

function errorMessage(body: string | object, fallback: string): string {
  if (typeof body === 'string') {
    return body;
  }
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') {
    return message;
  }
  if (Array.isArray(message) && message.length > 0) {
    return message.join('; ');
  }
  return fallback;
}
