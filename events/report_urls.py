"""Pages of the year's figures, the anniversaries panel and the calendar (the feed needs no session).

Included by events.urls, so the names are in the events namespace."""

from django.urls import path

from events import report_views

urlpatterns: list = [
    path("reports/", report_views.reports, name="reports"),
    path("reports/export.xlsx", report_views.reports_export, name="reports-export"),
    path("anniversaries/panel/", report_views.anniversaries_panel, name="anniversaries-panel"),
    path("anniversaries/plan/", report_views.anniversaries_plan, name="anniversaries-plan"),
    path("calendar/", report_views.calendar_month, name="calendar"),
    path("calendar/feed/", report_views.calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar/<str:secret>.ics", report_views.calendar_feed, name="calendar-feed"),
]
