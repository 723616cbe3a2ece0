"""Suggestions: where to seek new partners and what to do next with the ties we have, each with its reasons.

Three layers, so that the ranking can be tested and evaluated without the database:

1. Scoring (pure). A candidate place is described by features that can be said in a sentence (how many of our
   partners are in its country, its size and how close that is to ours, distance, whether it is a capital, how
   many of our partners it is already twinned with, how close it is to one of them, our other units' ties there,
   whether the plan names it) and scored linearly. `score_all()` ranks a whole gazetteer in one pass;
   `place_features()` gives the same figures one place at a time, for the reasons. `relations.evaluation`
   ranks with these very functions on real twinning data.
2. The kinds (pure): gap, radiate, deepen, anniversary, dormant, upgrade, computed by `suggest()` from a
   `World` of plain rows and the gazetteer.
3. Loading and caching: `world_load()` reads those rows in a fixed number of queries (none per candidate);
   `suggestions_for()` caches the result per home, kinds, language, date and state of the data.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from relations.anniversaries import add_months, chain_first_dates, is_milestone, upcoming
from relations.choices import (
    CLOSED_STATUSES,
    LIVE_SIGNED_STATUSES,
    PARTNERSHIP_KINDS,
    PlanTier,
    RelationKind,
    RelationStatus,
)
from relations.layout import RuleFact, TieFact, country_tiers, gap, rules_in_order, tally_by_country

# =================================================================================================================
# 1. Scoring
# =================================================================================================================

EARTH_RADIUS_KM = 6371.0
# "Close to one of our partners" means within this distance; beyond it the feature no longer changes.
PARTNER_RADIUS_KM = 300.0
# Places within this distance of the home are its neighbours: their partners are worth a look.
NEARBY_KM = 100.0
# A place whose population is unknown is scored as a town of 10,000.
UNKNOWN_LOG_POPULATION = 4.0
# How many partners' worth of weight the general pattern of the network gets against a city's own partners when
# estimating which countries it partners with (Dirichlet smoothing).
AFFINITY_PRIOR_WEIGHT = 2.0

FEATURES = (
    "affinity",  # log P(country | home): the home's partners' countries, smoothed by the network's pattern
    "neighbour_country",  # 1 if the country borders a country where we have partners (and has none itself)
    "country_size",  # log of the number of candidate places in the country (a normaliser, not shown)
    "population",  # log10 of the population
    "population_gap",  # |log10 population − log10 our population|: how different in size
    "twinned",  # log(1 + ties the place already has in the network)
    "any_twinned",  # 1 if it has at least one
    "shared_partners",  # resource-allocation index with the home: partners of our partners
    "any_shared_partner",  # 1 if it is tied to at least one of our partners
    "distance",  # log(1 + km from the home)
    "partner_distance",  # log(1 + km to the nearest of our partners, capped at PARTNER_RADIUS_KM)
    "capital",  # 1 for a national capital
    "nearby_partners",  # partners of places near us (within NEARBY_KM), each weighted 1/its number of ties
    "shared_country",  # log(1 + partners of our partners in the country)
    "ties_with_our_country",  # log(1 + the place's partners in our country)
    "our_units",  # log(1 + ties our districts, schools, firms already have with the place)
    "our_units_country",  # log(1 + ties our units have in the country)
    "named",  # 1 if the plan names the place as a target
)
# The features the evaluation can fit on twinning data; the last three exist only in an office's own record.
LEARNED_FEATURES = FEATURES[:15]

# Fitted on the shared Wikidata twinning data (13,081 ties of European towns) with `relations.evaluation.fit_weights`
# on every tie, once with the gazetteer of places of 15,000 people or more (what the suggestions rank) and once with
# 1,000 or more (what the evaluation ranks), averaged and rounded: `evaluate_suggestions` refits them on the ties it
# keeps visible and prints them. Signs worth knowing: size counts, but so does being of a size like ours; a town
# that already has a partner in our country is less likely to take another (one twin per country is the norm);
# capitals are less often twinned than their size suggests. The last three weights are set by hand: our own units'
# ties and the plan's named targets are what the office asked for, so they outweigh any pattern in the data.
DEFAULT_WEIGHTS: dict[str, float] = {
    "affinity": 0.55,
    "neighbour_country": 0.9,
    "country_size": -0.55,
    "population": 1.4,
    "population_gap": -1.4,
    "twinned": 0.25,
    "any_twinned": 1.3,
    "shared_partners": 6.5,
    "any_shared_partner": 3.5,
    "distance": -0.4,
    "partner_distance": 0.1,
    "capital": -0.6,
    "nearby_partners": 1.3,
    "shared_country": -0.45,
    "ties_with_our_country": -1.4,
    "our_units": 8.0,
    "our_units_country": 1.0,
    "named": 20.0,
}


@dataclass(frozen=True, slots=True)
class Place:
    """A place that can be scored: a gazetteer city (key "city:<geonameid>") or a locality on file ("entity:<id>")."""

    key: str
    name: str
    country: str
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    capital: bool = False
    name_zh: str = ""
    geonameid: int | None = None
    entity_id: int | None = None
    entity_kind: str = ""
    name_en: str = ""


def unit_vector(latitude: float | None, longitude: float | None) -> tuple[float, float, float]:
    """The point on the unit sphere; (0, 0, 0) when a coordinate is unknown (it then scores as far away)."""
    if latitude is None or longitude is None:
        return (0.0, 0.0, 0.0)
    lat, lon = math.radians(latitude), math.radians(longitude)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def chord_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Straight-line distance between two unit vectors, in km (within 0.1% of the great circle up to 500 km)."""
    dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
    return EARTH_RADIUS_KM * math.sqrt(max(0.0, 2.0 - 2.0 * dot))


def log_population(population: int | None) -> float:
    return math.log10(population) if population and population > 0 else UNKNOWN_LOG_POPULATION


class PlaceTable:
    """The candidate places as columns, grouped by country, for scoring thousands of them at once."""

    def __init__(self, places: Iterable[Place], vectors: Mapping[str, tuple[float, float, float]] | None = None):
        """`vectors` may hold the unit vectors of some places already (by key), to save computing them again."""
        self.places: tuple[Place, ...] = tuple(sorted(places, key=lambda p: (p.country, -(p.population or 0), p.key)))
        self.index: dict[str, int] = {p.key: i for i, p in enumerate(self.places)}
        self.countries: list[str] = [p.country for p in self.places]
        known = vectors or {}
        self.vectors: list[tuple[float, float, float]] = [
            known.get(p.key) or unit_vector(p.latitude, p.longitude) for p in self.places
        ]
        self.has_coordinates: list[bool] = [p.latitude is not None and p.longitude is not None for p in self.places]
        self.log_population: list[float] = [log_population(p.population) for p in self.places]
        self.capital: list[float] = [1.0 if p.capital else 0.0 for p in self.places]
        self.twinned: list[int] = [0] * len(self.places)
        self.slices: dict[str, tuple[int, int]] = {}
        for i, country in enumerate(self.countries):
            start, _end = self.slices.get(country, (i, i))
            self.slices[country] = (start, i + 1)
        self.country_size_log: dict[str, float] = {c: math.log(end - start) for c, (start, end) in self.slices.items()}
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, place in enumerate(self.places):
            if self.has_coordinates[i]:
                self.grid[(math.floor(place.latitude), math.floor(place.longitude))].append(i)
        self._static: tuple[tuple, list[float]] | None = None
        self.version = 0

    def __len__(self) -> int:
        return len(self.places)

    def set_twinned(self, counts: Mapping[str, int] | Iterable[tuple[int, int]]) -> None:
        """Set how many ties each place has (by key, or as (index, count) pairs)."""
        items = counts.items() if isinstance(counts, Mapping) else counts
        for ref, count in items:
            i = self.index.get(ref) if isinstance(ref, str) else ref
            if i is not None:
                self.twinned[i] = count
        self.version += 1

    def near(self, latitude: float, longitude: float, km: float) -> Iterator[int]:
        """Indices of the places in the grid cells that can lie within `km` of the point (a superset)."""
        lat_cells = int(km / 111.0) + 1
        cos_lat = max(0.05, math.cos(math.radians(min(89.0, abs(latitude) + lat_cells))))
        lon_cells = min(180, int(km / (111.0 * cos_lat)) + 1)
        lat0, lon0 = math.floor(latitude), math.floor(longitude)
        seen_lon = set()
        for dlon in range(-lon_cells, lon_cells + 1):
            lon = (lon0 + dlon + 180) % 360 - 180
            if lon in seen_lon:
                continue
            seen_lon.add(lon)
            for lat in range(lat0 - lat_cells, lat0 + lat_cells + 1):
                yield from self.grid.get((lat, lon), ())

    def static_terms(self, weights: Mapping[str, float]) -> list[float]:
        """The part of each place's score that does not depend on the home (cached until the counts change)."""
        signature = (
            self.version,
            weights.get("population", 0.0),
            weights.get("twinned", 0.0),
            weights.get("any_twinned", 0.0),
            weights.get("capital", 0.0),
        )
        if self._static is None or self._static[0] != signature:
            _v, w_pop, w_twin, w_any, w_cap = signature
            log1p = math.log1p
            values = [
                w_pop * lp + w_twin * log1p(tw) + (w_any if tw else 0.0) + w_cap * cap
                for lp, tw, cap in zip(self.log_population, self.twinned, self.capital, strict=True)
            ]
            self._static = (signature, values)
        return self._static[1]


