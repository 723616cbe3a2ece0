from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the request's language.")
    body = serializers.CharField(read_only=True)

    class Meta:
        model = Notification
        fields = ("id", "kind", "title", "body", "url", "due", "key", "read_at", "emailed_at", "created")
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="Notifications marked read.")
