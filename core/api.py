"""API plumbing: permissions, pagination, the exception handler (all named in REST_FRAMEWORK), and the one way a
viewset writes through a service (ServiceWritesMixin).

Imports nothing of rest_framework.views at module level: DRF imports this module while loading its settings.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings


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
        linked = sorted(
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


class ServiceWritesMixin:
    """The one way a viewset writes: DRF's `perform_create`, `perform_update` and `perform_destroy` each call the
    app's service with `by=self.request.user` and `**self.service_arguments(serializer)`; nothing else writes.

    When writes take another shape than reads (ids in, nested records out), `write_serializer_class` validates the
    request and the answer is the read serializer (`get_serializer`) of the record as `get_queryset()` reads it once
    written. Put the mixin before the DRF viewset class; domain verbs stay `@action`s that call their service.
    """

    write_serializer_class = None

    def service_arguments(self, serializer) -> dict:
        """The validated data as the service's keyword arguments; override to rename or leave out fields."""
        return dict(serializer.validated_data)

    def get_write_serializer(self, *args, **kwargs):
        if self.write_serializer_class is None:
            return self.get_serializer(*args, **kwargs)
        kwargs.setdefault("context", self.get_serializer_context())
        return self.write_serializer_class(*args, **kwargs)

    def written_data(self, serializer) -> dict:
        """The body answering a write: the serializer's own data, or the written record re-read in the read shape."""
        if self.write_serializer_class is None:
            return serializer.data
        return self.get_serializer(self.get_queryset().get(pk=serializer.instance.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_write_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        data = self.written_data(serializer)
        return Response(data, status=status.HTTP_201_CREATED, headers=self.get_success_headers(data))

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_write_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        if getattr(instance, "_prefetched_objects_cache", None):
            # As DRF's UpdateModelMixin: a prefetch made before the write would answer with stale rows.
            instance._prefetched_objects_cache = {}
        return Response(self.written_data(serializer))

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def get_success_headers(self, data) -> dict:
        # As DRF's CreateModelMixin: a Location header when the body carries the record's `url`.
        try:
            return {"Location": str(data[api_settings.URL_FIELD_NAME])}
        except (TypeError, KeyError):
            return {}
