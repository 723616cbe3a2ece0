"""Each kind of suggestion on small worlds built by hand (no database): gap, radiate, deepen, anniversary,
dormant, upgrade — including worlds where the right answer is known."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import translation

from relations.expansion.kinds import EntityRow, PlanRow, TargetRow, TieRow, World, suggest
from relations.expansion.layout import RuleFact

TODAY = dt.date(2025, 6, 1)


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    capital: bool = False
    name_zh: str = ""


CITIES = [
    City(1, "Ningbo", "CN", 29.87, 121.54, 7_000_000, name_zh="宁波"),
    City(2, "Daegu", "KR", 35.87, 128.60, 2_400_000, name_zh="大邱"),
    City(3, "Busan", "KR", 35.10, 129.04, 3_400_000, name_zh="釜山"),
    City(4, "Gyeongju", "KR", 35.84, 129.21, 250_000),
    City(5, "Hiroshima", "JP", 34.39, 132.45, 1_200_000, name_zh="广岛"),
    City(6, "Phnom Penh", "KH", 11.56, 104.92, 2_000_000, capital=True, name_zh="金边"),
    City(7, "Siem Reap", "KH", 13.36, 103.86, 250_000),
    City(8, "Kampot", "KH", 10.61, 104.18, 40_000),
    City(9, "Vientiane", "LA", 17.97, 102.60, 950_000, capital=True),
    City(10, "Pyongyang", "KP", 39.03, 125.75, 3_000_000, capital=True),
    City(11, "Osaka", "JP", 34.69, 135.50, 2_700_000),
    City(12, "Aachen", "DE", 50.78, 6.08, 250_000),
    City(13, "Munich", "DE", 48.14, 11.58, 1_500_000),
    City(14, "Bangkok", "TH", 13.75, 100.50, 8_000_000, capital=True),
    City(15, "Hangzhou", "CN", 30.29, 120.16, 9_000_000),
]
NEIGHBOURS = {
    "KR": ["KP"],
    "KP": ["KR", "CN"],
    "KH": ["TH", "LA", "VN"],
    "LA": ["KH", "TH", "VN", "CN", "MM"],
    "TH": ["KH", "LA", "MM", "MY"],
    "CN": ["KP", "LA", "VN"],
    "JP": [],
    "DE": ["FR", "PL"],
}

HOME = EntityRow(
    1,
    "city",
    "Ningbo",
    "CN",
    "宁波",
    domestic=True,
    latitude=29.87,
    longitude=121.54,
    population=7_000_000,
    geonameid=1,
)
DISTRICT = EntityRow(20, "district", "Haishu", "CN", "海曙区", domestic=True, parent_id=1)
SCHOOL = EntityRow(21, "school", "Ningbo No. 2 School", "CN", domestic=True, parent_id=1)


def entity(id, name, country, geonameid=None, kind="city", parent_id=None, **extra):
    city = next((c for c in CITIES if c.geonameid == geonameid), None)
    return EntityRow(
        id,
        kind,
        name,
        country,
        parent_id=parent_id,
        geonameid=geonameid,
        latitude=city.latitude if city else None,
        longitude=city.longitude if city else None,
        population=city.population if city else None,
        **extra,
    )


def world(entities=(), ties=(), **extra) -> World:
    rows = {e.id: e for e in (HOME, DISTRICT, SCHOOL, *entities)}
    return World(today=TODAY, home_id=HOME.id, entities=rows, ties=list(ties), **extra)


def run(w: World, kinds=None):
    with translation.override("en"):
        return suggest(w, CITIES, kinds=kinds, neighbours=NEIGHBOURS)


def keys(found):
    return [s.key for s in found]


DAEGU = entity(100, "Daegu", "KR", geonameid=2)
BUSAN = entity(101, "Busan", "KR", geonameid=3)
HIROSHIMA = entity(102, "Hiroshima", "JP", geonameid=5)
OSAKA = entity(103, "Osaka", "JP", geonameid=11)
MUNICH = entity(104, "Munich", "DE", geonameid=13)


def signed(id, source, target, kind="sister_city", on=dt.date(2005, 9, 1), status="signed"):
    return TieRow(id, source, target, kind, status, status_since=on, established_on=on)


# --- radiate -----------------------------------------------------------------------------------------------------


def test_radiate_puts_the_partner_of_two_of_our_partners_first():
    # Known answer: Daegu and Hiroshima, our partners, are both twinned with Osaka; nothing else is.
    w = world(
        [DAEGU, HIROSHIMA, OSAKA],
        [
            signed(1, HOME.id, DAEGU.id),
            signed(2, HOME.id, HIROSHIMA.id),
            signed(3, DAEGU.id, OSAKA.id),
            signed(4, HIROSHIMA.id, OSAKA.id),
        ],
    )
    found = [s for s in run(w, kinds=["radiate"]) if s.subject["type"] != "country"]
    assert found[0].key == f"entity:{OSAKA.id}"
    assert found[0].subject == {**found[0].subject, "type": "entity", "id": OSAKA.id, "name": "Osaka"}
    assert found[0].actions == ["accept", "dismiss"]
    assert any("Already tied to 2 of our partners: Daegu, Hiroshima." in r for r in found[0].reasons)


def test_radiate_proposes_cities_near_partners_and_countries_bordering_partner_countries():
    w = world([DAEGU], [signed(1, HOME.id, DAEGU.id)])
    found = run(w, kinds=["radiate"])
    by_key = {s.key: s for s in found}
    # Busan and Gyeongju lie within 300 km of Daegu.
    assert {"city:3", "city:4"} <= set(by_key)
    assert any("km from Daegu, our partner." in r for r in by_key["city:4"].reasons)
    # North Korea borders South Korea, where we have a partner, and has none of ours.
    assert by_key["country:KP"].subject["type"] == "country"
    assert by_key["country:KP"].actions == ["dismiss"]
    assert "borders South Korea, where we have 1 partner, but has none of ours." in by_key["country:KP"].reasons[0]
    assert by_key["country:KP"].candidates[0]["name"] == "Pyongyang"
    # Never our own country, our partners or ourselves.
    assert "city:15" not in by_key and f"entity:{DAEGU.id}" not in by_key and "city:1" not in by_key


# --- gap -----------------------------------------------------------------------------------------------------------


def plan(rules=(), targets=()):
    return PlanRow(
        id=1, name="Layout 2024–2028", start_year=2024, end_year=2028, rules=tuple(rules), targets=tuple(targets)
    )


def test_gap_opens_a_blank_focus_country_with_its_best_cities():
    w = world([DAEGU], [signed(1, HOME.id, DAEGU.id)], plan=plan([RuleFact(tier="focus", country="KH", target=2)]))
    found = run(w, kinds=["gap"])
    assert [s.key for s in found][:1] == ["country:KH"]
    country = found[0]
    assert country.reasons[0] == (
        "“Cambodia” is marked “Focus (重点)” in the plan “Layout 2024–2028”: live ties wanted 2, on file 0."
    )
    assert {c["name"] for c in country.candidates} == {"Phnom Penh", "Siem Reap", "Kampot"}
    cities = [s for s in found if s.subject["type"] == "city"]
    assert [c.subject["country"] for c in cities] == ["KH", "KH", "KH"]
    # The biggest city ranks first for a home of 7 million; scores fall with the rank.
    assert cities[0].subject["name"] == "Phnom Penh"
    assert cities[0].score > cities[1].score > cities[2].score
    assert any("Capital of Cambodia, population about 2.0 million." == r for r in cities[0].reasons)


def test_gap_is_silent_when_the_target_is_met_and_skips_avoided_countries():
    ties = [signed(1, HOME.id, DAEGU.id), signed(2, HOME.id, BUSAN.id)]
    w = world(
        [DAEGU, BUSAN],
        ties,
        plan=plan(
            [
                RuleFact(tier="focus", country="KR", target=2),
                RuleFact(tier="expand", region="asia-east", target=5),
                RuleFact(tier="avoid", country="KP"),
            ]
        ),
        members={"asia-east": ("KR", "KP", "JP")},
    )
    found = run(w, kinds=["gap"])
    assert not any(s.subject["country"] == "KR" for s in found)
    assert not any(s.subject["country"] == "KP" for s in found)
    # The region is 3 short: Japan's cities come up, with the region's shortfall as the first reason.
    assert {s.subject["country"] for s in found} == {"JP"}
    assert "live ties wanted 5, on file 2." in found[-1].reasons[0]


def test_gap_puts_named_targets_first_even_a_place_the_gazetteer_lacks():
    target = TargetRow(geonameid=5368381, name="Los Angeles County", country="US")
    w = world(
        plan=plan(
            [RuleFact(tier="focus", country="KH", target=1)],
            targets=[target, TargetRow(geonameid=12, name="Aachen", country="DE")],
        )
    )
    found = run(w, kinds=["gap"])
    assert set(keys(found[:2])) == {"city:5368381", "city:12"}
    assert all("Named as a target in the plan “Layout 2024–2028”." in s.reasons for s in found[:2])
    assert found[0].score > found[2].score


def test_gap_prefers_a_city_where_our_units_already_have_ties():
    kampot = entity(105, "Kampot", "KH", geonameid=8)
    school = entity(106, "Kampot High School", "KH", kind="school", parent_id=105)
    # The school tie counts towards the plan's target (1 of 2), and makes Kampot the city to propose.
    w = world(
        [kampot, school],
        [signed(1, SCHOOL.id, school.id, kind="friendly_school")],
        plan=plan([RuleFact(tier="focus", country="KH", target=2)]),
    )
    cities = [s for s in run(w, kinds=["gap"]) if s.subject["type"] != "country"]
    assert cities[0].key == "entity:105"
    assert "Our units already have 1 tie there (Ningbo No. 2 School)." in cities[0].reasons


# --- deepen --------------------------------------------------------------------------------------------------------


def test_deepen_lists_sister_cities_with_nothing_beneath_them():
    daegu_school = entity(110, "Daegu High School", "KR", kind="school", parent_id=DAEGU.id)
    ties = [
        signed(1, HOME.id, DAEGU.id),
        signed(2, HOME.id, HIROSHIMA.id, on=dt.date(1985, 5, 1)),
        signed(3, SCHOOL.id, daegu_school.id, kind="friendly_school"),
    ]
    found = run(world([DAEGU, HIROSHIMA, daegu_school], ties), kinds=["deepen"])
    assert keys(found) == [f"deepen:{HIROSHIMA.id}"]
    assert found[0].relation == 2
    assert found[0].reasons[0].startswith("Sister city since 1985 (40 years), with no friendly district")


def test_deepen_ranks_higher_where_the_plan_says_deepen():
    ties = [signed(1, HOME.id, DAEGU.id), signed(2, HOME.id, HIROSHIMA.id)]
    w = world([DAEGU, HIROSHIMA], ties, plan=plan([RuleFact(tier="deepen", country="JP")]))
    found = run(w, kinds=["deepen"])
    assert keys(found) == [f"deepen:{HIROSHIMA.id}", f"deepen:{DAEGU.id}"]
    assert "The plan marks Japan “Deepen (深化)”." in found[0].reasons


# --- anniversary ---------------------------------------------------------------------------------------------------


def test_anniversary_lists_unplanned_milestones_within_18_months():
    ties = [
        signed(1, HOME.id, DAEGU.id, on=dt.date(2005, 9, 1)),  # 20 years on 2025-09-01: milestone
        signed(2, HOME.id, HIROSHIMA.id, on=dt.date(2013, 3, 1)),  # 13 years on 2026-03-01: not a milestone
        signed(3, DISTRICT.id, BUSAN.id, kind="friendly_district", on=dt.date(2016, 10, 1)),  # 10 in 2026
        signed(4, HOME.id, OSAKA.id, on=dt.date(2011, 7, 1)),
    ]  # 15 years on 2026-07-01, planned
    w = world([DAEGU, HIROSHIMA, BUSAN, OSAKA], ties, planned={(4, dt.date(2026, 7, 1))})
    found = run(w, kinds=["anniversary"])
    assert keys(found) == ["anniversary:1:2025-09-01", "anniversary:3:2026-10-01"]
    first = found[0]
    assert first.relation == 1 and first.date == dt.date(2025, 9, 1)
    assert first.actions == ["plan", "dismiss"]
    assert first.reasons[0] == (
        "The 20-year anniversary of the tie between Ningbo and Daegu falls on Sept. 1, 2025, in 3 months."
    )
    assert found[0].score > found[1].score  # sooner first


def test_anniversary_of_an_upgraded_tie_counts_from_the_first_signing():
    ties = [
        TieRow(1, HOME.id, DAEGU.id, "friendly_exchange", "upgraded", established_on=dt.date(2015, 8, 1)),
        TieRow(2, HOME.id, DAEGU.id, "sister_city", "signed", established_on=dt.date(2020, 8, 1), upgraded_from=1),
    ]
    found = run(world([DAEGU], ties), kinds=["anniversary"])
    assert keys(found) == ["anniversary:2:2025-08-01"]
    assert "10-year anniversary" in found[0].reasons[0]


# --- dormant -------------------------------------------------------------------------------------------------------


def test_dormant_finds_signed_ties_without_exchanges_and_ties_stuck_at_a_step():
    ties = [
        signed(1, HOME.id, DAEGU.id),
        signed(2, HOME.id, HIROSHIMA.id),
        TieRow(3, HOME.id, MUNICH.id, "friendly_exchange", "applied", status_since=dt.date(2023, 1, 10)),
        TieRow(4, HOME.id, OSAKA.id, "friendly_exchange", "intent", status_since=dt.date(2025, 1, 10)),
    ]
    events = {1: [dt.date(2022, 4, 1)], 2: [dt.date(2024, 11, 5)]}
    found = run(world([DAEGU, HIROSHIMA, MUNICH, OSAKA], ties, event_dates=events), kinds=["dormant"])
    assert set(keys(found)) == {"dormant:1", "stalled:3:applied"}
    by_key = {s.key: s for s in found}
    assert by_key["dormant:1"].reasons[0] == (
        "No exchange between Ningbo and Daegu is recorded for 38 months; the last was on April 1, 2022."
    )
    assert "since Jan. 10, 2023: 28 months without a next step." in by_key["stalled:3:applied"].reasons[0]


def test_dormant_months_are_configurable():
    ties = [signed(1, HOME.id, DAEGU.id)]
    events = {1: [dt.date(2024, 9, 1)]}
    assert run(world([DAEGU], ties, event_dates=events), kinds=["dormant"]) == []
    found = run(world([DAEGU], ties, event_dates=events, dormant_months=6), kinds=["dormant"])
    assert keys(found) == ["dormant:1"]


# --- upgrade -------------------------------------------------------------------------------------------------------


def test_upgrade_proposes_active_friendly_exchange_ties():
    ties = [
        signed(1, HOME.id, DAEGU.id, kind="friendly_exchange", on=dt.date(2015, 4, 1)),
        signed(2, HOME.id, HIROSHIMA.id, kind="friendly_exchange", on=dt.date(2015, 4, 1)),
    ]
    events = {
        1: [dt.date(2023, 5, 1), dt.date(2024, 5, 1), dt.date(2025, 5, 1)],
        2: [dt.date(2021, 5, 1), dt.date(2024, 5, 1), dt.date(2025, 5, 1)],
    }
    found = run(world([DAEGU, HIROSHIMA], ties, event_dates=events), kinds=["upgrade"])
    assert keys(found) == ["upgrade:1"]
    assert found[0].reasons[0] == ("3 exchanges between Ningbo and Daegu in the last 3 years (since June 1, 2022).")


# --- across kinds --------------------------------------------------------------------------------------------------


def rich_world(**extra) -> World:
    ties = [
        signed(1, HOME.id, DAEGU.id),
        signed(2, HOME.id, HIROSHIMA.id, on=dt.date(2015, 12, 1)),
        signed(3, DAEGU.id, OSAKA.id),
        signed(4, HIROSHIMA.id, OSAKA.id),
        signed(5, HOME.id, MUNICH.id, kind="friendly_exchange", on=dt.date(2016, 2, 1)),
    ]
    events = {5: [dt.date(2023, 9, 1), dt.date(2024, 9, 1), dt.date(2025, 3, 1)]}
    return world(
        [DAEGU, HIROSHIMA, OSAKA, MUNICH],
        ties,
        event_dates=events,
        plan=plan([RuleFact(tier="focus", region="asean", target=3), RuleFact(tier="avoid", country="KP")]),
        members={"asean": ("KH", "LA", "TH", "VN")},
        region_names={"asean": ("ASEAN", "东盟")},
        **extra,
    )


def test_all_kinds_come_ranked_with_unique_keys_and_reasons():
    found = run(rich_world())
    assert {s.kind for s in found} == {"gap", "radiate", "deepen", "anniversary", "dormant", "upgrade"}
    assert len(set(keys(found))) == len(found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.reasons and all(isinstance(r, str) and r for r in s.reasons) for s in found)


def test_suggestions_are_deterministic():
    first = [s.as_dict() for s in run(rich_world())]
    second = [s.as_dict() for s in run(rich_world())]
    assert first == second


def test_dismissed_suggestions_are_hidden():
    found = run(rich_world())
    hidden = {found[0].key, found[3].key}
    again = run(rich_world(dismissed=frozenset(hidden)))
    assert hidden.isdisjoint(keys(again))
    assert len(again) >= len(found) - 2


@pytest.mark.parametrize(
    "language, expected", [("en", "Already tied to 2 of our partners: Daegu, Hiroshima."), ("zh-hans", "大邱")]
)
def test_reasons_follow_the_language(language, expected):
    with translation.override(language):
        found = suggest(rich_world(), CITIES, kinds=["radiate"], neighbours=NEIGHBOURS)
    osaka = next(s for s in found if s.key == f"entity:{OSAKA.id}")
    assert any(expected in r for r in osaka.reasons)


def test_deepen_leaves_out_a_sister_city_signed_today_or_this_year():
    # Issue 15 item 7: a tie signed today was proposed at once for deepening ("已 0 年").
    ties = [signed(1, HOME.id, DAEGU.id, on=TODAY), signed(2, HOME.id, HIROSHIMA.id, on=dt.date(2024, 5, 1))]
    found = run(world([DAEGU, HIROSHIMA], ties), kinds=["deepen"])
    assert keys(found) == [f"deepen:{HIROSHIMA.id}"]
