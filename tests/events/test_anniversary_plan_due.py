"""Planning an anniversary whose lead time has passed: the follow-up is due shortly, not born overdue, and the plan
says so (issue 15 item 6)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from events.anniversaries import PLANNING_GRACE_DAYS, planning_due
from events.services import anniversary_plan
from relations.anniversaries import add_months
from relations.choices import RelationKind
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def test_planning_due_is_nine_months_ahead_or_today_plus_the_grace():
    today = date(2026, 11, 27)
    assert planning_due(anniversary_on=date(2028, 3, 28), today=today) == (date(2027, 6, 28), False)
    # Auckland's 10th on 2027-03-28: nine months before is 2026-06-28, already past.
    assert planning_due(anniversary_on=date(2027, 3, 28), today=today) == (today + timedelta(days=14), True)
    # An anniversary inside the grace: due on the day itself, never after it.
    assert planning_due(anniversary_on=date(2026, 12, 1), today=today) == (date(2026, 12, 1), True)


@pytest.fixture
def auckland_soon():
    home = HomeCityFactory(name="Ningbo")
    auckland = EntityFactory(name="Auckland", name_zh="奥克兰", country="NZ")
    on = add_months(timezone.localdate(), 4)
    tie = RelationFactory(
        source=home, target=auckland, kind=RelationKind.SISTER_CITY, established_on=on.replace(year=on.year - 10)
    )
    return tie, on


def test_a_plan_whose_lead_time_has_passed_is_due_soon_and_says_so(auckland_soon, officer):
    tie, on = auckland_soon
    plan = anniversary_plan(relation=tie, date=on, by=officer)
    today = timezone.localdate()
    assert plan.followup.due_date == today + timedelta(days=PLANNING_GRACE_DAYS)
    assert plan.followup.due_date >= today  # not overdue the moment it is made
    assert plan.late and "lead time has already passed" in plan.note


def test_the_api_answers_the_due_date_and_the_note(auckland_soon, officer_api):
    tie, on = auckland_soon
    response = officer_api.post("/api/anniversaries/plan/", {"relation": tie.pk, "date": on.isoformat()}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["late"] is True and body["due_date"] >= timezone.localdate().isoformat() and body["note"]
