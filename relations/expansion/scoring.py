"""Scoring candidate places (pure): features that can be said in a sentence, and their weights.

A candidate place is described by features (how many of our partners are in its country, its size and how close
that is to ours, distance, whether it is a capital, how many of our partners it is already twinned with, how close
it is to one of them, whether it is its province's largest place, how tied our province is to its province, the
partners of our neighbours around it, our other units' ties there, whether the plan names it) and scored linearly.
`score_all()` ranks a whole gazetteer in one pass; `place_features()` gives the same figures one place at a time,
for the reasons. `relations.expansion.evaluation` ranks with these very functions on real twinning data. Nothing here
touches the database.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

EARTH_RADIUS_KM = 6371.0
# "Close to one of our partners" means within this distance; beyond it the feature no longer changes.
PARTNER_RADIUS_KM = 300.0
# Places within this distance of the home are its neighbours: their partners are worth a look.
NEARBY_KM = 100.0
# Towns near us twin with towns near each other (a district's towns with another district's): the partners of
# our neighbours count for the places around them, in cells of this many degrees and the eight cells around.
AREA_CELL_DEG = 0.25
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
    "peer_affinity",  # log P(country | cities of our country like ours): where cities of our size and province twin
    "peer_partners",  # log(1 + ties with cities of our country like ours, each weighted by its likeness)
    "peer_region",  # log(1 + ties between cities like ours and the place's province or state, weighted)
    "regional_centre",  # 1 if the place is the most populous of its province or state (a seat, a regional centre)
    "region_pair",  # log(1 + ties between the other places of our province or state and the place's)
    "nearby_area",  # log(1 + nearby_partners summed over the place's area: AREA_CELL_DEG cells around it)
    "our_units",  # log(1 + ties our districts, schools, firms already have with the place)
    "our_units_country",  # log(1 + ties our units have in the country)
    "named",  # 1 if the plan names the place as a target
)
# The features the evaluation can fit on twinning data; the last three exist only in an office's own record.
LEARNED_FEATURES = FEATURES[:-3]
# Cities of our country "like ours": likeness falls by e for each PEER_SCALE of log10 population apart, and doubles
# in our own province.
PEER_SCALE = 0.5
PEER_SAME_PROVINCE = 2.0

# Fitted on the shipped reference network (23,151 real ties; `manage.py fit_suggestion_weights`, seed 1: 1,000
# training groups over the gazetteer the suggestions rank, places of 15,000 people or more) with
# `evaluation.fit_weights`; `evaluate_suggestions` refits them on the ties it keeps visible and prints them. Signs
# worth knowing: size counts, but so does being of a size like ours; the largest place of a province or state is
# twinned more than its size says; ties between our province and the candidate's count, as do the partners of our
# neighbours around it; capitals are less often twinned than their size suggests. Fitted on the whole network,
# "ties with our country" is about 0 (the −1.4 of a fit on European towns alone pushed away exactly the cities
# Chinese cities twin with). The last three weights are set by hand: our own units' ties and the plan's named
# targets are what the office asked for, so they outweigh any pattern in the data.
DEFAULT_WEIGHTS: dict[str, float] = {
    "affinity": 0.27,
    "neighbour_country": 0.54,
    "country_size": -0.39,
    "population": 0.82,
    "population_gap": -1.11,
    "twinned": 0.54,
    "any_twinned": 1.22,
    "shared_partners": 10.32,
    "any_shared_partner": 1.57,
    "distance": -0.49,
    "partner_distance": 0.05,
    "capital": -0.17,
    "nearby_partners": -0.36,
    "shared_country": -0.16,
    "ties_with_our_country": 0.09,
    "peer_affinity": 0.12,
    "peer_partners": -1.14,
    "peer_region": -0.04,
    "regional_centre": 0.2,
    "region_pair": 0.55,
    "nearby_area": 0.06,
    "our_units": 8.0,
    "our_units_country": 1.0,
    "named": 20.0,
}


# Refitted on the ties of Chinese cities in the shipped reference network (`manage.py fit_suggestion_weights`,
# seed 1: 504 training groups, pulled towards the network's general fit): cities like ours (peer_affinity) say in
# which countries to look, our province's ties (region_pair) and regional centres where in them.
CHINA_WEIGHTS: dict[str, float] = {
    "affinity": -0.08,
    "neighbour_country": 0.4,
    "country_size": -0.3,
    "population": 0.38,
    "population_gap": -0.84,
    "twinned": 0.51,
    "any_twinned": 1.51,
    "shared_partners": 9.89,
    "any_shared_partner": 0.74,
    "distance": -0.51,
    "partner_distance": 0.22,
    "capital": -0.29,
    "nearby_partners": -0.2,
    "shared_country": -0.13,
    "ties_with_our_country": 0.0,
    "peer_affinity": 0.45,
    "peer_partners": -0.85,
    "peer_region": -0.05,
    "regional_centre": 0.38,
    "region_pair": 1.07,
    "nearby_area": 0.2,
    "our_units": 8.0,
    "our_units_country": 1.0,
    "named": 20.0,
}
# Home countries with weights of their own.
HOME_COUNTRY_WEIGHTS: dict[str, dict[str, float]] = {"CN": CHINA_WEIGHTS}


def weights_for(country: str) -> dict[str, float]:
    """The weights for a home in `country`: its own where they were fitted, else the general ones."""
    return HOME_COUNTRY_WEIGHTS.get((country or "").upper(), DEFAULT_WEIGHTS)


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
    admin1: str = ""  # the province or state (GeoNames admin1 code), '' when unknown


def unit_vector(latitude: float | None, longitude: float | None) -> tuple[float, float, float]:
    """The point on the unit sphere; (0, 0, 0) when a coordinate is unknown (it then scores as far away)."""
    if latitude is None or longitude is None:
        return (0.0, 0.0, 0.0)
    lat, lon = math.radians(latitude), math.radians(longitude)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def area_cell(latitude: float, longitude: float) -> tuple[int, int]:
    return (math.floor(latitude / AREA_CELL_DEG), math.floor(longitude / AREA_CELL_DEG))


def chord_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """Straight-line distance between two unit vectors, in km (within 0.1% of the great circle up to 500 km).

    For ranking only (it grows with the true distance, and is cheaper): a sentence that quotes a distance uses
    `core.geo.arc_km`, the great circle (the chord is 14 % short at 12,000 km)."""
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
        # The most populous place of each province or state (places are sorted by population within a country):
        # a provincial seat or a regional centre, which cities abroad twin with far more than their size says.
        seen_regions: set[tuple[str, str]] = set()
        self.regional_centre: list[float] = [0.0] * len(self.places)
        for i, p in enumerate(self.places):
            if p.admin1 and p.population and (p.country, p.admin1) not in seen_regions:
                seen_regions.add((p.country, p.admin1))
                self.regional_centre[i] = 1.0
        self.twinned: list[int] = [0] * len(self.places)
        self.slices: dict[str, tuple[int, int]] = {}
        for i, country in enumerate(self.countries):
            start, _end = self.slices.get(country, (i, i))
            self.slices[country] = (start, i + 1)
        self.country_size_log: dict[str, float] = {c: math.log(end - start) for c, (start, end) in self.slices.items()}
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, place in enumerate(self.places):
            if self.has_coordinates[i]:
                self.grid[(math.floor(place.latitude), math.floor(place.longitude))].append(i)  # type: ignore[arg-type]
        self.area_cells: list[tuple[int, int] | None] = [
            area_cell(p.latitude, p.longitude) if p.latitude is not None and p.longitude is not None else None
            for p in self.places
        ]
        self._area_grid: dict[tuple[int, int], list[int]] | None = None
        self._static: dict[tuple, list[float]] = {}  # by signature: the evaluation alternates weight sets
        self._linked: tuple[Mapping, int, dict[str, list[int]]] | None = None
        self._regions: dict[tuple[str, str], list[int]] | None = None
        self.version = 0

    def __len__(self) -> int:
        return len(self.places)

    def area_grid(self) -> dict[tuple[int, int], list[int]]:
        """Area cell -> indices of its places (made on first use)."""
        if self._area_grid is None:
            grid: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i, cell in enumerate(self.area_cells):
                if cell is not None:
                    grid[cell].append(i)
            self._area_grid = dict(grid)
        return self._area_grid

    def regions(self) -> dict[tuple[str, str], list[int]]:
        """(country, admin1) -> indices of its places (made on first use)."""
        if self._regions is None:
            regions: dict[tuple[str, str], list[int]] = defaultdict(list)
            for i, place in enumerate(self.places):
                if place.admin1:
                    regions[(place.country, place.admin1)].append(i)
            self._regions = dict(regions)
        return self._regions

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
            weights.get("regional_centre", 0.0),
        )
        if signature not in self._static:
            _v, w_pop, w_twin, w_any, w_cap, w_centre = signature
            log1p = math.log1p
            values = [
                w_pop * lp + w_twin * log1p(tw) + (w_any if tw else 0.0) + w_cap * cap + w_centre * centre
                for lp, tw, cap, centre in zip(
                    self.log_population, self.twinned, self.capital, self.regional_centre, strict=True
                )
            ]
            if len(self._static) >= 4:
                self._static.clear()
            self._static[signature] = values
        return self._static[signature]

    def linked_in(self, country: str, links: Mapping[str, Collection[str]]) -> list[int]:
        """Indices of the country's places that are keys of `links` (tied now or once: a superset of those tied),
        kept while `links` holds the same keys (a network only ever adds keys)."""
        # The dict itself, not its id, so that a new network never passes for an old one.
        if self._linked is None or self._linked[0] is not links or self._linked[1] != len(links):
            by_country: dict[str, list[int]] = defaultdict(list)
            for key in links:
                i = self.index.get(key)
                if i is not None:
                    by_country[self.countries[i]].append(i)
            self._linked = (links, len(links), {c: sorted(v) for c, v in by_country.items()})
        return self._linked[2].get(country, [])


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

    def copy(self) -> Network:
        """An independent copy (linking or unlinking in it leaves this one as it is)."""
        return Network(
            links={k: set(v) for k, v in self.links.items()},
            country_of=dict(self.country_of),
            country_links={k: Counter(v) for k, v in self.country_links.items()},
            country_totals=Counter(self.country_totals),
            total=self.total,
            ties_with_country={k: Counter(v) for k, v in self.ties_with_country.items()},
        )


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
    nearby_area: dict[tuple[int, int], float] = field(default_factory=dict)  # area cell -> nearby_partners around it
    shared_country: dict[str, int] = field(default_factory=dict)
    ties_with_home_country: Mapping[str, int] = field(default_factory=dict)
    peer_affinity: dict[str, float] = field(default_factory=dict)
    default_peer_affinity: float = 0.0
    peer_partners: dict[str, float] = field(default_factory=dict)
    # place -> [(−likeness, peer)]: sorted into `peer_via` only when a reason asks (thousands of lists per home).
    peer_via_raw: dict[str, list[tuple[float, str]]] = field(default_factory=dict, repr=False)
    peer_regions: dict[tuple[str, str], float] = field(default_factory=dict)  # (country, admin1) -> likeness
    # (country, admin1) -> ties between the other places of our province or state and places there
    region_pairs: dict[tuple[str, str], int] = field(default_factory=dict)
    units_city: dict[str, int] = field(default_factory=dict)
    units_country: dict[str, int] = field(default_factory=dict)
    named: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    nearest_cache: tuple | None = field(default=None, repr=False, compare=False)
    vectors_cache: tuple | None = field(default=None, repr=False, compare=False)
    peer_via_cache: dict[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)

    @property
    def peer_via(self) -> Mapping[str, tuple[str, ...]]:
        """Place -> the cities of our country like ours twinned with it, the most alike first."""
        if self.peer_via_cache is None:
            self.peer_via_cache = {k: tuple(key for _w, key in sorted(v)) for k, v in self.peer_via_raw.items()}
        return self.peer_via_cache

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
    nearby_area: dict[tuple[int, int], float] = defaultdict(float)
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
                    row = table.index.get(m)
                    cell = table.area_cells[row] if row is not None else None
                    if cell is not None:
                        for dlat in (-1, 0, 1):
                            for dlon in (-1, 0, 1):
                                nearby_area[(cell[0] + dlat, cell[1] + dlon)] += weight
    peer_affinity, default_peer, peer_partners, peer_via = _peers(home, network, table, countries)
    peer_regions: dict[tuple[str, str], float] = defaultdict(float)
    if table is not None:
        for key, likeness in peer_partners.items():
            row = table.index.get(key)
            if row is not None and table.places[row].admin1:
                peer_regions[(table.countries[row], table.places[row].admin1)] += likeness
    region_pairs: Counter = Counter()
    if table is not None and home.admin1:
        for i in table.regions().get((home.country, home.admin1), ()):
            fellow = table.places[i].key
            if fellow == home.key:
                continue
            for m in network.links.get(fellow, ()):
                row = table.index.get(m)
                if m != home.key and row is not None and table.places[row].admin1:
                    region_pairs[(table.countries[row], table.places[row].admin1)] += 1
    return HomeContext(
        home=home,
        region_pairs=dict(region_pairs),
        peer_affinity=peer_affinity,
        default_peer_affinity=default_peer,
        peer_partners=peer_partners,
        peer_via_raw=peer_via,
        peer_regions=dict(peer_regions),
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
        nearby_area=dict(nearby_area),
        shared_country=dict(shared_country),
        ties_with_home_country=network.ties_with_country.get(home.country, Counter()),
        units_city=dict(units_city or {}),
        units_country=dict(units_country or {}),
        named=frozenset(named),
        excluded=frozenset(excluded) | partner_keys | {home.key},
    )


def _peers(
    home: Place, network: Network, table: PlaceTable | None, countries: Sequence[str]
) -> tuple[dict[str, float], float, dict[str, float], dict[str, list[tuple[float, str]]]]:
    """What cities of our country like ours (similar size, same province) are twinned with: the share of their
    ties in each country (log, smoothed) and, for each foreign place, the likeness summed over those it is twinned
    with, with the most alike first."""
    uniform = 1.0 / max(1, len(countries))
    if table is None or home.country not in table.slices:
        return {}, math.log(uniform), {}, {}
    home_lp = log_population(home.population)
    by_country: dict[str, float] = defaultdict(float)
    partners: dict[str, float] = defaultdict(float)
    via: dict[str, list[tuple[float, str]]] = defaultdict(list)
    links = network.links
    for i in table.linked_in(home.country, links):
        peer = table.places[i]
        others = links.get(peer.key)
        if not others or peer.key == home.key:
            continue
        likeness = math.exp(-abs(table.log_population[i] - home_lp) / PEER_SCALE)
        if home.admin1 and peer.admin1 == home.admin1:
            likeness *= PEER_SAME_PROVINCE
        share = likeness / len(others)
        for m in others:
            country = network.country_of.get(m, "")
            if country == home.country or m == home.key:
                continue
            by_country[country] += share
            partners[m] += likeness
            via[m].append((-likeness, peer.key))
    total = sum(by_country.values())
    smoothing = 0.02
    affinity = {c: math.log((by_country.get(c, 0.0) + smoothing * uniform) / (total + smoothing)) for c in by_country}
    return (
        affinity,
        math.log(smoothing * uniform / (total + smoothing)),
        dict(partners),
        dict(via),
    )


def partner_vectors(ctx: HomeContext) -> tuple[tuple[Place, tuple[float, float, float]], ...]:
    """Our partners with coordinates and their unit vectors, made once per context."""
    if ctx.vectors_cache is None:
        ctx.vectors_cache = tuple(
            (p, unit_vector(p.latitude, p.longitude))
            for p in ctx.partners
            if p.latitude is not None and p.longitude is not None
        )
    return ctx.vectors_cache


# Half the diagonal of a grid cell (1° by 1°) at the equator, in km, rounded up: no point of a cell is farther
# from its centre.
_HALF_CELL_KM = 80.0


def nearest_partners(ctx: HomeContext, table: PlaceTable, radius: float = PARTNER_RADIUS_KM) -> dict[int, float]:
    """Index -> km (chord) to the nearest of our partners, for the places within `radius` of one; computed once
    per context and table.

    By grid cell rather than by partner: for each cell of candidates, the partners that can be in reach, sorted
    by distance to the cell's centre, are tried nearest first and the search stops once no farther partner can
    beat the best found (a home with thousands of partners costs about a partner or two per candidate)."""
    cached = ctx.nearest_cache
    if cached is not None and cached[0] is table and cached[1] == table.version:
        return cached[2]
    cells: dict[tuple[int, int], set[tuple[float, float, float]]] = defaultdict(set)
    for partner, vector in partner_vectors(ctx):
        # A set: twins at the same point count once.
        cells[(math.floor(partner.latitude), math.floor(partner.longitude))].add(vector)  # type: ignore[arg-type]
    partner_cells = {cell: sorted(vectors) for cell, vectors in cells.items()}
    found: dict[int, float] = {}
    if partner_cells:
        # The candidate cells in reach of some partner cell.
        reach: set[tuple[int, int]] = set()
        for lat, lon in partner_cells:
            reach.update(_cells_near(lat + 0.5, lon + 0.5, radius + _HALF_CELL_KM))
        sqrt = math.sqrt
        reach_km = radius + 2 * _HALF_CELL_KM
        # From each partner cell to the candidate cells around it (a few hundred), rather than from each of the
        # thousands of candidate cells to the cells around it: the same partners within reach_km of a cell's
        # centre (the candidate cell's centre is within reach_km + _HALF_CELL_KM of the partner cell's).
        by_cell: dict[tuple[int, int], list[tuple[float, tuple[float, float, float]]]] = defaultdict(list)
        centres: dict[tuple[int, int], tuple[float, float, float]] = {}
        for (lat, lon), vectors_there in partner_cells.items():
            for cell in _cells_near(lat + 0.5, lon + 0.5, reach_km + _HALF_CELL_KM):
                if cell not in reach or cell not in table.grid:
                    continue
                centre = centres.get(cell)
                if centre is None:
                    centre = centres[cell] = unit_vector(cell[0] + 0.5, cell[1] + 0.5)
                cx, cy, cz = centre
                for v in vectors_there:
                    d = EARTH_RADIUS_KM * sqrt(max(0.0, 2.0 - 2.0 * (cx * v[0] + cy * v[1] + cz * v[2])))
                    if d <= reach_km:
                        by_cell[cell].append((d, v))
        for cell, candidates in by_cell.items():
            members = table.grid[cell]
            if not candidates:
                continue
            candidates.sort()
            vectors = table.vectors
            for i in members:
                x, y, z = vectors[i]
                best = radius
                for d, (px, py, pz) in candidates:
                    if d - _HALF_CELL_KM > best:
                        break
                    km = EARTH_RADIUS_KM * sqrt(max(0.0, 2.0 - 2.0 * (x * px + y * py + z * pz)))
                    if km < best:
                        best = km
                if best < radius:
                    found[i] = best
    ctx.nearest_cache = (table, table.version, found)
    return found


def _cells_near(latitude: float, longitude: float, km: float) -> Iterator[tuple[int, int]]:
    """The grid cells that can hold points within `km` of the point (a superset), as PlaceTable.near walks them."""
    lat_cells = int(km / 111.0) + 1
    cos_lat = max(0.05, math.cos(math.radians(min(89.0, abs(latitude) + lat_cells))))
    lon_cells = min(180, int(km / (111.0 * cos_lat)) + 1)
    lat0, lon0 = math.floor(latitude), math.floor(longitude)
    lons = {(lon0 + dlon + 180) % 360 - 180 for dlon in range(-lon_cells, lon_cells + 1)}
    for lon in lons:
        for lat in range(lat0 - lat_cells, lat0 + lat_cells + 1):
            yield (lat, lon)


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
        "peer_affinity": ctx.peer_affinity.get(country, ctx.default_peer_affinity),
        "peer_partners": math.log1p(ctx.peer_partners.get(place.key, 0.0)),
        "peer_region": math.log1p(ctx.peer_regions.get((country, place.admin1), 0.0)) if place.admin1 else 0.0,
        "regional_centre": table.regional_centre[i],
        "region_pair": math.log1p(ctx.region_pairs.get((country, place.admin1), 0)) if place.admin1 else 0.0,
        "nearby_area": math.log1p(ctx.nearby_area.get(cell, 0.0)) if (cell := table.area_cells[i]) else 0.0,
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
    i: int | None  # a place's row; where it is looked up by key, possibly missing
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
            + w("peer_affinity", 0.0) * ctx.peer_affinity.get(country, ctx.default_peer_affinity)
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
        for i, km in nearest_partners(ctx, table).items():
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
    w_region = w("peer_region", 0.0)
    if w_region and ctx.peer_regions:
        regions = table.regions()
        for region, value in ctx.peer_regions.items():
            term = w_region * log1p(value)
            for i in regions.get(region, ()):
                scores[i] += term
    w_area = w("nearby_area", 0.0)
    if w_area and ctx.nearby_area:
        grid = table.area_grid()
        for cell, value in ctx.nearby_area.items():
            term = w_area * log1p(value)
            for i in grid.get(cell, ()):
                scores[i] += term
    w_pair = w("region_pair", 0.0)
    if w_pair and ctx.region_pairs:
        regions = table.regions()
        for region, count in ctx.region_pairs.items():
            term = w_pair * log1p(count)
            for i in regions.get(region, ()):
                scores[i] += term
    w_peer = w("peer_partners", 0.0)
    if w_peer:
        for key, value in ctx.peer_partners.items():
            i = index.get(key)
            if i is not None:
                scores[i] += w_peer * log1p(value)
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
