/**
 * RFC 3339 `date-time` in, UTC with milliseconds out: `2024-05-01T14:30:00.123456+02:00`
 * is stored and returned as `2024-05-01T12:30:00.123Z`.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** The output form: always UTC, always three fraction digits. */
export const UTC_TIMESTAMP_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * The instant an RFC 3339 timestamp names, or null when it is not one (a space instead of
 * `T`, no offset, an impossible date) or falls outside the years 0000-9999 once in UTC.
 * A leap second (`:60`) is folded into the next second; digits past milliseconds are dropped.
 */
export function parseRfc3339(text: unknown): Date | null {
  if (typeof text !== 'string') {
    return null;
  }
  const m = RFC3339.exec(text);
  if (!m) {
    return null;
  }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offsetHours = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) {
    return null;
  }
  const sign = m[8] === '-' ? -1 : 1;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - sign * (offsetHours * 60 + offsetMinutes), second, millis);
  const utcYear = date.getUTCFullYear();
  return utcYear >= 0 && utcYear <= 9999 ? date : null;
}

/** `2024-05-01T12:30:00.123Z`: the form every datetime is stored and returned in. */
export function utcTimestamp(text: string): string {
  const date = parseRfc3339(text);
  if (date === null) {
    throw new RangeError(`not an RFC 3339 timestamp: ${text}`);
  }
  return date.toISOString();
}
