"""The reference network in the suggestions, on small worlds built by hand: the home's listed ties not on file
(their own kind), partners of our partners in the world network, cities of our country like ours, and candidate
hygiene (the gazetteer's sections of cities and a province's population)."""

import datetime as dt
import math
from dataclasses import dataclass

import pytest

from contacts import gazetteer
from relations.expansion import hygiene
from relations.expansion.kinds import EntityRow, TieRow, World, place_reasons, suggest
from relations.expansion.reference import ReferenceTie
from relations.expansion.scoring import (
    Network,
    Place,
    PlaceTable,
    home_context,
    network_build,
    place_features,
    score_all,
)

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
    admin1: str = ""


CITIES = (
    City(1, "Ningbo", "CN", 29.87, 121.54, 7_000_000, name_zh="宁波", admin1="02"),
    City(2, "Daegu", "KR", 35.87, 128.60, 2_400_000, admin1="15"),
    City(3, "Busan", "KR", 35.10, 129.04, 3_400_000, admin1="10"),
    City(4, "Hiroshima", "JP", 34.39, 132.45, 1_200_000),
    City(5, "Wenzhou", "CN", 28.0, 120.67, 6_000_000, admin1="02"),
    City(6, "Kalamata", "GR", 37.04, 22.11, 60_000),
    City(7, "Aachen", "DE", 50.78, 6.08, 250_000),
)
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
DAEGU = EntityRow(2, "city", "Daegu", "KR", geonameid=2, latitude=35.87, longitude=128.60, population=2_400_000)


def world(*ties, entities=(HOME, DAEGU)):
    return World(today=TODAY, home_id=1, entities={e.id: e for e in entities}, ties=list(ties))


def ref(a, b):
    names = {c.geonameid: c for c in CITIES}
    return ReferenceTie(a, names[a].name, names[a].country, b, names[b].name, names[b].country, "wikipedia")


def test_a_listed_tie_of_the_home_not_on_file_is_its_own_suggestion():
    found = suggest(world(), CITIES, kinds=["reference"], neighbours={}, reference_ties=(ref(1, 4),))
    assert [(s.kind, s.key) for s in found] == [("reference", "city:4")]
    assert "it is not in our record" in found[0].reasons[0] and "Hiroshima" in found[0].reasons[0]
    assert found[0].actions == ["accept", "dismiss"]


def test_a_listed_tie_already_on_file_is_not_proposed_and_maps_to_the_entity():
    tie = TieRow(1, 1, 2, "sister_city", "signed", established_on=dt.date(2005, 1, 1))
    found = suggest(world(tie), CITIES, kinds=["reference"], neighbours={}, reference_ties=(ref(1, 2),))
    assert found == []
    # Daegu is on file but not tied to us: proposed under its entity key, not as the gazetteer city.
    found = suggest(world(), CITIES, kinds=["reference"], neighbours={}, reference_ties=(ref(1, 2),))
    assert [s.key for s in found] == ["entity:2"]


def test_partners_of_our_partners_in_the_world_network_are_proposed():
    tie = TieRow(1, 1, 2, "sister_city", "signed", established_on=dt.date(2005, 1, 1))
    found = suggest(world(tie), CITIES, kinds=["radiate"], neighbours={}, reference_ties=(ref(2, 6),))
    kalamata = next(s for s in found if s.key == "city:6")
    assert any("Already tied to 1 of our partners: Daegu" in r for r in kalamata.reasons)
    assert found[0].key == "city:6"


def test_the_reference_network_built_once_per_process_keeps_no_home_s_own_ties():
    ties = (ref(2, 6),)
    tie = TieRow(1, 1, 2, "sister_city", "signed", established_on=dt.date(2005, 1, 1))
    first = suggest(world(tie), CITIES, kinds=["radiate"], neighbours={}, reference_ties=ties)
    # Without our tie to Daegu, Kalamata is no partner of a partner: the tie of the first call did not stay behind.
    without = suggest(world(), CITIES, kinds=["radiate"], neighbours={}, reference_ties=ties)
    assert not any("Already tied to" in r for s in without for r in s.reasons)
    again = suggest(world(tie), CITIES, kinds=["radiate"], neighbours={}, reference_ties=ties)
    assert [s.as_dict() for s in again] == [s.as_dict() for s in first]
    assert any("Already tied to 1 of our partners: Daegu" in r for s in again for r in s.reasons)


