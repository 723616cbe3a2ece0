"""What the suggestions never propose as a country to open: Hong Kong, Macao and Taiwan (parts of China),
dependent territories (Greenland, Saint-Pierre-et-Miquelon …), a country on the avoid list or in the plan's
`avoid` tier, and a partner country's neighbour across a sensitive border (North Korea for a partner in South
Korea). Pure worlds built by hand, then the settings as world_load reads them."""

import pytest

from relations.expansion.kinds import neighbours_to_open, suggest
from relations.expansion.layout import RuleFact
from tests.relations.expansion.test_suggest_kinds import (
    CITIES,
    DAEGU,
    HOME,
    MUNICH,
    NEIGHBOURS,
    City,
    plan,
    run,
    signed,
    world,
)

TAIPEI = City(40, "Taipei", "TW", 25.05, 121.53, 2_700_000, name_zh="台北")
HONG_KONG = City(41, "Hong Kong", "HK", 22.28, 114.16, 7_400_000, name_zh="香港")
MACAO = City(42, "Macao", "MO", 22.20, 113.55, 680_000, name_zh="澳门")
NUUK = City(43, "Nuuk", "GL", 64.18, -51.72, 18_000, capital=True)
SAINT_PIERRE = City(44, "Saint-Pierre", "PM", 46.78, -56.18, 5_500, capital=True)
REYKJAVIK = City(45, "Reykjavík", "IS", 64.14, -21.94, 120_000, capital=True)
LYON = City(46, "Lyon", "FR", 45.76, 4.84, 500_000)
BRUSSELS = City(47, "Brussels", "BE", 50.85, 4.35, 1_200_000, capital=True)
MORE = [*CITIES, TAIPEI, HONG_KONG, MACAO, NUUK, SAINT_PIERRE, REYKJAVIK, LYON, BRUSSELS]


def suggestions(w, kinds, neighbours=NEIGHBOURS):
    from django.utils import translation

    with translation.override("en"):
        return suggest(w, MORE, kinds=kinds, neighbours=neighbours)


def countries_of(found):
    return {s.subject.get("country") or s.subject.get("code") for s in found}


def test_the_radiate_kind_does_not_cross_a_sensitive_border():
    w = world([DAEGU], [signed(1, HOME.id, DAEGU.id)], sensitive_borders=frozenset({frozenset({"KR", "KP"})}))
    found = run(w, kinds=["radiate"])
    assert "country:KP" not in {s.key for s in found}
    assert "KP" not in countries_of(found)
    assert not any("borders South Korea" in r for s in found for r in s.reasons)


def test_a_country_on_the_avoid_list_is_never_proposed():
    w = world([DAEGU], [signed(1, HOME.id, DAEGU.id)], avoid=frozenset({"KP"}))
    assert "KP" not in countries_of(run(w, kinds=["radiate"]))
    w = world(
        plan=plan([RuleFact(tier="focus", region="asia-east", target=3)]),
        members={"asia-east": ("KP", "JP")},
        avoid=frozenset({"KP"}),
    )
    found = run(w, kinds=["gap"])
    assert found and "KP" not in countries_of(found)


def test_the_plan_s_avoid_tier_keeps_a_bordering_country_out_of_radiate():
    w = world([DAEGU], [signed(1, HOME.id, DAEGU.id)], plan=plan([RuleFact(tier="avoid", country="KP")]))
    assert "KP" not in countries_of(run(w, kinds=["radiate"]))


def test_hong_kong_macao_and_taiwan_are_never_foreign_countries_or_cities_to_open():
    w = world(
        plan=plan([RuleFact(tier="focus", region="asia-east", target=4)]),
        members={"asia-east": ("JP", "TW", "HK", "MO")},
    )
    found = suggestions(w, ["gap", "radiate"])
    assert found
    assert countries_of(found) == {"JP"}
    assert not any(s.key in {"country:TW", "country:HK", "country:MO"} for s in found)


