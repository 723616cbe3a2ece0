"""The calendar: the iCalendar feed of a secret URL, its regeneration on the profile, and the month view."""

from datetime import date, timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.calendar import parse_month
from events.choices import EventStatus
from events.models import CalendarFeed
from events.services import calendar_feed_ensure
from relations.anniversaries import add_months
from relations.choices import RelationKind
from tests.factories import (
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    HomeCityFactory,
    ParticipantFactory,
    RelationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(make_user):
    """Relative to today: an anniversary in 3 months, a 3-day event, follow-ups of two users, things left out.

    The feed shows what its user follows: the owner has a (done, long past) follow-up on Daegu, so Daegu's tie and
    the event Daegu takes part in are followed."""
    today = timezone.localdate()
    user = make_user("officer", username="feed-owner")
    other = make_user("officer", username="someone-else")
    on = add_months(today, 3)
    home = HomeCityFactory(name="Ningbo")
    daegu = EntityFactory(name="대구", name_en="Daegu", name_zh="大邱", country="KR")
    tie = RelationFactory(
        source=home,
        target=daegu,
        kind=RelationKind.SISTER_CITY,
        established_on=date(on.year - 20, on.month, min(on.day, 28)),
    )
    event = EventFactory(
        title="Daegu youth orchestra", start_date=today + timedelta(days=10), end_date=today + timedelta(days=12)
    )
    ParticipantFactory(event=event, entity=daegu)
    FollowUpFactory(owner=user, entity=daegu, due_date=today - timedelta(days=400), done_at=timezone.now())
    for title, status, start in (
        ("Cancelled visit", EventStatus.CANCELLED, today + timedelta(days=5)),
        ("Too old", EventStatus.HELD, today - timedelta(days=800)),
    ):
        ParticipantFactory(event=EventFactory(title=title, status=status, start_date=start), entity=daegu)
    mine = FollowUpFactory(owner=user, title="Send the invitation", due_date=today + timedelta(days=20))
    FollowUpFactory(owner=user, title="Already done", due_date=today + timedelta(days=21), done_at=timezone.now())
    FollowUpFactory(owner=other, title="Not mine", due_date=today + timedelta(days=22))
    return {
        "user": user,
        "tie": tie,
        "event": event,
        "followup": mine,
        "today": today,
        "anniversary": date(on.year, on.month, min(on.day, 28)),
    }


def _feed(client, secret, **params):
    return client.get(f"/calendar/{secret}.ics", params)


def _vevents(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def test_feed_parses_back_with_the_expected_events(client, items):
    feed = calendar_feed_ensure(user=items["user"])
    response = _feed(client, feed.secret, lang="en")  # no session: calendar programs have none
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _vevents(response)
    tie, event, followup = items["tie"], items["event"], items["followup"]
    anniversary_uid = f"anniversary-{tie.pk}-{items['anniversary']:%Y%m%d}@waiban-crm"
    next_year = items["anniversary"].replace(year=items["anniversary"].year + 1)  # the 21st, within 18 months
    assert set(events) == {
        anniversary_uid,
        f"anniversary-{tie.pk}-{next_year:%Y%m%d}@waiban-crm",
        f"event-{event.pk}@waiban-crm",
        f"followup-{followup.pk}@waiban-crm",
    }
    anniversary = events[anniversary_uid]
    assert str(anniversary["SUMMARY"]) == "Daegu – 20th anniversary of the sister-city tie"
    assert anniversary.decoded("DTSTART") == items["anniversary"]
    assert anniversary.decoded("DTEND") == items["anniversary"] + timedelta(days=1)
    visit = events[f"event-{event.pk}@waiban-crm"]
    assert str(visit["SUMMARY"]) == "Daegu youth orchestra"
    assert visit.decoded("DTSTART") == event.start_date
    assert visit.decoded("DTEND") == event.end_date + timedelta(days=1)  # all-day, end exclusive
    due = events[f"followup-{followup.pk}@waiban-crm"]
    assert str(due["SUMMARY"]) == "Follow-up due: Send the invitation"
    assert due.decoded("DTSTART") == followup.due_date


def test_feed_titles_follow_the_lang_parameter(client, items):
    feed = calendar_feed_ensure(user=items["user"])
    events = _vevents(_feed(client, feed.secret, lang="zh-hans"))
    titles = {str(component["SUMMARY"]) for component in events.values()}
    assert "大邱 结好20周年" in titles
    assert "跟进事项到期：Send the invitation" in titles


def test_a_wrong_or_revoked_secret_gets_404(client, items):
    assert _feed(client, "not-a-secret").status_code == 404
    feed = calendar_feed_ensure(user=items["user"])
    old = feed.secret
    client.force_login(items["user"])
    response = client.post("/calendar/feed/")
    assert response.status_code == 302
    client.logout()
    new = CalendarFeed.objects.get(user=items["user"]).secret
    assert new != old
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200


def test_a_feed_of_an_inactive_user_gets_404(client, items):
    feed = calendar_feed_ensure(user=items["user"])
    items["user"].is_active = False
    items["user"].save()
    assert _feed(client, feed.secret).status_code == 404


def test_profile_section_creates_the_feed_once_and_shows_both_language_links(client, items):
    client.force_login(items["user"])
    profile = client.get("/profile/")
    assert 'hx-get="/calendar/feed/"' in profile.content.decode()
    first = client.get("/calendar/feed/", HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    secret = CalendarFeed.objects.get(user=items["user"]).secret
    html = first.content.decode()
    assert f"/calendar/{secret}.ics?lang=zh-hans" in html and f"/calendar/{secret}.ics?lang=en" in html
    client.get("/calendar/feed/", HTTP_HX_REQUEST="true")
    assert CalendarFeed.objects.filter(user=items["user"]).count() == 1
    assert CalendarFeed.objects.get(user=items["user"]).secret == secret
    regenerated = client.post("/calendar/feed/", HTTP_HX_REQUEST="true")
    assert regenerated.status_code == 200
    assert secret not in regenerated.content.decode()
    assert CalendarFeed.objects.get(user=items["user"]).history.first().history_user == items["user"]


def test_month_view_shows_the_items_on_their_days(client, items):
    client.force_login(items["user"])
    event = items["event"]
    response = client.get("/calendar/", {"month": f"{event.start_date:%Y-%m}"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    weeks = response.context["weeks"]
    days = {cell.day: [item.title for item in cell.items] for week in weeks for cell in week}
    assert "Daegu youth orchestra" in days[event.start_date]
    assert "Daegu youth orchestra" in days[event.end_date]  # spans its three days
    assert all("Cancelled visit" not in titles for titles in days.values())
    html = response.content.decode()
    assert "Daegu youth orchestra" in html
    assert f"?month={add_months(event.start_date.replace(day=1), -1):%Y-%m}" in html
    assert f"?month={add_months(event.start_date.replace(day=1), 1):%Y-%m}" in html
    on = items["anniversary"]
    month = client.get("/calendar/", {"month": f"{on:%Y-%m}"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Daegu – 20th anniversary of the sister-city tie" in month.content.decode()


def test_month_view_is_open_to_viewers_and_refuses_a_bad_month(page_as, db):
    client = page_as("viewer")
    assert client.get("/calendar/", {"month": "2026-11"}).status_code == 200
    bad = client.get("/calendar/", {"month": "2026-13"}, HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400
    assert "Enter the month as YYYY-MM" in bad.content.decode()


def test_month_view_costs_the_same_queries_for_few_and_many_items(page_as, db):
    client = page_as("viewer")
    EventFactory(start_date=date(2026, 11, 30), end_date=date(2026, 11, 30))
    RelationFactory(established_on=date(1999, 11, 30))
    client.get("/calendar/", {"month": "2026-11"})
    with CaptureQueriesContext(connection) as few:
        client.get("/calendar/", {"month": "2026-11"})
    for day in range(1, 29):
        EventFactory(start_date=date(2026, 11, day), end_date=date(2026, 11, day))
        RelationFactory(established_on=date(2000 + day % 20, 11, day))
    client.get("/calendar/", {"month": "2026-11"})  # as above: the anniversaries' window is cached once read
    with CaptureQueriesContext(connection) as many:
        response = client.get("/calendar/", {"month": "2026-11"})
    assert len(few) == len(many)
    assert sum(len(cell.items) for week in response.context["weeks"] for cell in week) >= 58


def test_parse_month_accepts_year_and_month_only():
    today = date(2026, 3, 14)
    assert parse_month(None, today=today) == date(2026, 3, 1)
    assert parse_month("2026-11", today=today) == date(2026, 11, 1)
    for bad in ("2026", "2026-00", "11-2026", "abcd-ef", "2026-1x"):
        with pytest.raises(ValueError):
            parse_month(bad, today=today)


def test_feed_covers_a_window_of_3_months_back_and_18_ahead(client, items, settings):
    today = timezone.localdate()
    recent = EventFactory(title="Recent", start_date=add_months(today, -2))
    old = EventFactory(title="Four months back", start_date=add_months(today, -4))
    far = EventFactory(title="Too far ahead", status=EventStatus.PLANNED, start_date=add_months(today, 19))
    for event in (recent, old, far):
        FollowUpFactory(owner=items["user"], event=event, due_date=today - timedelta(days=400), done_at=timezone.now())
    feed = calendar_feed_ensure(user=items["user"])
    uids = set(_vevents(_feed(client, feed.secret, lang="en")))
    assert f"event-{recent.pk}@waiban-crm" in uids
    assert f"event-{old.pk}@waiban-crm" not in uids and f"event-{far.pk}@waiban-crm" not in uids
    settings.CRM_CALENDAR_FEED_PAST_MONTHS = 6  # configurable
    assert f"event-{old.pk}@waiban-crm" in set(_vevents(_feed(client, feed.secret, lang="en")))


def test_feed_holds_only_what_its_user_recorded_or_follows(client, items):
    """A province's office has thousands of events and ties: the feed keeps the ones its user follows (a follow-up on
    the event, on a tie it serves or on a participant) or recorded, and the followed ties' anniversaries."""
    today = timezone.localdate()
    user = items["user"]
    on = add_months(today, 2)
    unfollowed_tie = RelationFactory(
        source=HomeCityFactory(), target=EntityFactory(name="Aachen"), established_on=date(on.year - 5, on.month, 10)
    )
    unfollowed = EventFactory(title="Someone else's visit", start_date=today + timedelta(days=8))
    by_tie = EventFactory(title="Serves a followed tie", start_date=today + timedelta(days=9))
    by_tie.relations.add(unfollowed_tie)
    on_event = EventFactory(title="Followed event", start_date=today + timedelta(days=11))
    FollowUpFactory(owner=user, event=on_event, due_date=today - timedelta(days=400), done_at=timezone.now())
    feed = calendar_feed_ensure(user=user)
    uids = set(_vevents(_feed(client, feed.secret, lang="en")))
    assert f"event-{items['event'].pk}@waiban-crm" in uids  # a followed participant
    assert f"event-{on_event.pk}@waiban-crm" in uids
    assert f"event-{unfollowed.pk}@waiban-crm" not in uids and f"event-{by_tie.pk}@waiban-crm" not in uids
    assert not [uid for uid in uids if uid.startswith(f"anniversary-{unfollowed_tie.pk}-")]
    # Following the tie brings in its anniversary and the events serving it.
    FollowUpFactory(owner=user, relation=unfollowed_tie, due_date=today - timedelta(days=400), done_at=timezone.now())
    uids = set(_vevents(_feed(client, feed.secret, lang="en")))
    assert f"event-{by_tie.pk}@waiban-crm" in uids
    assert [uid for uid in uids if uid.startswith(f"anniversary-{unfollowed_tie.pk}-")]


def test_feed_holds_the_events_its_user_recorded(client, items):
    from events.services import event_create

    today = timezone.localdate()
    event = event_create(
        by=items["user"], kind="meeting", title="Recorded by the feed's owner", start_date=today + timedelta(days=4)
    )
    feed = calendar_feed_ensure(user=items["user"])
    assert f"event-{event.pk}@waiban-crm" in set(_vevents(_feed(client, feed.secret, lang="en")))


def test_feed_costs_the_same_queries_for_few_and_many_followed_events(client, items):
    feed = calendar_feed_ensure(user=items["user"])
    today = timezone.localdate()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _feed(client, feed.secret, lang="en").status_code == 200
        return len(queries)

    few = count()
    daegu = items["tie"].target
    for day in range(30):
        ParticipantFactory(event=EventFactory(start_date=today + timedelta(days=day)), entity=daegu)
    assert count() == few
