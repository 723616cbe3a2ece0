"""Distances on the great circle (core.geo): the haversine of two points, and the same from unit vectors."""

import math

import pytest

from core.geo import EARTH_RADIUS_KM, arc_km, great_circle_km

SHANGHAI, LOS_ANGELES = (31.23, 121.47), (34.05, -118.24)


def unit(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def test_great_circle_km_from_shanghai_to_los_angeles_is_the_true_distance_not_the_chord():
    km = great_circle_km(*SHANGHAI, *LOS_ANGELES)
    assert km == pytest.approx(10_435, abs=15)
    chord = EARTH_RADIUS_KM * math.dist(unit(*SHANGHAI), unit(*LOS_ANGELES))
    assert chord < km - 1_000


def test_great_circle_km_is_symmetric_and_zero_on_the_spot():
    assert great_circle_km(*SHANGHAI, *SHANGHAI) == 0
    assert great_circle_km(*SHANGHAI, *LOS_ANGELES) == pytest.approx(great_circle_km(*LOS_ANGELES, *SHANGHAI))
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)


def test_arc_km_from_unit_vectors_agrees_with_the_haversine():
    for a, b in [(SHANGHAI, LOS_ANGELES), ((29.87, 121.54), (35.87, 128.60)), ((-33.9, 18.4), (64.1, -21.9))]:
        assert arc_km(unit(*a), unit(*b)) == pytest.approx(great_circle_km(*a, *b), rel=1e-9)


def test_arc_km_puts_unknown_coordinates_a_quarter_of_the_globe_away():
    assert arc_km((0.0, 0.0, 0.0), unit(*SHANGHAI)) == pytest.approx(EARTH_RADIUS_KM * math.pi / 2)
