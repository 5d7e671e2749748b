// Strict checks for request bodies and record ids, shared by every resource router.

const MAX_STRING = 255;
const MAX_ID = 2n ** 63n - 1n;

export class ValidationError extends Error {
  constructor(fields) {
    super("validation failed");
    this.status = 422;
    this.fields = fields;
  }
}

// `\d` without the `u` flag matches ASCII digits only.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year, month) {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * An RFC 3339 date-time in UTC as `YYYY-MM-DDTHH:MM:SS.sssZ` (finer fractions are truncated),
 * or null when the text is not one: no offset, a space for `T`, an impossible date, year 0000.
 */
export function normalizeDatetime(text) {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  // Years 0001-9999, as in most languages' date types; month and day must exist.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const [sign, offsetHour, offsetMinute] = [m[8], Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (offsetHour > 23 || offsetMinute > 59) return null;
  const millis = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const offset = (sign === "-" ? -1 : 1) * (offsetHour * 60 + offsetMinute) * 60_000;
  const utc = new Date(date.getTime() - offset);
  // Four-digit years only: an offset can push 9999-12-31 out of range.
  if (utc.getUTCFullYear() < 0 || utc.getUTCFullYear() > 9999) return null;
  return utc.toISOString();
}

function text(value) {
  if (typeof value !== "string") return "must be a string";
  if (value.includes("\u0000")) return "must not contain U+0000";
  return null;
}

// Each check returns null for a valid value, or a short message.
const checks = {
  string(value) {
    const problem = text(value);
    if (problem) return problem;
    // Count characters (code points), not UTF-16 units.
    let length = 0;
    for (const _char of value) length += 1;
    return length > MAX_STRING ? `must be at most ${MAX_STRING} characters` : null;
  },
  text,
  int(value) {
    return Number.isSafeInteger(value)
      ? null
      : "must be a whole number between -(2^53-1) and 2^53-1";
  },
  float(value) {
    return typeof value === "number" && Number.isFinite(value) ? null : "must be a finite number";
  },
  bool(value) {
    return typeof value === "boolean" ? null : "must be true or false";
  },
  datetime(value) {
    return typeof value === "string" && normalizeDatetime(value) !== null
      ? null
      : "must be an RFC 3339 date-time with an offset, e.g. 2024-01-02T03:04:05Z";
  },
};

/**
 * Checks `body` against `fields` ({ name: { type, required } }, in spec order) and returns the
 * column values to store. Unknown keys and `id` are ignored; an optional field that is absent
 * or null is stored as null. Throws a ValidationError naming every failing field.
 */
export function parseBody(body, fields) {
  const values = {};
  const errors = {};
  for (const [name, { type, required }] of Object.entries(fields)) {
    const value = Object.hasOwn(body, name) ? body[name] : null;
    if (value === null) {
      if (required) errors[name] = "is required";
      values[name] = null;
      continue;
    }
    const problem = checks[type](value);
    if (problem) {
      errors[name] = problem;
    } else if (type === "bool") {
      values[name] = value ? 1 : 0;
    } else if (type === "datetime") {
      values[name] = normalizeDatetime(value);
    } else {
      values[name] = value;
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return values;
}

/** A database row as a JSON record: `id` first, then the fields in spec order. */
export function fromRow(row, fields) {
  const record = { id: row.id };
  for (const [name, { type }] of Object.entries(fields)) {
    const value = row[name];
    record[name] = type === "bool" && value !== null ? value === 1 : value;
  }
  return record;
}

/**
 * The record id in a path as a BigInt, or null unless it is a positive 64-bit integer written
 * in ASCII digits without sign, leading zero, space, fraction or exponent.
 */
export function parseId(text) {
  if (!/^[1-9][0-9]{0,18}$/.test(text)) return null;
  const id = BigInt(text);
  return id <= MAX_ID ? id : null;
}
