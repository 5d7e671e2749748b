"""Request bodies, checked in the contract's order (Content-Type, size, JSON, object, fields),
and the strict type checks every resource shares."""

import json
import math
import re
from datetime import UTC, datetime, timedelta, timezone

from flask import abort, current_app, request
from werkzeug.routing import IntegerConverter

MAX_STRING = 255
# The range every JSON parser keeps exact.
MAX_INT = 2**53 - 1
# Ids are SQLite's signed 64-bit integers.
MAX_ID = 2**63 - 1

MALFORMED_JSON = "malformed JSON"
NOT_AN_OBJECT = "body must be a JSON object"

RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)


class RecordId(IntegerConverter):
    """`<id:...>` in a route: ASCII digits only. Werkzeug's `int` converter matches `\\d+`,
    which also takes other scripts' digits (Arabic-Indic `١` would name record 1)."""

    regex = r"[0-9]+"


class ValidationError(Exception):
    """Some fields failed; `fields` maps each field name to its message (answered as 422)."""

    def __init__(self, fields):
        super().__init__("validation failed")
        self.fields = fields


def json_object():
    """The request body as a dict: 415 unless it is declared JSON, 413 past 1 MiB (Flask's
    MAX_CONTENT_LENGTH), 400 when it is not UTF-8 JSON or not a JSON object."""
    if request.mimetype != "application/json":
        abort(415)
    body = request.get_data()
    # A chunked body (no Content-Length) is cut at the limit without a word: one more byte
    # left in the server's stream means it was too large.
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if (
        request.content_length is None
        and len(body) >= limit
        and request.environ["wsgi.input"].read(1)
    ):
        abort(413)
    try:
        # JSON on the wire is UTF-8 (json.loads would also guess UTF-16 and UTF-32 from bytes).
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        abort(400, MALFORMED_JSON)
    if _has_lone_surrogate(data):
        abort(400, MALFORMED_JSON)
    if not isinstance(data, dict):
        abort(400, NOT_AN_OBJECT)
    return data


def _reject_constant(name):
    # NaN and Infinity are not JSON, although Python's parser accepts them.
    raise ValueError(name)


def _has_lone_surrogate(data):
    """True if a string anywhere in `data` (keys too) holds an unpaired surrogate such as
    "\\ud800": json.loads accepts the escape, but it is not text and cannot be stored."""
    pending = [data]
    while pending:  # a loop, not recursion: the body may nest as deep as json.loads allows
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def validate(data, fields):
    """Check `data` against `fields` ({name: (check, required)}) and return the values to
    store. Unknown keys (and `id`) are ignored; optional fields absent or null become None."""
    values, errors = {}, {}
    for name, (check, required) in fields.items():
        value = data.get(name)
        if value is None:
            if required:
                errors[name] = "is required"
            values[name] = None
            continue
        try:
            values[name] = check(value)
        except ValueError as e:
            errors[name] = str(e)
    if errors:
        raise ValidationError(errors)
    return values


def string(value):
    value = text(value)
    if len(value) > MAX_STRING:
        raise ValueError(f"must be at most {MAX_STRING} characters")
    return value


def text(value):
    if not isinstance(value, str):
        raise ValueError("must be a string")
    if "\x00" in value:
        raise ValueError("must not contain U+0000")
    return value


def integer(value):
    # bool is a subclass of int in Python: true and false are not integers here. A float
    # with no fraction (7.0) is an integer, as JSON Schema counts it.
    if isinstance(value, float) and value.is_integer() and abs(value) <= MAX_INT:
        value = int(value)
    if type(value) is not int:
        raise ValueError("must be a whole number")
    if not -MAX_INT <= value <= MAX_INT:
        raise ValueError(f"must be between {-MAX_INT} and {MAX_INT}")
    return value


def number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number")
    try:
        value = float(value)
    except OverflowError:
        raise ValueError("must be a finite number") from None
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def boolean(value):
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def timestamp(value):
    """An RFC 3339 date-time with an offset, stored as a naive UTC datetime to the
    millisecond (finer fractions are cut off)."""
    match = RFC3339.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("must be an RFC 3339 date-time with an offset, like 2024-01-15T09:30:00Z")
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m = match.groups()
    offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
    if sign == "-":
        offset = -offset
    millis = int((fraction or "0")[:3].ljust(3, "0"))
    try:
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            millis * 1000,
            tzinfo=timezone(offset),
        )
        return parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise ValueError("must be a real date and time within years 1 to 9999") from None


def format_timestamp(value):
    """A stored (naive UTC) datetime as `2024-05-01T12:30:00.123Z`, or None."""
    if value is None:
        return None
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T"
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond // 1000:03d}Z"
    )
