"""Every error is JSON: `{"error": "..."}` with a fixed text per status; validation errors (422) add `fields`."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# The `error` text of each status; a 400 says which of its two texts applies.
MALFORMED_JSON = "malformed JSON"
NOT_AN_OBJECT = "body must be a JSON object"
MESSAGES = {
    400: MALFORMED_JSON,
    404: "not found",
    405: "method not allowed",
    413: "body too large",
    415: "content type must be application/json",
    422: "validation failed",
    500: "internal error",
}


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = MESSAGES[413]


class UnsupportedMediaType(exceptions.APIException):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    default_detail = MESSAGES[415]


def exception_handler(exc, context):
    """REST framework's handler, reshaped to the API's error bodies."""
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"error": MESSAGES[422], "fields": _field_messages(exc.detail)},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: Django answers with handler500 below.
        return None
    if isinstance(exc, exceptions.ParseError) and exc.detail == NOT_AN_OBJECT:
        response.data = {"error": NOT_AN_OBJECT}
    else:
        response.data = {"error": MESSAGES.get(response.status_code, _message(response.data).lower())}
    return response


def _field_messages(detail):
    """`{"name": ["This field is required."]}` -> `{"name": "This field is required."}`."""
    if isinstance(detail, dict):
        return {str(name): _message(value) for name, value in detail.items()}
    return {"non_field_errors": _message(detail)}


def _message(detail):
    """The first message of a REST framework error detail."""
    if isinstance(detail, dict):
        detail = detail.get("detail", next(iter(detail.values()), ""))
    if isinstance(detail, list):
        return _message(detail[0]) if detail else ""
    return str(detail)


# Django's own error views, for what never reaches a REST framework view.


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"error": MESSAGES[413]}, status=413)
    return JsonResponse({"error": "bad request"}, status=400)


def permission_denied(request, exception):
    return JsonResponse({"error": "forbidden"}, status=403)


def page_not_found(request, exception):
    return JsonResponse({"error": MESSAGES[404]}, status=404)


def server_error(request):
    return JsonResponse({"error": MESSAGES[500]}, status=500)
