"""The calendar: anniversaries, events and a user's follow-ups as dated items, a month grid and an iCalendar feed.

The feed (RFC 5545, built with the `icalendar` package) is read by calendar programs without a session, through
a personal secret URL (CalendarFeed); regenerating the secret revokes the old URL.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, timedelta

import icalendar
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import core
from core.validators import strip_control_characters
from events import providers
from events.anniversaries import anniversary_rows
from events.choices import EventKind, EventStatus
from events.models import CalendarFeed, Event, FollowUp, Participant
from relations.anniversaries import add_months
from relations.models import Relation

# The feed covers a window, not every event ever (a calendar program gives up on a feed of a whole province's years):
# events and follow-ups from CRM_CALENDAR_FEED_PAST_MONTHS back (3) to CRM_CALENDAR_FEED_AHEAD_MONTHS ahead (18),
# anniversaries from today to the same horizon. Both are settings (crm/settings.py may set them from the environment).
FEED_PAST_MONTHS = 3
FEED_AHEAD_MONTHS = 18
UID_DOMAIN = "waiban-crm"
# When a calendar program reminds (VALARM, relative to the all-day item's start at midnight): an event the day before,
# a follow-up at 09:00 on its due day, an anniversary a week ahead.
ALARMS = {"event": timedelta(days=-1), "followup": timedelta(hours=9), "anniversary": timedelta(days=-7)}


@dataclass(frozen=True)
class CalendarItem:
    """One all-day item from `start` to `end` (both included)."""

    kind: str  # "anniversary", "event" or "followup"
    uid: str
    title: str
    start: date
    end: date
    url: str = ""
    milestone: bool = False
    planned: bool = False
    status: str = ""
    category: str = ""  # the feed's category of an item from a higher app (events.providers.calendar_items)
    location: str = ""
    description: str = ""

    def on(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Followed:
    """What a user follows, as ids read once (a user's follow-ups are few): the entities, ties and events with a
    follow-up the user owns (open or done)."""

    entity_ids: frozenset[int]
    relation_ids: frozenset[int]
    event_ids: frozenset[int]

    @classmethod
    def of(cls, user: AbstractBaseUser) -> Followed:
        rows = FollowUp.objects.filter(owner=user).values_list("entity_id", "relation_id", "event_id")
        entities, relations, events = set(), set(), set()
        for entity_id, relation_id, event_id in rows:
            entities.add(entity_id)
            relations.add(relation_id)
            events.add(event_id)
        return cls(frozenset(entities - {None}), frozenset(relations - {None}), frozenset(events - {None}))


def followed_ties(user: AbstractBaseUser, followed: Followed | None = None) -> QuerySet[Relation]:
    """The ties a user follows: those the user recorded, those with a follow-up the user owns (open or done), and
    the ties of the entities the user has a follow-up on."""
    followed = followed or Followed.of(user)
    condition = Q(id__in=Relation.history.filter(history_type="+", history_user=user).values("id"))  # type: ignore[attr-defined]
    if followed.relation_ids:
        condition |= Q(id__in=followed.relation_ids)
    if followed.entity_ids:
        condition |= Q(source_id__in=followed.entity_ids) | Q(target_id__in=followed.entity_ids)
    return Relation.objects.filter(condition)


def followed_events(user: AbstractBaseUser, followed: Followed | None = None, relation_ids=None) -> Q:
    """The events a user recorded or follows: a follow-up the user owns on the event, on one of the ties it serves
    (`relation_ids`, default: followed_ties) or on one of its participants. Subqueries on indexed columns, so no
    join multiplies the rows; a clause with nothing to follow is left out."""
    followed = followed or Followed.of(user)
    if relation_ids is None:
        relation_ids = list(followed_ties(user, followed).values_list("id", flat=True))
    condition = Q(id__in=Event.history.filter(history_type="+", history_user=user).values("id"))  # type: ignore[attr-defined]
    if followed.event_ids:
        condition |= Q(id__in=followed.event_ids)
    if relation_ids:
        links = Event.relations.through.objects.filter(relation_id__in=relation_ids)
        condition |= Q(id__in=links.values("event_id"))
    if followed.entity_ids:
        condition |= Q(id__in=Participant.objects.filter(entity_id__in=followed.entity_ids).values("event_id"))
    return condition


def calendar_items(
    *,
    user: AbstractBaseUser,
    start: date,
    end: date,
    anniversaries_until: date | None = None,
    followed_only: bool = False,
) -> list[CalendarItem]:
    """Items overlapping [start, end]: tie anniversaries, events (not cancelled), the user's open follow-ups; with
    `followed_only` (the feed), only the anniversaries and events of what the user recorded or follows.

    Titles are in the active language. A fixed number of queries (five at most, the anniversaries' ties loaded in
    chunks) whatever the number of items.
    """
    items: list[CalendarItem] = []
    followed = Followed.of(user) if followed_only else None
    relation_ids = list(followed_ties(user, followed).values_list("id", flat=True)) if followed_only else None
    rows = list(anniversary_rows(start=start, end=min(end, anniversaries_until or end), relation_ids=relation_ids))
    celebrated = _celebrated_anniversaries(rows)
    for row in rows:
        if (row.relation.pk, row.date.year) in celebrated:
            continue  # planned: its anniversary event stands for it (else the calendar showed the day twice)
        items.append(
            CalendarItem(
                kind="anniversary",
                uid=f"anniversary-{row.relation.pk}-{row.date:%Y%m%d}",
                title=row.title,
                start=row.date,
                end=row.date,
                url=row.relation.get_absolute_url(),
                milestone=row.milestone,
                planned=row.planned,
                description=_("Signed on %(date)s; %(years)s years.")
                % {"date": row.established_on.isoformat(), "years": row.years},
            )
        )
    events = (
        Event.objects.exclude(status=EventStatus.CANCELLED)
        .filter(start_date__lte=end)
        .filter(Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start))
        .only("id", "title", "start_date", "end_date", "status", "kind", "location", "notes")
        .order_by("start_date", "id")
    )
    if followed_only:
        events = events.filter(followed_events(user, followed, relation_ids))
    for event in events:
        items.append(
            CalendarItem(
                kind="event",
                uid=f"event-{event.pk}",
                title=event.title,
                start=event.start_date,
                end=event.end_date or event.start_date,
                url=event.get_absolute_url(),
                status=event.status,
                location=event.location,
                description="\n".join(part for part in (str(event.get_kind_display()), event.notes) if part),
            )
        )
    followups = (
        FollowUp.objects.filter(owner=user, done_at__isnull=True, due_date__gte=start, due_date__lte=end)
        .only("id", "title", "due_date", "relation_id", "event_id", "entity_id", "notes")
        .order_by("due_date", "id")
    )
    for followup in followups:
        items.append(
            CalendarItem(
                kind="followup",
                uid=f"followup-{followup.pk}",
                title=_("Follow-up due: %(title)s") % {"title": followup.title},
                start=followup.due_date,
                end=followup.due_date,
                url=_followup_url(followup),
                description=followup.notes,
            )
        )
    items.extend(providers.calendar_items(user=user, start=start, end=end))
    order = {"anniversary": 0, "event": 1, "followup": 2}
    items.sort(key=lambda item: (item.start, order.get(item.kind, 3), item.title))
    return items


def _celebrated_anniversaries(rows) -> set[tuple[int, int]]:
    """(tie id, year) of the planned anniversaries that have an anniversary event linked to the tie that year (one
    query, or none): the event is the calendar's item for them, wherever its date was moved to."""
    planned = [row for row in rows if row.planned]
    if not planned:
        return set()
    links = Event.relations.through.objects.filter(
        relation_id__in={row.relation.pk for row in planned},
        event__kind=EventKind.ANNIVERSARY,
        event__start_date__year__in={row.date.year for row in planned},
    ).exclude(event__status=EventStatus.CANCELLED)
    return {(relation_id, start.year) for relation_id, start in links.values_list("relation_id", "event__start_date")}


def _followup_url(followup: FollowUp) -> str:
    # A follow-up is shown on the page of what it concerns.
    if followup.event_id:
        return reverse("events:event-detail", args=[followup.event_id])
    if followup.relation_id:
        return reverse("relations:detail", args=[followup.relation_id])
    if followup.entity_id:
        return reverse("contacts:detail", args=[followup.entity_id])
    return ""


# --- the month view -----------------------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    items: list[CalendarItem] = field(default_factory=list)


def parse_month(value: str | None, *, today: date) -> date:
    """The first day of the month given as "YYYY-MM" (default: this month); ValueError when malformed."""
    if not value:
        return today.replace(day=1)
    year_text, sep, month_text = value.strip().partition("-")
    if not sep or not year_text.isdigit() or not month_text.isdigit() or len(year_text) != 4:
        raise ValueError(value)
    year, month = int(year_text), int(month_text)
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise ValueError(value)
    return date(year, month, 1)


def month_grid(*, user: AbstractBaseUser, month: date) -> list[list[CalendarDay]]:
    """The weeks (Monday first) covering `month`, each day with the items falling on it."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks[0][0], weeks[-1][-1]
    items = calendar_items(user=user, start=first, end=last)
    grid = []
    for week in weeks:
        grid.append(
            [
                CalendarDay(day=day, in_month=day.month == month.month, items=[item for item in items if item.on(day)])
                for day in week
            ]
        )
    return grid


# --- the iCalendar feed -------------------------------------------------------------------------------------------


def feed_window(today: date) -> tuple[date, date]:
    """The feed's first and last day: the settings' months back and ahead of today (default 3 and 18)."""
    past = getattr(settings, "CRM_CALENDAR_FEED_PAST_MONTHS", FEED_PAST_MONTHS)
    ahead = getattr(settings, "CRM_CALENDAR_FEED_AHEAD_MONTHS", FEED_AHEAD_MONTHS)
    return add_months(today, -past), add_months(today, ahead)


def calendar_ics(*, user: AbstractBaseUser, today: date, base_url: str = "") -> bytes:
    """The user's feed as RFC 5545 text: the events of the window the user recorded or follows (followed_events),
    the user's open follow-ups, and from today on the anniversaries of the ties the user follows (followed_ties)."""
    start, end = feed_window(today)
    # What the user recorded or follows, not the whole office's calendar (a province's is thousands of items).
    items = calendar_items(user=user, start=start, end=end, followed_only=True)
    # Anniversaries only from today on: the past ones are history, not plans.
    items = [item for item in items if item.kind != "anniversary" or item.start >= today]
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Foreign-affairs CRM//waiban-crm {core.__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Foreign-affairs CRM"))
    stamp = timezone.now().replace(microsecond=0)
    categories = {"anniversary": _("Anniversary"), "event": _("Event"), "followup": _("Follow-up")}
    for item in items:
        vevent = icalendar.Event()
        vevent.add("uid", f"{item.uid}@{UID_DOMAIN}")
        vevent.add("dtstamp", stamp)
        # RFC 5545 text holds no control character (a name stored before input refused them would pass raw).
        vevent.add("summary", strip_control_characters(item.title, keep="\n"))
        vevent.add("dtstart", item.start)
        vevent.add("dtend", item.end + timedelta(days=1))  # all-day: DTEND is exclusive
        vevent.add("transp", "TRANSPARENT")
        vevent.add("categories", [str(categories.get(item.kind) or item.category or item.kind)])
        if item.kind == "event" and item.status == EventStatus.PLANNED:
            vevent.add("status", "TENTATIVE")
        elif item.kind == "event":
            vevent.add("status", "CONFIRMED")
        if base_url and item.url:
            vevent.add("url", base_url.rstrip("/") + item.url)
        if item.location:
            vevent.add("location", strip_control_characters(item.location))
        if item.description:
            vevent.add("description", strip_control_characters(item.description, keep="\n"))
        if item.start >= today and item.kind in ALARMS:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", strip_control_characters(item.title, keep="\n"))
            alarm.add("trigger", ALARMS[item.kind])
            vevent.add_component(alarm)
        cal.add_component(vevent)
    return cal.to_ical()


def calendar_feed_user(*, secret: str) -> AbstractBaseUser | None:
    """The active user owning `secret`, or None (unknown or revoked secret, inactive user)."""
    if not secret:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(secret=secret).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
