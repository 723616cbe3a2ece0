"""Outbound trips: each rule refuses what it should, naming itself in both languages; each decision path is a
dated step with who and when; member and date changes are steps; visas are checked against the itinerary."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.choices import EntityKind
from relations.models import SensitiveDestination
from tests.factories import EntityFactory, make_trip
from trips.choices import StepKind, TripStatus
from trips.models import TripRules
from trips.services import (
    trip_approve,
    trip_cancel,
    trip_check,
    trip_dates_change,
    trip_documents,
    trip_members_change,
    trip_submit,
    trip_update,
    trip_visa_record,
)


def _refusal(trip, by, language):
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            trip_submit(trip=trip, by=by)
    return caught.value.message_dict


def _rules(**changes):
    rules = TripRules.objects.get(year__isnull=True)
    for name, value in changes.items():
        setattr(rules, name, value)
    rules.save()
    return rules


@pytest.mark.django_db
def test_the_days_rule_refuses_a_trip_too_long_for_its_countries_in_both_languages(officer):
    trip = make_trip(by=officer, countries=("DE",), days=7)
    english = _refusal(trip, officer, "en")["end_date"][0]
    assert "days by number of countries" in english and "at most 5 days" in english and "lasts 7" in english
    chinese = _refusal(trip, officer, "zh-hans")["end_date"][0]
    assert "按出访国家数的天数" in chinese and "5" in chinese and "7" in chinese
    two = make_trip(by=officer, countries=("DE", "DK"), days=8, title="Two countries")
    trip_submit(trip=two, by=officer)
    assert two.status == TripStatus.SUBMITTED


@pytest.mark.django_db
def test_an_admin_sets_the_days_table_per_year(officer):
    TripRules.objects.create(year=2024, days_by_countries={"1": 7})
    trip = make_trip(by=officer, countries=("DE",), days=7)
    trip_submit(trip=trip, by=officer)
    assert trip.status == TripStatus.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "field", "english", "chinese"),
    [
        ("countries", "legs", "most countries per trip", "每次出访最多国家数"),
        ("delegation", "members", "largest delegation", "团组最大人数"),
    ],
)
def test_country_and_size_rules_name_themselves(officer, rule, field, english, chinese):
    if rule == "countries":
        _rules(max_countries=2, days_by_countries={"1": 5, "2": 8, "3": 12})
        trip = make_trip(by=officer, countries=("DE", "DK", "FR"))
    else:
        _rules(max_delegation=3)
        trip = make_trip(by=officer, members=4)
    assert english in _refusal(trip, officer, "en")[field][0]
    assert chinese in _refusal(trip, officer, "zh-hans")[field][0]


@pytest.mark.django_db
def test_the_per_person_cap_counts_the_year_s_other_trips(officer):
    first = make_trip(by=officer, submit=True)
    person = first.members.first().person
    second = make_trip(by=officer, people=[person], title="Again", start=dt.date(2024, 9, 1))
    message = _refusal(second, officer, "en")["members"][0]
    assert "trips per person per year" in message and "already has 1 trip(s) in 2024" in message
    assert "每人每年出访次数" in _refusal(second, officer, "zh-hans")["members"][0]
    next_year = make_trip(by=officer, people=[person], title="Next year", start=dt.date(2025, 3, 1))
    trip_submit(trip=next_year, by=officer)


@pytest.mark.django_db
def test_the_per_unit_cap_and_the_office_s_double_control(officer):
    _rules(per_unit_per_year=1, per_person_per_year=None)
    first = make_trip(by=officer, submit=True)
    second = make_trip(by=officer, organiser=first.organiser, title="Second")
    assert "trips per unit per year" in _refusal(second, officer, "en")["organiser"][0]
    assert "每单位每年出访次数" in _refusal(second, officer, "zh-hans")["organiser"][0]
    _rules(per_unit_per_year=None, office_batches_per_year=1, office_person_times_per_year=3)
    third = make_trip(by=officer, title="Third", members=2)
    errors = _refusal(third, officer, "en")["__all__"]
    assert any("office's yearly batches" in m for m in errors)
    assert any("office's yearly person-times" in m and "2 used, 2 more" in m for m in errors)
    assert any("双控" in m for m in _refusal(third, officer, "zh-hans")["__all__"])


@pytest.mark.django_db
def test_caps_can_apply_to_some_categories_only(officer):
    _rules(per_unit_per_year=1, capped_categories=["officials"])
    first = make_trip(by=officer, submit=True)
    enterprise = make_trip(by=officer, organiser=first.organiser, category="private_enterprise", title="Firm")
    trip_submit(trip=enterprise, by=officer)


@pytest.mark.django_db
def test_an_incomplete_application_is_refused_naming_what_is_missing(officer):
    trip = make_trip(by=officer, purpose="")
    assert "purpose" in _refusal(trip, officer, "en")


@pytest.mark.django_db
def test_a_sensitive_destination_warns_but_does_not_refuse(officer):
    SensitiveDestination.objects.create(country="DE", level="care", note="Circular 12")
    trip = make_trip(by=officer, submit=True)
    assert trip.status == TripStatus.SUBMITTED
    assert "sensitive destination" in trip.warnings[0] and "Circular 12" in trip.warnings[0]


def _step(trip, kind):
    return trip.steps.get(kind=kind)


@pytest.mark.django_db
def test_accept_then_approve_records_who_and_when(officer, make_user):
    checker = make_user("officer", username="checker")
    trip = make_trip(by=officer, submit=True)
    trip_check(trip=trip, outcome=TripStatus.ACCEPTED, by=checker, on=dt.date(2024, 4, 1))
    trip.refresh_from_db()
    trip_approve(trip=trip, level="city", by=checker, on=dt.date(2024, 4, 3), document_no="甬外〔2024〕12号")
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED
    accepted, approved = _step(trip, StepKind.ACCEPTED), _step(trip, StepKind.APPROVED)
    assert (accepted.recorded_by, accepted.date) == (checker, dt.date(2024, 4, 1))
    assert (approved.level, approved.document_no, approved.from_status) == ("city", "甬外〔2024〕12号", "accepted")
    assert _step(trip, StepKind.SUBMITTED).recorded_by == officer
    assert trip.history.first().history_user == checker


@pytest.mark.django_db
def test_the_approving_level_must_be_the_trip_s(officer):
    trip = make_trip(by=officer, submit=True, approving_level="province")
    trip_check(trip=trip, outcome=TripStatus.ACCEPTED, by=officer)
    with pytest.raises(ValidationError) as caught:
        trip_approve(trip=trip, level="city", by=officer)
    assert "level" in caught.value.message_dict
    trip_approve(trip=trip, level="province", by=officer, approved=False, reason="No substantive content")
    trip.refresh_from_db()
    assert trip.status == TripStatus.REFUSED


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", [TripStatus.RETURNED, TripStatus.REFUSED, TripStatus.POSTPONED])
def test_return_refuse_postpone_need_a_reason_and_are_recorded(officer, outcome):
    trip = make_trip(by=officer, submit=True)
    with pytest.raises(ValidationError) as caught:
        trip_check(trip=trip, outcome=outcome, by=officer)
    assert "reason" in caught.value.message_dict
    trip_check(trip=trip, outcome=outcome, by=officer, reason="无实质性内容", on=dt.date(2024, 4, 2))
    trip.refresh_from_db()
    assert trip.status == outcome
    step = trip.steps.get(kind=outcome)
    assert (step.reason, step.recorded_by, step.date, step.to_status) == (
        "无实质性内容",
        officer,
        dt.date(2024, 4, 2),
        outcome,
    )


@pytest.mark.django_db
def test_a_returned_trip_is_corrected_and_submitted_again(officer):
    trip = make_trip(by=officer, submit=True)
    trip_check(trip=trip, outcome=TripStatus.RETURNED, by=officer, reason="Agenda too thin")
    trip_update(trip=trip, by=officer, agenda="Day 1: investment agency")
    trip_submit(trip=trip, by=officer)
    trip.refresh_from_db()
    assert trip.status == TripStatus.SUBMITTED and trip.agenda.startswith("Day 1")
    assert trip.steps.filter(kind=StepKind.SUBMITTED).count() == 2


@pytest.mark.django_db
def test_a_submitted_trip_is_not_edited_but_its_members_change_by_a_step(officer, make_user):
    trip = make_trip(by=officer, submit=True)
    with pytest.raises(ValidationError):
        trip_update(trip=trip, by=officer, title="Other")
    keep = trip.members.get(leader=True)
    newcomer = EntityFactory(kind=EntityKind.PERSON, name="Wang Wu", country="CN", domestic=True)
    other = make_user("officer", username="changer")
    trip_members_change(
        trip=trip,
        by=other,
        reason="Illness",
        on=dt.date(2024, 4, 20),
        members=[{"person": keep.person, "post": keep.post, "leader": True}, {"person": newcomer, "post": "Engineer"}],
    )
    step = _step(trip, StepKind.MEMBERS_CHANGED)
    assert step.recorded_by == other and step.date == dt.date(2024, 4, 20) and step.reason == "Illness"
    assert step.detail["added"] == ["Wang Wu (Engineer)"] and step.detail["removed"] == ["Member 1 (Post 1)"]
    assert set(trip.members.values_list("person__name", flat=True)) == {"Member 0", "Wang Wu"}


@pytest.mark.django_db
def test_a_date_change_is_a_step_and_the_days_rule_still_holds(officer):
    trip = make_trip(by=officer, submit=True)
    with pytest.raises(ValidationError) as caught:
        trip_dates_change(
            trip=trip, start_date=dt.date(2024, 6, 1), end_date=dt.date(2024, 6, 9), by=officer, reason="Flights"
        )
    assert "days by number of countries" in caught.value.message_dict["end_date"][0]
    trip_dates_change(
        trip=trip, start_date=dt.date(2024, 6, 1), end_date=dt.date(2024, 6, 5), by=officer, reason="Flights"
    )
    step = _step(trip, StepKind.DATES_CHANGED)
    assert step.detail == {"old": ["2024-05-10", "2024-05-14"], "new": ["2024-06-01", "2024-06-05"]}


@pytest.mark.django_db
def test_a_visa_shorter_than_the_itinerary_is_caught(officer):
    trip = make_trip(by=officer, submit=True)
    trip_check(trip=trip, outcome=TripStatus.ACCEPTED, by=officer)
    trip_approve(trip=trip, level="city", by=officer)
    trip_documents(trip=trip, by=officer)
    member = trip.members.first()
    shortfalls = trip_visa_record(trip=trip, member=member, visa_days=3, by=officer)
    assert shortfalls and "allows 3 days; the itinerary needs 5" in shortfalls[0]
    from trips.services import trip_travel

    with pytest.raises(ValidationError) as caught:
        trip_travel(trip=trip, by=officer)
    assert "allows 3 days" in caught.value.message_dict["members"][0]
    assert trip_visa_record(trip=trip, member=member, visa_days=5, by=officer) == []
    assert trip.steps.filter(kind=StepKind.VISA).count() == 2


@pytest.mark.django_db
def test_moves_off_the_chain_are_refused(officer):
    trip = make_trip(by=officer)
    with pytest.raises(ValidationError) as caught:
        trip_approve(trip=trip, level="city", by=officer)
    assert "status" in caught.value.message_dict
    trip_cancel(trip=trip, by=officer, reason="Invitation withdrawn")
    with pytest.raises(ValidationError):
        trip_submit(trip=trip, by=officer)
