import json

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from imports.choices import ImportKind, RowStatus
from imports.forms import MAX_UPLOAD
from imports.models import ImportRecord


class ImportRecordSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ImportRecord
        fields = ("id", "kind", "file_name", "user", "status", "counts", "total_rows", "created", "imported_at",
                  "undone_at")  # fmt: skip
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.STR)
class _JSONObjectField(serializers.Field):
    """An object of texts given as JSON text (multipart forms carry no objects)."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else {}
            except ValueError:
                raise serializers.ValidationError(_("Give a JSON object.")) from None
        if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise serializers.ValidationError(_("Give a JSON object of texts."))
        return data

    def to_representation(self, value):
        return value


class ImportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField(help_text="XLSX, or CSV in UTF-8 or GB18030; the first row holds the headers.")
    confirm = serializers.BooleanField(
        default=False, help_text="false (default): preview only, nothing written; true: import all or nothing."
    )
    mapping = _JSONObjectField(
        required=False, help_text='JSON object: file header -> column key ("" to ignore), e.g. {"城市名": "name"}.'
    )
    defaults = _JSONObjectField(
        required=False,
        help_text='JSON object: column key -> value for rows that leave it blank, e.g. {"kind": "city"}.',
    )

    def validate_file(self, upload):
        if upload.size > MAX_UPLOAD:
            raise serializers.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload


class RowReportSerializer(serializers.Serializer):
    row = serializers.IntegerField(source="number")
    status = serializers.ChoiceField(choices=RowStatus.choices)
    record = serializers.CharField(source="label")
    errors = serializers.ListField(child=serializers.DictField(child=serializers.CharField()), source="error_items")
    messages = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    ok = serializers.BooleanField()
    counts = serializers.DictField(child=serializers.IntegerField())
    columns = serializers.DictField(child=serializers.CharField(), help_text="file header -> column key")
    ignored = serializers.ListField(child=serializers.CharField())
    file_errors = serializers.ListField(child=serializers.CharField())
    rows = RowReportSerializer(many=True)
    record = ImportRecordSerializer(required=False, allow_null=True)
