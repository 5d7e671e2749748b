import { applyDecorators } from '@nestjs/common';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsRfc3339 } from './is-rfc3339.decorator.js';

interface FieldOptions {
  /** An optional field may be absent or null; a required one may be neither. */
  optional?: boolean;
}

function presence({ optional = false }: FieldOptions = {}): PropertyDecorator {
  return optional ? IsOptional() : IsDefined({ message: 'is required' });
}

/**
 * The class-validator rules of each spec field type, strict as the API contract
 * wants them: no coercion, so "true" is not a bool and 1.5 is not an int.
 */
export const Field = {
  /** A string of at most 255 characters. */
  string: (options?: FieldOptions) =>
    applyDecorators(
      presence(options),
      IsString({ message: 'must be a string' }),
      MaxLength(255, { message: 'must be at most 255 characters' }),
    ),
  /** A string of any length. */
  text: (options?: FieldOptions) =>
    applyDecorators(presence(options), IsString({ message: 'must be a string' })),
  /** A whole number that every JSON parser keeps exact: within ±(2^53-1). */
  int: (options?: FieldOptions) =>
    applyDecorators(
      presence(options),
      IsInt({ message: 'must be a whole number' }),
      Min(-Number.MAX_SAFE_INTEGER, { message: 'must be at least -(2^53-1)' }),
      Max(Number.MAX_SAFE_INTEGER, { message: 'must be at most 2^53-1' }),
    ),
  /** Any finite number. */
  float: (options?: FieldOptions) =>
    applyDecorators(
      presence(options),
      IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }),
    ),
  /** true or false, nothing else. */
  bool: (options?: FieldOptions) =>
    applyDecorators(presence(options), IsBoolean({ message: 'must be true or false' })),
  /** An RFC 3339 timestamp with an offset or Z. */
  datetime: (options?: FieldOptions) =>
    applyDecorators(
      presence(options),
      IsRfc3339({ message: 'must be an RFC 3339 date-time with an offset' }),
    ),
};
