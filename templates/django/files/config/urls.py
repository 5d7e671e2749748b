"""URL configuration: the API lives in the `api` app, without trailing slashes."""

from django.urls import include, path

from api.docs import DocsView, OpenApiView

urlpatterns = [
    path("", include("api.urls")),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("docs", DocsView.as_view(url_name="openapi"), name="docs"),
]

# JSON bodies instead of Django's HTML error pages.
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
