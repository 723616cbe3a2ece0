"""/api/stats/: the year's figures by one breakdown, its parameters, permissions and constant query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import EventKind
from tests.factories import EntityFactory, EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

URL = "/api/stats/"


def test_stats_by_country_with_the_change_on_last_year(api_as, stats_world):
    response = api_as("viewer").get(URL, {"year": 2024, "by": "country"})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2024 and body["by"] == "country"
    korea = next(row for row in body["rows"] if row["key"] == "KR")
    assert korea == {
        "key": "KR",
        "label": "South Korea",
        "batches": 2,
        "person_times": 26,
        "prev_batches": 2,
        "prev_person_times": 14,
        "change_batches_pct": 0.0,
        "change_person_times_pct": 85.7,
    }
    germany = next(row for row in body["rows"] if row["key"] == "DE")
    assert (germany["prev_batches"], germany["change_batches_pct"]) == (0, None)  # absent last year
    assert body["total"]["batches"] == 5 and body["total"]["person_times"] == 94
    assert body["total"]["label"] == "Total"


@pytest.mark.parametrize("by", ["kind", "level", "country", "region", "partner", "domestic_unit", "month"])
def test_stats_answers_every_breakdown(api_as, stats_world, by):
    response = api_as("viewer").get(URL, {"year": 2024, "by": by})
    assert response.status_code == 200
    body = response.json()
    assert body["by"] == by and body["rows"]
    assert body["total"]["batches"] == 5 and body["total"]["prev_batches"] == 2


def test_stats_filters_direction_and_region(api_as, stats_world):
    api = api_as("viewer")
    inbound = api.get(URL, {"year": 2024, "by": "kind", "direction": "inbound"}).json()
    assert [(row["key"], row["batches"]) for row in inbound["rows"]] == [("visit_in", 3)]
    europe = api.get(URL, {"year": 2024, "by": "country", "region": "europe"}).json()
    assert {row["key"] for row in europe["rows"]} == {"DE", "JP"}  # the event with Aachen also had Chiba
    assert europe["total"]["batches"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "last"}, "year"),
        ({"year": "12"}, "year"),
        ({"by": "colour"}, "by"),
        ({"kind": "picnic"}, "kind"),
        ({"direction": "up"}, "direction"),
        ({"region": "atlantis"}, "region"),
        ({"by": "region", "region_kind": "galaxy"}, "region_kind"),
    ],
)
def test_stats_refuses_bad_parameters_naming_them(api_as, db, params, field):
    response = api_as("viewer").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_stats_needs_a_login_and_the_view_permission(api_client, make_user, db):
    assert api_client.get(URL).status_code == 401
    api_client.force_authenticate(make_user(None, username="nobody"))
    assert api_client.get(URL).status_code == 403


def _events(count: int):
    home = EntityFactory(name="Home", country="CN", domestic=True)
    for index in range(count):
        event = EventFactory(
            kind=EventKind.values[index % 5],
            start_date=date(2024 - index % 2, 1 + index % 12, 3),
            end_date=None,
            headcount=index,
        )
        ParticipantFactory(event=event, entity=EntityFactory(country=("KR", "DE", "ZA")[index % 3]))
        ParticipantFactory(event=event, entity=home, role="host")


@pytest.mark.parametrize("by", ["kind", "country", "region", "partner", "month"])
def test_stats_costs_the_same_queries_for_few_and_many_events(api_as, db, by):
    api = api_as("viewer")
    api.get(URL)  # the user's permissions are cached after the first request
    _events(3)
    with CaptureQueriesContext(connection) as few:
        assert api.get(URL, {"year": 2024, "by": by}).status_code == 200
    _events(60)
    with CaptureQueriesContext(connection) as many:
        body = api.get(URL, {"year": 2024, "by": by}).json()
    assert len(few) == len(many)
    assert body["total"]["batches"] + body["total"]["prev_batches"] == 63
