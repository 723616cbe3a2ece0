from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(SimpleHistoryAdmin):
    list_display = ("title_en", "recipient", "kind", "due", "read_at", "emailed_at", "created")
    list_filter = ("kind",)
    search_fields = ("title_en", "title_zh", "key", "recipient__username")
    raw_id_fields = ("recipient",)
