import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExcludeEndpoint,
  ApiNotFoundResponse,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProperty,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';

/** `{"error": "..."}`: the body of every error response. */
export class ErrorBody {
  @ApiProperty({ example: 'not found' })
  error: string;
}

/** The body of a 422: the error and a message for every failing field. */
export class ValidationErrorBody {
  @ApiProperty({ example: 'validation failed' })
  error: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { field: 'is required' },
  })
  fields: Record<string, string>;
}

/** The `id` path parameter: a positive integer; any other text names no record (404). */
export const ApiIdParam = () =>
  ApiParam({ name: 'id', schema: { type: 'integer', format: 'int64', minimum: 1 } });

/** 404 for an id that names no record. */
export const ApiNotFound = () =>
  ApiNotFoundResponse({ description: 'No record has this id', type: ErrorBody });

/** The failures of a request with a JSON body, checked in this order: 415, 413, 400, 422. */
export const ApiBodyErrors = () =>
  applyDecorators(
    ApiUnsupportedMediaTypeResponse({
      description: 'The body is not sent as application/json',
      type: ErrorBody,
    }),
    ApiPayloadTooLargeResponse({ description: 'The body is larger than 1 MiB', type: ErrorBody }),
    ApiBadRequestResponse({
      description: 'The body is not valid JSON, or not a JSON object',
      type: ErrorBody,
    }),
    ApiUnprocessableEntityResponse({
      description: 'A field is missing or invalid',
      type: ValidationErrorBody,
    }),
  );

/** The 405 catch-all of a path: not an operation of the API, so not in the document. */
export const MethodFallback = ApiExcludeEndpoint;
