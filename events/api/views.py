"""The events API: `/api/events/` (list, create, retrieve, partial update, delete, history)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response

from core.api import VersionedMixin
from core.history import HistoryMixin
from events.api.serializers import EventSerializer, EventWriteSerializer
from events.filters import EventFilterSet
from events.models import Event
from events.selectors import event_detail, event_list
from events.services import event_create, event_delete, event_update


@extend_schema_view(
    list=extend_schema(
        summary="List events", description="One event is one batch (批); `headcount` is its person-times (人次)."
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
class EventViewSet(VersionedMixin, HistoryMixin, viewsets.ModelViewSet):
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_fields = ("start_date", "end_date", "headcount", "title", "created")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return event_list()

    def create(self, request, *args, **kwargs):
        serializer = EventWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = event_create(by=request.user, **serializer.service_arguments())
        data = EventSerializer(event_detail(pk=event.pk), context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        serializer = EventWriteSerializer(event, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        event = event_update(event=event, by=request.user, **serializer.service_arguments())
        return Response(EventSerializer(event_detail(pk=event.pk), context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        event_delete(event=instance, by=self.request.user)
