"""Every events model in the admin, with history (SimpleHistoryAdmin), search and filters.

Foreign keys to entities and ties use raw-id widgets: there can be thousands of each.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from events.models import CalendarFeed, Event, FollowUp, Note, Participant
from events.services import event_headcount_refresh


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    raw_id_fields = ("entity",)
    fields = ("entity", "role", "headcount")


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "kind", "level", "status", "start_date", "end_date", "headcount", "headcount_given")
    list_filter = ("kind", "level", "status", "headcount_given", "start_date")
    search_fields = (
        "title",
        "location",
        "outcome",
        "notes",
        "participants__entity__name",
        "participants__entity__name_zh",
    )
    date_hierarchy = "start_date"
    raw_id_fields = ("relations",)
    readonly_fields = ("headcount_given", "created", "updated")
    inlines = (ParticipantInline,)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The admin edits rows directly; keep the person-times the participants' sum unless they were given.
        event_headcount_refresh(event=form.instance, by=request.user)


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ("event", "entity", "role", "headcount")
    list_filter = ("role",)
    search_fields = ("event__title", "entity__name", "entity__name_zh", "entity__name_en")
    raw_id_fields = ("event", "entity")
    list_select_related = ("event", "entity")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        event_headcount_refresh(event=obj.event, by=request.user)

    def delete_model(self, request, obj):
        event = obj.event
        super().delete_model(request, obj)
        event_headcount_refresh(event=event, by=request.user)


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ("title", "due_date", "owner", "entity", "relation", "event", "anniversary_on", "done_at")
    list_filter = (("done_at", admin.EmptyFieldListFilter), "due_date", "owner")
    search_fields = ("title", "notes", "entity__name", "entity__name_zh", "event__title")
    raw_id_fields = ("owner", "entity", "relation", "event", "done_by")
    list_select_related = ("owner", "entity", "relation__source", "relation__target", "event")
    date_hierarchy = "due_date"


@admin.register(Note)
class NoteAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "entity", "relation", "author", "created")
    list_filter = ("created", "author")
    search_fields = ("text", "entity__name", "entity__name_zh")
    raw_id_fields = ("entity", "relation", "author")
    list_select_related = ("entity", "relation__source", "relation__target", "author")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SimpleHistoryAdmin):
    list_display = ("user", "created")
    list_filter = ("created",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    raw_id_fields = ("user",)
    readonly_fields = ("created",)
