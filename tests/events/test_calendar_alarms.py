"""The iCalendar feed's reminders and details (issue 15 item 14): VALARMs, LOCATION and DESCRIPTION, and a planned
anniversary shown once (by its anniversary event), not twice."""

from datetime import date, timedelta

import icalendar
from django.utils import timezone

from events.choices import EventKind
from events.services import anniversary_plan, calendar_feed_ensure
from relations.anniversaries import add_months
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, HomeCityFactory, RelationFactory


def _vevents(client, user):
    feed = calendar_feed_ensure(user=user)
    response = client.get(f"/calendar/{feed.secret}.ics", {"lang": "en"})
    return {str(c["UID"]).split("@")[0]: c for c in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}


def test_events_and_followups_carry_alarms_location_and_description(client, make_user, db):
    today = timezone.localdate()
    user = make_user("officer", username="alarm-owner")
    event = EventFactory(
        title="Daegu youth orchestra",
        start_date=today + timedelta(days=10),
        location="Ningbo Grand Theatre",
        notes="Interpreter: Ms Park",
    )
    followup = FollowUpFactory(
        owner=user, event=event, due_date=today + timedelta(days=3), notes="Call the consulate first"
    )
    events = _vevents(client, user)

    visit = events[f"event-{event.pk}"]
    assert str(visit["LOCATION"]) == "Ningbo Grand Theatre"
    assert "Interpreter: Ms Park" in str(visit["DESCRIPTION"])
    (alarm,) = visit.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(days=-1)

    due = events[f"followup-{followup.pk}"]
    assert str(due["DESCRIPTION"]) == "Call the consulate first"
    (alarm,) = due.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(hours=9)


def test_a_past_event_has_no_alarm(client, make_user, db):
    user = make_user("officer", username="past-owner")
    event = EventFactory(start_date=timezone.localdate() - timedelta(days=5))
    FollowUpFactory(owner=user, event=event, due_date=timezone.localdate() - timedelta(days=400))  # followed
    assert _vevents(client, user)[f"event-{event.pk}"].walk("VALARM") == []


def test_a_planned_anniversary_appears_once(client, make_user, db):
    today = timezone.localdate()
    user = make_user("officer", username="planner")
    on = add_months(today, 3).replace(day=15)
    tie = RelationFactory(
        source=HomeCityFactory(),
        target=EntityFactory(name="Daegu", name_zh="大邱"),
        established_on=date(on.year - 20, on.month, on.day),
    )
    FollowUpFactory(owner=user, relation=tie, due_date=today - timedelta(days=400), done_at=timezone.now())  # followed
    before = _vevents(client, user)
    assert f"anniversary-{tie.pk}-{on:%Y%m%d}" in before
    assert before[f"anniversary-{tie.pk}-{on:%Y%m%d}"].walk("VALARM")

    plan = anniversary_plan(relation=tie, date=on, by=user)
    assert plan.event is not None and plan.event.kind == EventKind.ANNIVERSARY
    after = _vevents(client, user)
    same_day = [uid for uid, c in after.items() if c.decoded("DTSTART") == on]
    assert same_day == [f"event-{plan.event.pk}"]
