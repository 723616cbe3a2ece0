"""The OpenAPI schema class: drf-spectacular's, plus what the API answers that drf-spectacular cannot see.

- The error answers (core.api.exception_handler and crm/errors.py: DRF's shapes) on every operation that can give
  them: 400 where a request carries a body or query parameters, or writes (a refused delete is a 400); 401 and 403
  where a login is needed; 404 on a record's routes and on paginated lists (a page past the end); 429 where a
  throttle applies; 412 where the record is versioned.
- VersionedMixin's detail routes: reads document the `ETag` response header; writes and actions on the record
  document the optional `If-Match` request header and the 412 answer (see core.api.VersionedMixin).
- A read-only field keeps what its model field allows: DRF drops `allow_blank` from read-only fields, so a blank
  choice (a tie's first step has no `from_status`) would be missing from its enum.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers

from core.api import VersionedMixin

ETAG_HEADER = {"description": "The record's version; send it back as If-Match.", "schema": {"type": "string"}}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "The ETag the record was loaded with: a write refused with 412 if it changed since.",
    "schema": {"type": "string"},
}
PRECONDITION_FAILED = {
    "description": "The record changed since the If-Match version: nothing was written; reload and retry.",
    "headers": {"ETag": ETAG_HEADER},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "etag": {"type": "string"},
                    "changed_by": {"type": "string"},
                    "changed_at": {"type": "string", "format": "date-time"},
                },
                "required": ["detail", "etag"],
            }
        }
    },
}
# DRF's error bodies: {"detail": "..."} for everything but a refused input, which names each field.
ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Each refused field (or query parameter) with its messages; `non_field_errors` for the request as "
    "a whole; `detail` alone for a body that could not be read.",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    # A field's messages, or for a nested record or a list of them, the same shape one level down.
    "additionalProperties": {"oneOf": [{"type": "array", "items": {}}, {"type": "object"}]},
}
ERROR_DESCRIPTIONS = {
    "400": "The request was refused: see which field and why.",
    "401": "Not logged in: send a token (`Authorization: Token …`) or a session cookie.",
    "403": "Logged in, but the user's role does not allow this.",
    "404": "No such record (or page).",
    "429": "Too many requests: wait the `Retry-After` seconds.",
}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return operation
        self._add_version_headers(operation, path)
        self._add_error_responses(operation, path)
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        model_field = _model_field(field) if field.read_only else None
        if model_field is not None:
            blank = isinstance(field, serializers.ChoiceField) and model_field.blank and not field.allow_blank
            null = model_field.null and not field.allow_null
            if blank or null:
                field = copy.copy(field)
                if blank:
                    field.allow_blank = True
                if null:
                    field.allow_null = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _add_version_headers(self, operation, path) -> None:
        view = self.view
        if not isinstance(view, VersionedMixin):
            return
        if not view.kwargs and "{" not in path:  # a list or a collection action (create, from-gazetteer)
            return
        responses = operation.setdefault("responses", {})
        if self.method in ("GET", "HEAD"):
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {})["ETag"] = ETAG_HEADER
            return
        operation.setdefault("parameters", []).append(IF_MATCH)
        responses["412"] = PRECONDITION_FAILED
        for code, response in responses.items():
            if code.startswith("2") and code != "204":
                response.setdefault("headers", {})["ETag"] = ETAG_HEADER

    def _add_error_responses(self, operation, path) -> None:
        view = self.view
        responses = operation.setdefault("responses", {})
        query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
        codes = []
        if self.method not in permissions.SAFE_METHODS or query or "requestBody" in operation:
            codes.append("400")
        if not all(isinstance(permission, permissions.AllowAny) for permission in view.get_permissions()):
            codes += ["401", "403"]
        if "{" in path or "page" in query or "format" in query:  # a format no renderer makes is a 404
            codes.append("404")
        if view.get_throttles():
            codes.append("429")
        for code in codes:
            if code in responses:
                continue
            schema = self._error_component("ValidationError" if code == "400" else "Error")
            responses[code] = {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {"application/json": {"schema": schema}},
            }

    def _error_component(self, name: str) -> dict:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            schema=VALIDATION_ERROR if name == "ValidationError" else ERROR,
            object=f"core.schema.{name}",
        )
        self.registry.register_on_missing(component)
        return component.ref


def _model_field(field):
    """The model field a serializer field reads directly (`source` one attribute of the serializer's model)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or field.source == "*" or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
