"""The contract's JSON error bodies: their models (for the OpenAPI document), their fixed
texts, and the exception handlers that answer every error with one of them."""

import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

logger = logging.getLogger("uvicorn.error")

MALFORMED_JSON = "malformed JSON"
NOT_AN_OBJECT = "body must be a JSON object"
# The one text per status; a 400 says which of the two above it is.
MESSAGES = {
    status.HTTP_404_NOT_FOUND: "not found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method not allowed",
    status.HTTP_413_CONTENT_TOO_LARGE: "body too large",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "content type must be application/json",
    status.HTTP_422_UNPROCESSABLE_CONTENT: "validation failed",
    status.HTTP_500_INTERNAL_SERVER_ERROR: "internal error",
}
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class ErrorBody(BaseModel):
    """Every error: `{"error": "not found"}`."""

    error: str


class ValidationErrorBody(BaseModel):
    """422: `{"error": "validation failed", "fields": {"<field>": "<message>"}}`."""

    error: str
    fields: dict[str, str]


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route answering `codes` besides its success."""
    described = {
        400: "Malformed JSON, or a body that is not a JSON object",
        404: "No record has this id",
        413: "Body larger than 1 MiB",
        415: "Content-Type is not application/json",
        422: "A field failed validation",
    }
    return {
        code: {
            "model": ValidationErrorBody if code == 422 else ErrorBody,
            "description": described[code],
        }
        for code in codes
    }


class ValidationFailed(Exception):
    """Fields of a request body failed: answered as 422 with `fields`."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("validation failed")
        self.fields = fields


def error(code: int, message: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message or MESSAGES[code]}, code)


def validation_error(fields: dict[str, str]) -> JSONResponse:
    body = {"error": MESSAGES[status.HTTP_422_UNPROCESSABLE_CONTENT], "fields": fields}
    return JSONResponse(body, status.HTTP_422_UNPROCESSABLE_CONTENT)


def _allowed_methods(app: FastAPI, request: Request) -> str:
    # Starlette's Allow names the methods of one route; list those of every route instead.
    routes = app.router.routes
    allowed = [
        m
        for m in METHODS
        if any(r.matches({**request.scope, "method": m})[0] == Match.FULL for r in routes)
    ]
    return ", ".join(allowed)


def install(app: FastAPI) -> None:
    """Registers the handlers on `app`."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        # Unknown paths (404), known paths with another method (405) and the routes' own.
        if exc.status_code == status.HTTP_400_BAD_REQUEST:
            return error(exc.status_code, str(exc.detail))
        response = error(exc.status_code, MESSAGES.get(exc.status_code, str(exc.detail)))
        if exc.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
            response.headers["Allow"] = _allowed_methods(app, request)
        return response

    @app.exception_handler(ValidationFailed)
    async def validation_failed(_request: Request, exc: ValidationFailed) -> JSONResponse:
        return validation_error(exc.fields)

    @app.exception_handler(RequestValidationError)
    async def request_validation_error(
        _request: Request, exc: RequestValidationError
    ) -> JSONResponse:
        # FastAPI's own checks, for parameters or bodies declared the usual way: its malformed
        # JSON and wrongly shaped bodies become the contract's 400s, the rest a 422.
        errors = exc.errors()
        if any(e["type"] == "json_invalid" for e in errors):
            return error(status.HTTP_400_BAD_REQUEST, MALFORMED_JSON)
        if any(tuple(e["loc"]) == ("body",) for e in errors):
            return error(status.HTTP_400_BAD_REQUEST, NOT_AN_OBJECT)
        fields: dict[str, str] = {}
        for e in errors:
            name = ".".join(str(part) for part in e["loc"][1:]) or str(e["loc"][0])
            fields.setdefault(name, e["msg"])
        return validation_error(fields)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the server log, never into the response.
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return error(status.HTTP_500_INTERNAL_SERVER_ERROR)
