import {
  ArgumentMetadata,
  BadRequestException,
  HttpStatus,
  Injectable,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { INVALID_JSON, NOT_JSON_CONTENT } from './json-body.js';

/**
 * The global ValidationPipe, set for the contract: a body sent as another content type is
 * a 415; a body that is not valid JSON or not a JSON object is a 400; failed validation is
 * a 422 naming every failing field; unknown keys (and `id`) are dropped.
 */
@Injectable()
export class StrictValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      transform: true,
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
      errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      exceptionFactory: (errors: ValidationError[]) =>
        new UnprocessableEntityException({
          error: 'validation failed',
          fields: fieldMessages(errors),
        }),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      if (value === NOT_JSON_CONTENT) {
        throw new UnsupportedMediaTypeException('content type must be application/json');
      }
      if (value === INVALID_JSON) {
        throw new BadRequestException('malformed JSON');
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new BadRequestException('body must be a JSON object');
      }
      value = knownFields(value as Record<string, unknown>, metadata.metatype);
    }
    return super.transform(value, metadata);
  }

  // Route params stay strings here: ParseIdPipe owns the id rules (`01` or `1e3` is not an id).
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

/**
 * The body's values for the DTO's own fields, and nothing else: unknown keys are ignored,
 * and a nested object or array (never a valid field value) is replaced by an empty one, so
 * that class-transformer never walks a deeply nested value.
 */
function knownFields(body: Record<string, unknown>, dto: object): Record<string, unknown> {
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto as new () => object, '', true, false)
      .map((m) => m.propertyName),
  );
  const picked: Record<string, unknown> = {};
  for (const name of names) {
    if (Object.hasOwn(body, name)) {
      const v = body[name];
      picked[name] = typeof v === 'object' && v !== null ? (Array.isArray(v) ? [] : {}) : v;
    }
  }
  return picked;
}

function fieldMessages(errors: ValidationError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const constraints = e.constraints ?? {};
    fields[e.property] = constraints.isDefined ?? Object.values(constraints)[0] ?? 'is invalid';
  }
  return fields;
}
