"""Request and response bodies: JSON objects in, JSON out whatever the Accept header."""

import json

from django.core.exceptions import RequestDataTooBig
from django.utils.http import parse_header_parameters
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser

from .errors import MALFORMED_JSON, NOT_AN_OBJECT, BodyTooLarge, UnsupportedMediaType


def json_object(request):
    """
    The request's body as a dict, checked in the order the API promises: a content type other
    than application/json is a 415, a body over DATA_UPLOAD_MAX_MEMORY_SIZE (1 MiB) a 413
    (refused from Content-Length, before reading it), an empty or malformed body a 400.
    """
    media_type, _ = parse_header_parameters(request.content_type)
    if media_type != "application/json":
        raise UnsupportedMediaType()
    try:
        body = request.body
    except RequestDataTooBig:
        raise BodyTooLarge() from None
    if not body:
        raise ParseError(MALFORMED_JSON)
    return request.data


def _large_int(text):
    # Python refuses to convert integers of more than 4300 digits (a ValueError, so a 400);
    # as a float such a number is infinite, which the fields reject (a 422) like any other
    # number out of range.
    return int(text) if len(text) <= 4000 else float(text)


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


class JSONObjectParser(BaseParser):
    """
    Strict JSON: UTF-8 whatever the charset parameter, no NaN or Infinity, no lone surrogates
    (no database stores them), and an object at the top (`[]`, `"x"`, `3` are a 400).
    """

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = json.loads(
                stream.read().decode("utf-8"),
                parse_int=_large_int,
                parse_constant=_reject_constant,
            )
            # Lone surrogates (`"\ud800"`) parse, but cannot be encoded back to UTF-8.
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except (ValueError, RecursionError):
            # Invalid UTF-8 and JSON, and nesting deep enough to exhaust Python's stack.
            raise ParseError(MALFORMED_JSON) from None
        if not isinstance(data, dict):
            raise ParseError(NOT_AN_OBJECT)
        return data


class AlwaysJSONNegotiation(DefaultContentNegotiation):
    """Answers with the first renderer (JSON) instead of a 406 for other Accept headers."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
