"""`/api/trips/`: outbound trips with the chain's verbs as actions (submit, check, approve, documents, visa,
members, dates, travel, back, passports, report, review, cancel), their history, the quarter's review table;
`/api/trip-rules/` and `/api/trip-criteria/`: the rules and review criteria, which only admins change."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import HasPerms, ModelPermissions, ServiceWritesMixin, VersionedMixin
from core.api_exports import ExportMixin
from core.history import HistoryMixin
from trips import services
from trips.api.serializers import (
    ApproveSerializer,
    CheckSerializer,
    DatesChangeSerializer,
    DateSerializer,
    MembersChangeSerializer,
    QuarterQuerySerializer,
    ReasonSerializer,
    ReportSerializer,
    ReviewCriterionSerializer,
    ReviewWriteSerializer,
    TripDetailSerializer,
    TripNoteSerializer,
    TripReviewSerializer,
    TripRulesSerializer,
    TripSerializer,
    TripWriteSerializer,
    VisaResultSerializer,
    VisaSerializer,
)
from trips.exports import trips_table
from trips.filters import ReviewCriterionFilterSet, TripFilterSet, TripRulesFilterSet
from trips.models import ReviewCriterion, TripMember, TripRules
from trips.selectors import quarter_reviews, trip_detail_queryset, trip_list

# The chain's verbs change a trip: officers (change permission), whatever the HTTP method.
CanChangeTrip = HasPerms.of("trips.view_trip", "trips.change_trip")

REFUSED = {
    400: OpenApiResponse(description="Refused: the body names the field (or rule) and the reason."),
    404: OpenApiResponse(description="No such trip."),
    412: OpenApiResponse(description="The trip changed since the ETag sent as If-Match."),
}


def _action(request_serializer, description: str, response=TripDetailSerializer):
    return extend_schema(request=request_serializer, responses={200: response, **REFUSED}, description=description)


@extend_schema_view(
    create=extend_schema(request=TripWriteSerializer, responses={201: TripDetailSerializer, 400: REFUSED[400]}),
    partial_update=extend_schema(request=TripWriteSerializer, responses={200: TripDetailSerializer, **REFUSED}),
    destroy=extend_schema(responses={204: None, **REFUSED}),
)
class TripViewSet(
    VersionedMixin,
    ServiceWritesMixin,
    HistoryMixin,
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Outbound trips (因公出国(境)团组): applied for by officers, checked by the office, approved by their level.
    Edits only while a draft, returned or postponed; afterwards members and dates change by their actions."""

    filterset_class = TripFilterSet
    export_table = staticmethod(trips_table)
    export_name = "trips"
    write_serializer_class = TripWriteSerializer
    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    ordering_fields = ("start_date", "created", "updated", "status", "id")
    ordering = ("-start_date", "-id")

    def get_queryset(self):
        if self.action in ("list", "export"):
            return trip_list()
        return trip_detail_queryset()

    def get_serializer_class(self):
        if self.action == "list":
            return TripSerializer
        return TripDetailSerializer

    def _detail(self, pk: int, status_code: int = status.HTTP_200_OK) -> Response:
        trip = trip_detail_queryset().get(pk=pk)
        return Response(TripDetailSerializer(trip, context=self.get_serializer_context()).data, status=status_code)

    def perform_create(self, serializer):
        serializer.instance = services.trip_create(**self.service_arguments(serializer), by=self.request.user)

    def perform_update(self, serializer):
        services.trip_update(trip=serializer.instance, **self.service_arguments(serializer), by=self.request.user)

    def perform_destroy(self, instance):
        services.trip_delete(trip=instance, by=self.request.user)

    def _body(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @_action(TripNoteSerializer, "Send the application to the office. Refused with 400 naming each rule it breaks.")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def submit(self, request, pk=None):
        trip, data = self.get_object(), self._body(TripNoteSerializer)
        services.trip_submit(trip=trip, by=request.user, on=data.get("date"), note=data["note"])
        return self._detail(trip.pk)

    @_action(
        CheckSerializer,
        "The office's check: accepted, returned (for changes), refused or postponed; "
        "a reason is required but to accept.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def check(self, request, pk=None):
        trip, data = self.get_object(), self._body(CheckSerializer)
        services.trip_check(
            trip=trip, outcome=data["outcome"], by=request.user, on=data.get("date"), reason=data["reason"]
        )
        return self._detail(trip.pk)

    @_action(ApproveSerializer, "The approving level's decision (the trip's own level) on a trip the office accepted.")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def approve(self, request, pk=None):
        trip, data = self.get_object(), self._body(ApproveSerializer)
        services.trip_approve(
            trip=trip,
            level=data["level"],
            approved=data["approved"],
            by=request.user,
            on=data.get("date"),
            reason=data["reason"],
            document_no=data["document_no"],
        )
        return self._detail(trip.pk)

    @_action(TripNoteSerializer, "Passports and visas are being obtained.")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def documents(self, request, pk=None):
        trip, data = self.get_object(), self._body(TripNoteSerializer)
        services.trip_documents(trip=trip, by=request.user, on=data.get("date"), note=data["note"])
        return self._detail(trip.pk)

    @_action(
        VisaSerializer,
        "Record the stay a member's visa grants; answers the shortfalls against the itinerary.",
        response=VisaResultSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def visa(self, request, pk=None):
        trip, data = self.get_object(), self._body(VisaSerializer)
        member = TripMember.objects.filter(trip=trip, pk=data["member"]).first()
        if member is None:
            raise ValidationError({"member": _("This person is not a member of this trip.")})
        shortfalls = services.trip_visa_record(
            trip=trip, member=member, visa_days=data["visa_days"], by=request.user, on=data.get("date")
        )
        return Response({"shortfalls": shortfalls})

    @_action(
        MembersChangeSerializer,
        "Change the delegation (人员调整): a recorded step; the size and per-person rules are checked again.",
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def members(self, request, pk=None):
        trip, data = self.get_object(), self._body(MembersChangeSerializer)
        services.trip_members_change(
            trip=trip, members=data["members"], by=request.user, reason=data["reason"], on=data.get("date")
        )
        return self._detail(trip.pk)

    @_action(DatesChangeSerializer, "Move the trip's dates: a recorded step; the days rule is checked again.")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def dates(self, request, pk=None):
        trip, data = self.get_object(), self._body(DatesChangeSerializer)
        services.trip_dates_change(
            trip=trip,
            start_date=data["start_date"],
            end_date=data["end_date"],
            by=request.user,
            reason=data["reason"],
            on=data.get("date"),
        )
        return self._detail(trip.pk)

    @_action(TripNoteSerializer, "The delegation left: the trip becomes the one outbound exchange of the record.")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def travel(self, request, pk=None):
        trip, data = self.get_object(), self._body(TripNoteSerializer)
        services.trip_travel(trip=trip, by=request.user, on=data.get("date"), note=data["note"])
        return self._detail(trip.pk)

    @_action(TripNoteSerializer, "The delegation is back: the passports and report follow-ups are created.")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def back(self, request, pk=None):
        trip, data = self.get_object(), self._body(TripNoteSerializer)
        services.trip_back(trip=trip, by=request.user, on=data.get("date"), note=data["note"])
        return self._detail(trip.pk)

    @_action(DateSerializer, "Every member's passport handed back (its follow-up done).")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def passports(self, request, pk=None):
        trip, data = self.get_object(), self._body(DateSerializer)
        services.trip_passports_return(trip=trip, by=request.user, on=data.get("date"))
        return self._detail(trip.pk)

    @_action(ReportSerializer, "File the trip report (its follow-up done; the exchange's outcome if blank).")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def report(self, request, pk=None):
        trip, data = self.get_object(), self._body(ReportSerializer)
        services.trip_report_file(trip=trip, report=data["report"], by=request.user, on=data.get("date"))
        return self._detail(trip.pk)

    @_action(ReviewWriteSerializer, "Score the delegation on every active criterion (the quarterly review).")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def review(self, request, pk=None):
        trip, data = self.get_object(), self._body(ReviewWriteSerializer)
        services.trip_review_record(
            trip=trip,
            scores=data["scores"],
            by=request.user,
            year=data.get("year"),
            quarter=data.get("quarter"),
            note=data["note"],
        )
        return self._detail(trip.pk)

    @_action(ReasonSerializer, "Cancel the trip (with a reason).")
    @action(detail=True, methods=["post"], permission_classes=[CanChangeTrip])
    def cancel(self, request, pk=None):
        trip, data = self.get_object(), self._body(ReasonSerializer)
        services.trip_cancel(trip=trip, by=request.user, reason=data["reason"], on=data.get("date"))
        return self._detail(trip.pk)

    @extend_schema(
        parameters=[QuarterQuerySerializer],
        responses={200: TripReviewSerializer(many=True), 400: REFUSED[400]},
        description="The quarter's performance table: every reviewed delegation, best first.",
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def quarter(self, request):
        query = QuarterQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        reviews = quarter_reviews(**query.validated_data)
        return Response(TripReviewSerializer(reviews, many=True).data)


class _ConfigViewSet(ServiceWritesMixin, HistoryMixin, viewsets.ModelViewSet):
    permission_classes = [ModelPermissions]  # officers and viewers read; only admins hold add/change/delete
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    save_service = staticmethod(services.trip_rules_save)
    delete_service = staticmethod(services.trip_rules_delete)
    instance_name = "rules"

    def perform_create(self, serializer):
        serializer.instance = self.save_service(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        self.save_service(
            by=self.request.user, **{self.instance_name: serializer.instance}, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        self.delete_service(by=self.request.user, **{self.instance_name: instance})


class TripRulesViewSet(_ConfigViewSet):
    """The rules checked when a trip is submitted: a row for every year, or one for a given year (admins)."""

    queryset = TripRules.objects.all()
    serializer_class = TripRulesSerializer
    filterset_class = TripRulesFilterSet
    ordering = ("year",)


class ReviewCriterionViewSet(_ConfigViewSet):
    """The criteria of the quarterly performance review (admins)."""

    queryset = ReviewCriterion.objects.all()
    serializer_class = ReviewCriterionSerializer
    filterset_class = ReviewCriterionFilterSet
    save_service = staticmethod(services.review_criterion_save)
    delete_service = staticmethod(services.review_criterion_delete)
    instance_name = "criterion"
