"""Every relations model in the admin, with its history (simple-history), search and filters."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from relations.models import (
    ApprovalDecision,
    LayoutPlan,
    LayoutRule,
    LayoutTarget,
    Relation,
    RelationStep,
    SensitiveDestination,
    SuggestionDismissal,
)


class RelationStepInline(admin.TabularInline):
    model = RelationStep
    extra = 0
    fields = ("date", "from_status", "to_status", "document_no", "note", "recorded_by")
    raw_id_fields = ("recorded_by",)


class ApprovalDecisionInline(admin.TabularInline):
    model = ApprovalDecision
    extra = 0
    fields = ("date", "level", "outcome", "document_no", "note", "recorded_by")
    raw_id_fields = ("recorded_by",)


@admin.register(Relation)
class RelationAdmin(SimpleHistoryAdmin):
    list_display = ("id", "source", "target", "kind", "status", "status_since", "established_on")
    list_filter = ("kind", "status", "target__country", "source__domestic")
    search_fields = (
        "source__name",
        "source__name_zh",
        "source__name_en",
        "target__name",
        "target__name_zh",
        "target__name_en",
        "title",
        "notes",
    )
    list_select_related = ("source", "target")
    raw_id_fields = ("source", "target", "upgraded_from")
    date_hierarchy = "established_on"
    readonly_fields = ("created", "updated")
    inlines = (RelationStepInline, ApprovalDecisionInline)


@admin.register(RelationStep)
class RelationStepAdmin(SimpleHistoryAdmin):
    list_display = ("relation", "date", "from_status", "to_status", "document_no", "recorded_by")
    list_filter = ("to_status", "from_status", "relation__kind")
    search_fields = (
        "relation__source__name",
        "relation__target__name",
        "relation__target__name_zh",
        "document_no",
        "note",
    )
    list_select_related = ("relation__source", "relation__target", "recorded_by")
    raw_id_fields = ("relation", "recorded_by")
    date_hierarchy = "date"


@admin.register(ApprovalDecision)
class ApprovalDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("relation", "level", "outcome", "date", "document_no", "recorded_by")
    list_filter = ("level", "outcome")
    search_fields = (
        "relation__source__name",
        "relation__target__name",
        "relation__target__name_zh",
        "document_no",
        "note",
    )
    list_select_related = ("relation__source", "relation__target", "recorded_by")
    raw_id_fields = ("relation", "recorded_by")
    date_hierarchy = "date"


class LayoutRuleInline(admin.TabularInline):
    model = LayoutRule
    extra = 0
    fields = ("region", "country", "tier", "target", "notes")


class LayoutTargetInline(admin.TabularInline):
    model = LayoutTarget
    extra = 0
    fields = ("entity", "geonameid", "name", "country", "notes")
    raw_id_fields = ("entity",)


@admin.register(LayoutPlan)
class LayoutPlanAdmin(SimpleHistoryAdmin):
    list_display = ("name", "home", "start_year", "end_year")
    list_filter = ("start_year", "end_year")
    search_fields = ("name", "notes", "home__name", "home__name_zh")
    list_select_related = ("home",)
    raw_id_fields = ("home",)
    inlines = (LayoutRuleInline, LayoutTargetInline)


@admin.register(SuggestionDismissal)
class SuggestionDismissalAdmin(SimpleHistoryAdmin):
    list_display = ("subject", "kind", "home", "until", "dismissed_by", "created")
    list_filter = ("kind", "until")
    search_fields = ("key", "subject", "reason")
    list_select_related = ("home", "dismissed_by")
    raw_id_fields = ("home", "dismissed_by")
    date_hierarchy = "until"


@admin.register(SensitiveDestination)
class SensitiveDestinationAdmin(SimpleHistoryAdmin):
    list_display = ("country", "level", "note", "updated")
    list_filter = ("level",)
    search_fields = ("country", "note")
