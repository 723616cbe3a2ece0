"""Reads events needs from the apps above it (see core/providers.py), registered in their AppConfig.ready().

The calendar (month view and feed) shows dated items of higher apps too, e.g. the service desk's APEC card
expiries: each app registers a function `(*, user, start, end) -> [events.calendar.CalendarItem]`.
"""

from core.providers import Providers

calendar_items = Providers("calendar_items")
