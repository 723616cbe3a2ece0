"""Implausible numbers and dates are refused with a 400 naming the field (issue 9, finding 9): a headcount of 10^12
made the year's summary read "100000001184人次…同比增长7342143893.0%". The bounds are far wider than an office needs
(headcount 0–100 000, event and tie dates 1900–2100, plan years 1949–2100) and are stated in the API schema."""

import pytest

from events.models import Event
from relations.models import LayoutPlan, Relation
from tests.events.test_event_pages import _form_data
from tests.factories import EntityFactory, EventFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _event(**fields):
    return {"kind": "visit_in", "title": "Delegation", "start_date": "2024-05-06", **fields}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"headcount": 10**12}, "headcount"),
        ({"headcount": 100_001}, "headcount"),
        ({"start_date": "7067-05-06"}, "start_date"),
        ({"start_date": "1899-12-31"}, "start_date"),
        ({"end_date": "2101-01-01"}, "end_date"),
    ],
)
def test_implausible_event_values_are_a_400_naming_the_field(officer_api, fields, field):
    response = officer_api.post("/api/events/", _event(**fields), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Event.objects.exists()


def test_a_participant_headcount_above_the_bound_is_refused(officer_api):
    guest = EntityFactory()
    payload = _event(participants=[{"entity": guest.pk, "role": "guest", "headcount": 10**12}])
    response = officer_api.post("/api/events/", payload, format="json")
    assert response.status_code == 400 and "participants" in response.json(), response.content


def test_the_bounds_themselves_are_accepted(officer_api):
    response = officer_api.post(
        "/api/events/", _event(headcount=100_000, start_date="1900-01-01", end_date="2100-12-31"), format="json"
    )
    assert response.status_code == 201, response.content


def test_an_event_update_to_the_year_7067_is_refused(officer_api):
    event = EventFactory()
    response = officer_api.patch(f"/api/events/{event.pk}/", {"start_date": "7067-01-01"}, format="json")
    assert response.status_code == 400 and "start_date" in response.json()


def test_the_event_form_shows_an_implausible_date_as_a_field_error(page_as):
    response = page_as("officer").post("/events/new/", _form_data([], start_date="7067-05-06", end_date="7067-05-08"))
    assert response.status_code in (200, 400)
    assert "start_date" in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["established_on", "start_date"])
def test_a_tie_date_in_the_year_1_is_refused(officer_api, field):
    home, partner = HomeCityFactory(), EntityFactory(country="KR")
    payload = {"kind": "sister_city", "source": home.pk, "target": partner.pk, field: "0001-01-01"}
    response = officer_api.post("/api/relations/", payload, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Relation.objects.exists()


def test_a_step_dated_before_1900_is_refused(officer_api):
    tie = RelationFactory(status="contact", established_on=None)
    response = officer_api.post(
        f"/api/relations/{tie.pk}/advance/", {"status": "intent", "date": "1066-10-14"}, format="json"
    )
    assert response.status_code == 400 and "date" in response.json(), response.content


@pytest.mark.parametrize(
    ("fields", "field"), [({"start_year": 3_247_449}, "start_year"), ({"end_year": 1900}, "end_year")]
)
def test_implausible_plan_years_are_refused(api_as, fields, field):
    body = {"home": HomeCityFactory().pk, "name": "Plan", "start_year": 2026, "end_year": 2030, **fields}
    response = api_as("officer").post("/api/layout-plans/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not LayoutPlan.objects.exists()


def test_the_schema_states_the_bounds(api_as):
    schema = api_as("viewer").get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    event = schema["EventWriteRequest"]["properties"]
    assert event["headcount"]["maximum"] == 100_000
    assert "1900-01-01" in event["start_date"]["description"] and "2100-12-31" in event["start_date"]["description"]
    plan = schema["LayoutPlanRequest"]["properties"]
    assert (plan["start_year"]["minimum"], plan["start_year"]["maximum"]) == (1949, 2100)
    assert "1900-01-01" in schema["RelationWriteRequest"]["properties"]["established_on"]["description"]