@dataclass
class Network:
    """Ties between places (keys), with what the scoring reads of them: who is tied to whom, and which countries
    partner with which. Built once; the evaluation unlinks and relinks single ties to leave one out."""

    links: dict[str, set[str]] = field(default_factory=dict)
    country_of: dict[str, str] = field(default_factory=dict)
    country_links: dict[str, Counter] = field(default_factory=dict)
    country_totals: Counter = field(default_factory=Counter)
    total: int = 0
    # country -> place -> how many of the place's partners are in that country
    ties_with_country: dict[str, Counter] = field(default_factory=dict)

    def link(self, a: str, b: str) -> None:
        if a == b or b in self.links.get(a, ()):
            return
        self.links.setdefault(a, set()).add(b)
        self.links.setdefault(b, set()).add(a)
        self._count(a, b, +1)

    def unlink(self, a: str, b: str) -> None:
        if b not in self.links.get(a, ()):
            return
        self.links[a].discard(b)
        self.links[b].discard(a)
        self._count(a, b, -1)

    def _count(self, a: str, b: str, step: int) -> None:
        ca, cb = self.country_of.get(a, ""), self.country_of.get(b, "")
        totals = self.country_totals
        for x, y in ((ca, cb), (cb, ca)):
            row = self.country_links.get(x)
            if row is None:
                row = self.country_links[x] = Counter()
            row[y] += step
            totals[y] += step
        self.total += 2 * step
        for place, country in ((a, cb), (b, ca)):
            counter = self.ties_with_country.get(country)
            if counter is None:
                counter = self.ties_with_country[country] = Counter()
            value = counter.get(place, 0) + step
            if value > 0:
                counter[place] = value
            else:
                counter.pop(place, None)

    def degree(self, key: str) -> int:
        return len(self.links.get(key, ()))


def network_build(ties: Iterable[tuple[str, str]], country_of: Mapping[str, str]) -> Network:
    network = Network(country_of=dict(country_of))
    for a, b in ties:
        network.link(a, b)
    return network


@dataclass
class HomeContext:
    """What the scoring knows about one home: its partners and everything derived from them."""

    home: Place
    partners: tuple[Place, ...]
    affinity: dict[str, float]
    default_affinity: float
    own_countries: Counter
    prior_share: dict[str, float]
    neighbour_of: dict[str, tuple[str, ...]]
    shared: dict[str, float]
    shared_via: dict[str, tuple[str, ...]]
    nearby: dict[str, float] = field(default_factory=dict)
    nearby_via: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shared_country: dict[str, int] = field(default_factory=dict)
    ties_with_home_country: Mapping[str, int] = field(default_factory=dict)
    units_city: dict[str, int] = field(default_factory=dict)
    units_country: dict[str, int] = field(default_factory=dict)
    named: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    @property
    def home_vector(self) -> tuple[float, float, float]:
        return unit_vector(self.home.latitude, self.home.longitude)

    @property
    def home_log_population(self) -> float:
        return log_population(self.home.population)


def home_context(
    *,
    home: Place,
    partners: Sequence[Place],
    network: Network,
    countries: Iterable[str],
    neighbours: Mapping[str, Iterable[str]],
    units_city: Mapping[str, int] | None = None,
    units_country: Mapping[str, int] | None = None,
    named: Iterable[str] = (),
    excluded: Iterable[str] = (),
    alpha: float = AFFINITY_PRIOR_WEIGHT,
    table: PlaceTable | None = None,
) -> HomeContext:
    """Derive the home's country affinity, the countries bordering its partners' countries and the partners of
    its partners from the network (pure)."""
    countries = sorted(set(countries))
    own = Counter(p.country for p in partners)
    n = len(partners)
    pattern = network.country_links.get(home.country, Counter())
    pattern_total = sum(v for v in pattern.values() if v > 0)
    uniform = 1.0 / max(1, len(countries))

    def prior(country: str) -> float:
        if network.total <= 0:
            return uniform
        overall = max(0, network.country_totals.get(country, 0)) / network.total
        return 0.99 * (max(0, pattern.get(country, 0)) + overall) / (pattern_total + 1.0) + 0.01 * uniform

    prior_share = {c: max(0, pattern.get(c, 0)) / pattern_total for c in pattern if pattern_total and pattern[c] > 0}
    affinity = {c: math.log((own.get(c, 0) + alpha * prior(c)) / (n + alpha)) for c in countries}
    default_affinity = math.log(alpha * 0.01 * uniform / (n + alpha))
    neighbour_of: dict[str, tuple[str, ...]] = {}
    for country in countries:
        if country in own:
            continue
        bordering = tuple(sorted(set(neighbours.get(country, ())) & set(own)))
        if bordering:
            neighbour_of[country] = bordering
    partner_keys = {p.key for p in partners}
    shared: dict[str, float] = defaultdict(float)
    via: dict[str, list[str]] = defaultdict(list)
    for z in sorted(partner_keys):
        others = network.links.get(z, ())
        if not others:
            continue
        weight = 1.0 / len(others)
        for m in others:
            if m != home.key and m not in partner_keys:
                shared[m] += weight
                via[m].append(z)
    shared_country = Counter(network.country_of.get(k, "") for k in shared)
    # Partners of our neighbours: places within NEARBY_KM of the home (found through the table's grid).
    nearby: dict[str, float] = defaultdict(float)
    nearby_via: dict[str, list[str]] = defaultdict(list)
    if table is not None and home.latitude is not None and home.longitude is not None:
        home_vector = unit_vector(home.latitude, home.longitude)
        for i in sorted(table.near(home.latitude, home.longitude, NEARBY_KM)):
            neighbour = table.places[i].key
            others = network.links.get(neighbour, ())
            if neighbour == home.key or not others or chord_km(table.vectors[i], home_vector) > NEARBY_KM:
                continue
            weight = 1.0 / len(others)
            for m in others:
                if m != home.key and m not in partner_keys:
                    nearby[m] += weight
                    nearby_via[m].append(neighbour)
    return HomeContext(
        home=home,
        partners=tuple(partners),
        affinity=affinity,
        default_affinity=default_affinity,
        own_countries=own,
        prior_share=prior_share,
        neighbour_of=neighbour_of,
        shared=dict(shared),
        shared_via={k: tuple(v) for k, v in via.items()},
        nearby=dict(nearby),
        nearby_via={k: tuple(v) for k, v in nearby_via.items()},
        shared_country=dict(shared_country),
        ties_with_home_country=network.ties_with_country.get(home.country, Counter()),
        units_city=dict(units_city or {}),
        units_country=dict(units_country or {}),
        named=frozenset(named),
        excluded=frozenset(excluded) | partner_keys | {home.key},
    )


