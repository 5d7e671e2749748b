"""
Strict serializer fields: REST framework coerces ("12" -> 12, "true" -> True, 12 -> "12");
the API accepts each type only in its own JSON form.
"""

import math
import re
from datetime import datetime, timezone

from rest_framework import serializers

# The largest integer every JSON parser keeps exact.
MAX_SAFE_INTEGER = 2**53 - 1

RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
)


class StrictCharField(serializers.CharField):
    """A JSON string, kept as sent (no trimming); empty strings allowed."""

    default_error_messages = {"invalid": "Must be a string."}

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return data


class StrictIntegerField(serializers.IntegerField):
    """A whole JSON number within +-(2^53 - 1); not a float, string or boolean."""

    default_error_messages = {"invalid": "Must be a whole number."}

    def __init__(self, **kwargs):
        kwargs["min_value"] = -MAX_SAFE_INTEGER
        kwargs["max_value"] = MAX_SAFE_INTEGER
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data


class StrictFloatField(serializers.FloatField):
    """Any finite JSON number, integers included; not a string or boolean."""

    default_error_messages = {"invalid": "Must be a finite number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        try:
            value = float(data)
        except OverflowError:
            self.fail("invalid")
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class StrictBooleanField(serializers.BooleanField):
    """`true` or `false` only."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid")


class StrictDateTimeField(serializers.DateTimeField):
    """An RFC 3339 timestamp with an offset or Z; stored and returned in UTC."""

    default_error_messages = {
        "invalid": "Must be an RFC 3339 timestamp with offset, e.g. 2024-01-31T09:30:00Z."
    }

    def to_internal_value(self, value):
        if not isinstance(value, str) or not RFC3339.fullmatch(value):
            self.fail("invalid")
        try:
            parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
            return parsed.astimezone(timezone.utc)
        except (ValueError, OverflowError):
            self.fail("invalid")
