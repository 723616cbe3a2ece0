from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from attachments.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "kind", "original_name", "size", "uploaded_by", "created")
    list_filter = ("kind",)
    search_fields = ("title", "original_name")
    raw_id_fields = ("entity", "relation", "step", "event", "followup", "uploaded_by")