def place_features(ctx: HomeContext, table: PlaceTable, i: int) -> dict[str, float]:
    """The features of the place at index `i` for this home (the slow, explainable twin of `score_all`)."""
    place = table.places[i]
    country = place.country
    vector = table.vectors[i]
    nearest = PARTNER_RADIUS_KM
    if table.has_coordinates[i]:
        for partner in ctx.partners:
            if partner.latitude is not None and partner.longitude is not None:
                nearest = min(nearest, chord_km(vector, unit_vector(partner.latitude, partner.longitude)))
    shared = ctx.shared.get(place.key, 0.0)
    log_pop = table.log_population[i]
    return {
        "affinity": ctx.affinity.get(country, ctx.default_affinity),
        "neighbour_country": 1.0 if country in ctx.neighbour_of else 0.0,
        "country_size": table.country_size_log.get(country, 0.0),
        "population": log_pop,
        "population_gap": abs(log_pop - ctx.home_log_population),
        "twinned": math.log1p(table.twinned[i]),
        "any_twinned": 1.0 if table.twinned[i] else 0.0,
        "shared_partners": shared,
        "any_shared_partner": 1.0 if shared > 0 else 0.0,
        "distance": math.log1p(chord_km(ctx.home_vector, vector)),
        "partner_distance": math.log1p(nearest),
        "capital": table.capital[i],
        "nearby_partners": ctx.nearby.get(place.key, 0.0),
        "shared_country": math.log1p(ctx.shared_country.get(country, 0)),
        "ties_with_our_country": math.log1p(ctx.ties_with_home_country.get(place.key, 0)),
        "our_units": math.log1p(ctx.units_city.get(place.key, 0)),
        "our_units_country": math.log1p(ctx.units_country.get(country, 0)),
        "named": 1.0 if place.key in ctx.named else 0.0,
    }


def score(features: Mapping[str, float], weights: Mapping[str, float]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in features.items())


def score_all(ctx: HomeContext, table: PlaceTable, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> list[float]:
    """The score of every place in the table for this home: `score(place_features(ctx, table, i), weights)` for
    each i, computed column-wise (one pass over the table plus the few places near partners)."""
    w = weights.get
    log1p, sqrt = math.log1p, math.sqrt
    static = table.static_terms(weights)
    hx, hy, hz = ctx.home_vector
    home_lp = ctx.home_log_population
    w_gap, w_dist, w_near = w("population_gap", 0.0), w("distance", 0.0), w("partner_distance", 0.0)
    base_near = w_near * log1p(PARTNER_RADIUS_KM)
    scores: list[float] = [0.0] * len(table)
    for country, (start, end) in table.slices.items():
        term = (
            w("affinity", 0.0) * ctx.affinity.get(country, ctx.default_affinity)
            + (w("neighbour_country", 0.0) if country in ctx.neighbour_of else 0.0)
            + w("country_size", 0.0) * table.country_size_log[country]
            + w("our_units_country", 0.0) * log1p(ctx.units_country.get(country, 0))
            + w("shared_country", 0.0) * log1p(ctx.shared_country.get(country, 0))
            + base_near
        )
        scores[start:end] = [
            s
            + term
            + w_gap * abs(lp - home_lp)
            + w_dist * log1p(EARTH_RADIUS_KM * sqrt(max(0.0, 2.0 - 2.0 * (x * hx + y * hy + z * hz))))
            for s, lp, (x, y, z) in zip(
                static[start:end], table.log_population[start:end], table.vectors[start:end], strict=True
            )
        ]
    if w_near:
        nearest: dict[int, float] = {}
        for partner in ctx.partners:
            if partner.latitude is None or partner.longitude is None:
                continue
            vector = unit_vector(partner.latitude, partner.longitude)
            for i in table.near(partner.latitude, partner.longitude, PARTNER_RADIUS_KM):
                km = chord_km(table.vectors[i], vector)
                if km < nearest.get(i, PARTNER_RADIUS_KM):
                    nearest[i] = km
        for i, km in nearest.items():
            scores[i] += w_near * (log1p(km) - log1p(PARTNER_RADIUS_KM))
    index = table.index
    for key, value in ctx.shared.items():
        i = index.get(key)
        if i is not None:
            scores[i] += w("shared_partners", 0.0) * value + w("any_shared_partner", 0.0)
    w_ours = w("ties_with_our_country", 0.0)
    if w_ours:
        for key, count in ctx.ties_with_home_country.items():
            i = index.get(key)
            if i is not None and count > 0:
                scores[i] += w_ours * log1p(count)
    for key, value in ctx.nearby.items():
        i = index.get(key)
        if i is not None:
            scores[i] += w("nearby_partners", 0.0) * value
    for key, count in ctx.units_city.items():
        i = index.get(key)
        if i is not None:
            scores[i] += w("our_units", 0.0) * log1p(count)
    for key in ctx.named:
        i = index.get(key)
        if i is not None:
            scores[i] += w("named", 0.0)
    return scores


def best_places(
    scores: Sequence[float],
    table: PlaceTable,
    *,
    limit: int,
    countries: Collection[str] | None = None,
    keep: Callable[[int], bool] | None = None,
) -> list[int]:
    """Indices of the `limit` best-scored places (in `countries` if given, passing `keep`), best first; equal
    scores are ordered by key so that the result never depends on the order rows came from the database."""
    if countries is None:
        ranges = [(0, len(table))]
    else:
        ranges = [table.slices[c] for c in sorted(set(countries)) if c in table.slices]
    candidates = (i for start, end in ranges for i in range(start, end) if keep is None or keep(i))
    places = table.places
    return [i for _s, _k, i in heapq.nsmallest(limit, ((-scores[i], places[i].key, i) for i in candidates))]


# =================================================================================================================
# 2. The kinds of suggestion
# =================================================================================================================

KINDS = ("gap", "radiate", "deepen", "anniversary", "dormant", "upgrade")
LOCALITY_CANDIDATE_KINDS = ("city", "county", "district")
DEEPENING_KINDS = (
    RelationKind.FRIENDLY_DISTRICT,
    RelationKind.FRIENDLY_SCHOOL,
    RelationKind.FRIENDLY_ENTERPRISE,
    RelationKind.FRIENDLY_ORGANISATION,
    RelationKind.COOPERATION,
)
PRE_SIGNING_STATUSES = (
    RelationStatus.CONTACT,
    RelationStatus.INTENT,
    RelationStatus.LOI_SIGNED,
    RelationStatus.APPLIED,
    RelationStatus.APPROVED,
    RelationStatus.RETURNED,
)
NO_ANNIVERSARY_KINDS = (RelationKind.POSITION, RelationKind.INTRODUCER)
ANNIVERSARY_WINDOW_MONTHS = 18
STALLED_MONTHS = 12
UPGRADE_EXCHANGES = 3
UPGRADE_WINDOW_MONTHS = 36
TIER_BASE = {PlanTier.FOCUS: 85.0, PlanTier.DEEPEN: 75.0, PlanTier.EXPAND: 70.0, PlanTier.CONSIDER: 50.0}
GAP_CITIES_PER_COUNTRY = 3
GAP_CITIES_PER_REGION = 5
GAP_COUNTRIES_PER_REGION = 3
RADIATE_CITIES = 10
RADIATE_COUNTRIES = 5


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: int
    kind: str
    name: str
    country: str = ""
    name_zh: str = ""
    domestic: bool = False
    parent_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int | None = None
    geonameid: int | None = None
    archived: bool = False
    name_en: str = ""


@dataclass(frozen=True, slots=True)
class TieRow:
    id: int
    source: int
    target: int
    kind: str
    status: str
    status_since: date | None = None
    established_on: date | None = None
    upgraded_from: int | None = None


@dataclass(frozen=True, slots=True)
class TargetRow:
    entity_id: int | None = None
    geonameid: int | None = None
    name: str = ""
    country: str = ""


@dataclass(frozen=True)
class PlanRow:
    id: int
    name: str
    start_year: int
    end_year: int
    rules: tuple[RuleFact, ...] = ()
    targets: tuple[TargetRow, ...] = ()


@dataclass
class World:
    """Everything the suggestions read, as plain rows (loaded by `world_load`, or built by hand in tests)."""

    today: date
    home_id: int
    entities: dict[int, EntityRow]
    ties: list[TieRow]
    plan: PlanRow | None = None
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)
    region_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    event_dates: dict[int, list[date]] = field(default_factory=dict)  # tie -> dates of its held exchanges
    planned: set[tuple[int, date]] = field(default_factory=set)  # (tie, anniversary date) with a plan
    dismissed: frozenset[str] = frozenset()
    dormant_months: int = 24

    @property
    def home(self) -> EntityRow:
        return self.entities[self.home_id]


