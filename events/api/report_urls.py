"""API URLs of the year's figures and of anniversaries (included under /api/)."""

from django.urls import path

from events.api import reports

urlpatterns: list = [
    path("anniversaries/", reports.AnniversaryListView.as_view(), name="anniversary-list"),
    path("anniversaries/plan/", reports.AnniversaryPlanView.as_view(), name="anniversary-plan"),
    path("stats/", reports.StatsView.as_view(), name="stats"),
]
