from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from imports import services
from imports.api.serializers import ImportRecordSerializer, ImportReportSerializer, ImportRequestSerializer
from imports.models import ImportRecord

# A refused field (`{field: [reasons]}`, the API's ValidationError), or a refused file's report (`ok` false).
REFUSED = {"anyOf": [{"$ref": "#/components/schemas/ImportReport"}, {"$ref": "#/components/schemas/ValidationError"}]}


def _report_data(report, record=None) -> dict:
    for row in report.rows:
        row.error_items = [{"column": column, "reason": reason} for column, reason in row.errors]
    data = {
        "kind": report.kind,
        "ok": report.ok,
        "counts": report.counts,
        "columns": report.columns,
        "ignored": report.ignored,
        "file_errors": report.file_errors,
        "rows": report.rows,
        "record": record,
    }
    return ImportReportSerializer(data).data


class ImportRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Spreadsheet imports: preview a file (nothing written), import it all or nothing, list imports, undo one."""

    queryset = ImportRecord.objects.select_related("user").defer("content")
    serializer_class = ImportRecordSerializer
    filterset_fields = ("kind", "status")
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: OpenApiResponse(ImportReportSerializer, description="The preview: nothing was written."),
            201: OpenApiResponse(ImportReportSerializer, description="Imported; `record` is the import's record."),
            400: OpenApiResponse(
                REFUSED,
                description="A field is wrong (`{field: [reasons]}`), or the file has errors and nothing was written "
                "(the report, `ok` false).",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        """Preview (`confirm` false) or import (`confirm` true) a spreadsheet; every row's result with its errors."""
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        arguments = {
            "kind": data["kind"],
            "content": data["file"].read(),
            "file_name": data["file"].name,
            "by": request.user,
            "mapping": data.get("mapping") or None,
            "defaults": data.get("defaults") or None,
        }
        if not data["confirm"]:
            report = services.import_preview(**arguments)
            return Response(_report_data(report), status=status.HTTP_200_OK)
        try:
            record, report = services.import_file(**arguments)
        except services.ImportRefused as refused:
            return Response(_report_data(refused.report), status=status.HTTP_400_BAD_REQUEST)
        return Response(_report_data(report, record), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ImportRecordSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request, pk=None):
        """Undo the import as a whole (refused with 400 if a record it wrote has been changed since)."""
        record = services.import_undo(record=self.get_object(), by=request.user)
        return Response(self.get_serializer(record).data)