@dataclass
class Suggestion:
    kind: str
    key: str
    subject: dict
    score: float
    reasons: list[str]
    actions: list[str]
    relation: int | None = None
    date: date | None = None
    candidates: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = {
            "kind": self.kind,
            "key": self.key,
            "subject": self.subject,
            "score": round(self.score, 2),
            "reasons": self.reasons,
            "actions": self.actions,
            "relation": self.relation,
            "date": self.date.isoformat() if self.date else None,
        }
        if self.subject.get("type") == "country":
            data["candidates"] = self.candidates
        return data


# --- formatting helpers --------------------------------------------------------------------------------------------


def _number(value: float | int) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _km(value: float) -> str:
    return _number(round(value))


def _date(value: date) -> str:
    return formats.date_format(value)


def _join(names: Sequence[str]) -> str:
    return _(", ").join(names)


def country_name(code: str) -> str:
    from django_countries import countries

    return str(countries.name(code)) if code else ""


def country_name_zh(code: str) -> str:
    from django.utils import translation
    from django_countries import countries

    with translation.override("zh-hans"):
        return str(countries.name(code)) if code else ""


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def _full_years(earlier: date, later: date) -> int:
    return _months_between(earlier, later) // 12


def _place_name(place: Place) -> str:
    """The name a sentence uses: Chinese in Chinese, else the English name, else the local one."""
    from django.utils.translation import get_language

    if place.name_zh and (get_language() or "").startswith("zh"):
        return place.name_zh
    return place.name_en or place.name


def _entity_name(row: EntityRow) -> str:
    from django.utils.translation import get_language

    if row.name_zh and (get_language() or "").startswith("zh"):
        return row.name_zh
    return row.name_en or row.name


