"""A new event with no status chosen takes the one its date says: planned if still to come, else held (issue 15
item 7; it defaulted to held)."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event
from events.services import event_create, status_from_date
from tests.events.test_event_pages import _form_data

pytestmark = pytest.mark.django_db


def test_status_from_date():
    today = timezone.localdate()
    assert status_from_date(today + dt.timedelta(days=1)) == "planned"
    assert status_from_date(today) == "held"
    assert status_from_date(dt.date(2020, 1, 1)) == "held"


def test_the_service_makes_a_future_event_planned_unless_told_otherwise(officer):
    soon = timezone.localdate() + dt.timedelta(days=30)
    event = event_create(by=officer, kind="visit_in", title="Daegu delegation", start_date=soon)
    assert event.status == "planned"
    past = event_create(by=officer, kind="visit_in", title="Aachen delegation", start_date=dt.date(2024, 5, 6))
    assert past.status == "held"


def test_the_api_creates_a_future_event_as_planned(officer_api):
    soon = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = officer_api.post(
        "/api/events/", {"kind": "visit_in", "title": "Daegu delegation", "start_date": soon}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "planned"


def test_the_form_offers_the_date_as_the_default_and_saves_a_future_visit_planned(page_as):
    client = page_as("officer")
    html = client.get("/events/new/").content.decode()
    assert '<option value="" selected>' in html
    soon = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = client.post("/events/new/", _form_data(status="", start_date=soon, end_date=soon))
    assert response.status_code == 302
    assert Event.objects.get().status == "planned"
