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

    charset: str | None = None
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


FILE_RENDERERS = [XLSXRenderer, CSVRenderer]
FILE_RESPONSES = {(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY}
FORMATS = "`format=xlsx`, the default, or `format=csv`; or `Accept: text/csv`"


def export_schema(summary: str, description: str):
    """The schema of an export action: the list's filters, a file in either format (errors as every endpoint's)."""
    return extend_schema(summary=summary, description=description, filters=True, responses=FILE_RESPONSES)


class ExportMixin(_ViewBase):
    """Adds `export` to a list viewset: `export_table(queryset, fmt)` makes the file (the list page's export uses
    the same function), named `export_name.<fmt>`. Another export of the same list (a tie list's approval
    decisions) is an action with `renderer_classes=FILE_RENDERERS` that returns `self.export_file(table, name)`."""

    export_table: Callable[[Any, str], bytes]
    export_name = "records"

    @export_schema(
        "Export the list as a spreadsheet",
        "Every record the list's filters and ordering select (all pages), as an XLSX workbook or a UTF-8 CSV file "
        f"({FORMATS}), in the columns of the import template of its kind: the file re-imports unchanged. Text that "
        "a spreadsheet would run as a formula is written as text.",
    )
    @action(detail=False, methods=["get"], renderer_classes=FILE_RENDERERS, pagination_class=None)
    def export(self, request, *args, **kwargs):
        return self.export_file(type(self).export_table, self.export_name)

    def export_file(self, table: Callable[[Any, str], bytes], name: str) -> Response:
        """`table(the list's filtered records, fmt)` as a download in the negotiated format."""
        fmt = self.request.accepted_renderer.format
        content = table(self.filter_queryset(self.get_queryset()), fmt)
        return Response(content, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})

    def finalize_response(self, request, response, *args, **kwargs):
        files_only = all(issubclass(renderer, _FileRenderer) for renderer in self.renderer_classes)
        if files_only and isinstance(response, Response) and response.status_code >= 400:
            # an error is JSON, as from every endpoint, not a file (406 for an Accept no file type meets too)
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