def place_subject(place: Place) -> dict:
    if place.entity_id is not None:
        return {
            "type": "entity",
            "id": place.entity_id,
            "name": place.name,
            "name_zh": place.name_zh,
            "name_en": place.name_en,
            "country": place.country,
            "entity_kind": place.entity_kind,
            "geonameid": place.geonameid,
            "population": place.population,
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
    return {
        "type": "city",
        "geonameid": place.geonameid,
        "name": place.name,
        "name_zh": place.name_zh,
        "name_en": place.name_en or place.name,
        "country": place.country,
        "population": place.population,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "capital": place.capital,
    }


def entity_subject(row: EntityRow) -> dict:
    return {
        "type": "entity",
        "id": row.id,
        "name": row.name,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "country": row.country,
        "entity_kind": row.kind,
        "geonameid": row.geonameid,
        "population": row.population,
        "latitude": row.latitude,
        "longitude": row.longitude,
    }


def country_subject(code: str) -> dict:
    return {
        "type": "country",
        "code": code,
        "name": country_name(code),
        "name_zh": country_name_zh(code),
        "country": code,
    }


def place_reasons(
    ctx: HomeContext,
    table: PlaceTable,
    i: int,
    places_by_key: Mapping[str, Place],
    plan_name: str = "",
    unit_names: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Sentences with figures saying why the place at `i` scores well for this home, most telling first."""
    place = table.places[i]
    country = place.country
    reasons: list[str] = []
    if place.key in ctx.named:
        reasons.append(_("Named as a target in the plan “%(plan)s”.") % {"plan": plan_name})
    units = ctx.units_city.get(place.key, 0)
    if units:
        names = list((unit_names or {}).get(place.key, ()))[:3]
        reasons.append(
            ngettext(
                "Our units already have %(count)s tie there (%(units)s).",
                "Our units already have %(count)s ties there (%(units)s).",
                units,
            )
            % {"count": _number(units), "units": _join(names)}
        )
    elif ctx.units_country.get(country):
        reasons.append(
            ngettext(
                "Our units have %(count)s tie in %(country)s.",
                "Our units have %(count)s ties in %(country)s.",
                ctx.units_country[country],
            )
            % {"count": _number(ctx.units_country[country]), "country": country_name(country)}
        )
    via = ctx.shared_via.get(place.key, ())
    if via:
        names = [_place_name(places_by_key[k]) for k in via[:3] if k in places_by_key]
        reasons.append(
            ngettext(
                "Already tied to %(count)s of our partners: %(partners)s.",
                "Already tied to %(count)s of our partners: %(partners)s.",
                len(via),
            )
            % {"count": _number(len(via)), "partners": _join(names)}
        )
    nearby = ctx.nearby_via.get(place.key, ())
    if nearby:
        names = [_place_name(places_by_key[k]) for k in nearby[:3] if k in places_by_key]
        reasons.append(
            _("Partner of %(places)s, within %(km)s km of us.") % {"places": _join(names), "km": _km(NEARBY_KM)}
        )
    if table.has_coordinates[i] and ctx.partners:
        vector = table.vectors[i]
        near = [
            (chord_km(vector, unit_vector(p.latitude, p.longitude)), p.key, p)
            for p in ctx.partners
            if p.latitude is not None and p.longitude is not None
        ]
        near = [item for item in near if item[0] < PARTNER_RADIUS_KM]
        if near:
            km, _key, partner = min(near)
            reasons.append(
                _("%(km)s km from %(partner)s, our partner.") % {"km": _km(km), "partner": _place_name(partner)}
            )
    own = ctx.own_countries.get(country, 0)
    if own:
        reasons.append(
            ngettext(
                "%(count)s of our %(total)s partners is in %(country)s.",
                "%(count)s of our %(total)s partners are in %(country)s.",
                own,
            )
            % {"count": _number(own), "total": _number(len(ctx.partners)), "country": country_name(country)}
        )
    elif country in ctx.neighbour_of:
        reasons.append(
            _("%(country)s borders %(neighbours)s, where we have partners.")
            % {
                "country": country_name(country),
                "neighbours": _join([country_name(c) for c in ctx.neighbour_of[country]]),
            }
        )
    elif ctx.prior_share.get(country, 0) >= 0.05:
        reasons.append(
            _("%(share)s%% of the ties on record between %(home_country)s and abroad are with %(country)s.")
            % {
                "share": _number(round(100 * ctx.prior_share[country])),
                "home_country": country_name(ctx.home.country),
                "country": country_name(country),
            }
        )
    if place.population:
        if place.capital:
            reasons.append(
                _("Capital of %(country)s, population %(population)s.")
                % {"country": country_name(country), "population": _number(place.population)}
            )
        elif place.population >= 1_000_000:
            reasons.append(_("A major city: population %(population)s.") % {"population": _number(place.population)})
        if ctx.home.population and abs(table.log_population[i] - ctx.home_log_population) <= 0.3:
            reasons.append(
                _("Similar in size to us: population %(population)s against our %(home)s.")
                % {"population": _number(place.population), "home": _number(ctx.home.population)}
            )
    if table.has_coordinates[i] and ctx.home.latitude is not None and ctx.home.longitude is not None:
        reasons.append(_("%(km)s km from us.") % {"km": _km(chord_km(ctx.home_vector, table.vectors[i]))})
    if table.twinned[i] >= 2:
        reasons.append(_("Already has %(count)s partner ties on record.") % {"count": _number(table.twinned[i])})
    return reasons


# --- building the scoring inputs from a World ------------------------------------------------------------------------


@dataclass
class Scene:
    """A World turned into what the scoring needs: the candidate table, the network, the home's context."""

    table: PlaceTable
    ctx: HomeContext
    scores: list[float]
    places_by_key: dict[str, Place]
    unit_names: dict[str, list[str]]
    ours: set[int]  # the home and its units
    live_by_country: dict[str, int]
    any_by_country: dict[str, int]


def _entity_place(row: EntityRow, city=None) -> Place:
    latitude = row.latitude if row.latitude is not None else (city.latitude if city else None)
    longitude = row.longitude if row.longitude is not None else (city.longitude if city else None)
    population = row.population or (city.population if city else None)
    return Place(
        key=f"entity:{row.id}",
        name=row.name,
        name_zh=row.name_zh or (city.name_zh if city else ""),
        name_en=row.name_en or (city.name if city else ""),
        country=row.country or (city.country if city else ""),
        latitude=latitude,
        longitude=longitude,
        population=population,
        capital=bool(city and city.capital),
        geonameid=row.geonameid,
        entity_id=row.id,
        entity_kind=row.kind,
    )


def _city_place(city) -> Place:
    return Place(
        key=f"city:{city.geonameid}",
        name=city.name,
        name_zh=city.name_zh,
        country=city.country,
        latitude=city.latitude,
        longitude=city.longitude,
        population=city.population,
        capital=city.capital,
        geonameid=city.geonameid,
    )


# The gazetteer's cities as Places with their unit vectors, made once per process for each list of cities (the
# gazetteer hands out the same tuple every time); a small dict rather than lru_cache, as lists are not hashable.
_GAZETTEER_PLACES: dict[int, tuple[object, dict[int, Place], dict[str, tuple[float, float, float]]]] = {}


def _gazetteer_places(cities: Sequence) -> tuple[dict[int, Place], dict[str, tuple[float, float, float]]]:
    cached = _GAZETTEER_PLACES.get(id(cities))
    if cached is not None and cached[0] is cities:
        return cached[1], cached[2]
    places = {c.geonameid: _city_place(c) for c in cities}
    vectors = {p.key: unit_vector(p.latitude, p.longitude) for p in places.values()}
    if isinstance(cities, tuple):
        if len(_GAZETTEER_PLACES) >= 2:
            _GAZETTEER_PLACES.clear()
        _GAZETTEER_PLACES[id(cities)] = (cities, places, vectors)
    return places, vectors


def _descendants(entities: Mapping[int, EntityRow], root: int) -> set[int]:
    from relations.graph import descendants

    return descendants({e.id: e.parent_id for e in entities.values()}, root)


def _locality_of(entities: Mapping[int, EntityRow], entity_id: int) -> int | None:
    """The entity itself if it is a place, else the nearest place above it (a school's city)."""
    seen = set()
    current: int | None = entity_id
    while current is not None and current not in seen and current in entities:
        seen.add(current)
        row = entities[current]
        if row.kind in LOCALITY_CANDIDATE_KINDS or row.kind == "province":
            return current
        current = row.parent_id
    return None


def scene_build(
    world: World,
    cities: Iterable,
    neighbours: Mapping[str, Iterable[str]],
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> Scene:
    """The candidate table (gazetteer cities, with places on file in their stead), the network of ties between
    places, and the home's context: pure, from the World's rows."""
    entities = world.entities
    home = world.home
    units = _descendants(entities, home.id)
    ours = {home.id, *units}
    cities = cities if isinstance(cities, tuple) else tuple(cities)
    city_places, vectors = _gazetteer_places(cities)
    by_geonameid = {c.geonameid: c for c in cities}

    def key_of(entity_id: int) -> str:
        return f"entity:{entity_id}"

    # Places on file replace their gazetteer city; our own side is never a candidate.
    filed_geonameids: dict[int, int] = {}
    places: list[Place] = []
    for row in sorted(entities.values(), key=lambda e: e.id):
        if row.geonameid is not None and row.kind in LOCALITY_CANDIDATE_KINDS:
            filed_geonameids.setdefault(row.geonameid, row.id)
        if row.kind in LOCALITY_CANDIDATE_KINDS and not row.domestic and not row.archived:
            places.append(_entity_place(row, by_geonameid.get(row.geonameid)))
    places.extend(place for geonameid, place in city_places.items() if geonameid not in filed_geonameids)
    # The plan's named targets, including a place the gazetteer lacks (a county, a small town).
    named: set[str] = set()
    if world.plan is not None:
        known = {p.key for p in places}
        for target in world.plan.targets:
            if target.entity_id is not None:
                named.add(key_of(target.entity_id))
            elif target.geonameid is not None:
                filed = filed_geonameids.get(target.geonameid)
                key = key_of(filed) if filed is not None else f"city:{target.geonameid}"
                named.add(key)
                if key not in known:
                    known.add(key)
                    places.append(
                        Place(
                            key=key,
                            name=target.name or str(target.geonameid),
                            country=target.country,
                            geonameid=target.geonameid,
                        )
                    )
    table = PlaceTable(places, vectors)
    places_by_key = {p.key: p for p in table.places}
    home_place = _entity_place(home, by_geonameid.get(home.geonameid))
    places_by_key[home_place.key] = home_place

    live = [t for t in world.ties if t.status not in CLOSED_STATUSES]
    # The network of places: partnership ties whose both ends are places on file.
    place_ids = {e.id for e in entities.values() if e.kind in LOCALITY_CANDIDATE_KINDS or e.kind == "province"}
    network = network_build(
        (
            (key_of(t.source), key_of(t.target))
            for t in live
            if t.kind in PARTNERSHIP_KINDS and t.source in place_ids and t.target in place_ids
        ),
        {key_of(e.id): e.country for e in entities.values()},
    )
    table.set_twinned({k: network.degree(k) for k in table.index})

    partner_ids: set[int] = set()
    touched: set[int] = set()
    units_city: Counter = Counter()
    units_country: Counter = Counter()
    unit_names: dict[str, list[str]] = defaultdict(list)
    for tie in live:
        for mine, other in ((tie.source, tie.target), (tie.target, tie.source)):
            if mine not in ours or other in ours or other not in entities or entities[other].domestic:
                continue
            if mine == home.id:
                touched.add(other)
                if tie.kind in PARTNERSHIP_KINDS and other in place_ids:
                    partner_ids.add(other)
            elif tie.kind in PARTNERSHIP_KINDS:
                place_id = _locality_of(entities, other)
                country = entities[other].country or (entities[place_id].country if place_id else "")
                if country:
                    units_country[country] += 1
                if place_id is not None:
                    units_city[key_of(place_id)] += 1
                    name = _entity_name(entities[mine])
                    if name not in unit_names[key_of(place_id)]:
                        unit_names[key_of(place_id)].append(name)
    partners = [places_by_key.get(key_of(i)) or _entity_place(entities[i]) for i in sorted(partner_ids)]
    for partner in partners:
        places_by_key.setdefault(partner.key, partner)

    excluded = {key_of(i) for i in touched | ours} | {key_of(e.id) for e in entities.values() if e.domestic}

    ctx = home_context(
        home=home_place,
        partners=partners,
        network=network,
        countries=table.slices,
        neighbours=neighbours,
        units_city=units_city,
        units_country=units_country,
        named=named,
        excluded=excluded,
        table=table,
    )
    facts = _tie_facts(world, ours)
    tallies = tally_by_country(facts)
    return Scene(
        table=table,
        ctx=ctx,
        scores=score_all(ctx, table, weights),
        places_by_key=places_by_key,
        unit_names=dict(unit_names),
        ours=ours,
        live_by_country={c: t.live for c, t in tallies.items()},
        any_by_country={c: t.total for c, t in tallies.items()},
    )


def _tie_facts(world: World, ours: set[int]) -> list[TieFact]:
    facts = []
    for tie in world.ties:
        for mine, other in ((tie.source, tie.target), (tie.target, tie.source)):
            row = world.entities.get(other)
            if mine in ours and row is not None and not row.domestic:
                facts.append(TieFact(country=row.country, kind=tie.kind, status=tie.status))
                break
    return facts


# --- gap and radiate -----------------------------------------------------------------------------------------------


def _tier_label(tier: str) -> str:
    try:
        return str(PlanTier(tier).label)
    except ValueError:
        return tier


def _area_name(world: World, rule: RuleFact) -> str:
    if rule.region:
        from django.utils.translation import get_language

        name, name_zh = world.region_names.get(rule.region, (rule.region, rule.region))
        return name_zh if (get_language() or "").startswith("zh") and name_zh else name
    return country_name(rule.country)


def _place_suggestion(
    kind: str, scene: Scene, i: int, score_value: float, first_reasons: list[str], plan_name: str
) -> Suggestion:
    place = scene.table.places[i]
    reasons = first_reasons + place_reasons(scene.ctx, scene.table, i, scene.places_by_key, plan_name, scene.unit_names)
    return Suggestion(
        kind=kind,
        key=place.key,
        subject=place_subject(place),
        score=score_value,
        reasons=reasons,
        actions=["accept", "dismiss"],
    )


def _keep(scene: Scene, world: World, used: set[str], home_country: str) -> Callable[[int], bool]:
    places = scene.table.places
    excluded = scene.ctx.excluded

    def keep(i: int) -> bool:
        place = places[i]
        return (
            place.key not in excluded
            and place.key not in used
            and place.key not in world.dismissed
            and place.country != home_country
        )

    return keep


def gap_suggestions(world: World, scene: Scene, used: set[str]) -> list[Suggestion]:
    """Named targets first, then, for each rule of the plan short of ties (focus first), the blank countries of
    the area and its best candidate cities."""
    plan = world.plan
    if plan is None:
        return []
    home_country = world.home.country
    table, ctx, scores = scene.table, scene.ctx, scene.scores
    keep = _keep(scene, world, used, home_country)
    found: list[Suggestion] = []
    for position, key in enumerate(
        sorted(ctx.named, key=lambda k: (-scores[table.index[k]] if k in table.index else 0.0, k))
    ):
        if key in used or key in ctx.excluded or key in world.dismissed:
            continue
        i = table.index.get(key)
        if i is None:
            continue
        used.add(key)
        found.append(_place_suggestion("gap", scene, i, 99.0 - position * 0.5, [], plan.name))
    tiers = country_tiers(plan.rules, world.members)
    avoided = {c for c, (rule, _via) in tiers.items() if rule.tier == PlanTier.AVOID}
    # A country whose own rule is met is not where a region's gap is filled: the more specific rule wins.
    settled = {r.country for r in plan.rules if r.country and not gap(r, scene.live_by_country.get(r.country, 0))}
    for rule in rules_in_order(plan.rules):
        scope = list(world.members.get(rule.region, ())) if rule.region else [rule.country]
        live = sum(scene.live_by_country.get(c, 0) for c in set(scope))
        missing = gap(rule, live)
        if not missing:
            continue
        base = TIER_BASE.get(rule.tier, 50.0) + min(5, missing)
        area = _area_name(world, rule)
        wanted_text = _(
            "“%(area)s” is marked “%(tier)s” in the plan “%(plan)s”: live ties wanted %(wanted)s, on file %(live)s."
        ) % {
            "area": area,
            "tier": _tier_label(rule.tier),
            "plan": plan.name,
            "wanted": _number(live + missing),
            "live": _number(live),
        }
        countries = [
            c for c in scope if c not in avoided and c != home_country and (not rule.region or c not in settled)
        ]
        picks = best_places(
            scores,
            table,
            limit=GAP_CITIES_PER_REGION if rule.region else GAP_CITIES_PER_COUNTRY,
            countries=countries,
            keep=keep,
        )
        blank = [
            c
            for c in countries
            if not scene.any_by_country.get(c)
            and f"country:{c}" not in used
            and f"country:{c}" not in world.dismissed
            and c in table.slices
        ]
        if blank:
            best_in = {c: best_places(scores, table, limit=3, countries=[c], keep=keep) for c in blank}
            ordered = sorted(blank, key=lambda c: (-(scores[best_in[c][0]] if best_in[c] else -1e9), c))
            for position, code in enumerate(ordered[: GAP_COUNTRIES_PER_REGION if rule.region else 1]):
                key = f"country:{code}"
                used.add(key)
                candidates = [table.places[i] for i in best_in[code]]
                reasons = [wanted_text, _("No tie with %(country)s is on file yet.") % {"country": country_name(code)}]
                if candidates:
                    reasons.append(
                        _("Best candidates: %(cities)s.") % {"cities": _join([_place_name(p) for p in candidates])}
                    )
                found.append(
                    Suggestion(
                        kind="gap",
                        key=key,
                        subject=country_subject(code),
                        score=base + 0.9 - position * 0.3,
                        reasons=reasons,
                        actions=["dismiss"],
                        candidates=[place_subject(p) for p in candidates],
                    )
                )
        for position, i in enumerate(picks):
            key = table.places[i].key
            if key in used:
                continue
            used.add(key)
            found.append(_place_suggestion("gap", scene, i, base - position * 0.5, [wanted_text], plan.name))
    return found


def radiate_suggestions(world: World, scene: Scene, used: set[str]) -> list[Suggestion]:
    """以点带面: partners of our partners, cities near our partners, and the countries bordering partner countries."""
    table, ctx, scores = scene.table, scene.ctx, scene.scores
    home_country = world.home.country
    avoided: set[str] = set()
    if world.plan is not None:
        avoided = {
            c
            for c, (rule, _via) in country_tiers(world.plan.rules, world.members).items()
            if rule.tier == PlanTier.AVOID
        }
    keep_base = _keep(scene, world, used, home_country)
    near: set[int] = set()
    for partner in ctx.partners:
        if partner.latitude is None or partner.longitude is None:
            continue
        vector = unit_vector(partner.latitude, partner.longitude)
        near.update(
            i
            for i in table.near(partner.latitude, partner.longitude, PARTNER_RADIUS_KM)
            if chord_km(table.vectors[i], vector) < PARTNER_RADIUS_KM
        )
    pool = near | {table.index[k] for k in ctx.shared if k in table.index}
    picks = best_places(
        scores,
        table,
        limit=RADIATE_CITIES,
        keep=lambda i: i in pool and keep_base(i) and table.places[i].country not in avoided,
    )
    plan_name = world.plan.name if world.plan else ""
    found = []
    for position, i in enumerate(picks):
        used.add(table.places[i].key)
        found.append(_place_suggestion("radiate", scene, i, 60.0 - position * 0.5, [], plan_name))
    countries = [
        c
        for c in sorted(ctx.neighbour_of)
        if c not in avoided
        and c != home_country
        and not scene.any_by_country.get(c)
        and f"country:{c}" not in used
        and f"country:{c}" not in world.dismissed
    ]
    best_in = {c: best_places(scores, table, limit=3, countries=[c], keep=keep_base) for c in countries}
    ordered = sorted(
        countries,
        key=lambda c: (-ctx.affinity.get(c, ctx.default_affinity), -(scores[best_in[c][0]] if best_in[c] else -1e9), c),
    )
    for position, code in enumerate(ordered[:RADIATE_COUNTRIES]):
        key = f"country:{code}"
        used.add(key)
        bordering = ctx.neighbour_of[code]
        count = sum(ctx.own_countries[c] for c in bordering)
        reasons = [
            ngettext(
                "%(country)s borders %(neighbours)s, where we have %(count)s partner, but has none of ours.",
                "%(country)s borders %(neighbours)s, where we have %(count)s partners, but has none of ours.",
                count,
            )
            % {
                "country": country_name(code),
                "neighbours": _join([country_name(c) for c in bordering]),
                "count": _number(count),
            }
        ]
        candidates = [table.places[i] for i in best_in[code]]
        if candidates:
            reasons.append(_("Best candidates: %(cities)s.") % {"cities": _join([_place_name(p) for p in candidates])})
        found.append(
            Suggestion(
                kind="radiate",
                key=key,
                subject=country_subject(code),
                score=55.0 - position * 0.5,
                reasons=reasons,
                actions=["dismiss"],
                candidates=[place_subject(p) for p in candidates],
            )
        )
    return found


# --- the kinds about ties we have ----------------------------------------------------------------------------------


def _our_ties(world: World, ours: set[int]) -> list[tuple[TieRow, int, EntityRow]]:
    """(tie, our side, partner) for each tie between one of ours and a partner outside our side."""
    rows = []
    for tie in world.ties:
        for mine, other in ((tie.source, tie.target), (tie.target, tie.source)):
            partner = world.entities.get(other)
            if mine in ours and partner is not None and not partner.domestic:
                rows.append((tie, mine, partner))
                break
    return rows


def _with_whom(world: World, mine: int, partner: EntityRow) -> dict:
    return {"partner": _entity_name(partner), "ours": _entity_name(world.entities[mine])}


def deepen_suggestions(
    world: World, ours: set[int], our_ties: list[tuple[TieRow, int, EntityRow]] | None = None
) -> list[Suggestion]:
    """Sister cities of the home with no district, school, enterprise or organisation ties beneath them."""
    entities = world.entities
    tiers: dict[str, str] = {}
    if world.plan is not None:
        tiers = {c: rule.tier for c, (rule, _via) in country_tiers(world.plan.rules, world.members).items()}
    children: dict[int, list[int]] = defaultdict(list)
    for row in entities.values():
        if row.parent_id is not None:
            children[row.parent_id].append(row.id)
    found = []
    units = ours - {world.home_id}
    linked: dict[int, set[int]] = defaultdict(set)  # entity -> the entities it has a live partnership with
    for t in world.ties:
        if t.status not in CLOSED_STATUSES and t.kind in PARTNERSHIP_KINDS:
            linked[t.source].add(t.target)
            linked[t.target].add(t.source)
    if our_ties is None:
        our_ties = _our_ties(world, ours)
    for tie, mine, partner in our_ties:
        if mine != world.home_id or tie.kind != RelationKind.SISTER_CITY or tie.status not in LIVE_SIGNED_STATUSES:
            continue
        beneath = set()
        stack = list(children.get(partner.id, ()))
        while stack:
            node = stack.pop()
            if node not in beneath:
                beneath.add(node)
                stack.extend(children.get(node, ()))
        # Deepened: something beneath the partner is tied to one of ours, or one of our units to the partner.
        deepened = any(linked[node] & ours for node in beneath) or bool(linked[partner.id] & units)
        if deepened:
            continue
        key = f"deepen:{partner.id}"
        if key in world.dismissed:
            continue
        years = _full_years(tie.established_on, world.today) if tie.established_on else 0
        reasons = [
            ngettext(
                "Sister city since %(year)s (%(years)s year), with no friendly district, school, "
                "enterprise or organisation tie beneath it yet.",
                "Sister city since %(year)s (%(years)s years), with no friendly district, school, "
                "enterprise or organisation tie beneath it yet.",
                years,
            )
            % {"year": tie.established_on.year if tie.established_on else "—", "years": _number(years)}
        ]
        score_value = 55.0 + min(10.0, years / 3)
        if tiers.get(partner.country) == PlanTier.DEEPEN:
            reasons.append(
                _("The plan marks %(country)s “%(tier)s”.")
                % {"country": country_name(partner.country), "tier": _tier_label(PlanTier.DEEPEN)}
            )
            score_value += 15.0
        found.append(
            Suggestion(
                kind="deepen",
                key=key,
                subject=entity_subject(partner),
                score=score_value,
                reasons=reasons,
                actions=["dismiss"],
                relation=tie.id,
            )
        )
    return found


def anniversary_suggestions(
    world: World, ours: set[int], our_ties: list[tuple[TieRow, int, EntityRow]] | None = None
) -> list[Suggestion]:
    """Milestone anniversaries (5, 10, 15, 20 … years) in the next 18 months with no plan yet."""
    today = world.today
    end = add_months(today, ANNIVERSARY_WINDOW_MONTHS)
    first = chain_first_dates((t.id, t.upgraded_from, t.established_on) for t in world.ties)
    if our_ties is None:
        our_ties = _our_ties(world, ours)
    ties = {
        tie.id: (tie, mine, partner)
        for tie, mine, partner in our_ties
        if tie.status in LIVE_SIGNED_STATUSES and tie.kind not in NO_ANNIVERSARY_KINDS
    }
    found = []
    for item in upcoming(((tie_id, first.get(tie_id)) for tie_id in sorted(ties)), today, end):
        if not is_milestone(item.years) or (item.tie, item.date) in world.planned:
            continue
        key = f"anniversary:{item.tie}:{item.date.isoformat()}"
        if key in world.dismissed:
            continue
        tie, mine, partner = ties[item.tie]
        months = _months_between(today, item.date)
        reasons = [
            ngettext(
                "The %(years)s-year anniversary of the tie between %(ours)s and %(partner)s falls on "
                "%(date)s, in %(months)s month.",
                "The %(years)s-year anniversary of the tie between %(ours)s and %(partner)s falls on "
                "%(date)s, in %(months)s months.",
                months,
            )
            % {
                "years": _number(item.years),
                "date": _date(item.date),
                "months": _number(months),
                **_with_whom(world, mine, partner),
            },
            _("Signed on %(date)s; no plan for the anniversary is on file yet.") % {"date": _date(item.established_on)},
        ]
        score_value = max(60.0, 98.0 - 2.0 * months) + (1.0 if item.years % 10 == 0 else 0.0)
        found.append(
            Suggestion(
                kind="anniversary",
                key=key,
                subject=entity_subject(partner),
                score=score_value,
                reasons=reasons,
                actions=["plan", "dismiss"],
                relation=tie.id,
                date=item.date,
            )
        )
    return found


def dormant_suggestions(
    world: World, ours: set[int], our_ties: list[tuple[TieRow, int, EntityRow]] | None = None
) -> list[Suggestion]:
    """Signed ties with no exchange for `world.dormant_months`, and ties stuck at one step for over 12 months."""
    today = world.today
    silent_since = add_months(today, -world.dormant_months)
    stalled_since = add_months(today, -STALLED_MONTHS)
    found = []
    for tie, mine, partner in our_ties if our_ties is not None else _our_ties(world, ours):
        if tie.kind not in PARTNERSHIP_KINDS:
            continue
        names = _with_whom(world, mine, partner)
        if tie.status == RelationStatus.SIGNED:
            dates = [d for d in world.event_dates.get(tie.id, ()) if d <= today]
            last = max(dates) if dates else None
            since = last or tie.established_on or tie.status_since
            if since is None or since >= silent_since:
                continue
            key = f"dormant:{tie.id}"
            if key in world.dismissed:
                continue
            months = _months_between(since, today)
            if last is not None:
                first = ngettext(
                    "No exchange between %(ours)s and %(partner)s is recorded for %(months)s month; "
                    "the last was on %(date)s.",
                    "No exchange between %(ours)s and %(partner)s is recorded for %(months)s months; "
                    "the last was on %(date)s.",
                    months,
                )
                first %= {"months": _number(months), "date": _date(last), **names}
            else:
                first = ngettext(
                    "No exchange between %(ours)s and %(partner)s is recorded since the tie was signed "
                    "on %(date)s, %(months)s month ago.",
                    "No exchange between %(ours)s and %(partner)s is recorded since the tie was signed "
                    "on %(date)s, %(months)s months ago.",
                    months,
                )
                first %= {"months": _number(months), "date": _date(since), **names}
            reasons = [
                first,
                _("A tie in force should see an exchange at least every %(limit)s months.")
                % {"limit": _number(world.dormant_months)},
            ]
            found.append(
                Suggestion(
                    kind="dormant",
                    key=key,
                    subject=entity_subject(partner),
                    score=60.0 + min(20.0, (months - world.dormant_months) / 3),
                    reasons=reasons,
                    actions=["dismiss"],
                    relation=tie.id,
                )
            )
        elif tie.status in PRE_SIGNING_STATUSES and tie.status_since and tie.status_since < stalled_since:
            key = f"stalled:{tie.id}:{tie.status}"
            if key in world.dismissed:
                continue
            months = _months_between(tie.status_since, today)
            reasons = [
                _(
                    "The tie between %(ours)s and %(partner)s has been at “%(status)s” since %(date)s: "
                    "%(months)s months without a next step."
                )
                % {
                    "status": RelationStatus(tie.status).label,
                    "date": _date(tie.status_since),
                    "months": _number(months),
                    **names,
                }
            ]
            found.append(
                Suggestion(
                    kind="dormant",
                    key=key,
                    subject=entity_subject(partner),
                    score=55.0 + min(20.0, (months - STALLED_MONTHS) / 2),
                    reasons=reasons,
                    actions=["dismiss"],
                    relation=tie.id,
                )
            )
    return found


def upgrade_suggestions(
    world: World, ours: set[int], our_ties: list[tuple[TieRow, int, EntityRow]] | None = None
) -> list[Suggestion]:
    """Friendly-exchange ties with 3 or more exchanges in the last 3 years: ready to propose the upgrade."""
    today = world.today
    since = add_months(today, -UPGRADE_WINDOW_MONTHS)
    found = []
    for tie, mine, partner in our_ties if our_ties is not None else _our_ties(world, ours):
        if tie.kind != RelationKind.FRIENDLY_EXCHANGE or tie.status != RelationStatus.SIGNED:
            continue
        count = sum(1 for d in world.event_dates.get(tie.id, ()) if since <= d <= today)
        if count < UPGRADE_EXCHANGES:
            continue
        key = f"upgrade:{tie.id}"
        if key in world.dismissed:
            continue
        reasons = [
            _("%(count)s exchanges between %(ours)s and %(partner)s in the last 3 years (since %(date)s).")
            % {"count": _number(count), "date": _date(since), **_with_whom(world, mine, partner)}
        ]
        if tie.established_on:
            years = _full_years(tie.established_on, today)
            reasons.append(
                ngettext(
                    "Friendly-exchange city since %(date)s (%(years)s year): active enough to "
                    "propose the upgrade to sister city.",
                    "Friendly-exchange city since %(date)s (%(years)s years): active enough to "
                    "propose the upgrade to sister city.",
                    years,
                )
                % {"date": _date(tie.established_on), "years": _number(years)}
            )
        found.append(
            Suggestion(
                kind="upgrade",
                key=key,
                subject=entity_subject(partner),
                score=65.0 + min(15.0, float(count)),
                reasons=reasons,
                actions=["dismiss"],
                relation=tie.id,
            )
        )
    return found


def suggest(
    world: World,
    cities: Iterable,
    *,
    kinds: Collection[str] | None = None,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
) -> list[Suggestion]:
    """Every suggestion of the requested kinds for the World, best first (pure: same rows, same date, same list).

    `cities` are the gazetteer's cities (objects with geonameid, name, name_zh, country, latitude, longitude,
    population, capital); `neighbours` maps a country to the countries it borders.
    """
    kinds = set(kinds or KINDS)
    if neighbours is None:
        neighbours = _gazetteer_neighbours()
    ours = {world.home_id, *_descendants(world.entities, world.home_id)}
    found: list[Suggestion] = []
    if kinds & {"gap", "radiate"}:
        scene = scene_build(world, cities, neighbours, weights)
        used: set[str] = set()
        gaps = gap_suggestions(world, scene, used)
        # Radiate after gap, so a city the plan asks for is proposed once, as a gap.
        radiating = radiate_suggestions(world, scene, used)
        found += [s for s in gaps if "gap" in kinds] + [s for s in radiating if "radiate" in kinds]
    our_ties = _our_ties(world, ours)
    if "deepen" in kinds:
        found += deepen_suggestions(world, ours, our_ties)
    if "anniversary" in kinds:
        found += anniversary_suggestions(world, ours, our_ties)
    if "dormant" in kinds:
        found += dormant_suggestions(world, ours, our_ties)
    if "upgrade" in kinds:
        found += upgrade_suggestions(world, ours, our_ties)
    found = [s for s in found if s.key not in world.dismissed]
    order = {kind: n for n, kind in enumerate(KINDS)}
    found.sort(key=lambda s: (-round(s.score, 6), order[s.kind], s.key))
    return found


def _gazetteer_neighbours() -> dict[str, list[str]]:
    from contacts import gazetteer

    return {code: gazetteer.neighbours(code) for code in gazetteer.countries()}


# =================================================================================================================
# 3. Loading and caching
# =================================================================================================================

CACHE_SECONDS = 24 * 3600


def _plan_row(plan) -> PlanRow | None:
    if plan is None:
        return None
    rules = tuple(
        RuleFact(tier=r.tier, region=r.region, country=str(r.country or ""), target=r.target, id=r.pk, notes=r.notes)
        for r in plan.rules.all()
    )
    targets = tuple(
        TargetRow(entity_id=t.entity_id, geonameid=t.geonameid, name=t.name, country=str(t.country or ""))
        for t in plan.targets.all()
    )
    return PlanRow(
        id=plan.pk, name=plan.name, start_year=plan.start_year, end_year=plan.end_year, rules=rules, targets=targets
    )


def world_load(home, *, today: date) -> World:
    """Read every row the suggestions need in a fixed number of queries (nine), whatever the number of ties."""
    from django.conf import settings
    from django.db.models import Q

    from contacts.models import Entity, Region
    from relations.graph import descendants
    from relations.layout import plan_current
    from relations.models import Relation, SuggestionDismissal

    entities = {
        row[0]: EntityRow(*row)
        for row in Entity.objects.order_by("id").values_list(
            "id",
            "kind",
            "name",
            "country",
            "name_zh",
            "domestic",
            "parent_id",
            "latitude",
            "longitude",
            "population",
            "geonameid",
            "archived",
            "name_en",
        )
    }
    ties = [
        TieRow(*row)
        for row in Relation.objects.order_by("id").values_list(
            "id", "source_id", "target_id", "kind", "status", "status_since", "established_on", "upgraded_from_id"
        )
    ]
    plan_row = _plan_row(plan_current(home, today, prefetch=True))
    members: dict[str, tuple[str, ...]] = {}
    region_names: dict[str, tuple[str, str]] = {}
    if plan_row is not None:
        codes = sorted({r.region for r in plan_row.rules if r.region})
        for code, name, name_zh, countries in Region.objects.filter(code__in=codes).values_list(
            "code", "name", "name_zh", "countries"
        ):
            members[code] = tuple(countries or ())
            region_names[code] = (name, name_zh)
    ours = {home.pk, *descendants({e.id: e.parent_id for e in entities.values()}, home.pk)}
    our_ties = Relation.objects.filter(Q(source_id__in=ours) | Q(target_id__in=ours))
    event_dates: dict[int, list[date]] = defaultdict(list)
    through = Relation.events.through
    for relation_id, start in (
        through.objects.filter(relation__in=our_ties, event__status="held", event__start_date__lte=today)
        .order_by("relation_id", "event__start_date")
        .values_list("relation_id", "event__start_date")
    ):
        event_dates[relation_id].append(start)
    followups = Relation._meta.get_field("followups").related_model
    planned = set(
        followups.objects.filter(relation__in=our_ties, anniversary_on__isnull=False).values_list(
            "relation_id", "anniversary_on"
        )
    )
    dismissed = frozenset(SuggestionDismissal.objects.filter(home=home, until__gt=today).values_list("key", flat=True))
    return World(
        today=today,
        home_id=home.pk,
        entities=entities,
        ties=ties,
        plan=plan_row,
        members=members,
        region_names=region_names,
        event_dates=dict(event_dates),
        planned=planned,
        dismissed=dismissed,
        dormant_months=int(getattr(settings, "CRM_DORMANT_MONTHS", 24)),
    )


def data_version() -> str:
    """A fingerprint of everything the suggestions read (row counts and last changes), in one query.

    Why a fingerprint rather than a version bumped by post_save/post_delete signals: the cache may be per process
    (the default LocMemCache, several gunicorn workers), where a signal would only clear the worker that made the
    change; and this needs no hook in the apps' ready(). A write anywhere changes a count or a last-updated time.
    """
    from django.db import connection

    from contacts.models import Entity, Region
    from relations.models import LayoutPlan, LayoutRule, LayoutTarget, Relation, SuggestionDismissal

    quote = connection.ops.quote_name
    event = Relation._meta.get_field("events").related_model
    followup = Relation._meta.get_field("followups").related_model
    through = Relation.events.through
    parts = []
    for model in (Relation, LayoutPlan, LayoutRule, LayoutTarget, SuggestionDismissal, Entity, Region, event, followup):
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({quote('updated')}) FROM {table})")
    table = quote(through._meta.db_table)
    parts.append(f"(SELECT COUNT(*) FROM {table})")
    parts.append(f"(SELECT MAX({quote(through._meta.pk.column)}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode()).hexdigest()[:16]


def suggestions_for(
    *, home, kinds: Collection[str] | None = None, today: date | None = None, language: str | None = None
) -> list[dict]:
    """The suggestions for a home as JSON-ready dicts, best first; cached until the data or the date changes."""
    from django.core.cache import cache
    from django.utils import timezone, translation

    from contacts import gazetteer

    today = today or timezone.localdate()
    kinds = tuple(sorted(set(kinds))) if kinds else KINDS
    language = language or translation.get_language() or "en"
    key = f"crm:suggestions:{home.pk}:{','.join(kinds)}:{language}:{today.isoformat()}:{data_version()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    world = world_load(home, today=today)
    with translation.override(language):
        result = [s.as_dict() for s in suggest(world, gazetteer.cities(), kinds=kinds)]
    cache.set(key, result, CACHE_SECONDS)
    return result
