"""The service desk in the admin: admins add kinds of service here; entries and cards with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from servicedesk.models import ApecCard, ServiceEntry, ServiceKind


@admin.register(ServiceKind)
class ServiceKindAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_zh", "unit", "cumulative", "order", "active")
    list_filter = ("unit", "cumulative", "active")
    search_fields = ("code", "name", "name_zh")


@admin.register(ServiceEntry)
class ServiceEntryAdmin(SimpleHistoryAdmin):
    list_display = ("date", "kind", "period", "applicant", "batches", "items")
    list_filter = ("kind", "period", "date")
    date_hierarchy = "date"
    raw_id_fields = ("applicant",)
    search_fields = ("note", "applicant__name", "applicant__name_zh")


@admin.register(ApecCard)
class ApecCardAdmin(SimpleHistoryAdmin):
    list_display = ("number", "holder", "enterprise", "issued_on", "expires_on")
    date_hierarchy = "expires_on"
    raw_id_fields = ("holder", "enterprise")
    search_fields = ("number", "holder__name", "holder__name_zh", "enterprise__name", "enterprise__name_zh")
