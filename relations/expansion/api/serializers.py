"""Serializers of the expansion API: the home field every endpoint shares, plans, the layout, the network and the
suggestions. They shape and validate data; the services and selectors decide."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from contacts.models import Entity
from relations.choices import CITY_TIE_KINDS, PlanTier, RelationKind, RelationStatus
from relations.expansion.kinds import KINDS
from relations.expansion.world import home_check
from relations.models import MAX_TARGET, PLAN_YEARS, LayoutPlan, LayoutRule, LayoutTarget, SuggestionDismissal

MAX_DEPTH = 3


class HomeField(serializers.PrimaryKeyRelatedField):
    """The `home` of an expansion endpoint: an entity id that `home_check` accepts (one of our own), else a 400."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Entity.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        home = super().to_internal_value(data)
        try:
            home_check(home)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["home"]) from exc
        return home


# --- layout plans ----------------------------------------------------------------------------------------------------


class LayoutRuleSerializer(serializers.ModelSerializer):
    country = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2,
        help_text=gettext_lazy("ISO country code (leave empty for a region rule)."),
    )
    region = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=gettext_lazy("Region code: continent, UN M49 sub-region or bloc."),
    )

    class Meta:
        model = LayoutRule
        fields = ("id", "region", "country", "tier", "target", "notes")
        read_only_fields = ("id",)
        extra_kwargs = {"target": {"min_value": MAX_TARGET.low, "max_value": MAX_TARGET.high}}


class LayoutTargetSerializer(serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False, allow_null=True)
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)

    class Meta:
        model = LayoutTarget
        fields = ("id", "entity", "geonameid", "name", "country", "notes")
        read_only_fields = ("id",)


class LayoutPlanSerializer(serializers.ModelSerializer):
    """A plan with its rules and named targets; on write, the lists given replace the plan's lists."""

    home = HomeField()
    rules = LayoutRuleSerializer(many=True, required=False)
    targets = LayoutTargetSerializer(many=True, required=False)

    class Meta:
        model = LayoutPlan
        fields = ("id", "home", "name", "start_year", "end_year", "notes", "rules", "targets", "created", "updated")
        read_only_fields = ("id", "created", "updated")
        extra_kwargs = {
            "start_year": {"min_value": PLAN_YEARS.low, "max_value": PLAN_YEARS.high},
            "end_year": {"min_value": PLAN_YEARS.low, "max_value": PLAN_YEARS.high},
        }


# --- the layout against today ----------------------------------------------------------------------------------------


class LayoutQuerySerializer(serializers.Serializer):
    home = HomeField(help_text=gettext_lazy("Our city or district (an entity id)."))
    plan = serializers.PrimaryKeyRelatedField(
        queryset=LayoutPlan.objects.all(),
        required=False,
        help_text=gettext_lazy("A plan of the home (default: the one in force)."),
    )

    def validate(self, attrs):
        plan = attrs.get("plan")
        if plan is not None and plan.home_id != attrs["home"].pk:
            raise serializers.ValidationError({"plan": _("This plan belongs to another home.")})
        return attrs


class TieCountsFields(serializers.Serializer):
    live = serializers.IntegerField(help_text=gettext_lazy("Partnerships in force (signed or dormant)."))
    in_progress = serializers.IntegerField(help_text=gettext_lazy("Partnerships before signing."))
    total = serializers.IntegerField(help_text=gettext_lazy("Every tie not ended, of any kind."))
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())


class LayoutCountrySerializer(TieCountsFields):
    code = serializers.CharField()
    name = serializers.CharField()
    name_zh = serializers.CharField()
    tier = serializers.CharField(allow_blank=True)
    tier_label = serializers.CharField(allow_blank=True)
    via = serializers.CharField(allow_blank=True, help_text=gettext_lazy("The region the tier comes from."))
    target = serializers.IntegerField(allow_null=True)
    shortfall = serializers.IntegerField()


class LayoutRuleRowSerializer(TieCountsFields):
    id = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    scope = serializers.ChoiceField(choices=["region", "country"])
    name = serializers.CharField()
    name_zh = serializers.CharField()
    tier = serializers.ChoiceField(choices=PlanTier.choices)
    tier_label = serializers.CharField()
    target = serializers.IntegerField(allow_null=True)
    shortfall = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("target − live, never below 0."))
    gap = serializers.IntegerField(help_text=gettext_lazy("Live ties the rule still asks for."))
    notes = serializers.CharField(allow_blank=True)


class LayoutRegionSerializer(LayoutRuleRowSerializer):
    countries = serializers.ListField(child=serializers.CharField())


class LayoutHomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_zh = serializers.CharField()
    country = serializers.CharField()


class LayoutPlanBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()


class LayoutSerializer(serializers.Serializer):
    home = LayoutHomeSerializer()
    plan = LayoutPlanBriefSerializer(allow_null=True)
    countries = LayoutCountrySerializer(many=True)
    regions = LayoutRegionSerializer(many=True)
    rules = LayoutRuleRowSerializer(many=True)