def test_cities_of_our_country_like_ours_say_where_to_look():
    places = [
        Place(
            key=f"city:{c.geonameid}",
            name=c.name,
            country=c.country,
            latitude=c.latitude,
            longitude=c.longitude,
            population=c.population,
            admin1=c.admin1,
        )
        for c in CITIES
    ]
    table = PlaceTable(places)
    network = network_build([("city:5", "city:6"), ("city:7", "city:3")], {p.key: p.country for p in places})
    home = table.places[table.index["city:1"]]
    ctx = home_context(home=home, partners=[], network=network, countries=table.slices, neighbours={}, table=table)
    # Wenzhou (same province, similar size) is twinned with Kalamata: Greece is where cities like ours twin.
    assert ctx.peer_affinity["GR"] > ctx.peer_affinity.get("KR", ctx.default_peer_affinity)
    assert ctx.peer_via["city:6"] == ("city:5",)
    kalamata = place_features(ctx, table, table.index["city:6"])
    aachen = place_features(ctx, table, table.index["city:7"])
    assert kalamata["peer_partners"] > 0 and aachen["peer_partners"] == 0


def _table(cities):
    return PlaceTable(
        [
            Place(
                key=f"city:{c.geonameid}",
                name=c.name,
                country=c.country,
                latitude=c.latitude,
                longitude=c.longitude,
                population=c.population,
                admin1=c.admin1,
            )
            for c in cities
        ]
    )


def test_the_largest_place_of_a_province_or_state_is_its_regional_centre():
    cities = (
        *CITIES,
        City(8, "Kure", "JP", 34.25, 132.57, 220_000, admin1="34"),
        City(9, "Hiroshima", "JP", 34.39, 132.45, 1_200_000, admin1="34"),
    )
    table = _table(cities)
    home = table.places[table.index["city:1"]]
    ctx = home_context(home=home, partners=[], network=Network(), countries=table.slices, neighbours={}, table=table)
    # Ningbo is larger than Wenzhou in their province; Hiroshima than Kure in its prefecture; a place whose province
    # is unknown (city 4) is nobody's centre.
    centres = {p.key for p, flag in zip(table.places, table.regional_centre, strict=True) if flag}
    assert centres == {"city:1", "city:9", "city:2", "city:3"}
    assert place_features(ctx, table, table.index["city:9"])["regional_centre"] == 1.0
    assert place_features(ctx, table, table.index["city:8"])["regional_centre"] == 0.0
    weights = {"regional_centre": 2.0}
    scores = score_all(ctx, table, weights)
    assert scores[table.index["city:9"]] - scores[table.index["city:8"]] == pytest.approx(2.0)
    # Kure is not a centre; a centre below a million people is called one (Hiroshima is a major city already).
    small = _table((City(10, "Kure", "JP", 34.25, 132.57, 220_000, admin1="34"),))
    reasons = place_reasons(ctx, small, 0, {})
    assert "The largest city of its province or state: population about 220,000." in reasons


def test_ties_between_our_province_and_the_candidate_s_count_for_it():
    cities = (*CITIES, City(8, "Ulsan", "KR", 35.54, 129.31, 1_100_000, admin1="21"))
    table = _table(cities)
    # Wenzhou, in our province, is twinned with Busan (province 10): Busan's province gains; Ulsan's does not; a tie
    # of the home itself is not its province's.
    network = network_build([("city:5", "city:3"), ("city:1", "city:8")], {p.key: p.country for p in table.places})
    home = table.places[table.index["city:1"]]
    ctx = home_context(home=home, partners=[], network=network, countries=table.slices, neighbours={}, table=table)
    assert ctx.region_pairs == {("KR", "10"): 1}
    busan = place_features(ctx, table, table.index["city:3"])
    assert busan["region_pair"] == pytest.approx(math.log(2))
    assert place_features(ctx, table, table.index["city:2"])["region_pair"] == 0.0
    scores = score_all(ctx, table, {"region_pair": 1.0})
    assert scores[table.index["city:3"]] == pytest.approx(math.log(2)) and scores[table.index["city:2"]] == 0.0
    reasons = place_reasons(ctx, table, table.index["city:3"], {})
    assert "Places of our province or state already have 1 tie with its province or state." in reasons


