"""`/api/suggestions/`: the ranked list with reasons, accept and dismiss, caching, determinism, query counts."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.models import Entity
from relations.choices import RelationKind, RelationStatus
from relations.expansion.world import suggestions_for
from relations.models import LayoutPlan, LayoutRule, Relation, SuggestionDismissal
from tests.factories import EntityFactory, HomeCityFactory

URL = "/api/suggestions/"
DAEGU_GID, HIROSHIMA_GID, OSAKA_GID, PHNOM_PENH_GID, SIEM_REAP_GID = 1835329, 1862415, 1853909, 1821306, 1822214


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def city(name, country, geonameid, lat, lon, population, **extra):
    return EntityFactory(
        name=name, country=country, geonameid=geonameid, latitude=lat, longitude=lon, population=population, **extra
    )


def tie(source, target, kind=RelationKind.SISTER_CITY, status=RelationStatus.SIGNED, on=dt.date(2006, 3, 1)):
    return Relation.objects.create(
        source=source,
        target=target,
        kind=kind,
        status=status,
        status_since=on,
        established_on=on if status in (RelationStatus.SIGNED, RelationStatus.DORMANT) else None,
    )


@pytest.fixture
def world(db):
    """Ningbo with two sister cities (Daegu, Hiroshima) that are both twinned with Osaka, and a plan for ASEAN."""
    home = HomeCityFactory(name="Ningbo", geonameid=1799397)
    daegu = city("Daegu", "KR", DAEGU_GID, 35.87, 128.59, 2_365_523, name_zh="大邱")
    hiroshima = city("Hiroshima", "JP", HIROSHIMA_GID, 34.4, 132.45, 1_200_754)
    osaka = city("Osaka", "JP", OSAKA_GID, 34.69, 135.50, 2_753_862)
    tie(home, daegu)
    tie(home, hiroshima)
    tie(daegu, osaka)
    tie(hiroshima, osaka)
    plan = LayoutPlan.objects.create(home=home, name="Layout", start_year=2020, end_year=2035)
    LayoutRule.objects.create(plan=plan, country="KH", tier="focus", target=1)
    return {"home": home, "daegu": daegu, "hiroshima": hiroshima, "osaka": osaka, "plan": plan}


def test_suggestions_are_ranked_with_reasons_for_a_viewer(api_as, world):
    response = api_as("viewer").get(URL, {"home": world["home"].pk})
    assert response.status_code == 200
    items = response.json()["results"]
    assert items and [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)
    keys = [i["key"] for i in items]
    assert f"entity:{world['osaka'].pk}" in keys  # the partner of both our partners
    assert "country:KH" in keys and f"city:{PHNOM_PENH_GID}" in keys  # the plan's blank focus country
    for item in items:
        assert set(item) >= {"kind", "key", "subject", "score", "reasons", "actions", "relation", "date"}
        assert item["reasons"] and item["subject"]["type"] in ("entity", "city", "country")
    osaka = items[keys.index(f"entity:{world['osaka'].pk}")]
    assert osaka["kind"] == "radiate" and osaka["actions"] == ["accept", "dismiss"]
    assert osaka["subject"]["id"] == world["osaka"].pk
    assert any("Already tied to 2 of our partners" in r for r in osaka["reasons"])


def test_suggestions_speak_the_request_language(api_as, world):
    response = api_as("viewer").get(URL, {"home": world["home"].pk, "kind": "radiate"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    osaka = next(i for i in response.json()["results"] if i["key"] == f"entity:{world['osaka'].pk}")
    assert any("大邱" in r for r in osaka["reasons"])


def test_suggestions_filter_by_kind(api_as, world):
    response = api_as("viewer").get(URL, {"home": world["home"].pk, "kind": "gap,deepen"})
    assert {i["kind"] for i in response.json()["results"]} == {"gap", "deepen"}


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "home"),
        ({"home": "x"}, "home"),
        ({"home": 999999}, "home"),
        ({"home": "HOME", "kind": "everything"}, "kind"),
    ],
)
def test_bad_query_is_a_400_naming_the_field(api_as, world, params, field):
    params = {k: (world["home"].pk if v == "HOME" else v) for k, v in params.items()}
    response = api_as("viewer").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_anonymous_gets_401_and_a_user_without_role_403(api_client, make_user, world):
    assert api_client.get(URL, {"home": world["home"].pk}).status_code == 401
    api_client.force_authenticate(make_user(None, username="nobody"))
    assert api_client.get(URL, {"home": world["home"].pk}).status_code == 403


def test_suggestions_are_deterministic(api_as, world):
    client = api_as("viewer")
    first = client.get(URL, {"home": world["home"].pk}).json()["results"]
    cache.clear()
    assert client.get(URL, {"home": world["home"].pk}).json()["results"] == first


def test_suggestions_are_cached_and_recomputed_when_a_tie_changes(api_as, world, django_assert_max_num_queries):
    client = api_as("viewer")
    client.get(URL, {"home": world["home"].pk})
    with CaptureQueriesContext(connection) as cached:
        again = client.get(URL, {"home": world["home"].pk}).json()["results"]
    assert len(cached) <= 4  # permissions, the home, the data's fingerprint: no recomputation
    tie(world["home"], world["osaka"], kind=RelationKind.FRIENDLY_EXCHANGE, status=RelationStatus.CONTACT)
    after = client.get(URL, {"home": world["home"].pk}).json()["results"]
    assert f"entity:{world['osaka'].pk}" in [i["key"] for i in again]
    assert f"entity:{world['osaka'].pk}" not in [i["key"] for i in after]


def test_a_plan_change_recomputes_the_gaps(api_as, world):
    client = api_as("viewer")
    before = client.get(URL, {"home": world["home"].pk, "kind": "gap"}).json()["results"]
    LayoutRule.objects.create(plan=world["plan"], country="LA", tier="focus", target=1)
    after = client.get(URL, {"home": world["home"].pk, "kind": "gap"}).json()["results"]
    assert "country:LA" not in [i["key"] for i in before]
    assert "country:LA" in [i["key"] for i in after]


def _many_ties(home, count):
    """`count` ties: a few of the home's own, the rest between foreign cities (partners of partners)."""
    partners = Entity.objects.bulk_create(
        [
            Entity(
                kind="city",
                name=f"Partner {n}",
                country="KR",
                latitude=35.0 + n / 1000,
                longitude=128.0,
                population=100_000 + n,
            )
            for n in range(count + 1)
        ]
    )
    rows = [
        Relation(
            source=home,
            target=partners[n],
            kind="sister_city",
            status="signed",
            established_on=dt.date(2001 + n % 20, 5, 1),
            status_since=dt.date(2001, 5, 1),
        )
        for n in range(min(count, 20))
    ]
    rows += [
        Relation(
            source=partners[n],
            target=partners[n + 1],
            kind="sister_city",
            status="signed",
            established_on=dt.date(2010, 5, 1),
        )
        for n in range(count - len(rows))
    ]
    Relation.objects.bulk_create(rows)


