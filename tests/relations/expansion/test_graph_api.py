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
    with django_assert_num_queries(3):
        client.get(URL, {"center": network["home"].pk, "depth": 3})
    for n in range(30):
        Relation.objects.create(
            source=network["home"], target=EntityFactory(name=f"City {n}"), kind="sister_city", status="contact"
        )
    with django_assert_num_queries(3):
        assert len(client.get(URL, {"center": network["home"].pk, "depth": 3}).json()["nodes"]) == 34
