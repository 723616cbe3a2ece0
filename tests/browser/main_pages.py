"""The product's main pages, with a small world that gives each of them something to show; shared by the browser
tests that walk every page (tests/browser/test_csp.py: no CSP violation; tests/browser/test_phone.py: usable at
390 px). A page added to the menu belongs in MAIN_PAGES."""

import datetime as dt

from django.utils import timezone

from events.choices import EventStatus
from tests.browser.test_expansion import build_world as build_expansion_world
from tests.factories import EventFactory, FollowUpFactory, NoteFactory, ParticipantFactory


def build_world(owner) -> dict:
    """The expansion page's world (a home city, ties in Korea and Germany, a layout plan) with events this year and
    last, a follow-up of `owner`'s due this month, and a note."""
    world = build_expansion_world()
    today = timezone.localdate()
    events = []
    for year, month, headcount in ((today.year, 1, 12), (today.year, 3, 5), (today.year - 1, 3, 8)):
        event = EventFactory(start_date=dt.date(year, month, 10), headcount=headcount)
        ParticipantFactory(event=event, entity=world["daegu"], headcount=headcount)
        events.append(event)
    EventFactory(title="Planned visit", status=EventStatus.PLANNED, start_date=today + dt.timedelta(days=3))
    followup = FollowUpFactory(owner=owner, due_date=today, event=events[0])
    NoteFactory(entity=world["daegu"])
    world.update(event=events[0], followup=followup)
    return world


def main_pages(world) -> list[str]:
    """Every main page: lists, details and forms of entities, ties and events; follow-ups, calendar, reports, the
    expansion pages (suggestions, map, network), trips, services, imports, notifications, search, trash, profile,
    password change and the API documentation."""
    from relations.models import Relation

    tie = Relation.objects.filter(source=world["home"]).first()
    entity, event, followup = world["daegu"], world["event"], world["followup"]
    return [
        "/",
        "/entities/",
        f"/entities/{entity.pk}/",
        "/entities/new/",
        f"/entities/{entity.pk}/edit/",
        "/entities/gazetteer/",
        "/relations/",
        f"/relations/{tie.pk}/",
        "/relations/new/",
        f"/relations/{tie.pk}/edit/",
        "/events/",
        f"/events/{event.pk}/",
        "/events/new/",
        f"/events/{event.pk}/edit/",
        "/followups/",
        f"/followups/{followup.pk}/",
        "/calendar/",
        "/reports/",
        "/expansion/",
        "/expansion/map/",
        "/expansion/network/",
        "/trips/",
        "/trips/new/",
        "/services/",
        "/services/apec-cards/",
        "/imports/",
        "/notifications/",
        "/search/?q=daegu",
        "/trash/",
        "/profile/",
        "/accounts/password/",
        "/api/docs/",
        "/api/redoc/",
    ]
