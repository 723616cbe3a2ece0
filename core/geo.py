"""Distances on the Earth: the one great-circle formula of the project (haversine, on a sphere of 6,371 km)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance in km between two points given in degrees, along the great circle (haversine)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def arc_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """The great-circle distance in km between two points given as unit vectors (as the suggestions keep them).

    A zero vector (unknown coordinates) counts as a quarter of the globe away, as the straight chord does.
    """
    if not any(a) or not any(b):
        return EARTH_RADIUS_KM * math.pi / 2
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    cross = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    return EARTH_RADIUS_KM * math.atan2(math.sqrt(sum(c * c for c in cross)), dot)
