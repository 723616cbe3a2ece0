"""The events API: `/api/events/`, `/api/followups/`, the timelines and their notes, `/api/anniversaries/` and
`/api/stats/`."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from contacts.models import Entity
from core.api import HasPerms, Pagination, ServiceWritesMixin, VersionedMixin
from core.api_exports import ExportMixin
from core.history import HistoryMixin
from events import sections as report_sections
from events.anniversaries import anniversary_rows
from events.api.serializers import (
    AnniversaryPlanResultSerializer,
    AnniversaryPlanSerializer,
    AnniversaryQuerySerializer,
    AnniversarySerializer,
    EventListSerializer,
    EventSerializer,
    EventWriteSerializer,
    FollowUpListSerializer,
    FollowUpSerializer,
    GiftSerializer,
    GiftUpdateSerializer,
    NoteSerializer,
    RosterMemberSerializer,
    RosterMemberUpdateSerializer,
    SectionsSerializer,
    StatsQuerySerializer,
    StatsSerializer,
    TimelineItemSerializer,
    YearQuerySerializer,
)
from events.exports import events_table, followups_table
from events.filters import EventFilterSet, FollowUpFilterSet, GiftFilterSet, RosterMemberFilterSet
from events.forms import TimelineFilterForm
from events.models import Event, FollowUp, Gift, Note, RosterMember
from events.selectors import event_brief_list, event_list, followup_brief_list, followup_list
from events.services import (
    anniversary_plan,
    event_create,
    event_delete,
    event_update,
    followup_create,
    followup_delete,
    followup_mark_done,
    followup_reopen,
    followup_update,
    gift_create,
    gift_delete,
    gift_update,
    note_create,
    note_delete,
    roster_member_create,
    roster_member_delete,
    roster_member_promote,
    roster_member_update,
)
from events.stats import year_stats
from events.timeline import TYPES, Timeline
from relations.models import Relation


@extend_schema_view(
    list=extend_schema(
        summary="List events",
        description="One event is one batch (批); `headcount` is its person-times (人次). Each in the list's brief "
        "shape: the ties it serves by id; an event's own answer has them with both ends, its outcome and notes.",
    ),
    retrieve=extend_schema(summary="Retrieve an event"),
    create=extend_schema(
        summary="Log an event with its participants", request=EventWriteSerializer, responses={201: EventSerializer}
    ),
    partial_update=extend_schema(
        summary="Change an event (participants and relations, when given, replace)",
        request=EventWriteSerializer,
        responses={200: EventSerializer},
    ),
    destroy=extend_schema(
        summary="Delete an event (admins)",
        responses={
            204: OpenApiResponse(description="Deleted."),
            400: OpenApiResponse(description="Follow-ups still point at the event."),
        },
    ),
    history=extend_schema(summary="Every change of the event, with time, user and fields", filters=False),
)
class EventViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, ExportMixin, viewsets.ModelViewSet):
    queryset = Event.objects.all()
    export_table = staticmethod(events_table)
    export_name = "events"
    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    filterset_class = EventFilterSet
    ordering_fields = ("start_date", "end_date", "headcount", "title", "created")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return event_brief_list()
        return event_list()

    def get_serializer_class(self):
        if self.action == "list":
            return EventListSerializer
        return EventSerializer

    def service_arguments(self, serializer) -> dict:
        data = dict(serializer.validated_data)
        if "participants" in data:
            data["participants"] = [dict(row) for row in data["participants"]]
        return data

    def perform_create(self, serializer):
        serializer.instance = event_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = event_update(
            event=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        event_delete(event=instance, by=self.request.user)


# --- timelines, notes, follow-ups -------------------------------------------------------------------------------------


_COMMON_PARAMETERS = [
    OpenApiParameter(
        "type",
        OpenApiTypes.STR,
        many=True,
        enum=TYPES,
        description="Only these kinds of item; repeat the parameter or give a comma list.",
    ),
    OpenApiParameter("date_after", OpenApiTypes.DATE, description="Items on or after this day."),
    OpenApiParameter("date_before", OpenApiTypes.DATE, description="Items on or before this day."),
]


_INCLUDE_PARAMETER = OpenApiParameter(
    "include",
    OpenApiTypes.STR,
    enum=["children"],
    description="`children`: add what the entity's children (schools, districts, people) did.",
)


class _TimelineView(generics.GenericAPIView):
    serializer_class = TimelineItemSerializer
    filter_backends: list = []
    subject = ""

    def get(self, request, pk):
        subject = get_object_or_404(self.get_queryset(), pk=pk)
        form = TimelineFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        timeline = Timeline(**{self.subject: subject}, **form.timeline_filters())
        page = self.paginate_queryset(timeline)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class EntityTimelineView(_TimelineView):
    """An entity's chronology, newest first: events, its ties' lifecycle steps, changes, follow-ups and notes."""

    queryset = Entity.objects.all()
    permission_classes = [HasPerms.of("contacts.view_entity", "events.view_event")]
    subject = "entity"

    @extend_schema(parameters=[*_COMMON_PARAMETERS, _INCLUDE_PARAMETER], responses=TimelineItemSerializer(many=True))
    def get(self, request, pk):
        return super().get(request, pk)


class RelationTimelineView(_TimelineView):
    """A tie's chronology, newest first: its events, lifecycle steps, changes, follow-ups and notes."""

    queryset = Relation.objects.all()
    permission_classes = [HasPerms.of("relations.view_relation", "events.view_event")]
    subject = "relation"

    @extend_schema(parameters=_COMMON_PARAMETERS, responses=TimelineItemSerializer(many=True))
    def get(self, request, pk):
        return super().get(request, pk)


