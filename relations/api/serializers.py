"""Serializers for ties: a read shape (ends nested, allowed next steps), a write shape (ids), and the actions."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.api.serializers import EntityBriefSerializer, entity_brief
from contacts.models import Entity
from core.serializers import date_text, datetime_text
from relations.choices import ApprovalLevel, ApprovalOutcome, RelationKind, RelationStatus
from relations.models import TIE_DATES, ApprovalDecision, Relation, RelationStep

TIE_DATES_TEXT = f"From {TIE_DATES.low} to {TIE_DATES.high}."


class RelationStepSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = RelationStep
        fields = ("id", "from_status", "to_status", "date", "note", "document_no", "recorded_by", "created")
        read_only_fields = fields


class ApprovalDecisionSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ApprovalDecision
        fields = ("id", "level", "outcome", "date", "note", "document_no", "recorded_by", "created")
        read_only_fields = fields


class RelationSerializer(serializers.ModelSerializer):
    """A tie as read: both ends nested, the link to the tie it was upgraded to/from, the allowed next steps."""

    source = EntityBriefSerializer(read_only=True)
    target = EntityBriefSerializer(read_only=True)
    upgraded_to = serializers.SerializerMethodField()
    anniversary_base_date = serializers.DateField(read_only=True, allow_null=True)
    allowed_next = serializers.ListField(child=serializers.ChoiceField(choices=RelationStatus.choices), read_only=True)

    class Meta:
        model = Relation
        fields = (
            "id",
            "kind",
            "status",
            "source",
            "target",
            "status_since",
            "established_on",
            "anniversary_base_date",
            "title",
            "start_date",
            "end_date",
            "upgraded_from",
            "upgraded_to",
            "notes",
            "allowed_next",
            "created",
            "updated",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_upgraded_to(self, relation) -> int | None:
        successor = getattr(relation, "upgraded_to", None)
        return successor.pk if successor else None


class RelationListSerializer(RelationSerializer):
    """A tie in a list: what the tie list shows (both ends, kind, status, dates, the allowed next steps); its notes
    are in its own answer."""

    class Meta(RelationSerializer.Meta):
        fields = tuple(name for name in RelationSerializer.Meta.fields if name not in ("notes", "created"))
        read_only_fields = fields

    def to_representation(self, instance: Relation) -> dict:
        # The declared fields' answer, built directly (50 rows, both ends nested: DRF's field-by-field machinery
        # cost more than the data). tests/relations/test_api.py checks it against the fields.
        return {
            "id": instance.pk,
            "kind": instance.kind,
            "status": instance.status,
            "source": entity_brief(self, instance.source),
            "target": entity_brief(self, instance.target),
            "status_since": date_text(instance.status_since),
            "established_on": date_text(instance.established_on),
            "anniversary_base_date": date_text(instance.anniversary_base_date),
            "title": instance.title,
            "start_date": date_text(instance.start_date),
            "end_date": date_text(instance.end_date),
            "upgraded_from": instance.upgraded_from_id,
            "upgraded_to": self.get_upgraded_to(instance),
            "allowed_next": list(instance.allowed_next),
            "updated": datetime_text(instance.updated),
        }


class RelationDetailSerializer(RelationSerializer):
    """A tie with its dated lifecycle steps and approval decisions inline."""

    steps = RelationStepSerializer(many=True, read_only=True)
    approvals = ApprovalDecisionSerializer(many=True, read_only=True)

    class Meta(RelationSerializer.Meta):
        fields = (*RelationSerializer.Meta.fields, "steps", "approvals")
        read_only_fields = fields


class RelationWriteSerializer(serializers.Serializer):
    """A tie as written: entity ids for both ends. `status` only on create; afterwards use the advance action."""

    kind = serializers.ChoiceField(choices=RelationKind.choices)
    source = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), help_text="Our side (or the person).")
    target = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), help_text="The partner.")
    status = serializers.ChoiceField(
        choices=RelationStatus.choices,
        required=False,
        help_text="Starting status (default: contact); cannot be changed by an update.",
    )
    established_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=f"The signing date; required for a signed or dormant tie. {TIE_DATES_TEXT}",
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="For a position: the post held."
    )
    start_date = serializers.DateField(required=False, allow_null=True, help_text=TIE_DATES_TEXT)
    end_date = serializers.DateField(required=False, allow_null=True, help_text=TIE_DATES_TEXT)
    notes = serializers.CharField(required=False, allow_blank=True)
    date = serializers.DateField(
        required=False,
        write_only=True,
        help_text="On create: date of the starting status (default: established_on, else start_date; one is required). "
        f"{TIE_DATES_TEXT}",
    )
    note = serializers.CharField(
        required=False, allow_blank=True, write_only=True, help_text="On create: note on the starting status."
    )
    document_no = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        write_only=True,
        help_text="On create: document number of the starting status.",
    )


class NextStatusField(serializers.ChoiceField):
    """Documented as the enum of statuses, but checked by relation_advance, whose refusal names the allowed steps."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return data


class RelationAdvanceSerializer(serializers.Serializer):
    status = NextStatusField(
        choices=RelationStatus.choices, help_text="The next status: one of the tie's `allowed_next`."
    )
    date = serializers.DateField(help_text=f"When the step happened (not before the last step). {TIE_DATES_TEXT}")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    document_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class ApprovalRecordSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=ApprovalLevel.choices)
    outcome = serializers.ChoiceField(choices=ApprovalOutcome.choices)
    date = serializers.DateField(help_text=TIE_DATES_TEXT)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    document_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class RelationUpgradeSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=f"The signing date of the sister-city agreement. {TIE_DATES_TEXT}")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    document_no = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
