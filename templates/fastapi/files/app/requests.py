"""Reading requests the contract's way: record ids from the path, and JSON bodies checked in
the contract's order (Content-Type, size, JSON, object, fields).

The routers read both through dependencies rather than FastAPI's own parameters, so that a
PUT on a missing id is a 404 before its body is looked at, and every refusal has the
contract's status and text."""

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from fastapi import HTTPException, Request, status
from pydantic import BaseModel, ValidationError

from app.errors import MALFORMED_JSON, NOT_AN_OBJECT, ValidationFailed

# A record id is written in ASCII digits only: not `+7`, ` 7`, `7.0`, `7e0`, `1_2` or `٧`.
_ID = re.compile(r"[0-9]+")
MAX_ID = 2**63 - 1
MAX_BODY = 1024 * 1024

# How the routers document `{id}`: what the server accepts as an existing record's id.
ID_PARAMETER = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}

M = TypeVar("M", bound=BaseModel)


def path_id(request: Request) -> int:
    """The `{id}` of the path, or 404 when it cannot name a record (0, -1, abc, > 64 bits)."""
    raw = request.path_params["id"]
    value = int(raw) if _ID.fullmatch(raw) else 0
    if not 1 <= value <= MAX_ID:
        raise HTTPException(status.HTTP_404_NOT_FOUND)
    return value


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON, though Python's parser takes them.
    raise ValueError(f"{name} is not valid JSON")


def _has_lone_surrogate(data: Any) -> bool:
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


async def json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object: 415 unless it is declared JSON, 413 past 1 MiB (read no
    further), 400 when it is not UTF-8 JSON or not an object."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE)
    try:
        # JSON on the wire is UTF-8 (json.loads would also guess UTF-16 and UTF-32 from bytes).
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, MALFORMED_JSON) from None
    if _has_lone_surrogate(data):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, MALFORMED_JSON)
    if not isinstance(data, dict):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, NOT_AN_OBJECT)
    return data


def json_body(model: type[M]) -> Callable[[Request], Coroutine[Any, Any, M]]:
    """A dependency giving the body validated as `model`; a failing field is a 422 naming
    every failing field. Declare it after the record lookup, so a missing id comes first."""

    async def dependency(request: Request) -> M:
        data = await json_object(request)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            fields: dict[str, str] = {}
            for e in exc.errors(include_url=False, include_context=False, include_input=False):
                name = ".".join(str(part) for part in e["loc"]) or "body"
                fields.setdefault(name, e["msg"])
            raise ValidationFailed(fields) from None

    return dependency
