"""Error responses: under /api/ always JSON, like every other API answer; elsewhere Django's own pages.

DRF answers the errors it knows (validation, permissions, not found) itself, through core.api.exception_handler;
these handlers cover what reaches Django: an unhandled exception (500), an unknown /api/ address (404),
a refused request (400, 403) before any view runs.
"""

from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json(exception_class: type[exceptions.APIException]) -> JsonResponse:
    """DRF's own message for the status (translated by DRF), in DRF's shape: {"detail": ...}."""
    return JsonResponse({"detail": str(exception_class.default_detail)}, status=exception_class.status_code)


def bad_request(request, exception):
    if _is_api(request):
        return _json(exceptions.ParseError)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _is_api(request):
        return _json(exceptions.PermissionDenied)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _is_api(request):
        return _json(exceptions.NotFound)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return _json(exceptions.APIException)
    return defaults.server_error(request)
