"""The expansion pages: suggestions grouped by kind with accept / dismiss / plan, the layout map, the network."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from contacts.models import Entity
from relations.choices import PlanTier, RelationKind, RelationStatus
from relations.expansion.world import suggestions_for
from relations.models import LayoutPlan, LayoutRule, Relation, SuggestionDismissal
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    """Ningbo with a sister city in Korea, a tie in progress in Germany, and a plan that wants Cambodia."""
    home = HomeCityFactory(name="Ningbo", name_zh="宁波", geonameid=1799397)
    daegu = EntityFactory(
        name="Daegu",
        name_zh="大邱",
        country="KR",
        latitude=35.87,
        longitude=128.59,
        population=2_566_540,
        geonameid=1835329,
    )
    aachen = EntityFactory(
        name="Aachen",
        name_zh="亚琛",
        country="DE",
        latitude=50.78,
        longitude=6.08,
        population=265_000,
        geonameid=3247449,
    )
    RelationFactory(
        source=home,
        target=daegu,
        kind=RelationKind.SISTER_CITY,
        status=RelationStatus.SIGNED,
        established_on=dt.date(2004, 10, 1),
    )
    RelationFactory(
        source=home,
        target=aachen,
        kind=RelationKind.FRIENDLY_EXCHANGE,
        status=RelationStatus.INTENT,
        established_on=None,
    )
    plan = LayoutPlan.objects.create(home=home, name="Layout 2021–2030", start_year=2021, end_year=2030)
    LayoutRule.objects.create(plan=plan, country="KH", tier=PlanTier.FOCUS, target=2)
    LayoutRule.objects.create(plan=plan, country="KR", tier=PlanTier.DEEPEN)
    return {"home": home, "daegu": daegu, "aachen": aachen, "plan": plan}


def acceptable(home) -> dict:
    """The best suggestion an officer can accept (a city or an entity), straight from the engine."""
    return next(s for s in suggestions_for(home=home) if "accept" in s["actions"])


def dismissable(home) -> dict:
    return next(s for s in suggestions_for(home=home) if "dismiss" in s["actions"])


# --- reading ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/expansion/", "/expansion/map/", "/expansion/network/"])
def test_each_expansion_page_opens_for_a_viewer(page_as, world, path):
    response = page_as("viewer").get(path)
    assert response.status_code == 200
    assert response.context["home"] == world["home"]
    assert 'aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("path", ["/expansion/", "/expansion/map/", "/expansion/network/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_user_without_a_role_is_refused(client, make_user, world):
    client.force_login(make_user(None, username="nobody"))
    assert client.get("/expansion/").status_code == 403


def test_suggestions_are_grouped_by_kind_with_a_heading_and_an_explanation(page_as, world):
    response = page_as("viewer").get("/expansion/")
    groups = response.context["groups"]
    assert [g["kind"] for g in groups] == ["gap", "reference", "radiate", "deepen", "anniversary", "dormant", "upgrade"]
    assert all(g["title"] and g["explanation"] for g in groups)
    html = response.content.decode()
    gap = next(g for g in groups if g["kind"] == "gap")
    assert gap["items"], "a plan that wants Cambodia must leave a gap"
    first = gap["items"][0]
    assert f'id="{first["dom_id"]}"' in html
    for reason in first["reasons"]:
        assert escape(reason) in html
    assert "Gaps in the layout" in html


def test_a_viewer_sees_the_suggestions_without_buttons(page_as, world):
    html = page_as("viewer").get("/expansion/").content.decode()
    assert 'class="suggestion"' in html
    assert 'data-action="accept"' not in html
    assert 'data-action="dismiss"' not in html


def test_an_officer_gets_accept_and_dismiss_buttons(page_as, world):
    html = page_as("officer").get("/expansion/").content.decode()
    assert 'data-action="accept"' in html
    assert 'data-action="dismiss"' in html


def test_the_page_says_so_when_no_home_city_is_on_file(page_as, db):
    EntityFactory(name="Daegu", country="KR")
    client = page_as("viewer")
    for path in ("/expansion/", "/expansion/map/", "/expansion/network/"):
        response = client.get(path)
        assert response.status_code == 200
        assert 'id="no-home"' in response.content.decode()


@pytest.mark.parametrize("home", ["abc", "999999", "-1", "1.5", "0", "99999999999999999999999"])
def test_a_bad_home_parameter_is_a_404(page_as, world, home):
    client = page_as("viewer")
    for path in ("/expansion/", "/expansion/map/", "/expansion/network/"):
        assert client.get(path, {"home": home}).status_code == 404


def test_a_foreign_entity_cannot_be_the_home(page_as, world):
    """The same rule as the API (`home_check`): a foreign home is a 400 naming `home`, on every page."""
    client = page_as("viewer")
    for path in ("/expansion/", "/expansion/map/", "/expansion/network/"):
        response = client.get(path, {"home": world["daegu"].pk})
        assert response.status_code == 400
        assert 'data-field="home"' in response.content.decode()


def test_the_home_defaults_to_the_setting_when_it_names_an_entity(page_as, world, settings):
    district = HomeCityFactory(name="Yinzhou", name_zh="鄞州区", kind="district", parent=world["home"])
    settings.CRM_HOME_ENTITY = "Yinzhou"
    client = page_as("viewer")
    assert client.get("/expansion/").context["home"] == district
    settings.CRM_HOME_ENTITY = str(world["home"].pk)
    assert client.get("/expansion/network/").context["home"] == world["home"]


def test_the_home_can_be_chosen_among_our_units(page_as, world):
    district = HomeCityFactory(name="Yinzhou", kind="district", parent=world["home"])
    response = page_as("viewer").get("/expansion/", {"home": district.pk})
    assert response.context["home"] == district
    assert f'<option value="{district.pk}" selected>' in response.content.decode()


def test_the_suggestions_page_costs_the_same_queries_for_few_and_many_ties(page_as, world):
    client = page_as("viewer")
    client.get("/expansion/")  # warm the session and the in-memory gazetteer

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/expansion/").status_code == 200
        return len(queries)

    few = count()
    for i in range(30):
        partner = EntityFactory(name=f"Partner {i}", country="JP", latitude=35.0 + i / 10, longitude=135.0)
        RelationFactory(
            source=world["home"],
            target=partner,
            kind=RelationKind.FRIENDLY_EXCHANGE,
            status=RelationStatus.SIGNED,
            established_on=dt.date(2012, 1, 1) + dt.timedelta(days=i),
        )
    SuggestionDismissal.objects.bulk_create(
        [
            SuggestionDismissal(
                home=world["home"],
                key=f"city:{i}",
                kind="gap",
                subject=f"City {i}",
                reason="no",
                until=dt.date.today() + dt.timedelta(days=100),
            )
            for i in range(10)
        ]
    )
    assert count() == few


# --- the map and the network --------------------------------------------------------------------------------------


def _config(response, element_id: str) -> dict:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, f"#{element_id} is missing"
    return json.loads(match.group(1))


def test_the_map_page_hands_the_drawing_its_codes_urls_and_labels(page_as, world):
    response = page_as("viewer").get("/expansion/map/")
    config = _config(response, "map-config")
    assert config["numeric_to_alpha2"]["410"] == "KR"  # the shapes' ids are ISO numeric, zero-padded
    assert config["numeric_to_alpha2"]["040"] == "AT"
    assert config["numeric_to_alpha2"]["158"] == "CN"
    assert config["topology_url"].endswith("vendor/world-chn-110m.json")
    assert config["layout_url"].endswith(f"?home={world['home'].pk}")
    assert config["suggestions_url"].endswith(f"?home={world['home'].pk}")
    assert config["country_names"]["KH"] == "Cambodia"
    assert set(config["labels"]["tiers"]) == {t.value for t in PlanTier}
    html = response.content.decode()
    assert "vendor/topojson-client.min.js" in html and "crm/map.js" in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html


def test_the_map_page_lists_the_plan_against_today(page_as, world):
    response = page_as("viewer").get("/expansion/map/")
    rows = {row["code"]: row for row in response.context["rules"]}
    assert rows["KH"]["live"] == 0 and rows["KH"]["shortfall"] == 2 and rows["KH"]["tier"] == PlanTier.FOCUS
    assert rows["KR"]["live"] == 1
    html = response.content.decode()
    assert 'data-code="KH"' in html and "Cambodia" in html


def test_the_network_page_asks_for_the_chosen_depth(page_as, world):
    client = page_as("viewer")
    config = _config(client.get("/expansion/network/"), "network-config")
    assert config["graph_url"].endswith(f"?center={world['home'].pk}&depth=2")
    assert config["center"] == world["home"].pk
    config = _config(client.get("/expansion/network/", {"depth": "1"}), "network-config")
    assert config["graph_url"].endswith("&depth=1")
    config = _config(client.get("/expansion/network/", {"depth": "nonsense"}), "network-config")
    assert config["graph_url"].endswith("&depth=2")
    html = client.get("/expansion/network/").content.decode()
    assert "vendor/cytoscape.min.js" in html and "crm/network.js" in html


# --- accepting and dismissing -------------------------------------------------------------------------------------


def test_an_officer_accepts_a_suggestion_and_gets_a_link_to_the_new_tie(page_as, world):
    client = page_as("officer")
    suggestion = acceptable(world["home"])
    before = Relation.objects.count()
    response = client.post("/expansion/accept/", {"home": world["home"].pk, "key": suggestion["key"]}, **HX)
    assert response.status_code == 200
    assert Relation.objects.count() == before + 1
    tie = Relation.objects.latest("id")
    assert tie.status == RelationStatus.CONTACT
    assert tie.source == world["home"]
    assert suggestion["key"] in (f"city:{tie.target.geonameid}", f"entity:{tie.target_id}")
    html = response.content.decode()
    assert f'href="/relations/{tie.pk}/"' in html
    assert "suggestion accepted" in html
    # The accepted suggestion is no longer offered.
    assert suggestion["key"] not in {s["key"] for s in suggestions_for(home=world["home"])}
    assert tie.history.latest().history_user == client.user


def test_accepting_without_htmx_redirects_back_with_a_message(page_as, world):
    suggestion = acceptable(world["home"])
    response = page_as("officer").post(
        "/expansion/accept/", {"home": world["home"].pk, "key": suggestion["key"]}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/expansion/?home={world['home'].pk}"
    assert any("Accepted" in str(m) for m in response.context["messages"])


def test_accepting_an_unknown_suggestion_is_refused_with_a_reason(page_as, world):
    before = Relation.objects.count()
    response = page_as("officer").post("/expansion/accept/", {"home": world["home"].pk, "key": "city:0"}, **HX)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Relation.objects.count() == before


def test_a_viewer_cannot_accept_or_dismiss(page_as, world):
    client = page_as("viewer")
    suggestion = acceptable(world["home"])
    before = Relation.objects.count()
    assert (
        client.post("/expansion/accept/", {"home": world["home"].pk, "key": suggestion["key"]}, **HX).status_code == 403
    )
    assert (
        client.post(
            "/expansion/dismiss/", {"home": world["home"].pk, "key": suggestion["key"], "reason": "no"}, **HX
        ).status_code
        == 403
    )
    assert Relation.objects.count() == before
    assert not SuggestionDismissal.objects.exists()


def test_accept_and_dismiss_take_only_posts(page_as, world):
    client = page_as("officer")
    assert client.get("/expansion/accept/").status_code == 405
    assert client.get("/expansion/dismiss/").status_code == 405


def test_an_officer_dismisses_a_suggestion_with_a_reason(page_as, world):
    client = page_as("officer")
    suggestion = dismissable(world["home"])
    response = client.post(
        "/expansion/dismiss/", {"home": world["home"].pk, "key": suggestion["key"], "reason": "Too far for now"}, **HX
    )
    assert response.status_code == 200
    dismissal = SuggestionDismissal.objects.get()
    assert dismissal.key == suggestion["key"]
    assert dismissal.reason == "Too far for now"
    assert dismissal.dismissed_by == client.user
    assert dismissal.until > dt.date.today() + dt.timedelta(days=300)
    html = response.content.decode()
    # The card is replaced by nothing; the dismissed list comes back out of band with the new row.
    assert 'id="dismissed"' in html and 'hx-swap-oob="true"' in html
    assert "Too far for now" in html
    assert 'class="suggestion"' not in html
    page = client.get("/expansion/").content.decode()
    assert f'data-key="{suggestion["key"]}" data-kind' not in page
    assert "Too far for now" in page


def test_dismissing_without_a_reason_is_refused(page_as, world):
    suggestion = dismissable(world["home"])
    response = page_as("officer").post(
        "/expansion/dismiss/", {"home": world["home"].pk, "key": suggestion["key"], "reason": "  "}, **HX
    )
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    assert not SuggestionDismissal.objects.exists()


def test_an_anniversary_suggestion_offers_the_plan_button(page_as, world):
    on = dt.date.today() + dt.timedelta(days=60)
    signed = dt.date(on.year - 10, on.month, min(on.day, 28))  # the 10th anniversary falls in about two months
    osaka = EntityFactory(name="Osaka", country="JP", latitude=34.69, longitude=135.5)
    RelationFactory(
        source=world["home"],
        target=osaka,
        kind=RelationKind.SISTER_CITY,
        status=RelationStatus.SIGNED,
        established_on=signed,
    )
    client = page_as("officer")
    response = client.get("/expansion/")
    anniversaries = next(g for g in response.context["groups"] if g["kind"] == "anniversary")["items"]
    card = next(item for item in anniversaries if item["subject"].get("id") == osaka.pk)
    assert card["can_plan"]
    html = response.content.decode()
    assert 'data-action="plan"' in html
    assert f'name="relation" value="{card["relation_id"]}"' in html
    # The button posts to the anniversaries' own action; once planned, the suggestion is gone.
    planned = client.post(
        "/anniversaries/plan/", {"relation": card["relation_id"], "date": card["anniversary_on"].isoformat()}, **HX
    )
    assert planned.status_code == 200
    assert card["key"] not in {s["key"] for s in suggestions_for(home=world["home"])}


def test_the_home_entity_must_exist_to_accept(page_as, world):
    response = page_as("officer").post("/expansion/accept/", {"home": "999999", "key": "x"}, **HX)
    assert response.status_code == 404
    assert Entity.objects.filter(pk=999999).count() == 0


def test_the_page_is_a_compact_summary_with_show_all_and_a_paginated_kind(page_as, world):
    from relations.expansion import views

    client = page_as("viewer")
    summary = client.get("/expansion/", {"home": world["home"].pk})
    for group in summary.context["groups"]:
        assert len(group["items"]) <= views.SUMMARY_PER_KIND
        assert bool(group["more_url"]) == (group["total"] > views.SUMMARY_PER_KIND)
    busiest = max(summary.context["groups"], key=lambda g: g["total"])
    one = client.get("/expansion/", {"home": world["home"].pk, "kind": busiest["kind"]})
    assert [g["kind"] for g in one.context["groups"]] == [busiest["kind"]]
    assert len(one.context["groups"][0]["items"]) == min(busiest["total"], views.PAGE_SIZE)
    assert "Back to the summary" in one.content.decode()


def test_the_page_filters_by_country_and_region(page_as, world):
    client = page_as("viewer")
    summary = client.get("/expansion/", {"home": world["home"].pk})
    code = next(g["items"][0]["subject"]["country"] for g in summary.context["groups"] if g["items"])
    only = client.get("/expansion/", {"home": world["home"].pk, "country": code})
    assert all(s["subject"]["country"] == code for g in only.context["groups"] for s in g["items"])
    nowhere = client.get("/expansion/", {"home": world["home"].pk, "region": "no-such-region"})
    assert nowhere.status_code == 200
