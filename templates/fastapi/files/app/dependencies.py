"""Request helpers shared by the routers."""

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

# A record id: a positive integer that fits in 64 bits, written in ASCII digits.
_ID = re.compile(r"[1-9][0-9]{0,18}")
_MAX_ID = 2**63 - 1

M = TypeVar("M", bound=BaseModel)


def parse_id(raw: str) -> int | None:
    """The id in a path, or None when it cannot name a record (0, -1, abc, > 64 bits)."""
    if not _ID.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= _MAX_ID else None


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON, though Python's parser takes them.
    raise ValueError(f"{name} is not valid JSON")


def json_body(model: type[M]) -> Callable[[Request], Coroutine[Any, Any, M]]:
    """A dependency reading the request body as a JSON object and validating it strictly.

    Declared after the record lookup, it lets PUT answer 404 before looking at the body.
    Malformed JSON or a body that is not an object is a 400; a field that fails is a 422.
    """

    async def dependency(request: Request) -> M:
        try:
            data = json.loads(await request.body(), parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "malformed JSON body") from None
        if not isinstance(data, dict):
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "request body must be a JSON object")
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            errors = exc.errors(include_url=False, include_context=False, include_input=False)
            raise RequestValidationError(
                [{**e, "loc": ("body", *e["loc"])} for e in errors]
            ) from None

    return dependency
