from django.db.models import QuerySet

from notifications.models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    """A user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(recipient=user).order_by("-created", "-id")
