import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { parseRfc3339, UTC_TIMESTAMP_PATTERN } from './datetime.js';

/** The largest whole number every JSON parser keeps exact: 2^53-1. */
const SAFE_INT = Number.MAX_SAFE_INTEGER;
/** Strings and texts never hold U+0000 (PostgreSQL could not store it). */
const NO_NUL_PATTERN = '^[^\\u0000]*$';

interface FieldOptions {
  /** An optional field may be absent or null; a required one may be neither. */
  optional?: boolean;
}

interface Schema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

/** The OpenAPI schema of each field type, as the server accepts it. */
const SCHEMAS: Record<string, Schema> = {
  string: { type: 'string', maxLength: 255, pattern: NO_NUL_PATTERN },
  text: { type: 'string', pattern: NO_NUL_PATTERN },
  int: { type: 'integer', format: 'int64', minimum: -SAFE_INT, maximum: SAFE_INT },
  float: { type: 'number', format: 'double' },
  bool: { type: 'boolean' },
  datetime: { type: 'string', format: 'date-time' },
};

/** Optional fields take and return null: `nullable: true` (OpenAPI 3.0). */
function nullable(optional: boolean): { nullable?: true } {
  return optional ? { nullable: true } : {};
}

function presence(type: keyof typeof SCHEMAS, { optional = false }: FieldOptions = {}) {
  const schema = SCHEMAS[type];
  return applyDecorators(
    optional ? IsOptional() : IsDefined({ message: 'is required' }),
    ApiProperty({ ...schema, required: !optional, ...nullable(optional) } as ApiPropertyOptions),
  );
}

/** At most `max` characters, counted as Unicode code points (an emoji is one). */
function MaxChars(max: number) {
  return ValidateBy({
    name: 'maxChars',
    validator: {
      validate: (value) => typeof value !== 'string' || [...value].length <= max,
      defaultMessage: () => `must be at most ${max} characters`,
    },
  });
}

function NoNul() {
  return ValidateBy({
    name: 'noNul',
    validator: {
      validate: (value) => typeof value !== 'string' || !value.includes('\u0000'),
      defaultMessage: () => 'must not contain U+0000',
    },
  });
}

function IsRfc3339() {
  return ValidateBy({
    name: 'isRfc3339',
    validator: {
      validate: (value) => parseRfc3339(value) !== null,
      defaultMessage: () => 'must be an RFC 3339 date-time with an offset',
    },
  });
}

/**
 * The rules of each spec field type on a request body, for class-validator and for the
 * OpenAPI document at once. Strict, as the API contract wants them: no coercion, so "true"
 * is not a bool and 1.5 is not an int.
 */
export const Field = {
  /** A string of at most 255 characters. */
  string: (options?: FieldOptions) =>
    applyDecorators(
      presence('string', options),
      IsString({ message: 'must be a string' }),
      MaxChars(255),
      NoNul(),
    ),
  /** A string of any length. */
  text: (options?: FieldOptions) =>
    applyDecorators(presence('text', options), IsString({ message: 'must be a string' }), NoNul()),
  /** A whole number that every JSON parser keeps exact: within ±(2^53-1). */
  int: (options?: FieldOptions) =>
    applyDecorators(
      presence('int', options),
      IsInt({ message: 'must be a whole number' }),
      Min(-SAFE_INT, { message: 'must be at least -(2^53-1)' }),
      Max(SAFE_INT, { message: 'must be at most 2^53-1' }),
    ),
  /** Any finite number. */
  float: (options?: FieldOptions) =>
    applyDecorators(
      presence('float', options),
      IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }),
    ),
  /** true or false, nothing else. */
  bool: (options?: FieldOptions) =>
    applyDecorators(presence('bool', options), IsBoolean({ message: 'must be true or false' })),
  /** An RFC 3339 timestamp with an offset or Z. */
  datetime: (options?: FieldOptions) => applyDecorators(presence('datetime', options), IsRfc3339()),
};

/**
 * The OpenAPI schema of each field type in a returned record: every key is present, an
 * optional field as null when it has no value, and datetimes in UTC with milliseconds.
 */
export const Returned = {
  id: () => ApiProperty({ type: 'integer', format: 'int64', minimum: 1 }),
  string: (options?: FieldOptions) => returned({ type: 'string', maxLength: 255 }, options),
  text: (options?: FieldOptions) => returned({ type: 'string' }, options),
  int: (options?: FieldOptions) => returned(SCHEMAS.int, options),
  float: (options?: FieldOptions) => returned(SCHEMAS.float, options),
  bool: (options?: FieldOptions) => returned(SCHEMAS.bool, options),
  datetime: (options?: FieldOptions) =>
    returned({ type: 'string', format: 'date-time', pattern: UTC_TIMESTAMP_PATTERN }, options),
};

function returned(schema: Schema, { optional = false }: FieldOptions = {}) {
  return ApiProperty({ ...schema, required: true, ...nullable(optional) } as ApiPropertyOptions);
}
