"""The header's search (issue 15 item 15): one box, the page /search/ and GET /api/search/, finding entities, ties,
events and follow-ups by any name in any script, pinyin included, grouped by kind, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import ParticipantRole
from tests.factories import (
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    HomeCityFactory,
    ParticipantFactory,
    RelationFactory,
)


@pytest.fixture
def daegu_world(db):
    """Daegu with a tie to Ningbo, an event titled without its name (only a participant says Daegu), a follow-up."""
    home = HomeCityFactory()
    daegu = EntityFactory(name="Daegu", name_zh="大邱", name_en="Daegu", country="KR")
    tie = RelationFactory(source=home, target=daegu)
    untitled = EventFactory(title="Mayor's delegation")  # neither the title nor the location names the city
    ParticipantFactory(event=untitled, entity=daegu, headcount=6)
    ParticipantFactory(event=untitled, entity=home, role=ParticipantRole.HOST, headcount=2)
    served = EventFactory(title="Youth exchange")
    served.relations.add(tie)  # found through the tie's ends
    EventFactory(title="Busan trade fair")
    followup = FollowUpFactory(title="Thank-you letter", entity=daegu)
    return {"daegu": daegu, "tie": tie, "untitled": untitled, "served": served, "followup": followup}


def _ids(payload, kind):
    (group,) = [g for g in payload["groups"] if g["kind"] == kind]
    return {hit["id"] for hit in group["hits"]}, group["count"]


@pytest.mark.parametrize("q", ["daqiu", "大邱", "Daegu", "DAEGU", "da qiu"])
def test_the_api_finds_each_kind_by_any_name_of_the_city(api_as, daegu_world, q):
    payload = api_as("viewer").get("/api/search/", {"q": q}).json()
    assert [g["kind"] for g in payload["groups"]] == ["entities", "relations", "events", "followups"]
    assert _ids(payload, "entities") == ({daegu_world["daegu"].pk}, 1)
    assert _ids(payload, "relations") == ({daegu_world["tie"].pk}, 1)
    assert _ids(payload, "events") == ({daegu_world["untitled"].pk, daegu_world["served"].pk}, 2)
    assert _ids(payload, "followups") == ({daegu_world["followup"].pk}, 1)


def test_the_events_list_finds_events_by_a_participants_pinyin_as_by_its_chinese_name(api_as, daegu_world):
    """The root of "daqiu finds 1 event, 大邱 25": the events' own search reads the partners' folded names."""
    client = api_as("viewer")
    by_pinyin = {row["id"] for row in client.get("/api/events/", {"q": "daqiu"}).json()["results"]}
    by_hanzi = {row["id"] for row in client.get("/api/events/", {"q": "大邱"}).json()["results"]}
    assert by_pinyin == by_hanzi == {daegu_world["untitled"].pk, daegu_world["served"].pk}


def test_the_followups_list_finds_a_followup_by_its_entitys_pinyin(api_as, daegu_world):
    rows = api_as("viewer").get("/api/followups/", {"q": "daqiu"}).json()["results"]
    assert [row["id"] for row in rows] == [daegu_world["followup"].pk]


def test_a_kind_the_user_may_not_view_is_left_out(api_client, make_user, daegu_world):
    from django.contrib.auth.models import Permission

    user = make_user(None, username="entities-only")
    user.user_permissions.add(Permission.objects.get(codename="view_entity"))
    api_client.force_authenticate(user)
    payload = api_client.get("/api/search/", {"q": "daqiu"}).json()
    assert [g["kind"] for g in payload["groups"]] == ["entities"]


def test_bad_input_is_a_400_naming_the_field(api_as, db):
    client = api_as("viewer")
    assert "q" in client.get("/api/search/").json()
    assert "limit" in client.get("/api/search/", {"q": "x", "limit": 0}).json()
    assert "q" in client.get("/api/search/", {"q": "x" * 201}).json()


def test_anonymous_requests_are_refused(api_client, db):
    assert api_client.get("/api/search/", {"q": "daqiu"}).status_code == 401


def test_hits_are_bounded_per_kind_and_the_count_is_the_total(api_as, db):
    for index in range(7):
        EntityFactory(name=f"Gwangju district {index}")
    payload = api_as("viewer").get("/api/search/", {"q": "gwangju", "limit": 3}).json()
    hits, count = _ids(payload, "entities")
    assert len(hits) == 3 and count == 7


def _queries(client, q) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/search/", {"q": q}).status_code == 200
    return len(captured.captured_queries)


def test_the_search_costs_the_same_queries_for_3_hits_and_for_30(api_as, db):
    client = api_as("viewer")
    home = HomeCityFactory()

    def grow(start, count):
        for index in range(start, start + count):
            city = EntityFactory(name=f"Incheon ward {index}")
            tie = RelationFactory(source=home, target=city)
            event = EventFactory(title=f"Visit {index}")
            event.relations.add(tie)
            ParticipantFactory(event=event, entity=city)
            FollowUpFactory(entity=city, relation=tie, event=event)

    grow(0, 3)
    _queries(client, "incheon")  # warms the permission cache
    few = _queries(client, "incheon")
    grow(3, 27)
    assert _queries(client, "incheon") == few


def test_the_page_groups_the_hits_by_kind_and_links_each(page_as, daegu_world):
    client = page_as("viewer")
    html = client.get("/search/", {"q": "daqiu"}).content.decode()
    for kind in ("entities", "relations", "events", "followups"):
        assert f'id="search-{kind}"' in html
    assert f'href="/entities/{daegu_world["daegu"].pk}/"' in html
    assert f'href="/events/{daegu_world["untitled"].pk}/"' in html
    assert "Busan trade fair" not in html


def test_every_page_carries_the_search_box(page_as, db):
    html = page_as("viewer").get("/").content.decode()
    assert 'id="header-search"' in html and 'action="/search/"' in html


def test_the_page_without_a_query_searches_nothing(page_as, db):
    response = page_as("viewer").get("/search/")
    assert response.status_code == 200 and b"search-group" not in response.content