def test_dependent_territories_are_not_blank_countries_but_their_cities_stay_on_the_map():
    w = world(
        plan=plan([RuleFact(tier="focus", region="north-atlantic", target=3)]),
        members={"north-atlantic": ("GL", "PM", "IS")},
    )
    found = suggestions(w, ["gap"])
    blank = {s.key for s in found if s.subject["type"] == "country"}
    assert blank == {"country:IS"}


def test_radiate_proposes_a_neighbour_but_not_a_dependent_territory_across_the_border():
    paris = DAEGU.__class__(110, "city", "Paris", "FR", latitude=48.86, longitude=2.35, population=2_100_000)
    w = world([paris], [signed(1, HOME.id, paris.id)])
    neighbours = {**NEIGHBOURS, "FR": ["BE", "PM", "DE"], "BE": ["FR", "DE"], "PM": ["FR"]}
    found = suggestions(w, ["radiate"], neighbours=neighbours)
    proposed = {s.key for s in found if s.subject["type"] == "country"}
    assert "country:BE" in proposed
    assert "country:PM" not in proposed


def test_neighbours_to_open_drops_sensitive_borders_avoided_and_non_sovereign_codes():
    w = world(avoid=frozenset({"SY"}), sensitive_borders=frozenset({frozenset({"KR", "KP"})}))
    given = {"KR": ["KP"], "KP": ["KR", "CN"], "IL": ["SY", "JO"], "SY": ["IL"], "GL": ["DK"], "DK": ["GL", "DE"]}
    kept = neighbours_to_open(given, w)
    assert kept == {"KR": [], "KP": [], "IL": ["JO"], "DK": ["DE"]}


@pytest.mark.django_db
def test_world_load_reads_the_avoid_list_and_the_sensitive_borders_from_the_settings(settings):
    import datetime as dt

    from relations.expansion.world import world_load
    from tests.factories import HomeCityFactory

    settings.CRM_AVOID_COUNTRIES = ["sy"]
    home = HomeCityFactory(name="Ningbo")
    w = world_load(home, today=dt.date(2025, 6, 1))
    assert w.avoid == frozenset({"SY"})
    assert frozenset({"KR", "KP"}) in w.sensitive_borders  # the default of crm/settings.py
    assert MUNICH  # the hand-built rows are shared with test_suggest_kinds


@pytest.mark.django_db
def test_a_region_of_the_plan_counts_hong_kong_macao_and_taiwan_as_parts_of_china_not_as_members():
    import datetime as dt

    from contacts.choices import RegionKind
    from contacts.models import Region
    from relations.expansion.layout import layout_for
    from relations.expansion.world import world_load
    from relations.models import LayoutPlan, LayoutRule
    from tests.factories import HomeCityFactory

    Region.objects.create(
        code="asia-east", kind=RegionKind.values[0], name="Eastern Asia", countries=["JP", "TW", "HK"]
    )
    home = HomeCityFactory(name="Ningbo")
    plan_row = LayoutPlan.objects.create(home=home, name="Layout", start_year=2021, end_year=2030)
    LayoutRule.objects.create(plan=plan_row, region="asia-east", tier="focus", target=2)
    w = world_load(home, today=dt.date(2025, 6, 1))
    assert w.members == {"asia-east": ("JP",)}
    layout = layout_for(home=home, plan=plan_row)
    codes = {row["code"] for row in layout["countries"]}
    assert "JP" in codes and not codes & {"TW", "HK"}


@pytest.mark.django_db
def test_the_admin_s_sensitive_destinations_join_the_avoid_list_and_refresh_the_cached_suggestions():
    import datetime as dt

    from relations.expansion.world import data_version, world_load
    from relations.models import SensitiveDestination
    from tests.factories import HomeCityFactory

    home = HomeCityFactory(name="Ningbo")
    before = data_version()
    SensitiveDestination.objects.create(country="KP", level="care", note="Handled by the provincial office.")
    SensitiveDestination.objects.create(country="SY", level="avoid")
    assert data_version() != before
    w = world_load(home, today=dt.date(2025, 6, 1))
    assert {"KP", "SY"} <= w.avoid
    assert str(SensitiveDestination.objects.get(country="KP")) == "North Korea (Handle with care)"
