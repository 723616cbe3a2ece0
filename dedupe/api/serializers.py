"""Serializers of the duplicates API. They shape data; dedupe.services decides."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from contacts.api.serializers import EntityBriefSerializer
from contacts.matching import REASONS
from contacts.models import Entity
from dedupe.models import Merge, NotDuplicate
from dedupe.services import MERGE_FIELDS


class DuplicatePairSerializer(serializers.Serializer):
    """Two entities that may be one, with the score (0-100) and what they share."""

    first = EntityBriefSerializer()
    second = EntityBriefSerializer()
    score = serializers.IntegerField(min_value=0, max_value=100)
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=list(REASONS)),
        help_text=_("geonameid: the same GeoNames id; same_name: the same name once folded; close_name: a close name."),
    )
    reason_labels = serializers.ListField(child=serializers.CharField(), help_text=_("In the request's language."))
    matched_names = serializers.ListField(child=serializers.CharField(), source="names")


class DuplicateQuerySerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, allow_blank=True, help_text=_("Only entities of this kind."))
    country = serializers.CharField(
        required=False, allow_blank=True, max_length=2, help_text=_("ISO 3166-1 alpha-2: only this country's.")
    )


class NotDuplicateSerializer(serializers.ModelSerializer):
    """Two entities an officer said are two records: the pair is no longer offered."""

    first = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    second = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = NotDuplicate
        fields = ["id", "first", "second", "note", "decided_by", "created"]
        read_only_fields = ["created"]


class MergeRequestSerializer(serializers.Serializer):
    survivor = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(), help_text=_("The entity kept: every link of the others moves to it.")
    )
    merged = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        many=True,
        allow_empty=False,
        help_text=_("The entities merged into it and then deleted (restorable by undoing the merge)."),
    )
    values = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        default=dict,
        help_text=_(
            'For a field, the id of the entity whose value the survivor keeps, e.g. {"name_zh": 12}. Fields: '
            "kind, name, name_zh, name_en, title, country, domestic, parent, coordinates (latitude and longitude "
            "together), population, geonameid, website, notes, archived. By default the survivor's, or the first "
            "merged one's where the survivor has none. Aliases, tags and contact points are united."
        ),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")

    def validate_values(self, values):
        unknown = sorted(set(values) - set(MERGE_FIELDS))
        if unknown:
            raise serializers.ValidationError(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(unknown)})
        return values


class MergeSerializer(serializers.ModelSerializer):
    """A merge: the survivor, the ids merged away, who, why, and whether it was undone."""

    merged_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    undone_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    merged_ids = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    changes = serializers.SerializerMethodField(
        help_text=_("How many changes the merge recorded (undo plays them back).")
    )

    class Meta:
        model = Merge
        fields = [
            "id",
            "survivor",
            "merged_ids",
            "summary",
            "reason",
            "merged_by",
            "created",
            "undone_at",
            "undone_by",
            "changes",
        ]
        read_only_fields = fields

    def get_changes(self, merge: Merge) -> int:
        return len(merge.log)


class MergeUndoSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
