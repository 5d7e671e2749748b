"""
Strict serializer fields: REST framework coerces ("12" -> 12, "true" -> True, 12 -> "12");
the API accepts each type only in its own JSON form. StrictModelSerializer maps model fields
to them.
"""

import math
import re
import sys
from datetime import UTC, datetime

from django.db import models
from rest_framework import serializers

# The largest integer every JSON parser keeps exact.
MAX_SAFE_INTEGER = 2**53 - 1

# RFC 3339 date-time: `T` (or `t`) between date and time, and `Z` (or `z`) or an offset.
RFC3339 = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


class StrictCharField(serializers.CharField):
    """
    A JSON string, kept as sent (no trimming); empty strings allowed. REST framework's CharField
    already refuses U+0000.
    """

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

    def __init__(self, **kwargs):
        # The range of a double, so the OpenAPI document says which numbers are finite here.
        kwargs["min_value"] = -sys.float_info.max
        kwargs["max_value"] = sys.float_info.max
        super().__init__(**kwargs)

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
    """
    An RFC 3339 timestamp with `Z` or an offset, stored in UTC to the millisecond (finer digits
    are dropped) and returned as `YYYY-MM-DDTHH:MM:SS.sssZ`.
    """

    default_error_messages = {"invalid": "Must be an RFC 3339 timestamp with offset, e.g. 2024-01-31T09:30:00Z."}

    def to_internal_value(self, value):
        match = RFC3339.fullmatch(value) if isinstance(value, str) else None
        if not match:
            self.fail("invalid")
        day, time, fraction, offset = match.groups()
        millis = (fraction or "").ljust(3, "0")[:3]
        offset = "+00:00" if offset in ("Z", "z") else offset
        try:
            parsed = datetime.fromisoformat(f"{day}T{time}.{millis}{offset}")
            return parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            # An impossible date or time (2024-02-30, 25:00), or beyond year 1 to 9999 in UTC.
            self.fail("invalid")

    def to_representation(self, value):
        utc = value.astimezone(UTC)
        return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StrictModelSerializer(serializers.ModelSerializer):
    """
    A ModelSerializer with strict JSON types, where a field is required unless its column
    is nullable, and an absent nullable field is stored as null (PUT replaces the record).
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BigIntegerField: StrictIntegerField,
        models.FloatField: StrictFloatField,
        models.BooleanField: StrictBooleanField,
        models.DateTimeField: StrictDateTimeField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if not kwargs.get("read_only"):
            kwargs["required"] = not model_field.null
            if model_field.null:
                kwargs["default"] = None
        return field_class, kwargs
