// Strict checks for request bodies, shared by every resource router.

const MAX_STRING = 255;

export class ValidationError extends Error {
  constructor(fields) {
    super('validation failed');
    this.status = 422;
    this.fields = fields;
  }
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1];
}

/** An RFC 3339 timestamp, normalised to UTC (`...Z`) keeping every fraction digit; null if invalid. */
export function normalizeDatetime(value) {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction = '', z, sign, oh, om] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  if (!z && (Number(oh) > 23 || Number(om) > 59)) return null;
  const local = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`).getTime();
  const offset = z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  const utc = new Date(local - offset);
  if (Number.isNaN(utc.getTime()) || utc.getUTCFullYear() < 0 || utc.getUTCFullYear() > 9999) return null;
  return `${utc.toISOString().slice(0, 19)}${fraction}Z`;
}

const checks = {
  string: (v) =>
    typeof v !== 'string' ? 'must be a string'
    : [...v].length > MAX_STRING ? `must be at most ${MAX_STRING} characters`
    : null,
  text: (v) => (typeof v === 'string' ? null : 'must be a string'),
  int: (v) =>
    typeof v === 'number' && Number.isSafeInteger(v) ? null
    : `must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`,
  float: (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'must be a finite number'),
  bool: (v) => (typeof v === 'boolean' ? null : 'must be true or false'),
  datetime: (v) =>
    typeof v === 'string' && normalizeDatetime(v) !== null ? null
    : 'must be an RFC 3339 timestamp with offset, e.g. 2024-01-02T03:04:05Z',
};

/** True for a JSON object (not an array, not null). */
export function isObject(body) {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/**
 * Checks `body` against `fields` ([{ name, type, required }]) and returns the values to store,
 * as SQLite parameters. Unknown keys and `id` are ignored. Throws a ValidationError naming
 * every failing field.
 */
export function parseBody(body, fields) {
  const values = {};
  const errors = {};
  for (const { name, type, required } of fields) {
    const value = Object.hasOwn(body, name) ? body[name] : null;
    if (value === null) {
      if (required) errors[name] = 'is required';
      values[name] = null;
      continue;
    }
    const problem = checks[type](value);
    if (problem) {
      errors[name] = problem;
      continue;
    }
    values[name] =
      type === 'bool' ? (value ? 1 : 0)
      : type === 'datetime' ? normalizeDatetime(value)
      : value;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return values;
}

/** Turns a database row back into a JSON record. */
export function fromRow(row, fields) {
  const record = { id: row.id };
  for (const { name, type } of fields) {
    const value = row[name];
    record[name] = type === 'bool' && value !== null ? value === 1 : value;
  }
  return record;
}

/** The record id in a path, as a BigInt, or null when it is not a positive 64-bit integer. */
export function parseId(text) {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) return null;
  const id = BigInt(text);
  return id <= 9223372036854775807n ? id : null;
}