def _count_queries(client, home):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"home": home.pk})
    assert response.status_code == 200 and response.json()
    return len(queries)


def test_query_count_is_the_same_for_10_and_1000_ties(api_as, db):
    client = api_as("viewer")
    small, large = HomeCityFactory(name="Small home"), HomeCityFactory(name="Large home")
    _many_ties(small, 10)
    _many_ties(large, 1000)
    for home in (small, large):
        plan = LayoutPlan.objects.create(home=home, name="Plan", start_year=2020, end_year=2035)
        LayoutRule.objects.create(plan=plan, region="asean", tier="focus", target=3)
    assert Relation.objects.count() == 1010
    client.get(URL, {"home": small.pk})  # the user's permissions are loaded once, then kept on the user
    assert _count_queries(client, small) == _count_queries(client, large) <= 12


# --- accept ----------------------------------------------------------------------------------------------------------


def test_accepting_a_gazetteer_city_files_it_and_opens_a_tie_at_contact(api_as, world):
    client = api_as("officer")
    response = client.post(f"{URL}accept/", {"home": world["home"].pk, "key": f"city:{PHNOM_PENH_GID}"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "contact" and body["kind"] == "friendly_exchange"
    entity = Entity.objects.get(geonameid=PHNOM_PENH_GID)
    assert body["source"]["id"] == world["home"].pk and body["target"]["id"] == entity.pk
    assert entity.name_en == "Phnom Penh" and entity.country == "KH" and entity.name_zh == "金边" and entity.latitude
    relation = Relation.objects.get(pk=body["id"])
    assert relation.history.first().history_user == client.user
    assert relation.steps.get().to_status == "contact"
    # Accepted: it is no longer proposed.
    keys = [i["key"] for i in client.get(URL, {"home": world["home"].pk}).json()["results"]]
    assert f"city:{PHNOM_PENH_GID}" not in keys and f"entity:{entity.pk}" not in keys


def test_accepting_an_entity_on_file_as_a_sister_city(api_as, world):
    response = api_as("officer").post(
        f"{URL}accept/",
        {"home": world["home"].pk, "kind": "sister_city", "key": f"entity:{world['osaka'].pk}"},
        format="json",
    )
    assert response.status_code == 201
    assert Relation.objects.filter(
        source=world["home"], target=world["osaka"], kind="sister_city", status="contact"
    ).exists()


def test_accepting_a_city_already_on_file_reuses_the_entity(api_as, world):
    response = api_as("officer").post(
        f"{URL}accept/", {"home": world["home"].pk, "key": f"city:{OSAKA_GID}"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["target"]["id"] == world["osaka"].pk
    assert Entity.objects.filter(geonameid=OSAKA_GID).count() == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({"key": "country:KH"}, "key"),
        ({"key": "nonsense"}, "key"),
        ({"key": "city:1"}, "key"),
        ({"key": f"city:{SIEM_REAP_GID}", "kind": "friendly_school"}, "kind"),
        ({"key": f"city:{SIEM_REAP_GID}", "home": 999999}, "home"),
    ],
)
def test_accepting_refuses_what_is_not_a_city_suggestion(api_as, world, body, field):
    response = api_as("officer").post(f"{URL}accept/", {"home": world["home"].pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Entity.objects.filter(geonameid=SIEM_REAP_GID).exists()


def test_accepting_twice_is_refused(api_as, world):
    client = api_as("officer")
    body = {"home": world["home"].pk, "key": f"entity:{world['osaka'].pk}"}
    assert client.post(f"{URL}accept/", body, format="json").status_code == 201
    response = client.post(f"{URL}accept/", body, format="json")
    assert response.status_code == 400 and "target" in response.json()


def test_viewers_cannot_accept(api_as, world):
    response = api_as("viewer").post(
        f"{URL}accept/", {"home": world["home"].pk, "key": f"city:{PHNOM_PENH_GID}"}, format="json"
    )
    assert response.status_code == 403
    assert not Entity.objects.filter(geonameid=PHNOM_PENH_GID).exists()


# --- dismiss ---------------------------------------------------------------------------------------------------------


def test_dismissing_hides_the_suggestion_for_12_months_and_lists_it(api_as, world):
    client = api_as("officer")
    key = f"entity:{world['osaka'].pk}"
    response = client.post(
        f"{URL}dismiss/",
        {"home": world["home"].pk, "key": key, "reason": "Osaka already works with Hangzhou."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    today = timezone.localdate()
    assert body["active"] is True and body["kind"] == "radiate" and body["subject"] == "Osaka"
    assert body["until"] == today.replace(year=today.year + 1).isoformat()
    assert key not in [i["key"] for i in client.get(URL, {"home": world["home"].pk}).json()["results"]]
    listed = api_as("viewer").get(f"{URL}dismissed/", {"home": world["home"].pk}).json()
    assert [(d["key"], d["reason"], d["dismissed_by"]) for d in listed] == [
        (key, "Osaka already works with Hangzhou.", client.user.username)
    ]
    dismissal = SuggestionDismissal.objects.get()
    assert dismissal.history.first().history_user == client.user


def test_an_expired_dismissal_shows_the_suggestion_again_and_stays_listed(api_as, world):
    key = f"entity:{world['osaka'].pk}"
    SuggestionDismissal.objects.create(
        home=world["home"], key=key, kind="radiate", reason="Not now.", until=timezone.localdate()
    )
    client = api_as("viewer")
    assert key in [i["key"] for i in client.get(URL, {"home": world["home"].pk}).json()["results"]]
    listed = client.get(f"{URL}dismissed/", {"home": world["home"].pk}).json()
    assert listed[0]["key"] == key and listed[0]["active"] is False


@pytest.mark.parametrize(
    "body, field",
    [({"reason": ""}, "reason"), ({"reason": "  "}, "reason"), ({"key": "bogus"}, "key"), ({"home": "abc"}, "home")],
)
def test_dismissing_needs_a_reason_and_a_key(api_as, world, body, field):
    data = {"home": world["home"].pk, "key": "country:KH", "reason": "Later.", **body}
    response = api_as("officer").post(f"{URL}dismiss/", data, format="json")
    assert response.status_code == 400 and field in response.json()


def test_dismissing_twice_is_refused_and_viewers_cannot_dismiss(api_as, world):
    data = {"home": world["home"].pk, "key": "country:KH", "reason": "Later."}
    assert api_as("viewer").post(f"{URL}dismiss/", data, format="json").status_code == 403
    client = api_as("officer")
    assert client.post(f"{URL}dismiss/", data, format="json").status_code == 201
    response = client.post(f"{URL}dismiss/", data, format="json")
    assert response.status_code == 400 and "key" in response.json()


def test_suggestions_for_is_what_the_api_returns(api_as, world):
    from django.utils import translation

    with translation.override("en"):
        direct = suggestions_for(home=world["home"])
    assert api_as("viewer").get(URL, {"home": world["home"].pk}).json()["results"] == direct


def test_suggestions_paginate_and_filter_by_country_and_region(api_as, world):
    client = api_as("viewer")
    everything = client.get(URL, {"home": world["home"].pk}).json()
    assert everything["count"] == len(everything["results"]) and everything["previous"] is None
    first = client.get(URL, {"home": world["home"].pk, "page_size": 2}).json()
    assert first["count"] == everything["count"] and len(first["results"]) == min(2, everything["count"])
    assert first["results"] == everything["results"][:2]
    if everything["count"] > 2:
        second = client.get(URL, {"home": world["home"].pk, "page_size": 2, "page": 2}).json()
        assert second["results"] == everything["results"][2:4]
    code = everything["results"][0]["subject"]["country"]
    only = client.get(URL, {"home": world["home"].pk, "country": code.lower()}).json()["results"]
    assert only and all(i["subject"]["country"] == code for i in only)
    response = client.get(URL, {"home": world["home"].pk, "region": "nowhere"})
    assert response.status_code == 400 and "region" in response.json()


def test_the_schema_documents_the_shape_each_suggestion_list_answers(api_as, world):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    def documented(path):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]] if "$ref" in body else body

    client = api_as("viewer")
    page = client.get(URL, {"home": world["home"].pk}).json()
    assert documented(URL)["type"] == "object" and {"count", "results"} <= set(page)
    dismissed = client.get(f"{URL}dismissed/", {"home": world["home"].pk}).json()
    assert documented(f"{URL}dismissed/")["type"] == "array" and isinstance(dismissed, list)


def test_a_process_keeps_its_last_answers_as_they_are(api_as, world):
    """The second request of the same list is served from this process's recent answers (no unpickling of
    thousands of suggestions); a write gives a new fingerprint, so never a stale answer."""
    from relations.expansion.world import suggestions_for

    first = suggestions_for(home=world["home"])
    assert suggestions_for(home=world["home"]) is first
    cache.clear()  # the shared cache emptied: the kept copy goes with it, and the answer is made again
    again = suggestions_for(home=world["home"])
    assert again is not first and again == first
    assert suggestions_for(home=world["home"]) is again
    tie(world["home"], world["osaka"], kind=RelationKind.FRIENDLY_EXCHANGE, status=RelationStatus.CONTACT)
    assert suggestions_for(home=world["home"]) is not again
