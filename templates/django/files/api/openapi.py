"""
The OpenAPI document (/openapi.json) is drf-spectacular's, generated from the viewsets and
serializers; ApiSchema and the field extension below make it say exactly what the API does.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .errors import MESSAGES
from .serializers import ErrorSerializer, ValidationErrorSerializer

ERRORS = {
    400: "`malformed JSON`, or `body must be a JSON object`",
    404: "no record has this id (unknown, deleted, zero, or not plain ASCII digits)",
    405: "the path does not serve this method (PATCH, OPTIONS, ...)",
    413: "the body is over 1 MiB (1,048,576 bytes); nothing is stored",
    415: "the Content-Type is not application/json",
    422: "a field is missing or invalid: `fields` names each one",
    500: "an unexpected failure",
}

BLANK_STRING = {"type": "string", "maxLength": 0}

SUMMARIES = {
    "list": "List every {name}, ordered by id",
    "create": "Create one {name}",
    "retrieve": "Fetch one {name}",
    "update": "Replace one {name} (every field)",
    "destroy": "Delete one {name}",
}


def _error(status):
    serializer = ValidationErrorSerializer if status == 422 else ErrorSerializer
    description = ERRORS[status] if status == 400 else f"`{MESSAGES[status]}`: {ERRORS[status]}"
    return OpenApiResponse(serializer, description=description)


class ApiSchema(AutoSchema):
    """drf-spectacular's operations with integer ids, records that always hold every key, and every error."""

    def get_summary(self):
        action = getattr(self.view, "action", None)
        if action not in SUMMARIES:
            return super().get_summary()
        return SUMMARIES[action].format(name=self.view.queryset.model._meta.verbose_name)

    def get_override_parameters(self):
        if "{id}" not in self.path:
            return super().get_override_parameters()
        # The route takes up to 19 ASCII digits; the schema says what they mean: an integer id.
        return [OpenApiParameter("id", OpenApiTypes.INT64, OpenApiParameter.PATH, description="the record's id")]

    def _get_request_body(self, direction="request"):
        request_body = super()._get_request_body(direction)
        if request_body:
            # Without a body, a POST or PUT is a 415 or a 400, even when no field is required.
            request_body["required"] = True
        return request_body

    def get_response_serializers(self):
        success = super().get_response_serializers()
        if self.method == "POST":
            responses = {201: success}
        elif self.method == "DELETE":
            responses = {204: None}
        else:
            responses = {200: success}
        errors = [405, 500]
        if "{id}" in self.path:
            errors.append(404)
        if self.method in ("POST", "PUT"):
            errors.extend([400, 413, 415, 422])
        responses.update({status: _error(status) for status in sorted(errors)})
        return responses

    def resolve_serializer(self, serializer, direction, bypass_extensions=False):
        component = super().resolve_serializer(serializer, direction, bypass_extensions)
        properties = (component.schema or {}).get("properties", {})
        for schema in properties.values():
            # drf-spectacular offers "" as a second oneOf branch beside a string's pattern; this
            # pattern already matches "", so "" would match both branches, which oneOf forbids.
            if schema.get("oneOf", [None, None])[1] == BLANK_STRING:
                schema.update(schema.pop("oneOf")[0])
        if direction == "response" and properties:
            # Optional fields are in every record too, as null when unset.
            component.schema["required"] = list(properties)
        return component


class StrictCharFieldExtension(OpenApiSerializerFieldExtension):
    """A string of at most max_length characters, without U+0000 (REST framework refuses it)."""

    target_class = "api.fields.StrictCharField"

    def map_serializer_field(self, auto_schema, direction):
        schema = {"type": "string", "pattern": "^[^\\u0000]*$"}
        if self.target.max_length is not None:
            schema["maxLength"] = self.target.max_length
        return schema
