"""The expansion API: layout plans, the layout against today, the network of ties, and the suggestions.

- `/api/layout-plans/` plans with their rules and named targets written inline (history at `<id>/history/`);
- `GET /api/layout/?home=<id>` ties per country and region against the plan: tier, target, shortfall;
- `GET /api/graph/?center=<id>&depth=2` nodes and edges for the network view;
- `GET /api/suggestions/?home=<id>[&kind=gap,radiate]` ranked suggestions with reasons; `POST accept/`,
  `POST dismiss/`, `GET dismissed/?home=<id>`.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import HasPerms, ModelPermissions, Pagination, VersionedMixin
from core.history import HistoryMixin
from relations.api.serializers import RelationDetailSerializer
from relations.expansion.api.serializers import (
    DismissedQuerySerializer,
    GraphQuerySerializer,
    GraphSerializer,
    LayoutPlanSerializer,
    LayoutQuerySerializer,
    LayoutSerializer,
    SuggestionAcceptSerializer,
    SuggestionDismissalSerializer,
    SuggestionDismissSerializer,
    SuggestionQuerySerializer,
    SuggestionSerializer,
)
from relations.expansion.filters import LayoutPlanFilterSet
from relations.expansion.services import (
    layout_plan_create,
    layout_plan_delete,
    layout_plan_update,
    suggestion_accept,
    suggestion_dismiss,
)
from relations.models import LayoutPlan, SuggestionDismissal
from relations.selectors import relation_detail_queryset

GRAPH_NODE_LIMIT = 500


# --- layout plans ----------------------------------------------------------------------------------------------------


def layout_plan_list():
    """Plans with their home, rules and named targets (and the targets' entities) loaded."""
    return LayoutPlan.objects.select_related("home").prefetch_related("rules", "targets__entity")


class LayoutPlanViewSet(VersionedMixin, HistoryMixin, viewsets.ModelViewSet):
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


class GraphView(APIView):
    """The ties around an entity, `depth` steps out (at most 500 entities), as nodes and edges."""

    permission_classes = [HasPerms.of("relations.view_relation", "contacts.view_entity")]
    serializer_class = GraphSerializer

    @extend_schema(parameters=[GraphQuerySerializer], responses=GraphSerializer)
    def get(self, request):
        from contacts.models import Entity
        from core.versions import cached_answer
        from relations.models import Relation

        query = GraphQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        center, depth, closed = (query.validated_data[field] for field in ("center", "depth", "closed"))
        center = center.pk
        # Cached under the fingerprint of ties and entities: around the busiest partner of a large record the walk
        # reads tens of thousands of ties for its 500 nodes.
        answer = cached_answer(
            "graph", (center, depth, closed), (Relation, Entity), lambda: graph_answer(center, depth, closed=closed)
        )
        return Response(answer)


def graph_answer(center: int, depth: int, *, closed: bool) -> dict:
    """The network view's nodes and edges around `center`: only the neighbourhood asked for is read, not the whole
    network (relations.graph.edges_around)."""
    from relations.graph import edges_around, ego, entities_hydrate, graph_build

    around = edges_around(center, depth, include_closed=closed, limit=GRAPH_NODE_LIMIT)
    nodes, edges = ego(graph_build(around), center, depth, limit=GRAPH_NODE_LIMIT)
    recorded = {edge.id: edge for edge in around}  # the tie's own direction (the graph is undirected)
    nodes = nodes or [center]
    entities = entities_hydrate(nodes)
    return {
        "nodes": [
            {
                "id": pk,
                "label": str(entities[pk]),
                "kind": entities[pk].kind,
                "country": str(entities[pk].country or ""),
                "domestic": entities[pk].domestic,
                "url": reverse("contacts:detail", args=[pk]),
            }
            for pk in nodes
            if pk in entities
        ],
        "edges": [
            {
                "id": key,
                "source": recorded[key].source,
                "target": recorded[key].target,
                "kind": data["kind"],
                "status": data["status"],
            }
            for _u, _v, key, data in edges
        ],
        "truncated": len(nodes) >= GRAPH_NODE_LIMIT,
    }


# --- suggestions -----------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[SuggestionQuerySerializer],
        responses=SuggestionSerializer(many=True),
    ),
    dismissed=extend_schema(parameters=[DismissedQuerySerializer], responses=SuggestionDismissalSerializer(many=True)),
    accept=extend_schema(request=SuggestionAcceptSerializer, responses={201: RelationDetailSerializer}),
    dismiss=extend_schema(request=SuggestionDismissSerializer, responses={201: SuggestionDismissalSerializer}),
)
class SuggestionViewSet(viewsets.GenericViewSet):
    """Ranked suggestions for a home, with their reasons; accept a city, dismiss any for 12 months."""

    serializer_class = SuggestionSerializer
    # Paginated like every list (page, page_size): a home with thousands of ties has thousands of suggestions. Set on
    # the class, so that the schema documents the page the list answers (a plain list of pages otherwise).
    pagination_class = Pagination
    filter_backends = ()  # the query serializer filters; suggestions are computed, not a queryset
    permissions_by_action = {
        "list": HasPerms.of("relations.view_relation"),
        "dismissed": HasPerms.of("relations.view_suggestiondismissal"),
        "accept": HasPerms.of("relations.view_relation", "relations.add_relation", "contacts.add_entity"),
        "dismiss": HasPerms.of("relations.view_relation", "relations.add_suggestiondismissal"),
    }

    def get_permissions(self):
        return [self.permissions_by_action.get(self.action, HasPerms.of("relations.view_relation"))()]

    def list(self, request):
        from relations.expansion.filters import suggestions_filter
        from relations.expansion.world import suggestions_for

        query = SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        items = suggestions_for(home=data["home"], kinds=data.get("kind") or None)
        items = suggestions_filter(items, country=data.get("country") or "", countries=data.get("region") or None)
        return self.get_paginated_response(self.paginate_queryset(items))

    @action(detail=False, methods=["get"], pagination_class=None)  # one home's dismissals, whole
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
