"""The list endpoints' exports: `GET /api/<list>/export/?format=xlsx|csv` (or `Accept: text/csv`), every record the
list's filters and ordering select (not paginated), in the columns its import template reads, so that the file
re-imports as is. The same tables as the list pages' exports (each app's exports.py); DRF's content negotiation
picks the format, the list's permissions and FilterSet apply, and a refusal (a wrong filter, no permission) answers
in JSON as every other error does.

A module of its own, not core/api.py: DRF imports that one while loading its settings, and `@action` imports DRF's
views.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.exports import XLSX_CONTENT_TYPE

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


class _FileRenderer(BaseRenderer):
    """The bytes of a file an export made, sent as they are."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class XLSXRenderer(_FileRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"


class CSVRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class ExportMixin(_ViewBase):
    """Adds `export` to a list viewset: `export_table(queryset, fmt)` makes the file (the list page's export uses
    the same function), named `export_name.<fmt>`."""

    export_table: Callable[[Any, str], bytes]
    export_name = "records"

    @extend_schema(
        summary="Export the list as a spreadsheet",
        description="Every record the list's filters and ordering select (all pages), as an XLSX workbook or a "
        "UTF-8 CSV file (`format=xlsx`, the default, or `format=csv`; or `Accept: text/csv`), in the columns of "
        "the import template of its kind: the file re-imports unchanged. Text that a spreadsheet would run as a "
        "formula is written as text.",
        filters=True,
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"], renderer_classes=[XLSXRenderer, CSVRenderer], pagination_class=None)
    def export(self, request, *args, **kwargs):
        fmt = request.accepted_renderer.format
        records = self.filter_queryset(self.get_queryset())
        content = type(self).export_table(records, fmt)
        return Response(content, headers={"Content-Disposition": f'attachment; filename="{self.export_name}.{fmt}"'})

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "action", None) == "export" and isinstance(response, Response) and response.status_code >= 400:
            # an error is JSON, as from every endpoint, not a file
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
