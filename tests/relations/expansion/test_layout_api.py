"""`/api/layout-plans/` (rules and targets inline, history, permissions) and `GET /api/layout/`."""

import datetime as dt

import pytest

from relations.models import LayoutPlan, LayoutRule, LayoutTarget, Relation
from tests.factories import EntityFactory, HomeCityFactory

PLANS = "/api/layout-plans/"
LAYOUT = "/api/layout/"


@pytest.fixture
def home(db):
    return HomeCityFactory(name="Ningbo")


def plan_body(home, **extra):
    return {
        "home": home.pk,
        "name": "Layout 2024–2028",
        "start_year": 2024,
        "end_year": 2028,
        "rules": [
            {"region": "asean", "tier": "focus", "target": 8},
            {"country": "JP", "tier": "deepen"},
            {"country": "KH", "tier": "expand", "target": 1, "notes": "Blank country"},
        ],
        "targets": [{"geonameid": 1648473}, {"geonameid": 5368381, "name": "Los Angeles County", "country": "US"}],
        **extra,
    }


def test_officer_creates_a_plan_with_rules_and_targets_inline(api_as, home):
    client = api_as("officer")
    response = client.post(PLANS, plan_body(home), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(r["region"], r["country"], r["tier"], r["target"]) for r in body["rules"]] == [
        ("", "JP", "deepen", None),
        ("", "KH", "expand", 1),
        ("asean", "", "focus", 8),
    ]
    targets = {t["geonameid"]: t for t in body["targets"]}
    assert targets[1648473]["name"] == "Bogor" and targets[1648473]["country"] == "ID"  # filled from the gazetteer
    assert targets[5368381]["name"] == "Los Angeles County"
    plan = LayoutPlan.objects.get()
    assert plan.history.first().history_user == client.user
    assert LayoutRule.objects.filter(plan=plan).count() == 3


