"""The scoring of candidate places (pure): the fast column-wise score equals the explainable one, the features
mean what they say, and the network keeps its counts when ties are removed and put back."""

import math

import pytest

from relations.expansion.scoring import (
    DEFAULT_WEIGHTS,
    FEATURES,
    Place,
    PlaceTable,
    best_places,
    chord_km,
    home_context,
    network_build,
    place_features,
    score,
    score_all,
    unit_vector,
)
from relations.graph import haversine_km

HOME = Place("city:1", "Ningbo", "CN", 29.87, 121.54, 7_000_000)
PLACES = [
    Place("city:2", "Daegu", "KR", 35.87, 128.60, 2_400_000),
    Place("city:3", "Busan", "KR", 35.10, 129.04, 3_400_000),
    Place("city:4", "Gyeongju", "KR", 35.84, 129.21, 250_000),
    Place("city:5", "Hiroshima", "JP", 34.39, 132.45, 1_200_000),
    Place("city:11", "Osaka", "JP", 34.69, 135.50, 2_700_000),
    Place("city:6", "Phnom Penh", "KH", 11.56, 104.92, 2_000_000, capital=True),
    Place("city:7", "Siem Reap", "KH", 13.36, 103.86, 250_000),
    Place("city:10", "Pyongyang", "KP", 39.03, 125.75, 3_000_000, capital=True),
    Place("city:12", "Aachen", "DE", 50.78, 6.08, 250_000),
    Place("city:30", "Nowhere", "DE"),  # no coordinates, no population
    Place("city:15", "Hangzhou", "CN", 30.29, 120.16, 9_000_000),
]
EDGES = [
    ("city:1", "city:2"),
    ("city:1", "city:5"),
    ("city:2", "city:11"),
    ("city:5", "city:11"),
    ("city:2", "city:3"),
    ("city:12", "city:15"),
]
NEIGHBOURS = {"KR": ["KP"], "KP": ["KR", "CN"], "KH": ["TH", "LA"], "CN": ["KP"]}


def setup():
    table = PlaceTable([HOME, *PLACES])
    network = network_build(EDGES, {p.key: p.country for p in table.places})
    table.set_twinned({k: network.degree(k) for k in table.index})
    partners = [table.places[table.index[k]] for k in ("city:2", "city:5")]
    ctx = home_context(
        home=HOME,
        partners=partners,
        network=network,
        countries=table.slices,
        neighbours=NEIGHBOURS,
        units_city={"city:7": 2},
        units_country={"KH": 2},
        named={"city:12"},
        table=table,
    )
    return table, network, ctx


def test_score_all_equals_the_sum_of_the_explained_features():
    table, _network, ctx = setup()
    fast = score_all(ctx, table, DEFAULT_WEIGHTS)
    for i in range(len(table)):
        features = place_features(ctx, table, i)
        assert set(features) == set(FEATURES)
        assert fast[i] == pytest.approx(score(features, DEFAULT_WEIGHTS), abs=1e-9), table.places[i].name


def test_score_all_follows_other_weights_too():
    table, _network, ctx = setup()
    weights = {name: (n % 5) - 2.0 for n, name in enumerate(FEATURES)}
    fast = score_all(ctx, table, weights)
    assert fast == pytest.approx([score(place_features(ctx, table, i), weights) for i in range(len(table))])


def test_features_say_what_they_mean():
    table, _network, ctx = setup()

    def features(key):
        return place_features(ctx, table, table.index[key])

    osaka, busan, pyongyang = features("city:11"), features("city:3"), features("city:10")
    assert osaka["shared_partners"] == pytest.approx(1 / 3 + 1 / 2)  # via Daegu (3 ties) and Hiroshima (2)
    assert osaka["any_shared_partner"] == 1.0 and busan["shared_partners"] == pytest.approx(1 / 3)
    assert math.expm1(busan["partner_distance"]) == pytest.approx(
        chord_km(unit_vector(35.10, 129.04), unit_vector(35.87, 128.60))
    )
    assert math.expm1(features("city:12")["partner_distance"]) == pytest.approx(300.0)
    assert pyongyang["neighbour_country"] == 1.0 and busan["neighbour_country"] == 0.0
    assert pyongyang["capital"] == 1.0
    assert features("city:7")["our_units"] == pytest.approx(math.log(3))
    assert features("city:6")["our_units_country"] == pytest.approx(math.log(3))
    assert features("city:12")["named"] == 1.0
    assert features("city:30")["population"] == 4.0  # unknown: a town of 10,000
    # Two of our two partners are in KR and JP: those countries weigh more than Cambodia.
    assert ctx.affinity["KR"] > ctx.affinity["KH"] and ctx.affinity["JP"] > ctx.affinity["KH"]
    assert sum(math.exp(v) for v in ctx.affinity.values()) == pytest.approx(1.0, abs=0.02)


def test_excluded_places_are_the_home_and_its_partners():
    _table, _network, ctx = setup()
    assert {"city:1", "city:2", "city:5"} <= ctx.excluded


def test_chord_distance_is_close_to_the_great_circle_nearby():
    a, b = (35.87, 128.60), (35.10, 129.04)
    assert chord_km(unit_vector(*a), unit_vector(*b)) == pytest.approx(haversine_km(*a, *b), rel=1e-3)
    assert chord_km(unit_vector(None, None), unit_vector(*a)) == pytest.approx(6371 * math.sqrt(2))


def test_network_counts_survive_unlinking_and_relinking():
    table, network, _ctx = setup()
    before = (
        network.total,
        dict(network.country_totals),
        {k: dict(v) for k, v in network.country_links.items()},
        {k: dict(v) for k, v in network.ties_with_country.items()},
    )
    network.unlink("city:2", "city:11")
    assert "city:11" not in network.links["city:2"] and network.degree("city:11") == 1
    assert network.ties_with_country["KR"].get("city:11", 0) == 0
    network.link("city:2", "city:11")
    network.link("city:2", "city:11")  # twice is once
    after = (
        network.total,
        dict(network.country_totals),
        {k: dict(v) for k, v in network.country_links.items()},
        {k: dict(v) for k, v in network.ties_with_country.items()},
    )
    assert after == before


def test_best_places_is_stable_on_equal_scores():
    table, _network, _ctx = setup()
    flat = [1.0] * len(table)
    picks = best_places(flat, table, limit=3, countries=["KR", "JP"])
    assert [table.places[i].key for i in picks] == sorted(p.key for p in PLACES if p.country in ("KR", "JP"))[:3]
    assert best_places(flat, table, limit=2, keep=lambda i: table.places[i].country == "KH") == [
        table.index["city:6"],
        table.index["city:7"],
    ]
