from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # What contacts and relations read of events is supplied from here (they may not read events' tables).
        from contacts import providers as contacts_providers
        from events import selectors
        from relations import providers as relations_providers

        contacts_providers.entity_recent_participations.register(selectors.entity_recent_participations)
        contacts_providers.entity_events_count.register(selectors.entity_events_count)
        contacts_providers.events_count_expression.register(selectors.events_count_expression)
        relations_providers.held_exchange_dates.register(selectors.held_exchange_dates)
        relations_providers.planned_anniversaries.register(selectors.planned_anniversaries)
        relations_providers.suggestion_sources.register(selectors.suggestion_sources)
        relations_providers.relation_events.register(selectors.relation_events)
        relations_providers.relation_events_count.register(selectors.relation_events_count)
        relations_providers.can_plan_anniversary.register(selectors.can_plan_anniversary)
