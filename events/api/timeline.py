"""API of timelines (entity and tie), timeline notes and follow-ups."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from contacts.models import Entity
from core.api import HasPerms
from core.history import HistoryMixin
from events.followups import (
    FollowUpFilterSet,
    followup_create,
    followup_delete,
    followup_list,
    followup_mark_done,
    followup_reopen,
    followup_update,
    note_create,
    note_delete,
)
from events.models import FollowUp, Note
from events.timeline import TYPES, Timeline, TimelineFilterForm
from relations.models import Relation

User = get_user_model()


# --- serializers --------------------------------------------------------------------------------------------------


class TimelineItemSerializer(serializers.Serializer):
    """One line of a timeline."""

    date = serializers.DateField(help_text="The day it happened (or, for an open follow-up, is due).")
    type = serializers.ChoiceField(choices=TYPES)
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    actor = serializers.CharField(allow_blank=True, help_text="Who did it: a user, or the entities taking part.")
    url = serializers.CharField(help_text="The page of the item (an event, a tie, a follow-up, the record).")


class NoteSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.username", read_only=True, allow_null=True)

    class Meta:
        model = Note
        fields = ("id", "text", "entity", "relation", "author", "author_name", "created")
        read_only_fields = ("entity", "relation", "author", "created")


class FollowUpSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, help_text="A user id; the requesting user when left out."
    )
    owner_name = serializers.CharField(source="owner.username", read_only=True)
    done_by_name = serializers.CharField(source="done_by.username", read_only=True, allow_null=True)
    entity_name = serializers.StringRelatedField(source="entity", read_only=True)
    relation_name = serializers.StringRelatedField(source="relation", read_only=True)
    event_title = serializers.CharField(source="event.title", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "title",
            "due_date",
            "owner",
            "owner_name",
            "entity",
            "entity_name",
            "relation",
            "relation_name",
            "event",
            "event_title",
            "anniversary_on",
            "notes",
            "done_at",
            "done_by",
            "done_by_name",
            "overdue",
            "created",
            "updated",
        )
        read_only_fields = ("anniversary_on", "done_at", "done_by", "created", "updated")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, followup: FollowUp) -> bool:
        return followup.done_at is None and followup.due_date < timezone.localdate()


# --- timelines ----------------------------------------------------------------------------------------------------

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


# --- follow-ups ---------------------------------------------------------------------------------------------------


class FollowUpViewSet(HistoryMixin, viewsets.ModelViewSet):
    """Follow-ups: promised next steps with a due date and an owner."""

    queryset = FollowUp.objects.all()
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    ordering_fields = ("due_date", "done_at", "created", "title")
    ordering = ("due_date", "id")

    def get_queryset(self):
        return followup_list()

    def perform_create(self, serializer):
        serializer.instance = followup_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = followup_update(
            followup=serializer.instance, by=self.request.user, **serializer.validated_data
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