# --- the network -----------------------------------------------------------------------------------------------------


class GraphQuerySerializer(serializers.Serializer):
    center = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all())
    depth = serializers.IntegerField(required=False, default=2, min_value=1, max_value=MAX_DEPTH)
    closed = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Include ended and upgraded ties.")
    )


class GraphNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(allow_blank=True)
    domestic = serializers.BooleanField()
    url = serializers.CharField()


class GraphEdgeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.IntegerField()
    target = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RelationKind.choices)
    status = serializers.ChoiceField(choices=RelationStatus.choices)


class GraphSerializer(serializers.Serializer):
    nodes = GraphNodeSerializer(many=True)
    edges = GraphEdgeSerializer(many=True)
    truncated = serializers.BooleanField()


# --- suggestions -----------------------------------------------------------------------------------------------------


class SuggestionQuerySerializer(serializers.Serializer):
    home = HomeField(help_text=gettext_lazy("Our city or district (an entity id)."))
    kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Kinds to include, comma-separated: gap, reference, radiate, deepen, anniversary, dormant, upgrade "
            "(default: all)."
        ),
    )

    country = serializers.CharField(
        required=False, allow_blank=True, help_text=gettext_lazy("Only suggestions about this country (ISO code).")
    )
    region = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Only suggestions about the member countries of this region (a code such as asean)."),
    )

    def validate_country(self, value: str) -> str:
        return (value or "").strip().upper()

    def validate_region(self, value: str) -> list[str] | None:
        from contacts.models import Region

        code = (value or "").strip().lower()
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise serializers.ValidationError(_("Unknown region code “%(code)s”.") % {"code": code})
        return list(region.countries or ())

    def validate_kind(self, value: str) -> list[str]:
        kinds = [k.strip() for k in (value or "").split(",") if k.strip()]
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown kind(s): %(kinds)s. Use %(allowed)s.")
                % {"kinds": ", ".join(unknown), "allowed": ", ".join(KINDS)}
            )
        return kinds


class SuggestionSubjectSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["entity", "city", "country"])
    id = serializers.IntegerField(required=False, help_text=gettext_lazy("Entity id (type entity)."))
    geonameid = serializers.IntegerField(required=False, allow_null=True)
    code = serializers.CharField(required=False, help_text=gettext_lazy("Country code (type country)."))
    name = serializers.CharField()
    name_zh = serializers.CharField(allow_blank=True)
    name_en = serializers.CharField(required=False, allow_blank=True)
    display_name = serializers.CharField(help_text=gettext_lazy("The name to show, in the request's language."))
    country = serializers.CharField(allow_blank=True)
    entity_kind = serializers.CharField(required=False)
    population = serializers.IntegerField(required=False, allow_null=True)
    latitude = serializers.FloatField(required=False, allow_null=True)
    longitude = serializers.FloatField(required=False, allow_null=True)
    capital = serializers.BooleanField(required=False)


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    key = serializers.CharField(help_text=gettext_lazy("Stable identifier, used to accept or dismiss."))
    subject = SuggestionSubjectSerializer()
    score = serializers.FloatField(help_text=gettext_lazy("Priority from 0 to 100; the list is sorted by it."))
    reasons = serializers.ListField(child=serializers.CharField())
    actions = serializers.ListField(child=serializers.ChoiceField(choices=["accept", "dismiss", "plan"]))
    relation = serializers.IntegerField(allow_null=True, help_text=gettext_lazy("The tie it is about, if any."))
    date = serializers.DateField(allow_null=True, help_text=gettext_lazy("The anniversary's date (anniversary)."))
    candidates = SuggestionSubjectSerializer(
        many=True, required=False, help_text=gettext_lazy("Best cities of a suggested country.")
    )


class SuggestionAcceptSerializer(serializers.Serializer):
    home = HomeField()
    key = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in CITY_TIE_KINDS],
        required=False,
        default=RelationKind.FRIENDLY_EXCHANGE,
        help_text=gettext_lazy("The kind of the new tie."),
    )


class SuggestionDismissSerializer(serializers.Serializer):
    home = HomeField()
    key = serializers.CharField(max_length=200)
    reason = serializers.CharField(help_text=gettext_lazy("Why it is dismissed (kept on file)."))


class DismissedQuerySerializer(serializers.Serializer):
    home = HomeField()


class SuggestionDismissalSerializer(serializers.ModelSerializer):
    active = serializers.SerializerMethodField()
    dismissed_by = serializers.SerializerMethodField()

    class Meta:
        model = SuggestionDismissal
        fields = ("id", "home", "key", "kind", "subject", "reason", "until", "active", "dismissed_by", "created")
        read_only_fields = fields

    def get_active(self, dismissal) -> bool:
        return dismissal.until > timezone.localdate()

    def get_dismissed_by(self, dismissal) -> str | None:
        return dismissal.dismissed_by.get_username() if dismissal.dismissed_by else None
