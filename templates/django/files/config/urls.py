"""URL configuration: the API lives in the `api` app, without trailing slashes."""

from django.urls import include, path

urlpatterns = [
    path("", include("api.urls")),
]

# JSON bodies instead of Django's HTML error pages.
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