def test_places_around_the_partners_of_our_neighbours_count_for_it():
    cities = (
        City(1, "Home", "DE", 50.00, 8.00, 50_000, admin1="05"),
        City(2, "Neighbour", "DE", 50.30, 8.20, 40_000, admin1="05"),
        City(3, "Partner of the neighbour", "FR", 48.00, 2.00, 30_000, admin1="11"),
        City(4, "Beside it", "FR", 48.10, 2.10, 20_000, admin1="11"),
        City(5, "Far away", "FR", 45.00, 5.00, 20_000, admin1="84"),
    )
    table = _table(cities)
    network = network_build([("city:2", "city:3")], {p.key: p.country for p in table.places})
    home = table.places[table.index["city:1"]]
    ctx = home_context(home=home, partners=[], network=network, countries=table.slices, neighbours={}, table=table)
    beside, far = table.index["city:4"], table.index["city:5"]
    assert place_features(ctx, table, beside)["nearby_area"] == pytest.approx(math.log(2))
    assert place_features(ctx, table, far)["nearby_area"] == 0.0
    scores = score_all(ctx, table, {"nearby_area": 1.0})
    assert scores[beside] == pytest.approx(math.log(2)) and scores[far] == 0.0
    assert "Near the partners of places within 100 km of us." in place_reasons(ctx, table, beside, {})
    # The neighbour's partner itself is said to be one (the closer reason).
    reasons = place_reasons(ctx, table, table.index["city:3"], {p.key: p for p in table.places})
    assert not any(r.startswith("Near the partners") for r in reasons)
    assert any(r.startswith("Partner of Neighbour") for r in reasons)


def test_an_empty_network_gives_no_peers():
    table = PlaceTable([Place(key="city:1", name="Ningbo", country="CN")])
    ctx = home_context(
        home=table.places[0], partners=[], network=Network(), countries=table.slices, neighbours={}, table=table
    )
    assert ctx.peer_partners == {} and ctx.peer_affinity == {}


# --- hygiene, on the real gazetteer: the cases the issue names ---------------------------------------------------


@pytest.fixture(scope="module")
def sections():
    return hygiene.not_partners(gazetteer.cities())


@pytest.mark.parametrize(
    "name, country",
    [
        ("Ulu Bedok", "SG"),
        ("Bedok New Town", "SG"),
        ("Puente Alto", "CL"),
        ("Maipú", "CL"),
        ("Ñuñoa", "CL"),
        ("Brooklyn", "US"),
        ("Hlaingthaya", "MM"),
    ],
)
def test_sections_of_a_city_suburbs_and_neighbourhoods_are_not_candidates(sections, name, country):
    city = next(c for c in gazetteer.lookup(name, country) if c.population > 100_000)
    assert city.geonameid in sections


@pytest.mark.parametrize(
    "name, country",
    [
        ("Singapore", "SG"),
        ("Santiago", "CL"),
        ("New York City", "US"),
        ("Yangon", "MM"),
        ("Suwon", "KR"),
        ("Yokohama", "JP"),
        ("Phnom Penh", "KH"),
        ("Takeo", "KH"),
    ],
)
def test_partner_cities_stay_candidates(sections, name, country):
    city = gazetteer.lookup(name, country)[0]
    assert city.geonameid not in sections


def test_a_suburb_twinned_in_its_own_right_stays(sections):
    city = gazetteer.lookup("Puente Alto", "CL")[0]
    assert city.geonameid not in hygiene.not_partners(gazetteer.cities(), referenced={city.geonameid})


def test_takeo_is_scored_with_the_town_s_population_not_the_province_s():
    takeo = gazetteer.lookup("Takeo", "KH")[0]
    assert takeo.population > 800_000  # GeoNames' figure is the province's
    assert hygiene.population(takeo.geonameid, takeo.population) < 50_000
    cambodia = tuple(c for c in gazetteer.cities() if c.country in ("KH", "CN"))
    home = EntityRow(1, "city", "Ningbo", "CN", domestic=True, latitude=29.87, longitude=121.54, population=7_000_000)
    from relations.expansion.kinds import scene_build

    scene = scene_build(world(entities=(home,)), cambodia, {})
    i = scene.table.index[f"city:{takeo.geonameid}"]
    assert scene.table.places[i].population < 50_000


