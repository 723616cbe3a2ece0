"""Reads relations needs from the apps above it (see core/providers.py), registered by events in its ready().

relations may not read events' tables; each read below is supplied by events. The defaults answer as if no event
were on file.
"""

from core.providers import Provider

# relation id -> dates of its held exchanges up to `today`, oldest first, for the ties in `relations` (a queryset).
held_exchange_dates = Provider("held_exchange_dates", default=lambda relations, today: {})
# (relation id, anniversary date) of the follow-ups already planning an anniversary of one of `relations`.
planned_anniversaries = Provider("planned_anniversaries", default=lambda relations: set())
# What else the suggestions read, for their cache's fingerprint: (models with an `updated` column, link tables).
suggestion_sources = Provider("suggestion_sources", default=lambda: ((), ()))
# The events serving a tie, newest first (a queryset), and how many there are.
relation_events = Provider("relation_events", default=lambda relation: [])
relation_events_count = Provider("relation_events_count", default=lambda relation: 0)
# Whether a user may plan an anniversary (a follow-up with its event), for the suggestions' "plan" button.
can_plan_anniversary = Provider("can_plan_anniversary", default=lambda user: False)
