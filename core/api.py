"""API plumbing named in REST_FRAMEWORK settings: permissions, pagination, the exception handler.

Imports nothing of rest_framework.views at module level: DRF imports this module while loading its settings.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination


class ModelPermissions(permissions.DjangoModelPermissions):
    """Logged in AND holding the model permission for the method; unlike DRF's default, reads need `view_`."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class HasPerms(permissions.BasePermission):
    """For views without a model queryset: `permission_classes = [HasPerms.of("contacts.view_entity")]`."""

    required: tuple[str, ...] = ()
    write_required: tuple[str, ...] = ()

    @classmethod
    def of(cls, *perms: str, write: tuple[str, ...] = ()) -> type["HasPerms"]:
        return type("HasPerms", (cls,), {"required": perms, "write_required": write})

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        needed = self.required
        if request.method not in permissions.SAFE_METHODS and self.write_required:
            needed = needed + self.write_required
        return user.has_perms(needed)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    """Django's ValidationError (raised by services and full_clean) becomes a 400 that names the field."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                field: [str(m) for error in errors for m in error.messages] for field, errors in exc.error_dict.items()
            }
            detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, ProtectedError | RestrictedError):
        linked = sorted(  # type: ignore[type-var]  # lazy names sort as their text
            {obj._meta.verbose_name_plural for obj in exc.protected_objects}
            if isinstance(exc, ProtectedError)
            else {obj._meta.verbose_name_plural for obj in exc.restricted_objects}
        )
        message = _("This record cannot be deleted because other records refer to it (%(linked)s). Archive it instead.")
        exc = exceptions.ValidationError(
            {"non_field_errors": [message % {"linked": ", ".join(str(name) for name in linked)}]}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
