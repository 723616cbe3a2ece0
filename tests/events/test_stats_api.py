"""/api/stats/: the year's figures by one breakdown, its parameters, permissions and constant query count."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import EventKind
from events.models import Event
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


def test_every_breakdown_costs_the_same_queries_for_3_and_300_events_and_paginates(api_as, db):
    """Pinned per breakdown: the token, the data's version, the grouped query (and the "not specified" one for
    breakdowns over participants, the regions for by=region); cached answers cost the token and the version."""
    from events.stats import BY_CHOICES

    api = api_as("viewer")
    api.get(URL)

    def counts() -> dict:
        from django.core.cache import cache

        cache.clear()  # the first request of each breakdown computes, the second reads the cache
        result = {}
        for by in BY_CHOICES:
            with CaptureQueriesContext(connection) as cold:
                body = api.get(URL, {"year": 2024, "by": by, "page_size": 2}).json()
            with CaptureQueriesContext(connection) as warm:
                assert api.get(URL, {"year": 2024, "by": by, "page_size": 2}).json() == body
            result[by] = (len(cold), len(warm), body)
        return result

    _events(3)
    few = counts()
    _events(297)
    many = counts()
    for by in BY_CHOICES:
        assert few[by][:2] == many[by][:2], by
        assert many[by][1] < many[by][0]  # the cache answers
        body = many[by][2]
        assert len(body["rows"]) <= 2 and {"count", "next", "previous"} <= set(body)
        assert body["total"]["batches"] + body["total"]["prev_batches"] == 300
    partners = many["partner"][2]
    assert partners["count"] == 300 and partners["next"] and partners["previous"] is None


def test_stats_rows_page_through_with_the_total_on_every_page(api_as, db):
    _events(60)
    api = api_as("viewer")
    first = api.get(URL, {"year": 2024, "by": "partner"}).json()
    assert first["count"] == 60 and len(first["rows"]) == 50 and first["next"] and first["previous"] is None
    second = api.get(URL, {"year": 2024, "by": "partner", "page": 2}).json()
    assert len(second["rows"]) == 10 and second["next"] is None and second["previous"]
    assert second["total"] == first["total"]
    keys = [row["key"] for row in first["rows"] + second["rows"]]
    assert len(set(keys)) == 60
    assert api.get(URL, {"year": 2024, "by": "partner", "page": 9}).status_code == 404  # DRF's "Invalid page"


def test_cached_figures_follow_a_write_made_anywhere(api_as, db, make_user):
    """The cache key carries the data's version, read from the database: a write through any worker (here a
    service call outside the request cycle) gives the next request fresh figures."""
    from events.services import event_update

    _events(3)
    api = api_as("viewer")
    before = api.get(URL, {"year": 2024, "by": "country"}).json()
    assert api.get(URL, {"year": 2024, "by": "country"}).json() == before  # cached
    event = Event.objects.filter(start_date__year=2024).order_by("id").first()
    event_update(event=event, by=make_user("officer", username="writer"), headcount=event.headcount + 1000)
    after = api.get(URL, {"year": 2024, "by": "country"}).json()
    assert after["total"]["person_times"] == before["total"]["person_times"] + 1000


def test_stats_by_partner_counts_an_event_once_whatever_its_participants(api_as, db):
    """One grouped query over distinct (event, partner) pairs: two roles of one partner count it once."""
    partner = EntityFactory(name="Daegu", country="KR")
    other = EntityFactory(name="Busan", country="KR")
    event = EventFactory(start_date=date(2024, 5, 1), headcount=12)
    ParticipantFactory(event=event, entity=partner, role="guest")
    ParticipantFactory(event=event, entity=partner, role="host")
    ParticipantFactory(event=event, entity=other)
    api = api_as("viewer")
    rows = {row["label"]: row for row in api.get(URL, {"year": 2024, "by": "partner"}).json()["rows"]}
    assert (rows["Daegu"]["batches"], rows["Daegu"]["person_times"]) == (1, 12)
    assert (rows["Busan"]["batches"], rows["Busan"]["person_times"]) == (1, 12)
    (korea,) = api.get(URL, {"year": 2024, "by": "country"}).json()["rows"]
    assert (korea["key"], korea["batches"], korea["person_times"]) == ("KR", 1, 12)
