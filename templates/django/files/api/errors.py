"""Every error is JSON: `{"error": "..."}`, and validation errors (422) add `fields`."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """REST framework's handler, reshaped to the API's error bodies."""
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            {"error": "Validation failed.", "fields": _field_messages(exc.detail)},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: Django answers with handler500 below.
        return None
    response.data = {"error": _message(response.data)}
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


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse({"error": "Request body too large."}, status=413)
    return JsonResponse({"error": "Bad request."}, status=400)


def permission_denied(request, exception):
    return JsonResponse({"error": "Forbidden."}, status=403)


def page_not_found(request, exception):
    return JsonResponse({"error": "Not found."}, status=404)


def server_error(request):
    return JsonResponse({"error": "Internal server error."}, status=500)
