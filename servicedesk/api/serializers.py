"""The service desk's API shapes: kinds of service, ledger entries, APEC cards."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.naming import entity_display_name
from servicedesk.models import MAX_COUNT, ApecCard, ServiceEntry, ServiceKind


class ServiceKindSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The name in the reader's language.")

    class Meta:
        model = ServiceKind
        fields = ("id", "code", "name", "name_zh", "label", "unit", "cumulative", "order", "active", "updated")
        read_only_fields = ("updated",)


def _name(entity) -> str | None:
    return entity_display_name(entity) if entity is not None else None


class ServiceEntrySerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceKind.objects.all(), help_text="The kind's code, e.g. consular_certification."
    )
    kind_label = serializers.CharField(source="kind.label", read_only=True)
    applicant_name = serializers.SerializerMethodField()

    class Meta:
        model = ServiceEntry
        fields = (
            "id",
            "kind",
            "kind_label",
            "period",
            "date",
            "applicant",
            "applicant_name",
            "batches",
            "items",
            "note",
            "created",
            "updated",
        )
        read_only_fields = ("created", "updated")
        extra_kwargs = {
            "batches": {"max_value": MAX_COUNT, "min_value": 0},
            "items": {"max_value": MAX_COUNT, "min_value": 0},
            "date": {"help_text": "The service's day; for a month's totals any day of the month (stored as the 1st)."},
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_applicant_name(self, entry: ServiceEntry) -> str | None:
        return _name(entry.applicant)


class MonthTotalSerializer(serializers.Serializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=ServiceKind.objects.filter(active=True))
    batches = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    items = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)


class MonthTotalsSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Any day of the month (YYYY-MM-DD); the totals are dated its 1st.")
    totals = MonthTotalSerializer(many=True, min_length=1, help_text="One row per kind; (0, 0) writes nothing new.")
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_totals(self, rows):
        codes = [row["kind"].code for row in rows]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("Each kind once.")
        return rows


class ApecCardSerializer(serializers.ModelSerializer):
    holder_name = serializers.SerializerMethodField()
    enterprise_name = serializers.SerializerMethodField()

    class Meta:
        model = ApecCard
        fields = (
            "id",
            "number",
            "holder",
            "holder_name",
            "enterprise",
            "enterprise_name",
            "issued_on",
            "expires_on",
            "note",
            "created",
            "updated",
        )
        read_only_fields = ("created", "updated")

    @extend_schema_field(OpenApiTypes.STR)
    def get_holder_name(self, card: ApecCard) -> str | None:
        return _name(card.holder)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_enterprise_name(self, card: ApecCard) -> str | None:
        return _name(card.enterprise)
