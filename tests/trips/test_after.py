"""A trip that took place is exactly one outbound exchange; its return creates the follow-ups that chase the
passports and the report; the rates are computed; the quarterly review scores it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from contacts.choices import EntityKind
from events.choices import EventKind, ParticipantRole
from events.models import Event, FollowUp
from tests.factories import EntityFactory, RelationFactory, make_trip
from trips.choices import TripStatus
from trips.models import Trip, TripRules
from trips.report import after_trip_figures
from trips.services import (
    trip_approve,
    trip_back,
    trip_check,
    trip_passports_return,
    trip_report_file,
    trip_review_record,
    trip_travel,
)


def travelled(by, **fields):
    trip = make_trip(by=by, submit=True, **fields)
    trip_check(trip=trip, outcome=TripStatus.ACCEPTED, by=by)
    trip_approve(trip=trip, level="city", by=by)
    return trip_travel(trip=trip, by=by)


@pytest.mark.django_db
def test_a_trip_that_took_place_is_one_outbound_event(officer):
    partner = EntityFactory(name="Aachen", country="DE")
    tie = RelationFactory(target=partner)
    trip = travelled(officer, partners=[partner], relations=[tie], members=3)
    event = trip.event
    assert Event.objects.count() == 1
    assert event.kind == EventKind.VISIT_OUT and event.headcount == 3
    assert (event.start_date, event.end_date, event.title) == (trip.start_date, trip.end_date, trip.title)
    delegation = event.participants.filter(role=ParticipantRole.DELEGATION)
    assert {p.entity_id for p in delegation} == set(trip.members.values_list("person_id", flat=True))
    assert event.participants.get(role=ParticipantRole.HOST).entity == partner
    assert list(event.relations.all()) == [tie]
    assert event.trip == trip
    with pytest.raises(ValidationError):
        trip_travel(trip=trip, by=officer)
    assert Event.objects.count() == 1


@pytest.mark.django_db
def test_the_return_creates_the_follow_ups_due_after_the_configured_days(officer):
    rules = TripRules.objects.get(year__isnull=True)
    rules.passports_due_days, rules.report_due_days = 5, 20
    rules.save()
    trip = trip_back(trip=travelled(officer), by=officer)
    assert trip.passports_followup.due_date == trip.end_date + dt.timedelta(days=5)
    assert trip.report_followup.due_date == trip.end_date + dt.timedelta(days=20)
    assert trip.passports_followup.event == trip.event and trip.passports_followup.owner == officer
    assert FollowUp.objects.filter(done_at__isnull=True).count() == 2
    trip_passports_return(trip=trip, by=officer, on=trip.end_date + dt.timedelta(days=2))
    trip_report_file(trip=trip, by=officer, report="Two agreements signed.", on=trip.end_date + dt.timedelta(days=30))
    assert FollowUp.objects.filter(done_at__isnull=True).count() == 0
    assert set(trip.members.values_list("passport_returned_on", flat=True)) == {trip.end_date + dt.timedelta(days=2)}
    trip.event.refresh_from_db()
    assert trip.event.outcome == "Two agreements signed."


@pytest.mark.django_db
def test_the_rates_are_computed_from_the_dates(officer):
    on_time = trip_back(trip=travelled(officer, title="On time"), by=officer)
    late = trip_back(trip=travelled(officer, title="Late", start=dt.date(2024, 7, 1)), by=officer)
    trip_passports_return(trip=on_time, by=officer, on=on_time.end_date + dt.timedelta(days=1))
    trip_passports_return(trip=late, by=officer, on=late.end_date + dt.timedelta(days=30))
    trip_report_file(trip=on_time, by=officer, report="ok", on=on_time.end_date + dt.timedelta(days=3))
    table = after_trip_figures(Trip.objects.all(), 2024)
    passports, reports = table["rows"]
    assert (passports["batches"], passports["person_times"], passports["rate"]) == (2, 1, 50.0)
    assert (reports["person_times"], reports["rate"], reports["handed_in"]) == (1, 50.0, 1)


@pytest.mark.django_db
def test_the_quarterly_review_scores_each_criterion(officer):
    trip = travelled(officer)
    with pytest.raises(ValidationError) as caught:
        trip_review_record(trip=trip, by=officer, scores={"discipline": 31, "duties": 20})
    messages = caught.value.message_dict["scores"]
    assert any("0 to 30" in m for m in messages) and any("results" in m.lower() or "Results" in m for m in messages)
    review = trip_review_record(trip=trip, by=officer, scores={"discipline": 30, "duties": 25, "results": 35})
    assert (review.total, review.year, review.quarter, review.reviewed_by) == (90, 2024, 2, officer)


@pytest.mark.django_db
def test_a_trip_not_yet_taken_place_gets_no_event(officer):
    trip = make_trip(by=officer, submit=True)
    with pytest.raises(ValidationError):
        trip_travel(trip=trip, by=officer)
    assert Event.objects.count() == 0
    assert EntityKind.PERSON


@pytest.mark.django_db
def test_overdue_passports_and_report_show_on_the_dashboard_panel(client, officer):
    trip_back(trip=travelled(officer, title="Late delegation"), by=officer)  # ended in 2024: both long overdue
    client.force_login(officer)
    panel = client.get("/followups/panel/").content.decode()
    assert "2 overdue" in panel and "Passports of “Late delegation” to be handed back" in panel
    assert "Trip report of “Late delegation” to be filed" in panel
