"""The expansion API: layout plans, the layout against today, the network of ties, and the suggestions.

- `/api/layout-plans/` plans with their rules and named targets written inline (history at `<id>/history/`);
- `GET /api/layout/?home=<id>` ties per country and region against the plan: tier, target, shortfall;
- `GET /api/graph/?center=<id>&depth=2` nodes and edges for the network view;
- `GET /api/suggestions/?home=<id>[&kind=gap,radiate]` ranked suggestions with reasons; `POST accept/`,
  `POST dismiss/`, `GET dismissed/?home=<id>`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from contacts.models import Entity
from core.api import HasPerms, ModelPermissions
from core.history import HistoryMixin
from relations.api.serializers import RelationDetailSerializer
from relations.choices import CITY_TIE_KINDS, PlanTier, RelationKind, RelationStatus
from relations.expansion.filters import LayoutPlanFilterSet
from relations.expansion.kinds import KINDS
from relations.expansion.services import (
    layout_plan_create,
    layout_plan_delete,
    layout_plan_update,
    suggestion_accept,
    suggestion_dismiss,
)
from relations.expansion.world import home_check
from relations.models import LayoutPlan, LayoutRule, LayoutTarget, SuggestionDismissal
from relations.selectors import relation_detail_queryset

GRAPH_NODE_LIMIT = 500
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


def layout_plan_list():
    """Plans with their home, rules and named targets (and the targets' entities) loaded."""
    return LayoutPlan.objects.select_related("home").prefetch_related("rules", "targets__entity")


class LayoutPlanViewSet(HistoryMixin, viewsets.ModelViewSet):
    """Layout plans (友城布局): where the home wants partners, by region or country, with targets."""

    serializer_class = LayoutPlanSerializer
    filterset_class = LayoutPlanFilterSet
    permission_classes = [ModelPermissions]
    ordering_fields = ("start_year", "end_year", "name", "id")
    ordering = ("-start_year", "name")

    def get_queryset(self):
        return layout_plan_list()

    def _respond(self, plan: LayoutPlan, code: int) -> Response:
        plan = layout_plan_list().get(pk=plan.pk)
        return Response(self.get_serializer(plan).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        rules, targets = data.pop("rules", []), data.pop("targets", [])
        plan = layout_plan_create(
            by=request.user, rules=[dict(r) for r in rules], targets=[dict(t) for t in targets], **data
        )
        return self._respond(plan, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        plan = self.get_object()
        serializer = self.get_serializer(plan, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        rules, targets = data.pop("rules", None), data.pop("targets", None)
        plan = layout_plan_update(
            plan=plan,
            by=request.user,
            data=data,
            rules=None if rules is None else [dict(r) for r in rules],
            targets=None if targets is None else [dict(t) for t in targets],
        )
        return self._respond(plan, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        layout_plan_delete(plan=self.get_object(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


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


class LayoutView(APIView):
    """The home's ties per country and per region of its plan: by kind and status, tier, target and shortfall."""

    permission_classes = [HasPerms.of("relations.view_relation", "relations.view_layoutplan")]
    serializer_class = LayoutSerializer

    @extend_schema(parameters=[LayoutQuerySerializer], responses=LayoutSerializer)
    def get(self, request):
        from relations.expansion.layout import layout_for

        query = LayoutQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(layout_for(home=query.validated_data["home"], plan=query.validated_data.get("plan")))


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


class GraphView(APIView):
    """The ties around an entity, `depth` steps out (at most 500 entities), as nodes and edges."""

    permission_classes = [HasPerms.of("relations.view_relation", "contacts.view_entity")]
    serializer_class = GraphSerializer

    @extend_schema(parameters=[GraphQuerySerializer], responses=GraphSerializer)
    def get(self, request):
        from relations.graph import edges_load, ego, entities_hydrate, graph_build

        query = GraphQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        center = query.validated_data["center"]
        graph = graph_build(edges_load(include_closed=query.validated_data["closed"]))
        nodes, edges = ego(graph, center.pk, query.validated_data["depth"], limit=GRAPH_NODE_LIMIT)
        nodes = nodes or [center.pk]
        entities = entities_hydrate(nodes)
        return Response(
            {
                "nodes": [
                    {
                        "id": pk,
                        "label": str(entities[pk]),
                        "kind": entities[pk].kind,
                        "country": str(entities[pk].country or ""),
                        "domestic": entities[pk].domestic,
                        "url": f"/entities/{pk}/",
                    }
                    for pk in nodes
                    if pk in entities
                ],
                "edges": [
                    {"id": key, "source": u, "target": v, "kind": data["kind"], "status": data["status"]}
                    for u, v, key, data in edges
                ],
                "truncated": len(nodes) >= GRAPH_NODE_LIMIT,
            }
        )


# --- suggestions -----------------------------------------------------------------------------------------------------


class SuggestionQuerySerializer(serializers.Serializer):
    home = HomeField(help_text=gettext_lazy("Our city or district (an entity id)."))
    kind = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Kinds to include, comma-separated: gap, radiate, deepen, anniversary, dormant, upgrade (default: all)."
        ),
    )

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


@extend_schema_view(
    list=extend_schema(parameters=[SuggestionQuerySerializer], responses=SuggestionSerializer(many=True)),
    dismissed=extend_schema(parameters=[DismissedQuerySerializer], responses=SuggestionDismissalSerializer(many=True)),
    accept=extend_schema(request=SuggestionAcceptSerializer, responses={201: RelationDetailSerializer}),
    dismiss=extend_schema(request=SuggestionDismissSerializer, responses={201: SuggestionDismissalSerializer}),
)
class SuggestionViewSet(viewsets.ViewSet):
    """Ranked suggestions for a home, with their reasons; accept a city, dismiss any for 12 months."""

    serializer_class = SuggestionSerializer
    permissions_by_action = {
        "list": HasPerms.of("relations.view_relation"),
        "dismissed": HasPerms.of("relations.view_suggestiondismissal"),
        "accept": HasPerms.of("relations.view_relation", "relations.add_relation", "contacts.add_entity"),
        "dismiss": HasPerms.of("relations.view_relation", "relations.add_suggestiondismissal"),
    }

    def get_permissions(self):
        return [self.permissions_by_action.get(self.action, HasPerms.of("relations.view_relation"))()]

    def list(self, request):
        from relations.expansion.world import suggestions_for

        query = SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(
            suggestions_for(home=query.validated_data["home"], kinds=query.validated_data.get("kind") or None)
        )

    @action(detail=False, methods=["get"])
    def dismissed(self, request):
        query = DismissedQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = (
            SuggestionDismissal.objects.filter(home=query.validated_data["home"])
            .select_related("dismissed_by")
            .order_by("-created", "-id")
        )
        return Response(SuggestionDismissalSerializer(rows, many=True).data)

    @action(detail=False, methods=["post"])
    def accept(self, request):
        body = SuggestionAcceptSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        relation = suggestion_accept(
            home=body.validated_data["home"],
            key=body.validated_data["key"],
            kind=body.validated_data["kind"],
            by=request.user,
        )
        relation = relation_detail_queryset().get(pk=relation.pk)
        return Response(
            RelationDetailSerializer(relation, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @action(detail=False, methods=["post"])
    def dismiss(self, request):
        body = SuggestionDismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        dismissal = suggestion_dismiss(
            home=body.validated_data["home"],
            key=body.validated_data["key"],
            reason=body.validated_data["reason"],
            by=request.user,
        )
        return Response(SuggestionDismissalSerializer(dismissal).data, status=status.HTTP_201_CREATED)
