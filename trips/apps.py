from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.seeds import reseed_when_empty


class TripsConfig(AppConfig):
    name = "trips"
    verbose_name = _("Outbound trips")

    def ready(self) -> None:
        reseed_when_empty(self, "TripRules", "0002_seed_rules")  # the default rules, again after a flush (core.seeds)
        # The year's report belongs to events, below this app: it receives the trips' figures through its registry.
        from events import sections
        from trips import report

        sections.register(
            sections.ReportSection(
                key="trips",
                title=_("Outbound trips"),
                order=10,
                figures=report.year_figures,
                summary=report.summary,
                # only those who may read trips see their figures on the Reports page, in the API and the export
                permission="trips.view_trip",
            )
        )
