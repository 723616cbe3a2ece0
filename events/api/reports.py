"""API of the year's figures and of anniversaries: `/api/stats/`, `/api/anniversaries/`, `/api/anniversaries/plan/`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from contacts.api.serializers import EntityBriefSerializer
from contacts.choices import RegionKind
from contacts.naming import entity_display_name
from core.api import HasPerms
from events.anniversaries import anniversary_plan, anniversary_rows
from events.choices import EventKind, EventLevel
from events.stats import BY_CHOICES, DIRECTIONS, MAX_YEAR, MIN_YEAR, year_stats
from relations.anniversaries import add_months
from relations.models import Relation

DEFAULT_WINDOW_MONTHS = 18
MAX_WINDOW_YEARS = 10


# --- anniversaries ------------------------------------------------------------------------------------------------


class AnniversaryQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text=_("First day of the window (default: today)."))
    end = serializers.DateField(required=False, help_text=_("Last day of the window (default: 18 months ahead)."))

    def validate(self, attrs):
        start = attrs.get("start") or timezone.localdate()
        end = attrs.get("end") or add_months(start, DEFAULT_WINDOW_MONTHS)
        if end < start:
            raise serializers.ValidationError({"end": [_("The end of the window cannot be before its start.")]})
        if add_months(start, 12 * MAX_WINDOW_YEARS) < end:
            raise serializers.ValidationError(
                {"end": [_("The window can be at most %(years)s years long.") % {"years": MAX_WINDOW_YEARS}]}
            )
        return {"start": start, "end": end}


class AnniversarySerializer(serializers.Serializer):
    relation = serializers.IntegerField(source="relation.pk")
    partner = EntityBriefSerializer()
    partner_name = serializers.SerializerMethodField(help_text=_("The partner's name in the request's language."))
    home = EntityBriefSerializer()
    kind = serializers.CharField(source="relation.kind")
    kind_label = serializers.CharField(source="relation.get_kind_display")
    established_on = serializers.DateField(
        help_text=_("The first signing date of the tie (of its chain, if upgraded).")
    )
    date = serializers.DateField()
    years = serializers.IntegerField()
    milestone = serializers.BooleanField()
    planned = serializers.BooleanField()
    title = serializers.CharField()

    def get_partner_name(self, row) -> str:
        return entity_display_name(row.partner)


class AnniversaryListView(APIView):
    """Anniversaries of the ties in force whose date falls in the window, by date (default: the next 18 months)."""

    permission_classes = [HasPerms.of("relations.view_relation")]
    serializer_class = AnniversarySerializer

    @extend_schema(parameters=[AnniversaryQuerySerializer], responses=AnniversarySerializer(many=True))
    def get(self, request):
        query = AnniversaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = anniversary_rows(**query.validated_data)
        return Response(AnniversarySerializer(rows, many=True, context={"request": request}).data)


class AnniversaryPlanSerializer(serializers.Serializer):
    relation = serializers.PrimaryKeyRelatedField(queryset=Relation.objects.all())
    date = serializers.DateField(help_text=_("The anniversary's date."))
    due = serializers.DateField(
        required=False, help_text=_("When the planning follow-up falls due (default: 9 months before the date).")
    )


class AnniversaryPlanResultSerializer(serializers.Serializer):
    followup = serializers.IntegerField(source="followup.pk")
    event = serializers.IntegerField(source="event.pk", allow_null=True)
    created = serializers.BooleanField()


class AnniversaryPlanView(APIView):
    """Plan an anniversary: a planning follow-up and a draft anniversary event; 201, or 200 if already planned."""

    permission_classes = [HasPerms.of("relations.view_relation", write=("events.add_followup", "events.add_event"))]
    serializer_class = AnniversaryPlanSerializer

    @extend_schema(
        request=AnniversaryPlanSerializer,
        responses={201: AnniversaryPlanResultSerializer, 200: AnniversaryPlanResultSerializer},
    )
    def post(self, request):
        serializer = AnniversaryPlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = anniversary_plan(relation=data["relation"], date=data["date"], by=request.user, due=data.get("due"))
        return Response(
            AnniversaryPlanResultSerializer(plan).data,
            status=status.HTTP_201_CREATED if plan.created else status.HTTP_200_OK,
        )


# --- the year's figures -------------------------------------------------------------------------------------------


class StatsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("The year (default: this year); compared with the year before."),
    )
    by = serializers.ChoiceField(choices=BY_CHOICES, required=False, default="kind")
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    direction = serializers.ChoiceField(
        choices=[(key, key) for key in DIRECTIONS],
        required=False,
        help_text=_("inbound = inbound visits, outbound = outbound visits."),
    )
    level = serializers.ChoiceField(
        choices=EventLevel.choices,
        required=False,
        help_text=_("Only events whose highest-ranking guest had this level."),
    )
    region = serializers.CharField(
        required=False, help_text=_("A region code: only events with a partner from one of its countries.")
    )
    region_kind = serializers.ChoiceField(
        choices=RegionKind.choices,
        required=False,
        default=RegionKind.CONTINENT,
        help_text=_("For by=region: group by continents, sub-regions or blocs."),
    )


class StatsRowSerializer(serializers.Serializer):
    key = serializers.JSONField(
        allow_null=True,
        help_text=_(
            "What the row counts: a kind, level, country code, region code, entity id or month number; null for "
            "events without one (not specified) and for the total."
        ),
    )
    label = serializers.CharField()
    batches = serializers.IntegerField()
    person_times = serializers.IntegerField()
    prev_batches = serializers.IntegerField()
    prev_person_times = serializers.IntegerField()
    change_batches_pct = serializers.FloatField(allow_null=True)
    change_person_times_pct = serializers.FloatField(allow_null=True)


class StatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    by = serializers.CharField()
    rows = StatsRowSerializer(many=True)
    total = StatsRowSerializer()


class StatsView(APIView):
    """The year's batches (held events) and person-times (their headcounts) by one breakdown, against last year.

    Planned and cancelled events are not counted. Breakdowns by country, region or partner use the foreign
    participants (an event with partners from two countries counts once in each row, once in the total);
    domestic_unit uses our own participants; events without such a participant make one row with key null.
    """

    permission_classes = [HasPerms.of("events.view_event")]
    serializer_class = StatsSerializer

    @extend_schema(parameters=[StatsQuerySerializer], responses=StatsSerializer)
    def get(self, request):
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        result = year_stats(
            year=params.get("year") or timezone.localdate().year,
            by=params["by"],
            kind=params.get("kind", ""),
            direction=params.get("direction", ""),
            level=params.get("level", ""),
            region=params.get("region", ""),
            region_kind=params["region_kind"],
        )
        return Response(result)
