"""API URLs of the year's figures and of anniversaries (included under /api/)."""

from django.urls import path

from events.api.views import AnniversaryListView, AnniversaryPlanView, StatsSectionsView, StatsView

urlpatterns: list = [
    path("anniversaries/", AnniversaryListView.as_view(), name="anniversary-list"),
    path("anniversaries/plan/", AnniversaryPlanView.as_view(), name="anniversary-plan"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("stats/sections/", StatsSectionsView.as_view(), name="stats-sections"),
]
