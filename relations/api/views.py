"""`/api/relations/`: ties, with the lifecycle's verbs (advance, approvals, upgrade) as actions and their history."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import HasPerms, ModelPermissions, ServiceWritesMixin, VersionedMixin
from core.api_exports import FILE_RENDERERS, FORMATS, ExportMixin, export_schema
from core.history import HistoryMixin
from relations.api.serializers import (
    ApprovalDecisionSerializer,
    ApprovalRecordSerializer,
    RelationAdvanceSerializer,
    RelationDetailSerializer,
    RelationListSerializer,
    RelationUpgradeSerializer,
    RelationWriteSerializer,
)
from relations.exports import approvals_table, relations_table
from relations.filters import RelationFilterSet
from relations.models import Relation
from relations.selectors import relation_brief_list, relation_detail_queryset, relation_list
from relations.services import (
    approval_record,
    relation_advance,
    relation_create,
    relation_delete,
    relation_update,
    relation_upgrade,
)

# The lifecycle's verbs change a tie: they need the change permission (officers), whatever the HTTP method.
CanChangeRelation = HasPerms.of("relations.view_relation", "relations.change_relation")


@extend_schema_view(
    create=extend_schema(request=RelationWriteSerializer, responses={201: RelationDetailSerializer}),
    partial_update=extend_schema(request=RelationWriteSerializer, responses={200: RelationDetailSerializer}),
)
class RelationViewSet(
    VersionedMixin,
    ServiceWritesMixin,
    HistoryMixin,
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Ties between entities. The status moves only by `advance`, `approvals` and `upgrade`."""

    filterset_class = RelationFilterSet
    export_table = staticmethod(relations_table)
    export_name = "ties"
    write_serializer_class = RelationWriteSerializer
    permission_classes = [ModelPermissions]
    queryset = Relation.objects.all()  # the model, for the permissions; get_queryset() reads
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_fields = ("established_on", "status_since", "created", "updated", "kind", "status", "id")
    ordering = ("-established_on", "id")

    def get_queryset(self):
        if self.action == "list":
            return relation_brief_list()
        if self.action in ("export", "approvals_export"):
            return relation_list()
        return relation_detail_queryset()

    def page_rows(self, page_ids):
        # The list's page: sorted and cut on the ties alone, then read with both ends (core.api.Pagination).
        return relation_brief_list().filter(pk__in=page_ids)

    def get_serializer_class(self):
        if self.action == "list":
            return RelationListSerializer
        return RelationDetailSerializer

    def _detail(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        relation = relation_detail_queryset().get(pk=pk)
        return Response(
            RelationDetailSerializer(relation, context=self.get_serializer_context()).data, status=status_code
        )

    def service_arguments(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        if self.action == "create":
            data["on"] = data.pop("date", None)
        else:
            for start_only in ("date", "note", "document_no"):
                data.pop(start_only, None)
        return data

    def perform_create(self, serializer):
        serializer.instance = relation_create(**self.service_arguments(serializer), by=self.request.user)

    def perform_update(self, serializer):
        relation_update(relation=serializer.instance, data=self.service_arguments(serializer), by=self.request.user)

    def perform_destroy(self, instance):
        relation_delete(relation=instance, by=self.request.user)

    @extend_schema(
        request=RelationAdvanceSerializer,
        responses={200: RelationDetailSerializer},
        description="Move the tie one step along its lifecycle; a step the lifecycle does not allow "
        "is refused with 400 naming the allowed next steps.",
    )
    @export_schema(
        "Export the approval decisions of the listed ties",
        "The approval decisions (city, province, association, ministry) of every tie the list's filters select, "
        f"one row each, tie by tie in date order, as an XLSX workbook or a UTF-8 CSV file ({FORMATS}).",
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="approvals/export",
        renderer_classes=FILE_RENDERERS,
        pagination_class=None,
    )
    def approvals_export(self, request):
        return self.export_file(approvals_table, "approvals")

    @action(detail=True, methods=["post"], permission_classes=[CanChangeRelation])
    def advance(self, request, pk=None):
        relation = self.get_object()
        serializer = RelationAdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        relation_advance(
            relation=relation,
            to_status=data["status"],
            on=data["date"],
            by=request.user,
            note=data["note"],
            document_no=data["document_no"],
        )
        return self._detail(relation.pk)

    @extend_schema(
        request=ApprovalRecordSerializer,
        responses={201: ApprovalDecisionSerializer},
        description="Record one level's decision on the application (only while the tie is `applied`); "
        "a `returned` outcome moves the tie to `returned`.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeRelation])
    def approvals(self, request, pk=None):
        relation = self.get_object()
        serializer = ApprovalRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        decision = approval_record(
            relation=relation,
            level=data["level"],
            outcome=data["outcome"],
            on=data["date"],
            by=request.user,
            note=data["note"],
            document_no=data["document_no"],
        )
        return Response(ApprovalDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RelationUpgradeSerializer,
        responses={201: RelationDetailSerializer},
        description="Upgrade a signed friendly-exchange tie to a sister city: creates the new tie "
        "(anniversaries still count from the first signing), marks this one `upgraded`.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeRelation])
    def upgrade(self, request, pk=None):
        relation = self.get_object()
        serializer = RelationUpgradeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        successor = relation_upgrade(
            relation=relation, on=data["date"], by=request.user, note=data["note"], document_no=data["document_no"]
        )
        return self._detail(successor.pk, status.HTTP_201_CREATED)
