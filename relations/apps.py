from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = _("Relations")

    def ready(self) -> None:
        # What contacts reads of ties is supplied from here (contacts may not read relations' tables).
        from contacts import providers
        from relations import selectors

        providers.entity_ties.register(selectors.entity_ties)
        providers.entity_ties_count.register(selectors.entity_ties_count)
        providers.ties_count_expression.register(selectors.ties_count_expression)
        from relations import reasons

        reasons.register()
