"""
The API's documents: the OpenAPI document at /openapi.json and Swagger UI at /docs, whose
files (from drf-spectacular-sidecar, no CDN) WhiteNoise serves under /static/. Their errors
are JSON like every other answer.
"""

from django.http import JsonResponse
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.renderers import JSONRenderer
from whitenoise.middleware import WhiteNoiseMiddleware

from .errors import MESSAGES


class OpenApiView(SpectacularAPIView):
    """The OpenAPI document, as application/json whatever the Accept header."""

    renderer_classes = [OpenApiJsonRenderer2]


class DocsView(SpectacularSwaggerView):
    """Swagger UI's page; a method other than GET is a JSON 405, not an HTML page."""

    def get_renderers(self):
        if self.request.method in ("GET", "HEAD"):
            return super().get_renderers()
        return [JSONRenderer()]


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, answering methods other than GET and HEAD with the JSON 405."""

    @staticmethod
    def serve(static_file, request):
        if request.method in ("GET", "HEAD"):
            return WhiteNoiseMiddleware.serve(static_file, request)
        response = JsonResponse({"error": MESSAGES[405]}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