# --- the plan's spread rule and the candidates per country ---------------------------------------------------------

ASEAN_CITIES = (
    *CITIES,
    City(20, "Bangkok", "TH", 13.75, 100.50, 8_000_000, capital=True),
    City(21, "Phnom Penh", "KH", 11.56, 104.92, 2_000_000, capital=True),
    City(22, "Manila", "PH", 14.60, 120.98, 1_800_000, capital=True),
    City(23, "Cebu", "PH", 10.32, 123.89, 900_000),
    City(24, "Kuala Lumpur", "MY", 3.14, 101.69, 1_700_000, capital=True),
    *(City(30 + n, f"Town {n}", "MY", 2.0 + n / 10, 102.0, 100_000 + n) for n in range(7)),
)


def asean_world(target: int, per_country: int = 5):
    from relations.expansion.kinds import PlanRow
    from relations.expansion.layout import RuleFact

    bangkok = EntityRow(3, "city", "Bangkok", "TH", geonameid=20, latitude=13.75, longitude=100.5)
    phnom_penh = EntityRow(4, "city", "Phnom Penh", "KH", geonameid=21, latitude=11.56, longitude=104.92)
    ties = [
        TieRow(1, 1, 3, "sister_city", "signed", established_on=dt.date(2010, 1, 1)),
        TieRow(2, 1, 4, "sister_city", "signed", established_on=dt.date(2012, 1, 1)),
    ]
    plan = PlanRow(1, "Layout", 2021, 2030, rules=(RuleFact(tier="focus", region="asean", target=target, id=1),))
    return World(
        today=TODAY,
        home_id=1,
        entities={e.id: e for e in (HOME, bangkok, phnom_penh)},
        ties=ties,
        plan=plan,
        members={"asean": ("TH", "KH", "PH", "MY")},
        region_names={"asean": ("ASEAN", "东盟")},
        per_country=per_country,
    )


def test_a_focus_region_with_its_count_met_still_wants_its_member_countries_without_a_tie():
    found = suggest(asean_world(target=2), ASEAN_CITIES, kinds=["gap"], neighbours={})
    countries = {s.key for s in found if s.key.startswith("country:")}
    assert countries == {"country:PH", "country:MY"}
    malaysia = next(s for s in found if s.key == "country:MY")
    assert "2 member countries have none" in malaysia.reasons[0]
    assert len(malaysia.candidates) == 5  # up to 5 candidates per country
    assert not any(s.subject.get("country") in ("TH", "KH") for s in found)


def test_the_number_of_candidates_per_country_is_configurable():
    found = suggest(asean_world(target=2, per_country=2), ASEAN_CITIES, kinds=["gap"], neighbours={})
    malaysia = next(s for s in found if s.key == "country:MY")
    assert len(malaysia.candidates) == 2


def test_nearest_partners_by_grid_cell_equals_the_brute_force():
    import random

    from relations.expansion.scoring import PARTNER_RADIUS_KM, chord_km, nearest_partners, unit_vector

    rng = random.Random(3)
    places = [
        Place(key=f"city:{n}", name=str(n), country="XX", latitude=rng.uniform(40, 55), longitude=rng.uniform(-5, 25))
        for n in range(400)
    ]
    table = PlaceTable(places)
    partners = [
        Place(key=f"p:{n}", name="p", country="YY", latitude=rng.uniform(38, 57), longitude=rng.uniform(-8, 28))
        for n in range(60)
    ]
    ctx = home_context(home=places[0], partners=partners, network=Network(), countries=table.slices, neighbours={})
    fast = nearest_partners(ctx, table)
    slow = {}
    for i in range(len(table)):
        best = min(chord_km(table.vectors[i], unit_vector(p.latitude, p.longitude)) for p in partners)
        if best < PARTNER_RADIUS_KM:
            slow[i] = best
    assert fast.keys() == slow.keys()
    assert all(abs(fast[i] - slow[i]) < 1e-6 for i in fast)
