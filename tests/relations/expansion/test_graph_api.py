"""`GET /api/graph/`: the network around an entity for the network view."""

import pytest

from relations.models import Relation
from tests.factories import EntityFactory, HomeCityFactory

URL = "/api/graph/"


@pytest.fixture
def network(db):
    home = HomeCityFactory(name="Ningbo")
    daegu = EntityFactory(name="Daegu", country="KR")
    osaka = EntityFactory(name="Osaka", country="JP")
    kobe = EntityFactory(name="Kobe", country="JP")
    ties = [
        Relation.objects.create(source=home, target=daegu, kind="sister_city", status="contact"),
        Relation.objects.create(source=daegu, target=osaka, kind="sister_city", status="contact"),
        Relation.objects.create(source=osaka, target=kobe, kind="friendly_exchange", status="contact"),
        Relation.objects.create(source=home, target=kobe, kind="friendly_exchange", status="ended"),
    ]
    return {"home": home, "daegu": daegu, "osaka": osaka, "kobe": kobe, "ties": ties}


def test_graph_returns_nodes_and_edges_depth_steps_out(api_as, network):
    response = api_as("viewer").get(URL, {"center": network["home"].pk, "depth": 2})
    assert response.status_code == 200
    body = response.json()
    assert [n["label"] for n in body["nodes"]] == ["Ningbo", "Daegu", "Osaka"]
    home = body["nodes"][0]
    assert home == {
        "id": network["home"].pk,
        "label": "Ningbo",
        "kind": "city",
        "country": "CN",
        "domestic": True,
        "url": f"/entities/{network['home'].pk}/",
    }
    ties = network["ties"]
    assert body["edges"] == [
        {
            "id": ties[0].pk,
            "source": network["home"].pk,
            "target": network["daegu"].pk,
            "kind": "sister_city",
            "status": "contact",
        },
        {
            "id": ties[1].pk,
            "source": network["daegu"].pk,
            "target": network["osaka"].pk,
            "kind": "sister_city",
            "status": "contact",
        },
    ]
    assert body["truncated"] is False


def test_graph_can_include_closed_ties(api_as, network):
    body = api_as("viewer").get(URL, {"center": network["home"].pk, "depth": 1, "closed": "true"}).json()
    assert {n["label"] for n in body["nodes"]} == {"Ningbo", "Daegu", "Kobe"}
    assert any(e["status"] == "ended" for e in body["edges"])


def test_an_entity_without_ties_is_a_lone_node(api_as, db):
    lone = EntityFactory(name="Nowhere")
    body = api_as("viewer").get(URL, {"center": lone.pk}).json()
    assert [n["id"] for n in body["nodes"]] == [lone.pk] and body["edges"] == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "center"),
        ({"center": "x"}, "center"),
        ({"center": 999999}, "center"),
        ({"depth": 0}, "depth"),
        ({"depth": 9}, "depth"),
    ],
)
def test_bad_query_is_400(api_as, network, params, field):
    params = {"center": network["home"].pk, **params} if "depth" in params else params
    response = api_as("viewer").get(URL, params)
    assert response.status_code == 400 and field in response.json()


def test_anonymous_is_401(api_client, network):
    assert api_client.get(URL, {"center": network["home"].pk}).status_code == 401


def test_graph_query_count_does_not_grow(api_as, network, django_assert_num_queries):
    client = api_as("viewer")
    client.get(URL, {"center": network["home"].pk})
    # The user, the centre, the data's fingerprint, one query per level (3: the walk ends there, so no query for the
    # ties among the last level), the entities.
    with django_assert_num_queries(7):
        client.get(URL, {"center": network["home"].pk, "depth": 3})
    for n in range(30):
        Relation.objects.create(
            source=network["home"], target=EntityFactory(name=f"City {n}"), kind="sister_city", status="contact"
        )
    with django_assert_num_queries(7):
        assert len(client.get(URL, {"center": network["home"].pk, "depth": 3}).json()["nodes"]) == 34
    with django_assert_num_queries(2):  # the same question again: the centre, the fingerprint
        assert len(client.get(URL, {"center": network["home"].pk, "depth": 3}).json()["nodes"]) == 34


