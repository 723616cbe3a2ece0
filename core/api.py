"""API plumbing: permissions, pagination, the exception handler (all named in REST_FRAMEWORK), and the one way a
viewset writes through a service (ServiceWritesMixin).

Imports nothing of rest_framework.views at module level: DRF imports this module while loading its settings.
"""

import functools
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from core.paging import CountedPaginator, PageRowsPaginator, ordered_rows
from core.versions import record_version

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


class ModelPermissions(permissions.DjangoModelPermissions):
    """Logged in AND holding the model permission for the method; unlike DRF's default, reads need `view_`."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def _queryset(self, view):
        # The permission needs only the model: a viewset's class-level `queryset` names it, without building the
        # list's joins and annotations (get_queryset()) a second time on every request.
        queryset = getattr(view, "queryset", None)
        return queryset if queryset is not None else super()._queryset(view)


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
    """Page numbers, `page_size` up to 500.

    A list view may define `page_rows(page_ids) -> QuerySet`: the database then sorts and cuts the page on the
    list's own table, and only the page's rows are read with their joins, in one query (`WHERE id IN (the page's
    ids)`, a subquery): a filter matching 10,000 ties otherwise joins both ends of all 10,000 before sorting them.
    """

    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CountedPaginator

    def paginate_queryset(self, queryset, request, view=None):
        page_rows = getattr(view, "page_rows", None)
        if page_rows is None or not isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset, request, view)
        if queryset.query.distinct:
            # A DISTINCT list selects its ordering columns too, so its ids make no one-column subquery: the page is
            # read as it is, then its rows again by their ids (one query more).
            page = super().paginate_queryset(queryset, request, view)
            if page is None:
                return None
            by_id = {row.pk: row for row in page_rows([row.pk for row in page])}
            return [by_id[row.pk] for row in page]
        rows = ordered_rows(queryset, page_rows)
        self.django_paginator_class = functools.partial(PageRowsPaginator, rows=rows)  # type: ignore[assignment]
        return super().paginate_queryset(queryset.values("pk"), request, view)


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


class ServiceWritesMixin(_ViewBase):
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

    # Each writing viewset defines these two (and perform_destroy), one service call each.
    def perform_create(self, serializer) -> None:
        raise NotImplementedError(f"{type(self).__name__}.perform_create must call the create service")

    def perform_update(self, serializer) -> None:
        raise NotImplementedError(f"{type(self).__name__}.perform_update must call the update service")

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


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "Precondition failed."
    default_code = "precondition_failed"


# Optimistic locking for a viewset's detail routes (issue 9, finding 1). Comments, not a docstring: a viewset
# without its own docstring would show this one as its API description (drf-spectacular inherits docstrings).
#
# Every 2xx answer about one record carries an `ETag`: its version, which changes on every write (a hash of
# the row's `updated` time, which `auto_now` moves on each save). A write (PUT, PATCH, DELETE, and any POST
# action on the record: advance, upgrade, approvals, archive ...) that sends `If-Match` with another version is
# refused with 412, the current version in the `ETag` header and the body, and who changed it when.
# Writes run in a transaction that locks the row first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's
# IMMEDIATE transactions already let one writer in at a time), so of two writers holding the same version,
# exactly one gets through. Without `If-Match` a write proceeds as before.
class VersionedMixin(_ViewBase):
    version_field = "updated"

    def dispatch(self, request, *args, **kwargs):
        if request.method in permissions.SAFE_METHODS:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def _lookup(self):
        return self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)

    def version_of(self, instance) -> str:
        return record_version(instance, self.version_field)

    def get_object(self):
        if self.request.method in permissions.SAFE_METHODS:
            instance = super().get_object()
            self._versioned = instance
            return instance
        model = self.get_queryset().model
        try:  # lock the row before reading it, so the version checked is the one the write replaces
            list(model._default_manager.select_for_update().filter(**{self.lookup_field: self._lookup()})[:1])
        except (TypeError, ValueError, DjangoValidationError):
            pass  # a malformed id: super().get_object() answers 404
        instance = super().get_object()
        self._check_if_match(instance)
        self._version_before = self.version_of(instance)
        return instance

    def _check_if_match(self, instance) -> None:
        header = self.request.headers.get("If-Match")
        if not header:
            return
        wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        current = self.version_of(instance)
        if "*" in wanted or current in wanted:
            return
        last = instance.history.select_related("history_user").first() if hasattr(instance, "history") else None
        who = last.history_user.get_username() if last and last.history_user else _("someone")
        when = formats.date_format(timezone.localtime(getattr(instance, self.version_field)), "DATETIME_FORMAT")
        raise PreconditionFailed(
            {
                "detail": _("This record was changed by %(user)s at %(time)s; reload it and apply your change again.")
                % {"user": who, "time": when},
                "etag": current,
                "changed_by": who,
                "changed_at": getattr(instance, self.version_field).isoformat(),
            }
        )

    def _current_version(self) -> str | None:
        if self.request.method in permissions.SAFE_METHODS:
            instance = getattr(self, "_versioned", None)
            return self.version_of(instance) if instance is not None else None
        rows = self.get_queryset().model._default_manager.filter(**{self.lookup_field: self._lookup()})
        try:
            row = rows.first()
        except (TypeError, ValueError, DjangoValidationError):
            return None
        if row is None:
            return None
        if self.version_of(row) == getattr(self, "_version_before", None):
            # An action that wrote only other rows (an approval decision, say) still changed the record's state:
            # move its version too, so a client holding the old one is refused. No history row: nothing else changed.
            rows.update(**{self.version_field: timezone.now()})
            row.refresh_from_db(fields=[self.version_field])
        return self.version_of(row)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 412 and isinstance(response.data, dict) and response.data.get("etag"):
            response["ETag"] = str(response.data["etag"])
        elif 200 <= response.status_code < 300 and request.method != "DELETE" and self._lookup() is not None:
            etag = self._current_version()
            if etag:
                response["ETag"] = etag
        return response
