import {
  ArgumentMetadata,
  BadRequestException,
  HttpStatus,
  Injectable,
  UnprocessableEntityException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { INVALID_JSON } from './json-body.js';

/**
 * The global ValidationPipe, set for the contract: a body that is not valid
 * JSON or not a JSON object is a 400; failed validation is a 422 naming every failing field;
 * unknown keys (and `id`) are dropped.
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
        new UnprocessableEntityException({ error: 'validation failed', fields: fieldMessages(errors) }),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      if (value === INVALID_JSON) {
        throw new BadRequestException('request body is not valid JSON');
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new BadRequestException('request body must be a JSON object');
      }
    }
    return super.transform(value, metadata);
  }

  // Route params stay strings here: ParseIdPipe owns the id rules (`01` or `1e3` is not an id).
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

function fieldMessages(errors: ValidationError[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const constraints = e.constraints ?? {};
    fields[e.property] = constraints.isDefined ?? Object.values(constraints)[0] ?? 'is invalid';
  }
  return fields;
}
