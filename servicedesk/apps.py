from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.seeds import reseed_when_empty


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        reseed_when_empty(
            self, "ServiceKind", "0002_seed_kinds"
        )  # the standard kinds, again after a flush (core.seeds)
        # The year's report and the calendar belong to events, below this app: they receive the service desk's
        # figures and the APEC card expiries through their registries.
        from events import providers as events_providers
        from events import sections
        from servicedesk import report, selectors

        sections.register(
            sections.ReportSection(
                key="services",
                title=_("Service desk"),
                order=20,
                figures=report.year_figures,
                summary=report.summary,
                permission="servicedesk.view_serviceentry",
            )
        )
        events_providers.calendar_items.register("apec_cards", selectors.apec_calendar_items)
