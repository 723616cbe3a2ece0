import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_kinds(sender, apps=None, **kwargs):
    """The standard kinds in an empty table. Migration 0002 seeds them once; a flush (a transactional test's
    teardown) empties the table and sends post_migrate, and the next test on that worker would find no kinds. A table
    with any kind in it is the office's own and is left alone."""
    if apps is None:
        from django.apps import apps
    ServiceKind = apps.get_model("servicedesk", "ServiceKind")
    if not ServiceKind.objects.exists():
        importlib.import_module("servicedesk.migrations.0002_seed_kinds").seed(apps, None)


class ServicedeskConfig(AppConfig):
    name = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        post_migrate.connect(_seed_kinds, sender=self, dispatch_uid="servicedesk.seed_kinds")
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
