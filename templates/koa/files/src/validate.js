// Strict checks for request bodies, shared by every resource router.

const MAX_STRING = 255;
const MAX_ID = 2n ** 63n - 1n;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

// Returns the timestamp in canonical RFC 3339 form (T separator, upper-case Z), or null.
export function parseDateTime(value) {
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (m[9] && (Number(m[10]) > 23 || Number(m[11]) > 59)) return null;
  const offset = m[8] === 'Z' || m[8] === 'z' ? 'Z' : m[8];
  return `${value.slice(0, 10)}T${value.slice(11, 19)}${m[7] ?? ''}${offset}`;
}

const checks = {
  string(value) {
    if (typeof value !== 'string') return [null, 'must be a string'];
    // Count characters (code points), not UTF-16 units.
    let length = 0;
    for (const _ of value) length += 1;
    return length > MAX_STRING ? [null, `must be at most ${MAX_STRING} characters`] : [value];
  },
  text(value) {
    return typeof value === 'string' ? [value] : [null, 'must be a string'];
  },
  int(value) {
    return Number.isSafeInteger(value)
      ? [value]
      : [null, 'must be an integer between -(2^53-1) and 2^53-1'];
  },
  float(value) {
    return typeof value === 'number' && Number.isFinite(value) ? [value] : [null, 'must be a number'];
  },
  bool(value) {
    return typeof value === 'boolean' ? [value] : [null, 'must be true or false'];
  },
  datetime(value) {
    const parsed = typeof value === 'string' ? parseDateTime(value) : null;
    return parsed === null
      ? [null, 'must be an RFC 3339 date-time with a time zone offset or Z']
      : [parsed];
  },
};

export class ValidationError extends Error {
  constructor(fields) {
    super('validation failed');
    this.status = 422;
    this.expose = true;
    this.fields = fields;
  }
}

// Validates a whole-record body. Unknown keys and `id` are ignored; optional fields
// that are absent or null become null. Throws ValidationError naming every bad field.
export function validate(fields, body) {
  const data = {};
  const errors = {};
  for (const field of fields) {
    const value = Object.hasOwn(body, field.name) ? body[field.name] : null;
    if (value === null) {
      if (field.optional) data[field.name] = null;
      else errors[field.name] = 'is required';
      continue;
    }
    const [clean, message] = checks[field.type](value);
    if (message) errors[field.name] = message;
    else data[field.name] = clean;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return data;
}

// A record id from the URL: a positive integer within 64 bits, or null.
export function parseId(text) {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) return null;
  const id = BigInt(text);
  return id <= MAX_ID ? id : null;
}