class _NoteCreateView(generics.GenericAPIView):
    serializer_class = NoteSerializer
    filter_backends: list = []
    subject = ""

    @extend_schema(request=NoteSerializer, responses={201: NoteSerializer})
    def post(self, request, pk):
        subject = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = note_create(text=serializer.validated_data["text"], author=request.user, **{self.subject: subject})
        return Response(self.get_serializer(note).data, status=status.HTTP_201_CREATED)


class EntityNoteCreateView(_NoteCreateView):
    """Add a note to an entity's timeline."""

    queryset = Entity.objects.all()
    permission_classes = [HasPerms.of("contacts.view_entity", "events.add_note")]
    subject = "entity"


class RelationNoteCreateView(_NoteCreateView):
    """Add a note to a tie's timeline."""

    queryset = Relation.objects.all()
    permission_classes = [HasPerms.of("relations.view_relation", "events.add_note")]
    subject = "relation"


class NoteDetailView(generics.RetrieveDestroyAPIView):
    """One note; its author or an admin deletes it (kept in history, restorable from "Deleted records")."""

    queryset = Note.objects.select_related("author")
    serializer_class = NoteSerializer
    permission_classes = [HasPerms.of("events.view_note")]
    filter_backends: list = []

    def perform_destroy(self, instance):
        note_delete(note=instance, by=self.request.user)


class FollowUpViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, ExportMixin, viewsets.ModelViewSet):
    """Follow-ups: promised next steps with a due date and an owner."""

    queryset = FollowUp.objects.all()
    export_table = staticmethod(followups_table)
    export_name = "followups"
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ("due_date", "done_at", "created", "title")
    ordering = ("due_date", "id")

    def get_queryset(self):
        if self.action == "list":
            return followup_brief_list()
        return followup_list()

    def get_serializer_class(self):
        if self.action == "list":
            return FollowUpListSerializer
        return FollowUpSerializer

    def perform_create(self, serializer):
        serializer.instance = followup_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = followup_update(
            followup=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        followup_delete(followup=instance, by=self.request.user)

    @extend_schema(request=None, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        """Mark the follow-up done: records who (the requesting user) and when (now)."""
        followup = followup_mark_done(followup=self.get_object(), by=request.user)
        return Response(self.get_serializer(followup).data)

    @extend_schema(request=None, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Open a done follow-up again."""
        followup = followup_reopen(followup=self.get_object(), by=request.user)
        return Response(self.get_serializer(followup).data)


# --- anniversaries and the year's figures -----------------------------------------------------------------------------


class AnniversaryListView(generics.ListAPIView):
    """Anniversaries of the ties in force whose date falls in the window, by date (default: the next 18 months).

    Paginated like every list (page size 50 by default, `page_size=` up to 500), so a province's ties never make one
    answer of every anniversary.
    """

    permission_classes = [HasPerms.of("relations.view_relation")]
    serializer_class = AnniversarySerializer
    filter_backends: list = []

    def get_queryset(self):
        query = AnniversaryQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return anniversary_rows(**query.validated_data)

    @extend_schema(parameters=[AnniversaryQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


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


class StatsView(APIView):
    """The year's batches (held events) and person-times (their headcounts) by one breakdown, against last year.

    Planned and cancelled events are not counted. Breakdowns by country, region or partner use the foreign
    participants (an event with partners from two countries counts once in each row, once in the total);
    domestic_unit uses our own participants; events without such a participant make one row with key null.
    """

    permission_classes = [HasPerms.of("events.view_event")]
    serializer_class = StatsSerializer
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            StatsQuerySerializer,
            OpenApiParameter("page", OpenApiTypes.INT, description="A page of the rows (50 a page by default)."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Rows a page, up to 500."),
        ],
        responses=StatsSerializer,
    )
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
            until=params.get("until"),
        )
        # Paginated like every list: a province's partners are tens of thousands of rows. The total stays whole.
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(result["rows"], request, view=self)
        return Response(
            {
                **result,
                "count": paginator.page.paginator.count,
                "next": paginator.get_next_link(),
                "previous": paginator.get_previous_link(),
                "rows": page,
            }
        )


# --- rosters and protocol records -------------------------------------------------------------------------------------


class _EventRecordViewSet(VersionedMixin, ServiceWritesMixin, HistoryMixin, viewsets.ModelViewSet):
    """A record that belongs to one event: created on an event, edited and deleted on its own (not moved)."""

    update_serializer_class: type | None = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return self.update_serializer_class
        return super().get_serializer_class()


@extend_schema_view(
    list=extend_schema(summary="List roster members", description="Filter by `event` for one delegation's roster."),
    create=extend_schema(summary="Name a member of a delegation on an event's roster"),
)
class RosterMemberViewSet(_EventRecordViewSet):
    """Named members of the delegations of an event (the visiting side, ours, interpreters, hosts), with post and
    level at the time; `promote/` files one as a person entity."""

    queryset = RosterMember.objects.select_related("entity").order_by("event_id", "id")
    serializer_class = RosterMemberSerializer
    update_serializer_class = RosterMemberUpdateSerializer
    filterset_class = RosterMemberFilterSet
    ordering_fields = ("name", "created")

    def perform_create(self, serializer):
        serializer.instance = roster_member_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = roster_member_update(
            member=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        roster_member_delete(member=instance, by=self.request.user)

    @extend_schema(
        request=None,
        responses={200: RosterMemberSerializer, 403: OpenApiResponse(description="Filing entities is not allowed")},
    )
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        """File the member as a person entity (with the delegation's country and organisation) and link it."""
        if not request.user.has_perm("contacts.add_entity"):
            raise PermissionDenied(_("You may not file new entities."))
        member = self.get_object()
        roster_member_promote(member=member, by=request.user)
        return Response(self.get_serializer(RosterMember.objects.select_related("entity").get(pk=member.pk)).data)


@extend_schema_view(
    list=extend_schema(summary="List gifts", description="Filter by `event` for one event's protocol records."),
    create=extend_schema(summary="Record a gift given or received at an event"),
)
class GiftViewSet(_EventRecordViewSet):
    """Gifts given and received at events (protocol records), with their value in yuan."""

    queryset = Gift.objects.order_by("event_id", "direction", "id")
    serializer_class = GiftSerializer
    update_serializer_class = GiftUpdateSerializer
    filterset_class = GiftFilterSet
    ordering_fields = ("value", "created")

    def perform_create(self, serializer):
        serializer.instance = gift_create(by=self.request.user, **self.service_arguments(serializer))

    def perform_update(self, serializer):
        serializer.instance = gift_update(
            gift=serializer.instance, by=self.request.user, **self.service_arguments(serializer)
        )

    def perform_destroy(self, instance):
        gift_delete(gift=instance, by=self.request.user)


class StatsSectionsView(APIView):
    """The year's report sections that apps above events register (events.sections): the service desk's figures
    by kind, the outbound trips' …, each table with last year's figures and the change, and the section's summary
    sentences. `until` gives the year to date against the same months of last year. A section is listed only to
    users with its permission; each costs a constant number of queries."""

    permission_classes = [HasPerms.of("events.view_event")]
    serializer_class = SectionsSerializer

    @extend_schema(parameters=[YearQuerySerializer], responses=SectionsSerializer)
    def get(self, request):
        query = YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        year, until = params.get("year") or timezone.localdate().year, params.get("until")
        built = report_sections.build(year=year, until=until, user=request.user)
        sections = [
            {"key": s["key"], "title": s["title"], "tables": s["tables"], "summary": s["summary"]} for s in built
        ]
        return Response(SectionsSerializer({"year": year, "until": until, "sections": sections}).data)
