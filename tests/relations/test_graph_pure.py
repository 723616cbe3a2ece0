"""relations.graph's pure functions on small graphs built by hand (no database)."""

import pytest

from relations.graph import (
    Edge,
    betweenness,
    centrality,
    components,
    descendants,
    ego,
    graph_build,
    haversine_km,
    partners,
    partners_of_partners,
    resource_allocation,
    units_ties_lacking,
    within_distance,
)

HOME, DISTRICT, SCHOOL = 1, 2, 3
DAEGU, BUSAN, OSAKA, AACHEN, ROUEN, MAYOR, DAEGU_SCHOOL = 10, 11, 12, 13, 14, 15, 16
EDGES = [
    Edge(HOME, DAEGU, "sister_city", "signed", 100),
    Edge(HOME, AACHEN, "friendly_exchange", "intent", 101),
    Edge(DAEGU, OSAKA, "sister_city", "signed", 102),
    Edge(AACHEN, OSAKA, "sister_city", "signed", 103),
    Edge(AACHEN, ROUEN, "sister_city", "signed", 104),
    Edge(DISTRICT, BUSAN, "friendly_district", "signed", 105),
    Edge(SCHOOL, DAEGU_SCHOOL, "friendly_school", "signed", 106),
    Edge(MAYOR, DAEGU, "position", "signed", 107),
    Edge(HOME, DAEGU, "cooperation", "signed", 108),  # a second tie between the same two
]


@pytest.fixture
def graph():
    return graph_build(EDGES)


def test_graph_keeps_one_edge_per_tie(graph):
    assert graph.number_of_edges() == len(EDGES)
    assert graph[HOME][DAEGU][100]["kind"] == "sister_city" and graph[HOME][DAEGU][108]["kind"] == "cooperation"
    assert partners(graph, HOME) == {DAEGU, AACHEN}
    assert partners(graph, DAEGU, kinds=["position"]) == {MAYOR}


def test_partners_of_partners_follow_partnerships_only(graph):
    found = partners_of_partners(graph, HOME)
    assert found == {OSAKA: {DAEGU, AACHEN}, ROUEN: {AACHEN}}  # the mayor holds a post: no path through him
    assert partners_of_partners(graph, HOME, kinds=None)[MAYOR] == {DAEGU}


def test_resource_allocation_weighs_shared_partners_by_their_ties(graph):
    ra = resource_allocation(graph, HOME)
    assert ra[OSAKA] == pytest.approx(1 / 2 + 1 / 3)  # Daegu has 2 partners, Aachen 3
    assert ra[ROUEN] == pytest.approx(1 / 3)


def test_within_distance_finds_the_nearest_first():
    coordinates = {DAEGU: (35.87, 128.60), BUSAN: (35.10, 129.04), OSAKA: (34.69, 135.50), AACHEN: (50.78, 6.08)}
    found = within_distance(coordinates, (35.87, 128.60), 700)
    assert [node for node, _km in found] == [DAEGU, BUSAN, OSAKA]
    assert found[1][1] == pytest.approx(haversine_km(35.87, 128.60, 35.10, 129.04))
    assert within_distance(coordinates, (0.0, 0.0), 100) == []


def test_components_largest_first(graph):
    found = components(graph)
    assert found[0] == {HOME, DAEGU, AACHEN, OSAKA, ROUEN, MAYOR}
    assert found[1:] == [{DISTRICT, BUSAN}, {SCHOOL, DAEGU_SCHOOL}]


def test_centrality_counts_neighbours_not_ties(graph):
    values = centrality(graph)
    n = graph.number_of_nodes()
    assert values[DAEGU] == pytest.approx(3 / (n - 1))  # home (two ties), Osaka, the mayor
    assert max(values, key=values.get) in (DAEGU, AACHEN)
    assert betweenness(graph)[AACHEN] > betweenness(graph)[ROUEN] == 0


def test_descendants_walk_the_parent_chain():
    parents = {HOME: None, DISTRICT: HOME, SCHOOL: DISTRICT, 4: SCHOOL, DAEGU: None, 5: 5}
    assert descendants(parents, HOME) == {DISTRICT, SCHOOL, 4}
    assert descendants(parents, DAEGU) == set()


def test_units_ties_the_home_lacks(graph):
    found = units_ties_lacking(graph, HOME, {DISTRICT, SCHOOL})
    assert found == {BUSAN: {DISTRICT}, DAEGU_SCHOOL: {SCHOOL}}
    with_daegu = graph_build([*EDGES, Edge(DISTRICT, DAEGU, "friendly_district", "signed", 109)])
    assert DAEGU not in units_ties_lacking(with_daegu, HOME, {DISTRICT})  # the home has Daegu already


def test_ego_goes_depth_steps_out(graph):
    nodes, edges = ego(graph, HOME, depth=1)
    assert nodes == [HOME, DAEGU, AACHEN]
    assert [key for _u, _v, key, _d in edges] == [100, 101, 108]
    nodes, edges = ego(graph, HOME, depth=2)
    assert set(nodes) == {HOME, DAEGU, AACHEN, OSAKA, MAYOR, ROUEN}
    assert {key for _u, _v, key, _d in edges} == {100, 101, 102, 103, 104, 107, 108}
    assert ego(graph, 999) == ([], [])
    assert len(ego(graph, HOME, depth=3, limit=2)[0]) == 2
