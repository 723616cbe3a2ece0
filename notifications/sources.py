"""Where reminders come from: a registry of sources, each a function of today's date giving `Reminder`s.

This app registers follow-ups due and anniversaries entering their planning window; an app of the same layer (trips:
passports not returned on time) calls `register()` in its AppConfig.ready(), so neither imports the other.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from notifications.choices import NotificationKind


@dataclass(frozen=True)
class Reminder:
    """One thing to tell one user, once: `key` names it for good (the same key is never notified twice).

    `title` and `body` are callables, rendered in each interface language when the notification is stored."""

    key: str
    recipient_id: int
    kind: str
    title: Callable[[], str]
    url: str = ""
    body: Callable[[], str] = lambda: ""
    due: date | None = None


Source = Callable[[date], Iterable[Reminder]]
_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add (or replace) a source of reminders under `name`."""
    _SOURCES[name] = source


def registered() -> dict[str, Source]:
    return dict(_SOURCES)


__all__ = ["NotificationKind", "Reminder", "Source", "register", "registered"]
