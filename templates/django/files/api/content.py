"""Content handling for the API: JSON object bodies in, JSON out whatever the Accept header."""

from rest_framework.exceptions import ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser


class JSONObjectParser(JSONParser):
    """Parses a JSON body and rejects anything but an object (`[]`, `"x"`, `3`) with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # Absurdly deep nesting (`[[[[...`) exhausts Python's stack: bad JSON, not a crash.
            raise ParseError("JSON parse error - nested too deeply.") from None
        if not isinstance(data, dict):
            raise ParseError("Request body must be a JSON object.")
        return data


class AlwaysJSONNegotiation(DefaultContentNegotiation):
    """Answers with the first renderer (JSON) instead of a 406 for other Accept headers."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
