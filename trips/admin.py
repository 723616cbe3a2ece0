"""Outbound trips in the admin: the rules and review criteria are edited here (admins only); trips with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from trips.models import ReviewCriterion, Trip, TripLeg, TripMember, TripReview, TripRules, TripStep


@admin.register(TripRules)
class TripRulesAdmin(SimpleHistoryAdmin):
    list_display = (
        "__str__",
        "max_countries",
        "max_delegation",
        "per_person_per_year",
        "per_unit_per_year",
        "office_batches_per_year",
        "office_person_times_per_year",
        "passports_due_days",
        "report_due_days",
    )


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_zh", "max_score", "order", "active")


class LegInline(admin.TabularInline):
    model = TripLeg
    extra = 0
    raw_id_fields = ("city",)


class MemberInline(admin.TabularInline):
    model = TripMember
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Trip)
class TripAdmin(SimpleHistoryAdmin):
    list_display = ("title", "organiser", "kind", "category", "status", "start_date", "end_date")
    list_filter = ("status", "kind", "category", "approving_level")
    date_hierarchy = "start_date"
    raw_id_fields = ("organiser", "partners", "relations", "event")
    search_fields = ("title", "organiser__name", "organiser__name_zh")
    inlines = (LegInline, MemberInline)


@admin.register(TripStep)
class TripStepAdmin(SimpleHistoryAdmin):
    list_display = ("trip", "kind", "date", "recorded_by")
    list_filter = ("kind",)
    raw_id_fields = ("trip",)


@admin.register(TripReview)
class TripReviewAdmin(SimpleHistoryAdmin):
    list_display = ("trip", "year", "quarter", "total")
    raw_id_fields = ("trip",)
