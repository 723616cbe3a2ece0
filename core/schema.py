"""The OpenAPI schema class: drf-spectacular's, plus what VersionedMixin adds to a viewset's detail routes.

Reads of one record document the `ETag` response header; writes and actions on it document the optional
`If-Match` request header and the 412 answer (see core.api.VersionedMixin).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

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


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        view = self.view
        if operation is None or not isinstance(view, VersionedMixin):
            return operation
        if not view.kwargs and "{" not in path:  # a list or a collection action (create, from-gazetteer)
            return operation
        responses = operation.setdefault("responses", {})
        if self.method in ("GET", "HEAD"):
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {})["ETag"] = ETAG_HEADER
            return operation
        operation.setdefault("parameters", []).append(IF_MATCH)
        responses["412"] = PRECONDITION_FAILED
        for code, response in responses.items():
            if code.startswith("2") and code != "204":
                response.setdefault("headers", {})["ETag"] = ETAG_HEADER
        return operation
