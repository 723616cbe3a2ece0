"""The service desk's API: /api/services/kinds/ (admins write), entries/ (and entries/month/), apec-cards/."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ServiceWritesMixin, VersionedMixin
from core.history import HistoryMixin
from servicedesk.api.serializers import (
    ApecCardSerializer,
    MonthTotalsSerializer,
    ServiceEntrySerializer,
    ServiceKindSerializer,
)
from servicedesk.filters import ApecCardFilterSet, ServiceEntryFilterSet, ServiceKindFilterSet
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind
from servicedesk.selectors import apec_card_list, service_entry_list, service_kind_list
from servicedesk.services import (
    apec_card_create,
    apec_card_delete,
    apec_card_update,
    service_entry_create,
    service_entry_delete,
    service_entry_update,
    service_kind_create,
    service_kind_update,
    service_month_record,
)


@extend_schema_view(
    list=extend_schema(summary="List the kinds of service", description="Officers read them; admins add kinds."),
)
class ServiceKindViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, viewsets.ModelViewSet):
    """Kinds of service counted in the year's figures (因公护照签证, 领事认证 …); reference data that admins edit."""

    queryset = ServiceKind.objects.all()
    serializer_class = ServiceKindSerializer
    filterset_class = ServiceKindFilterSet
    ordering_fields = ("order", "code")
    ordering = ("order", "code")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return service_kind_list()

    def perform_create(self, serializer):
        serializer.instance = service_kind_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = service_kind_update(
            kind=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )


@extend_schema_view(
    list=extend_schema(
        summary="List service entries",
        description="The ledger: one service (one batch) on a day, or a month's totals of a kind (period=month).",
    ),
)
class ServiceEntryViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, viewsets.ModelViewSet):
    """Services the office handled, counted in batches (批) and items (人次 or 份)."""

    queryset = ServiceEntry.objects.all()
    serializer_class = ServiceEntrySerializer
    filterset_class = ServiceEntryFilterSet
    ordering_fields = ("date", "batches", "items", "created")
    ordering = ("-date", "-id")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return service_entry_list()

    def perform_create(self, serializer):
        serializer.instance = service_entry_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = service_entry_update(
            entry=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        service_entry_delete(entry=instance, by=self.request.user)

    @extend_schema(
        request=MonthTotalsSerializer,
        responses={status.HTTP_200_OK: ServiceEntrySerializer(many=True)},
        summary="Record a month's totals",
    )
    @action(detail=False, methods=["post"])
    def month(self, request):
        """A month's totals for several kinds at once; a kind's earlier totals for the month are replaced. Answers
        with the entries written (unchanged figures write nothing)."""
        serializer = MonthTotalsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        written = service_month_record(
            month=data["month"],
            totals={row["kind"]: (row["batches"], row["items"]) for row in data["totals"]},
            note=data.get("note", ""),
            by=request.user,
        )
        entries = self.get_queryset().filter(pk__in=[entry.pk for entry in written]).order_by("kind__order")
        return Response(ServiceEntrySerializer(entries, many=True).data)


class ApecCardViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, viewsets.ModelViewSet):
    """APEC business travel cards (APEC商务旅行卡): holder, enterprise, issue and expiry (on the calendar)."""

    queryset = ApecCard.objects.all()
    serializer_class = ApecCardSerializer
    filterset_class = ApecCardFilterSet
    ordering_fields = ("expires_on", "issued_on", "number")
    ordering = ("expires_on", "id")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return apec_card_list()

    def perform_create(self, serializer):
        serializer.instance = apec_card_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = apec_card_update(
            card=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        apec_card_delete(card=instance, by=self.request.user)
