"""Reads contacts needs from the apps above it (see core/providers.py): ties come from relations, events from events.

contacts may not read a higher app's tables, not even through Entity's reverse accessors; each read below is
registered by the app that owns the table, in its AppConfig.ready(). The defaults answer as if the app were absent.
"""

from django.db.models import IntegerField, Value

from core.providers import Provider

# An expression counting an entity's ties (relations) / distinct events (events), for `entity_list(counts=True)`.
ties_count_expression = Provider("ties_count_expression", default=lambda: Value(0, output_field=IntegerField()))
events_count_expression = Provider("events_count_expression", default=lambda: Value(0, output_field=IntegerField()))
# The ties of an entity, either direction, newest first, both ends joined; the first `limit` when given (relations).
entity_ties = Provider("entity_ties", default=lambda entity, limit=None: [])
# How many ties an entity has (relations) / how many distinct events it took part in (events).
entity_ties_count = Provider("entity_ties_count", default=lambda entity: 0)
entity_events_count = Provider("entity_events_count", default=lambda entity: 0)
# The entity's latest participations with their events, newest first (events).
entity_recent_participations = Provider("entity_recent_participations", default=lambda entity, limit: [])
