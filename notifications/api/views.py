"""`/api/notifications/`: the requesting user's own notifications; mark one or all read."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from notifications.api.serializers import NotificationSerializer, ReadAllSerializer
from notifications.filters import NotificationFilterSet
from notifications.models import Notification
from notifications.selectors import notifications_of
from notifications.services import notification_mark_read, notifications_mark_all_read


@extend_schema_view(
    list=extend_schema(summary="List my notifications (newest first; `unread=true` for the bell's)"),
    retrieve=extend_schema(summary="Retrieve one of my notifications"),
)
class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reminders sent to the requesting user (by `manage.py send_reminders`); every user reads only their own."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications_of(self.request.user)

    @extend_schema(summary="Mark the notification read", request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = notification_mark_read(notification=self.get_object(), by=request.user)
        return Response(self.get_serializer(notification).data)

    @extend_schema(summary="Mark all my notifications read", request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[], pagination_class=None)
    def read_all(self, request):
        return Response({"marked": notifications_mark_all_read(user=request.user, by=request.user)})
