"""API: candidate pairs (`/api/duplicates/`), "not a duplicate" (`/api/not-duplicates/`), merging
(`POST /api/entities/merge/`) and the merges with their undo (`/api/merges/`)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from contacts.models import Entity
from core.api import HasPerms, ModelPermissions, ServiceWritesMixin, VersionedMixin
from dedupe import services
from dedupe.api.serializers import (
    DuplicatePairSerializer,
    DuplicateQuerySerializer,
    MergeRequestSerializer,
    MergeSerializer,
    MergeUndoSerializer,
    NotDuplicateSerializer,
)
from dedupe.filters import NotDuplicateFilterSet
from dedupe.models import Merge, NotDuplicate
from dedupe.selectors import duplicate_pairs, merge_list, pairs_with_entities


class DuplicateListView(GenericAPIView):
    """Pairs of entities that may be one, best first: the same GeoNames id, the same folded name, a close name in
    the same country and kind. Pairs marked "not a duplicate" are left out."""

    permission_classes = [HasPerms.of("contacts.view_entity")]
    serializer_class = DuplicatePairSerializer
    queryset = Entity.objects.none()  # pairs are computed (dedupe.selectors), not filtered from a queryset
    filter_backends: list = []

    @extend_schema(
        summary="List possible duplicates",
        parameters=[DuplicateQuerySerializer],
        responses=DuplicatePairSerializer(many=True),
    )
    def get(self, request):
        query = DuplicateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        pairs = duplicate_pairs(
            kind=query.validated_data.get("kind", ""), country=(query.validated_data.get("country") or "").upper()
        )
        page = self.paginate_queryset(pairs)
        pairs_with_entities(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List the pairs marked not a duplicate"),
    retrieve=extend_schema(summary="One pair marked not a duplicate"),
    create=extend_schema(summary="Mark two entities as not a duplicate", description="Idempotent."),
    destroy=extend_schema(summary="Offer the pair again (admins)"),
)
class NotDuplicateViewSet(ServiceWritesMixin, viewsets.ModelViewSet):
    """Pairs officers said are two records, so the duplicates list stops offering them."""

    permission_classes = [ModelPermissions]
    queryset = NotDuplicate.objects.all()
    serializer_class = NotDuplicateSerializer
    filterset_class = NotDuplicateFilterSet
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[NotDuplicate]:
        return NotDuplicate.objects.select_related("decided_by").order_by("-created", "-id")

    def perform_create(self, serializer):
        serializer.instance = services.not_duplicate_mark(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):  # no PATCH: a pair is marked or not
        raise NotImplementedError

    def perform_destroy(self, instance):
        services.not_duplicate_delete(record=instance, by=self.request.user)


class EntityMergeView(GenericAPIView):
    """Merge entities into one, in one transaction; undone from the merge record (`POST /api/merges/<id>/undo/`)."""

    permission_classes = [HasPerms.of("contacts.view_entity", write=("dedupe.add_merge",))]
    serializer_class = MergeRequestSerializer
    queryset = Entity.objects.none()
    filter_backends: list = []

    @extend_schema(
        summary="Merge entities",
        description="Every tie, event participation, note, follow-up, child entity, plan target, dismissal, "
        "service-desk entry and APEC card of the merged entities moves to the survivor; ties that become the same "
        "tie (same two ends and kind) are merged with their steps and approvals. Refused (400) when a tie links "
        "two of them.",
        request=MergeRequestSerializer,
        responses={201: MergeSerializer},
    )
    def post(self, request):
        serializer = MergeRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        merge = services.entities_merge(by=request.user, **serializer.validated_data)
        return Response(MergeSerializer(merge).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List merges"),
    retrieve=extend_schema(summary="One merge"),
)
class MergeViewSet(VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The merges made, newest first; an admin undoes one."""

    permission_classes = [ModelPermissions]
    queryset = Merge.objects.all()
    serializer_class = MergeSerializer

    def get_queryset(self) -> QuerySet[Merge]:
        return merge_list()

    @extend_schema(
        summary="Undo a merge (admins)",
        description="The merged entities come back with their ids and every link they had; the survivor gets its "
        "own values back. Refused (400) when a later merge involves the same entities: undo that one first.",
        request=MergeUndoSerializer,
        responses=MergeSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[HasPerms.of("dedupe.delete_merge")])
    def undo(self, request, pk=None):
        merge = self.get_object()
        serializer = MergeUndoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        merge = services.merge_undo(merge=merge, by=request.user, reason=serializer.validated_data["reason"])
        return Response(MergeSerializer(merge).data)
