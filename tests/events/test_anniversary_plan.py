"""events.anniversaries: titles, the planned flag, and planning an anniversary (idempotent)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.anniversaries import anniversary_rows, anniversary_title
from events.choices import EventKind, EventStatus, ParticipantRole
from events.models import Event, FollowUp, Participant
from events.services import anniversary_plan
from relations.choices import RelationKind, RelationStatus
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def daegu_tie():
    home = HomeCityFactory(name="Ningbo")
    daegu = EntityFactory(name="대구", name_zh="大邱", name_en="Daegu", country="KR")
    old = RelationFactory(
        source=home,
        target=daegu,
        kind=RelationKind.FRIENDLY_EXCHANGE,
        status=RelationStatus.UPGRADED,
        established_on=date(2006, 11, 5),
    )
    return RelationFactory(
        source=home, target=daegu, kind=RelationKind.SISTER_CITY, upgraded_from=old, established_on=date(2016, 11, 5)
    )


def test_anniversary_titles_in_english_and_chinese():
    with translation.override("en"):
        assert anniversary_title(partner="Daegu", kind=RelationKind.SISTER_CITY, years=20) == (
            "Daegu – 20th anniversary of the sister-city tie"
        )
        assert anniversary_title(partner="Aachen", kind=RelationKind.SISTER_CITY, years=21).startswith(
            "Aachen – 21st anniversary"
        )


def test_planning_creates_a_followup_nine_months_ahead_and_a_draft_event_linked_to_the_tie(daegu_tie, officer):
    plan = anniversary_plan(relation=daegu_tie, date=date(2026, 11, 5), by=officer)
    assert plan.created
    followup, event = plan.followup, plan.event
    assert followup.due_date == date(2026, 2, 5)
    assert followup.owner == officer
    assert followup.relation == daegu_tie and followup.anniversary_on == date(2026, 11, 5)
    assert followup.event == event
    assert event.kind == EventKind.ANNIVERSARY and event.status == EventStatus.PLANNED
    assert event.start_date == event.end_date == date(2026, 11, 5)
    assert list(event.relations.all()) == [daegu_tie]
    assert sorted(Participant.objects.filter(event=event).values_list("entity__name", "role")) == sorted(
        [("Ningbo", ParticipantRole.HOST), ("대구", ParticipantRole.PARTNER)]
    )
    assert "20" in event.title  # counted from the first signing (2006), not the upgrade (2016)
    assert followup.history.first().history_user == officer


def test_planning_twice_creates_nothing_new(daegu_tie, officer, make_user):
    first = anniversary_plan(relation=daegu_tie, date=date(2026, 11, 5), by=officer)
    again = anniversary_plan(relation=daegu_tie, date=date(2026, 11, 5), by=make_user("officer", username="other"))
    assert not again.created
    assert again.followup.pk == first.followup.pk and again.event.pk == first.event.pk
    assert FollowUp.objects.count() == 1
    assert Event.objects.count() == 1


def test_planning_takes_a_given_due_date_and_refuses_one_after_the_anniversary(daegu_tie, officer):
    plan = anniversary_plan(relation=daegu_tie, date=date(2026, 11, 5), by=officer, due=date(2026, 5, 1))
    assert plan.followup.due_date == date(2026, 5, 1)
    with pytest.raises(ValidationError) as error:
        anniversary_plan(relation=daegu_tie, date=date(2027, 11, 5), by=officer, due=date(2027, 12, 1))
    assert "due" in error.value.message_dict
    assert FollowUp.objects.count() == 1


def test_planning_refuses_a_date_that_is_no_anniversary_and_an_ended_tie(daegu_tie, officer):
    with pytest.raises(ValidationError) as error:
        anniversary_plan(relation=daegu_tie, date=date(2026, 11, 6), by=officer)
    assert "date" in error.value.message_dict
    ended = RelationFactory(status=RelationStatus.ENDED, established_on=date(2010, 1, 1))
    with pytest.raises(ValidationError) as error:
        anniversary_plan(relation=ended, date=date(2030, 1, 1), by=officer)
    assert "relation" in error.value.message_dict
    assert not Event.objects.exists() and not FollowUp.objects.exists()


def test_anniversary_rows_say_which_are_planned(daegu_tie, officer, django_assert_num_queries):
    anniversary_plan(relation=daegu_tie, date=date(2026, 11, 5), by=officer)
    # The ties' version, the narrow rows of the window, the upgraded predecessors (Daegu's tie was upgraded), then
    # the ties of the rows read and their plans.
    with django_assert_num_queries(5), translation.override("zh-hans"):
        rows = list(anniversary_rows(start=date(2026, 1, 1), end=date(2027, 12, 31)))
    assert [(row.date, row.years, row.milestone, row.planned) for row in rows] == [
        (date(2026, 11, 5), 20, True, True),
        (date(2027, 11, 5), 21, False, False),
    ]