def test_update_replaces_the_lists_given_and_keeps_the_others(api_as, home):
    client = api_as("officer")
    plan_id = client.post(PLANS, plan_body(home), format="json").json()["id"]
    response = client.patch(
        f"{PLANS}{plan_id}/",
        {"name": "Layout (revised)", "rules": [{"country": "DE", "tier": "expand", "target": 2}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name"] == "Layout (revised)"
    assert [r["country"] for r in body["rules"]] == ["DE"]
    assert len(body["targets"]) == 2
    history = client.get(f"{PLANS}{plan_id}/history/").json()
    assert history[0]["changes"] == [{"field": "name", "old": "Layout 2024–2028", "new": "Layout (revised)"}]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"rules": [{"region": "atlantis", "tier": "focus"}]}, "rules"),
        ({"rules": [{"region": "asean", "country": "KH", "tier": "focus"}]}, "rules"),
        ({"rules": [{"tier": "focus"}]}, "rules"),
        ({"rules": [{"country": "KH", "tier": "urgent"}]}, "rules"),
        ({"rules": [{"country": "KH", "tier": "focus", "target": -1}]}, "rules"),
        ({"rules": [{"country": "KH", "tier": "focus"}, {"country": "KH", "tier": "avoid"}]}, "rules"),
        ({"rules": [{"country": "XX", "tier": "focus"}]}, "rules"),
        ({"targets": [{"name": "Somewhere"}]}, "targets"),
        ({"targets": [{"geonameid": 1}]}, "targets"),
        ({"end_year": 2020}, "end_year"),
        ({"home": 999999}, "home"),
    ],
)
def test_bad_plans_are_400_naming_the_field(api_as, home, change, field):
    response = api_as("officer").post(PLANS, {**plan_body(home), **change}, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert not LayoutPlan.objects.exists()


def test_a_foreign_city_cannot_be_a_plans_home(api_as, db):
    foreign = EntityFactory(name="Daegu", country="KR")
    response = api_as("officer").post(PLANS, plan_body(foreign), format="json")
    assert response.status_code == 400 and "home" in response.json()


def test_roles_on_plans(api_as, api_client, home):
    created = api_as("officer").post(PLANS, plan_body(home), format="json").json()
    assert api_client.get(PLANS).status_code == 401
    viewer = api_as("viewer")
    assert viewer.get(PLANS).status_code == 200
    assert viewer.post(PLANS, plan_body(home), format="json").status_code == 403
    assert viewer.patch(f"{PLANS}{created['id']}/", {"name": "x"}, format="json").status_code == 403
    assert api_as("officer").delete(f"{PLANS}{created['id']}/").status_code == 403
    assert api_as("admin").delete(f"{PLANS}{created['id']}/").status_code == 204
    assert not LayoutPlan.objects.exists() and not LayoutTarget.objects.exists()


def test_plans_filter_by_home_and_year(api_as, home):
    client = api_as("officer")
    other = HomeCityFactory(name="Haishu")
    client.post(PLANS, plan_body(home), format="json")
    client.post(PLANS, plan_body(other, start_year=2030, end_year=2035), format="json")
    assert [p["home"] for p in client.get(PLANS, {"home_id": other.pk}).json()["results"]] == [other.pk]
    assert [p["start_year"] for p in client.get(PLANS, {"year": 2026}).json()["results"]] == [2024]


def test_plan_list_query_count_does_not_grow(api_as, home, django_assert_num_queries):
    client = api_as("viewer")
    officer = api_as("officer")
    officer.post(PLANS, plan_body(home), format="json")
    client.get(PLANS)
    with django_assert_num_queries(4):  # the kept count's fingerprint, plans with homes, rules, targets with entities
        client.get(PLANS)
    for n in range(5):
        officer.post(PLANS, plan_body(home, name=f"Plan {n}"), format="json")
    client.get(PLANS)  # the new count kept
    with django_assert_num_queries(4):
        assert len(client.get(PLANS).json()["results"]) == 6


# --- the layout against today ------------------------------------------------------------------------------------


def _tie(source, target, kind="sister_city", status="signed"):
    return Relation.objects.create(
        source=source,
        target=target,
        kind=kind,
        status=status,
        established_on=dt.date(2010, 1, 1) if status in ("signed", "dormant") else None,
    )


@pytest.fixture
def layout_world(api_as, home):
    api_as("officer").post(PLANS, plan_body(home), format="json")
    district = EntityFactory(name="Haishu", country="CN", domestic=True, parent=home)
    _tie(home, EntityFactory(name="Bangkok", country="TH"))
    _tie(home, EntityFactory(name="Hanoi", country="VN"), kind="friendly_exchange", status="intent")
    _tie(district, EntityFactory(name="Chiang Mai", country="TH"), kind="friendly_district")
    _tie(home, EntityFactory(name="Osaka", country="JP"))
    _tie(home, EntityFactory(name="Kobe", country="JP"), status="ended")
    _tie(home, EntityFactory(name="Mayor Tanaka", kind="person", country="JP"), kind="position")
    return home


def test_layout_shows_ties_tier_target_and_shortfall(api_as, layout_world):
    response = api_as("viewer").get(LAYOUT, {"home": layout_world.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["plan"]["name"] == "Layout 2024–2028"
    countries = {row["code"]: row for row in body["countries"]}
    assert countries["TH"]["live"] == 2 and countries["TH"]["tier"] == "focus" and countries["TH"]["via"] == "asean"
    assert countries["TH"]["by_kind"] == {"friendly_district": 1, "sister_city": 1}
    assert countries["VN"]["in_progress"] == 1 and countries["VN"]["by_status"] == {"intent": 1}
    assert countries["JP"]["live"] == 1 and countries["JP"]["total"] == 2 and countries["JP"]["tier"] == "deepen"
    assert countries["KH"]["shortfall"] == 1 and countries["KH"]["name"] == "Cambodia"
    assert countries["KH"]["name_zh"] == "柬埔寨"
    asean = body["regions"][0]
    assert (asean["code"], asean["name"], asean["live"], asean["target"], asean["shortfall"]) == (
        "asean",
        "ASEAN",
        2,
        8,
        6,
    )
    assert {row["code"] for row in body["rules"]} == {"asean", "JP", "KH"}


def test_layout_without_a_plan_still_counts_ties(api_as, home):
    _tie(home, EntityFactory(name="Daegu", country="KR"))
    body = api_as("viewer").get(LAYOUT, {"home": home.pk}).json()
    assert body["plan"] is None and body["rules"] == [] and body["countries"][0]["code"] == "KR"


@pytest.mark.parametrize(
    "params, field", [({}, "home"), ({"home": "abc"}, "home"), ({"home": 999999}, "home"), ({"plan": 999999}, "plan")]
)
def test_layout_bad_query_is_400(api_as, home, params, field):
    params = {"home": home.pk, **params} if "plan" in params else params
    response = api_as("viewer").get(LAYOUT, params)
    assert response.status_code == 400 and field in response.json()


def test_layout_refuses_a_plan_of_another_home(api_as, layout_world):
    other = HomeCityFactory(name="Haishu")
    response = api_as("viewer").get(LAYOUT, {"home": other.pk, "plan": LayoutPlan.objects.get().pk})
    assert response.status_code == 400 and "plan" in response.json()


def test_layout_query_count_does_not_grow_with_ties(api_as, layout_world, django_assert_num_queries):
    client = api_as("viewer")
    client.get(LAYOUT, {"home": layout_world.pk})
    with django_assert_num_queries(2):  # cached: the home, the data's fingerprint
        client.get(LAYOUT, {"home": layout_world.pk})
    for n in range(20):
        _tie(layout_world, EntityFactory(name=f"City {n}", country="DE"))
    with django_assert_num_queries(8):  # the ties moved: the fingerprint, then the plan, rules, regions, units, ties
        assert client.get(LAYOUT, {"home": layout_world.pk}).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(LAYOUT, {"home": layout_world.pk}).status_code == 200


def test_a_cached_layout_follows_ties_rules_and_the_language(api_as, layout_world):
    """The layout is cached under the fingerprint of what it reads: a new tie, a rule's new target and a partner
    that moves country all show at the next request, and each language has its own answer."""
    client = api_as("officer")

    def countries():
        return {row["code"]: row for row in client.get(LAYOUT, {"home": layout_world.pk}).json()["countries"]}

    assert countries()["TH"]["live"] == 2
    _tie(layout_world, EntityFactory(name="Phuket", country="TH"))
    assert countries()["TH"]["live"] == 3
    LayoutRule.objects.filter(country="KH").update(target=3)  # a bulk update: no history row, no new id
    LayoutRule.objects.get(country="KH").save()  # its history row moves the fingerprint
    assert countries()["KH"]["shortfall"] == 3
    osaka = Relation.objects.get(target__name="Osaka").target
    osaka.country = "KR"
    osaka.save()
    assert "KR" in countries() and countries()["JP"]["live"] == 0
    english = client.get(LAYOUT, {"home": layout_world.pk}).json()["regions"][0]["tier_label"]
    chinese = client.get(LAYOUT, {"home": layout_world.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert chinese["regions"][0]["tier_label"] != english and chinese["countries"][0]["name_zh"]
