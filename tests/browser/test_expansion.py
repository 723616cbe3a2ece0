"""In a real browser: the Expansion page, its world map and network view draw; an officer dismisses one suggestion
and accepts another, then finds the new prospect tie."""

import datetime as dt

import pytest
from django.core.cache import cache

from contacts.choices import EntityKind
from relations.choices import PlanTier, RelationKind, RelationStatus
from relations.models import LayoutPlan, LayoutRule, Relation, SuggestionDismissal
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_TIES_FILL = "#f4f3ee"  # the map's colour for a country without live ties (static/crm/map.js)


def build_world() -> dict:
    """Ningbo (domestic) with a sister city (itself tied to Busan) and a school tie in Korea, a tie in progress in
    Germany, and a plan that focuses on Cambodia, deepens Korea and expands to Germany."""
    cache.clear()
    home = HomeCityFactory(name="Ningbo", name_zh="宁波", geonameid=1799397)
    school = EntityFactory(
        name="Ningbo No. 2 Middle School", kind=EntityKind.SCHOOL, country="CN", domestic=True, parent=home
    )
    daegu = EntityFactory(
        name="Daegu",
        name_zh="大邱",
        country="KR",
        latitude=35.87,
        longitude=128.59,
        population=2_566_540,
        geonameid=1835329,
    )
    daegu_school = EntityFactory(name="Daegu High School", kind=EntityKind.SCHOOL, country="KR", parent=daegu)
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
    busan = EntityFactory(
        name="Busan", name_zh="釜山", country="KR", latitude=35.1, longitude=129.04, geonameid=1838524
    )
    RelationFactory(
        source=daegu,
        target=busan,
        kind=RelationKind.COOPERATION,
        status=RelationStatus.SIGNED,
        established_on=dt.date(2010, 3, 1),
    )  # a partner of our partner: the network's second ring
    RelationFactory(
        source=school,
        target=daegu_school,
        kind=RelationKind.FRIENDLY_SCHOOL,
        status=RelationStatus.SIGNED,
        established_on=dt.date(2015, 5, 1),
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
    LayoutRule.objects.create(plan=plan, country="DE", tier=PlanTier.EXPAND, target=1)
    return {"home": home, "daegu": daegu, "aachen": aachen}


def test_the_expansion_page_draws_the_map_and_the_network_and_an_officer_accepts_a_suggestion(login):
    world = build_world()
    page = login("officer")
    page.set_default_timeout(60_000)  # the suggestions take over 15 s on a loaded machine (2 cores, 8 helpers)

    page.goto("/expansion/")
    page.wait_for_selector("#kind-gap article.suggestion")
    assert page.locator("#kind-gap header h2").inner_text() == "Gaps in the layout"
    page.screenshot(path="/tmp/expansion-page.png")

    # The world map: every country drawn as an SVG path, Korea shaded for its ties, Cambodia outlined as a focus.
    page.click("#tab-map")
    page.wait_for_selector("#world-map[data-ready=true]")
    assert page.locator("#world-map path.country").count() > 150
    assert int(page.get_attribute("#world-map", "data-shaded")) >= 1
    korea = page.locator('#world-map path.country[data-country="KR"]').first
    assert korea.get_attribute("data-ties") == "2"
    assert korea.get_attribute("fill") != NO_TIES_FILL
    assert page.locator('#world-map path.tier-outline.tier-focus[data-country="KH"]').count() == 1
    assert page.locator("#map-legend li").count() >= 10
    korea.dispatch_event("click")
    page.wait_for_selector('#map-panel[data-country="KR"] #panel-ties a')
    assert "Daegu" in page.locator("#panel-ties").inner_text()
    page.locator('#world-map path.country[data-country="KH"]').first.dispatch_event("click")
    page.wait_for_selector('#map-panel[data-country="KH"] #panel-suggestions li')
    assert page.locator("#panel-suggestions a").count() >= 1
    page.screenshot(path="/tmp/expansion-map.png", full_page=True)

    # The network: Cytoscape draws on canvases; the nodes are the home, its units and their partners.
    page.click("#tab-network")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.locator("#network canvas").count() > 0
    assert page.evaluate("window.expansionNetwork.nodes().length") >= 4
    assert page.evaluate("window.expansionNetwork.edges('.pre-signing').length") >= 1  # Aachen, at intent
    assert page.locator("#network-legend li").count() >= 4
    page.screenshot(path="/tmp/expansion-network.png", full_page=True)
    # Clicking a node focuses on its neighbourhood and offers its record (issue 15 item 19).
    page.evaluate(f"window.expansionNetwork.$id('{world['daegu'].pk}').emit('tap')")
    page.click("#network-open-entity")
    page.wait_for_url(f"**/entities/{world['daegu'].pk}/")

    # Dismiss one suggestion with a reason: it disappears and joins the dismissed list.
    page.goto(f"/expansion/?home={world['home'].pk}")
    cards = page.locator("article.suggestion:has(button[data-action=accept])")
    victim = cards.nth(1)
    victim_key = victim.get_attribute("data-key")
    victim.locator("summary[data-action=dismiss]").click()
    victim.locator("input[name=reason]").fill("No counterpart interest")
    victim.locator("button[data-action=dismiss-confirm]").click()
    page.wait_for_selector("#dismissed-table")
    assert page.locator(f'article.suggestion[data-key="{victim_key}"]').count() == 0
    assert "No counterpart interest" in page.locator("#dismissed-table").inner_text()
    assert SuggestionDismissal.objects.get().key == victim_key

    # Accept the best one: a tie at first contact is created and linked from the card.
    card = cards.first
    key = card.get_attribute("data-key")
    before = set(Relation.objects.values_list("id", flat=True))
    card.locator("button[data-action=accept]").click()
    link = page.locator(f'article.suggestion.accepted[data-key="{key}"] a.accepted-tie')
    link.wait_for()
    page.screenshot(path="/tmp/expansion-suggestions.png")
    (new_id,) = set(Relation.objects.values_list("id", flat=True)) - before
    tie = Relation.objects.select_related("target").get(pk=new_id)
    assert tie.status == RelationStatus.CONTACT
    assert tie.source_id == world["home"].pk
    assert key == f"city:{tie.target.geonameid}" or key == f"entity:{tie.target_id}"

    link.click()
    page.wait_for_url(f"**/relations/{new_id}/")
    page.wait_for_selector("#relation-status.status-contact")
    page.goto("/relations/?status=contact")
    assert page.locator(f'main a[href="/relations/{new_id}/"]').count() >= 1

    assert page.outside_requests == []


def test_a_viewer_sees_the_suggestions_and_drawings_without_buttons(login):
    build_world()
    page = login("viewer")
    page.goto("/expansion/")
    page.wait_for_selector("article.suggestion")
    assert page.locator("button[data-action=accept]").count() == 0
    assert page.locator("summary[data-action=dismiss]").count() == 0
    page.goto("/expansion/network/?depth=1")
    page.wait_for_selector("#network[data-ready=true]")
    assert page.evaluate("window.expansionNetwork.nodes().length") >= 2
    assert page.outside_requests == []


def test_the_map_speaks_chinese_in_the_chinese_interface(login):
    build_world()
    page = login("viewer", locale="zh-CN")
    page.goto("/expansion/map/")
    page.wait_for_selector("#world-map[data-ready=true]")
    page.locator('#world-map path.country[data-country="KR"]').first.dispatch_event("click")
    page.wait_for_selector('#map-panel[data-country="KR"] #panel-ties a')
    assert page.locator("#map-panel h2").inner_text() == "韩国"
    assert "大邱" in page.locator("#panel-ties").inner_text()
    assert page.locator("#panel-ties > li").count() == 2  # ours: the sister city and the school tie
    assert "釜山" in page.locator("#panel-other-ties").inner_text()  # Daegu's own tie with Busan, apart
    page.screenshot(path="/tmp/expansion-map-zh.png", full_page=True)
    assert page.outside_requests == []