@pytest.mark.parametrize("write", ["new tie", "tie ended", "entity renamed", "bulk tie"])
def test_a_cached_graph_follows_every_write(api_as, network, write):
    """The answer is cached under the fingerprint of ties and entities: any write, with or without history
    (a bulk insert), gives the next request the new network."""
    client = api_as("viewer")
    home = network["home"]

    def labels():
        return {node["label"] for node in client.get(URL, {"center": home.pk, "depth": 1}).json()["nodes"]}

    before = client.get(URL, {"center": home.pk, "depth": 1}).json()
    assert client.get(URL, {"center": home.pk, "depth": 1}).json() == before
    if write == "new tie":
        Relation.objects.create(source=home, target=EntityFactory(name="Newcomer"), kind="sister_city", status="intent")
        assert "Newcomer" in labels()
    elif write == "tie ended":
        tie = Relation.objects.filter(source=home).exclude(status="ended").first()
        tie.status = "ended"
        tie.save()
        after = client.get(URL, {"center": home.pk, "depth": 1}).json()
        assert tie.pk in {edge["id"] for edge in before["edges"]} - {edge["id"] for edge in after["edges"]}
    elif write == "entity renamed":
        partner = Relation.objects.filter(source=home).first().target
        partner.name = "Renamed Partner"
        partner.save()
        assert "Renamed Partner" in labels()
    else:
        Relation.objects.bulk_create(
            [Relation(source=home, target=EntityFactory(name="Bulk"), kind="cooperation", status="contact")]
        )
        assert "Bulk" in labels()


@pytest.mark.parametrize(("depth", "limit"), [(1, None), (2, None), (3, None), (2, 6), (3, 10), (2, 2)])
def test_the_neighbourhood_read_level_by_level_gives_what_the_whole_network_gives(db, depth, limit):
    """edges_around reads only the ties near the centre; ego over them equals ego over every tie (same nodes in
    the same order, same ties), with and without the node limit."""
    import random

    from relations.graph import edges_around, edges_load, ego, graph_build

    rng = random.Random(11)
    people = [EntityFactory(name=f"Node {index}") for index in range(40)]
    pairs = set()
    while len(pairs) < 70:
        a, b = rng.sample(range(40), 2)
        pairs.add((a, b))
    for a, b in sorted(pairs):
        Relation.objects.create(
            source=people[a], target=people[b], kind="cooperation", status=rng.choice(["contact", "ended"])
        )
    center = people[0].pk

    def undirected(result):
        nodes, edges = result
        return nodes, [(min(u, v), max(u, v), key, data) for u, v, key, data in edges]

    for closed in (False, True):
        whole = ego(graph_build(edges_load(include_closed=closed)), center, depth, limit=limit)
        near = ego(graph_build(edges_around(center, depth, include_closed=closed, limit=limit)), center, depth, limit)
        assert undirected(near) == undirected(whole), (depth, limit, closed)


def test_the_graph_reads_only_the_neighbourhood(api_as, network, django_assert_num_queries):
    """Ties far from the centre are never read: a thousand of them elsewhere leave the answer and its queries."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_as("viewer")
    api.get(URL, {"center": network["home"].pk, "depth": 1})
    cache.clear()  # the walk itself, not the cached answer
    with CaptureQueriesContext(connection) as before:
        body = api.get(URL, {"center": network["home"].pk, "depth": 1}).json()
    far = [EntityFactory(name=f"Far {index}") for index in range(21)]
    Relation.objects.bulk_create(
        Relation(source=far[0], target=other, kind="cooperation", status="contact") for other in far[1:]
    )
    with CaptureQueriesContext(connection) as after:
        assert api.get(URL, {"center": network["home"].pk, "depth": 1}).json() == body
    assert len(before) == len(after)
    ties_read = [q["sql"] for q in after.captured_queries if q["sql"].startswith('SELECT "relations_relation"')]
    assert ties_read and all('_id" IN (' in sql for sql in ties_read)  # always a neighbourhood, never all ties
