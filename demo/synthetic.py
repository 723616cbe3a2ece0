"""Synthetic worlds for benchmarks: N entities, M ties, K events with realistic shapes, written in bulk.

Shapes (the parameters below are the knobs):
- entities: real GeoNames cities (the gazetteer shipped with the product) for localities, countries weighted by how
  often they appear in Chinese cities' twinning (Japan, Korea, the USA, Germany … first); firms, schools,
  organisations, consulates and people named after their city; a few percent domestic (our cities and units);
- ties: kinds by realistic shares (sister cities and friendly-exchange cities most), sources and targets drawn with
  Zipf-like weights so a few entities have many ties, mostly `signed`, signing dates spread over 40 years (recent
  years heavier), no self-ties, no duplicate (source, target, kind), end dates never before start dates;
- events: kinds by share, most with 1–3 participants, the partner drawn with Zipf-like weights so a few partners
  have thousands of events, dates over 27 years (recent heavier), person-times = the sum of the headcounts.

History: none is written. `bulk_create` skips simple-history's signals on purpose: this is synthetic benchmark data,
not anyone's writes, and a history row per row would double the database and the build time while measuring
nothing the benchmark is about. `Entity.search_text` is filled here because bulk_create skips `save()`.

Deterministic: the same arguments and seed build the same world (ids aside).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction

from contacts import gazetteer
from contacts.models import Entity
from contacts.search import entity_search_text
from events.models import Event, Participant
from relations.models import Relation, RelationStep

TODAY = dt.date(2026, 11, 27)

# How often a country's cities appear among the partners of Chinese cities (rough shares; others share the rest).
COUNTRY_WEIGHTS = {
    "JP": 14,
    "KR": 12,
    "US": 12,
    "DE": 6,
    "FR": 5,
    "GB": 4,
    "AU": 4,
    "IT": 3,
    "RU": 3,
    "CA": 3,
    "BR": 2,
    "ES": 2,
    "NZ": 2,
    "TH": 2,
    "VN": 2,
    "ID": 2,
    "MY": 2,
    "PH": 2,
    "PL": 2,
    "BE": 1.5,
    "NL": 1.5,
    "MX": 1.5,
    "AR": 1.2,
    "CL": 1.2,
    "ZA": 1.2,
    "EG": 1,
    "TR": 1,
    "IN": 1,
    "PK": 1,
    "KZ": 1,
    "UA": 1,
    "HU": 1,
    "CZ": 1,
    "AT": 1,
    "CH": 1,
    "SE": 1,
    "FI": 1,
    "DK": 1,
    "NO": 1,
    "PT": 1,
    "GR": 1,
    "IL": 0.8,
    "IR": 0.8,
    "MA": 0.8,
    "NG": 0.8,
    "KE": 0.8,
}
OTHER_COUNTRY_WEIGHT = 0.25

ENTITY_KIND_SHARES = {
    "city": 40,
    "district": 4,
    "county": 3,
    "province": 3,
    "consulate": 1.5,
    "embassy": 0.5,
    "enterprise": 14,
    "school": 9,
    "university": 4,
    "organisation": 8,
    "person": 13,
}
DOMESTIC_SHARE = 0.04
DOMESTIC_KIND_SHARES = {
    "district": 10,
    "county": 6,
    "school": 30,
    "university": 6,
    "enterprise": 25,
    "organisation": 13,
    "person": 10,
}
LOCALITY_KINDS = ("city", "district", "county", "province")

TIE_KIND_SHARES = {
    "sister_city": 30,
    "friendly_exchange": 20,
    "friendly_school": 12,
    "cooperation": 10,
    "friendly_district": 6,
    "friendly_enterprise": 5,
    "friendly_organisation": 5,
    "membership": 4,
    "position": 7,
    "introducer": 1,
}
TIE_STATUS_SHARES = {
    "signed": 70,
    "dormant": 7,
    "ended": 4,
    "upgraded": 1,
    "contact": 5,
    "intent": 5,
    "loi_signed": 3,
    "applied": 3,
    "approved": 2,
}
SIGNED_STATUSES = ("signed", "dormant", "ended", "upgraded")
# Which kinds of entity each tie kind joins: (our side, the partner); None: any entity.
TIE_ENDS: dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]] = {
    "sister_city": (("city", "county", "district"), LOCALITY_KINDS),
    "friendly_exchange": (("city", "county", "district"), LOCALITY_KINDS),
    "friendly_district": (("district", "county"), ("district", "county", "city")),
    "friendly_school": (("school", "university"), ("school", "university")),
    "friendly_enterprise": (("enterprise",), ("enterprise",)),
    "friendly_organisation": (("organisation",), ("organisation",)),
    "cooperation": (None, None),
    "membership": (("city", "county", "district", "organisation"), ("organisation",)),
    "position": (("person",), ("organisation", "enterprise", "city", "university", "consulate")),
    "introducer": (("person",), LOCALITY_KINDS),
}
# Ties between two foreign entities (partners of partners) among the partnership ties.
FOREIGN_PAIR_SHARE = 0.1

EVENT_KIND_SHARES = {
    "visit_in": 35,
    "visit_out": 20,
    "meeting": 10,
    "signing": 3,
    "anniversary": 2,
    "culture": 6,
    "education": 6,
    "sports": 2,
    "training": 2,
    "secondment": 1,
    "investment": 4,
    "conference": 4,
    "donation": 1,
    "correspondence": 3,
    "other": 1,
}
PARTICIPANT_COUNTS = {1: 45, 2: 35, 3: 12, 4: 4, 5: 2, 6: 1, 8: 1}
LEVEL_SHARES = {
    "ministerial": 3,
    "prefecture": 8,
    "vice_mayor_plus": 12,
    "consul_general": 6,
    "consular": 8,
    "executive": 10,
    "other": 53,
}
EVENT_STATUS_SHARES = {"held": 95, "planned": 4, "cancelled": 1}
ZIPF_PARTNERS = 1.05  # a few partners get thousands of events in a 200,000-event world
ZIPF_TIES = 0.9

SUFFIXES = {
    "enterprise": (
        "Trading Co.",
        "Logistics",
        "Industries",
        "Electronics",
        "Holdings",
        "Machinery",
        "Foods",
        "Textiles",
        "Shipping",
        "Auto Parts",
    ),
    "school": ("High School", "Middle School", "International School", "Secondary College", "Girls' High School"),
    "university": ("University", "Institute of Technology", "University of Foreign Studies", "Medical University"),
    "organisation": (
        "Chamber of Commerce",
        "Friendship Association",
        "Port Authority",
        "City Hospital",
        "Cultural Foundation",
        "Industry Association",
        "Sister Cities Committee",
    ),
    "district": ("Central District", "Port District", "North Ward", "East Ward"),
    "county": ("County",),
    "province": ("Prefecture", "Province", "Region"),
}
GIVEN = (
    "Anna",
    "Ben",
    "Chen",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hiroshi",
    "Ines",
    "Jun",
    "Kim",
    "Lucas",
    "Maria",
    "Nadia",
    "Omar",
    "Paul",
    "Rosa",
    "Sven",
    "Takeshi",
    "Uma",
    "Viktor",
    "Wei",
    "Yuki",
    "Zofia",
)
FAMILY = (
    "Anderson",
    "Becker",
    "Costa",
    "Dubois",
    "Ekström",
    "Fischer",
    "García",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lee",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Park",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Varga",
    "Wang",
    "Yilmaz",
    "Zhou",
)
TITLES = ("Mayor", "Deputy Mayor", "Consul-General", "Director", "President", "Chair", "Professor", "Councillor")
DOMESTIC_CITIES = ("Ningbo", "Hangzhou", "Wenzhou", "Shaoxing", "Jiaxing", "Huzhou", "Taizhou", "Jinhua")


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _picker(rng: random.Random, items: Sequence, weights: Sequence[float]) -> Callable[[], object]:
    """A fast weighted draw (bisect on cumulative weights) of one of `items`."""
    cumulative = _cumulative(weights)
    total = cumulative[-1]

    def pick():
        return items[bisect.bisect_right(cumulative, rng.random() * total)]

    return pick


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


def _recent_date(rng: random.Random, first_year: int, last: dt.date = TODAY, skew: float = 0.6) -> dt.date:
    """A date between 1 January of `first_year` and `last`, recent years more likely (random() ** skew)."""
    start = dt.date(first_year, 1, 1)
    span = (last - start).days
    return last - dt.timedelta(days=int(span * (1 - rng.random() ** skew)))


@dataclass
class WorldSize:
    entities: int
    ties: int
    events: int


@dataclass
class _Pools:
    """Entity ids by kind and side, each with Zipf-like weights (an entity's rank is fixed for the whole world)."""

    rng: random.Random
    kind: dict[int, str] = field(default_factory=dict)
    domestic: dict[int, bool] = field(default_factory=dict)
    rank: dict[int, int] = field(default_factory=dict)
    _pickers: dict = field(default_factory=dict)

    def add(self, entity: Entity) -> None:
        self.kind[entity.pk] = entity.kind
        self.domestic[entity.pk] = entity.domestic

    def finish(self) -> None:
        ids = list(self.kind)
        self.rng.shuffle(ids)
        # Our home cities first: most ties and events are theirs.
        ids.sort(key=lambda pk: not (self.domestic[pk] and self.kind[pk] == "city"))
        self.rank = {pk: rank for rank, pk in enumerate(ids, start=1)}

    def picker(self, *, domestic: bool | None, kinds: tuple[str, ...] | None, exponent: float):
        key = (domestic, kinds, exponent)
        if key not in self._pickers:
            ids = [
                pk
                for pk in self.kind
                if (domestic is None or self.domestic[pk] == domestic) and (kinds is None or self.kind[pk] in kinds)
            ]
            ids.sort(key=self.rank.__getitem__)
            self._pickers[key] = (
                _picker(self.rng, ids, [1.0 / self.rank[pk] ** exponent for pk in ids]) if ids else None
            )
        return self._pickers[key]


class WorldBuilder:
    """Builds one synthetic world; `progress(n)` is called as rows are written (for a progress bar)."""

    def __init__(
        self, size: WorldSize, *, seed: int = 1, batch_size: int = 2000, progress: Callable[[int], None] | None = None
    ):
        self.size, self.batch_size = size, batch_size
        self.rng = random.Random(seed)
        self.progress = progress or (lambda n: None)
        self.pools = _Pools(self.rng)
        self.entity_names: dict[int, str] = {}
        self.entity_country: dict[int, str] = {}
        self.ties_of: dict[int, list[int]] = {}

    # --- entities -------------------------------------------------------------------------------------------------
    def _city_stream(self):
        """Gazetteer cities, each country's in a population-weighted random order; endless (repeats when used up)."""
        by_country: dict[str, list] = {}
        for city in gazetteer.cities():
            by_country.setdefault(city.country, []).append(city)
        countries = sorted(by_country)
        pick_country = _picker(self.rng, countries, [COUNTRY_WEIGHTS.get(c, OTHER_COUNTRY_WEIGHT) for c in countries])
        orders: dict[str, list] = {}

        def next_city():
            country = pick_country()
            if not orders.get(country):
                cities = by_country[country]
                # Weighted order without replacement (Efraimidis–Spirakis keys): big cities tend to come first.
                keyed = sorted(
                    cities, key=lambda c: self.rng.random() ** (1.0 / max(c.population, 1) ** 0.5), reverse=True
                )
                orders[country] = keyed
            return orders[country].pop(0)

        return next_city

    def build_entities(self) -> None:
        total = self.size.entities
        homes = max(1, total // 5000)
        domestic = max(homes, int(total * DOMESTIC_SHARE))
        next_city = self._city_stream()
        china = sorted((c for c in gazetteer.cities() if c.country == "CN"), key=lambda c: -c.population)
        home_cities = [
            next((c for c in china if c.name == name), china[i])
            for i, name in zip(range(homes), itertools.cycle(DOMESTIC_CITIES), strict=False)
        ]
        pick_kind = _picker(self.rng, list(ENTITY_KIND_SHARES), list(ENTITY_KIND_SHARES.values()))
        pick_domestic_kind = _picker(self.rng, list(DOMESTIC_KIND_SHARES), list(DOMESTIC_KIND_SHARES.values()))

        # Localities first (others point at them as their parent), then everything else.
        plan: list[tuple[str, bool]] = [("city", True)] * homes
        plan += [(pick_domestic_kind(), True) for _ in range(domestic - homes)]
        plan += [(pick_kind(), False) for _ in range(total - domestic)]
        plan.sort(key=lambda item: item[0] not in LOCALITY_KINDS)
        cities_by_country: dict[str, list[Entity]] = {}
        home_entities: list[Entity] = []
        batch: list[Entity] = []
        for index, (kind, is_domestic) in enumerate(plan):
            if is_domestic:
                city = home_cities[index % len(home_cities)] if kind == "city" else None
                entity = self._domestic_entity(kind, city, home_entities)
            else:
                entity = self._foreign_entity(kind, next_city(), cities_by_country)
            entity.search_text = entity_search_text(entity)
            batch.append(entity)
            # Flush at the end of the home cities and of the localities too: later rows take them as parents.
            if (
                len(batch) >= self.batch_size
                or index in (homes - 1, len(plan) - 1)
                or (kind in LOCALITY_KINDS and plan[min(index + 1, len(plan) - 1)][0] not in LOCALITY_KINDS)
            ):
                self._flush_entities(batch, cities_by_country, home_entities)
                batch = []
        self.pools.finish()

    def _flush_entities(self, batch: list[Entity], cities_by_country: dict, home_entities: list) -> None:
        Entity.objects.bulk_create(batch, batch_size=self.batch_size)
        for entity in batch:
            self.pools.add(entity)
            self.entity_names[entity.pk] = entity.name
            self.entity_country[entity.pk] = entity.country
            if entity.kind == "city":
                if entity.domestic:
                    home_entities.append(entity)
                else:
                    cities_by_country.setdefault(str(entity.country), []).append(entity)
        self.progress(len(batch))

    def _foreign_entity(self, kind: str, city, cities_by_country: dict) -> Entity:
        country = city.country
        parents = cities_by_country.get(country)
        parent = self.rng.choice(parents) if parents and kind not in LOCALITY_KINDS else None
        base = parent.name if parent else city.name
        common = {"kind": kind, "country": country, "domestic": False}
        if kind == "city":
            return Entity(
                name=city.name,
                name_zh=city.name_zh,
                name_en=city.name,
                latitude=city.latitude,
                longitude=city.longitude,
                population=city.population,
                geonameid=city.geonameid,
                **common,
            )
        if kind in ("district", "county", "province"):
            return Entity(
                name=f"{city.name} {self.rng.choice(SUFFIXES[kind])}",
                latitude=city.latitude,
                longitude=city.longitude,
                population=city.population * self.rng.randint(1, 5),
                **common,
            )
        if kind == "person":
            name = f"{self.rng.choice(GIVEN)} {self.rng.choice(FAMILY)}"
            return Entity(name=name, name_en=name, title=self.rng.choice(TITLES), parent=parent, **common)
        if kind == "consulate":
            place = self.rng.choice(("Shanghai", "Guangzhou", "Chengdu", "Shenyang", "Wuhan"))
            return Entity(name=f"Consulate General of {country} in {place}", **common)
        if kind == "embassy":
            return Entity(name=f"Embassy of {country} in China", **common)
        return Entity(name=f"{base} {self.rng.choice(SUFFIXES[kind])}", parent=parent, **common)

    def _domestic_entity(self, kind: str, city, home_entities: list) -> Entity:
        common = {"kind": kind, "country": "CN", "domestic": True}
        if kind == "city":
            return Entity(
                name=city.name_zh or city.name,
                name_zh=city.name_zh,
                name_en=city.name,
                latitude=city.latitude,
                longitude=city.longitude,
                population=city.population,
                geonameid=city.geonameid,
                **common,
            )
        parent = self.rng.choice(home_entities) if home_entities else None
        base = parent.name_en if parent else "Ningbo"
        if kind == "person":
            name = f"{self.rng.choice(FAMILY)} {self.rng.choice(GIVEN)}"
            return Entity(name=name, name_en=name, title="Director", parent=parent, **common)
        return Entity(name=f"{base} {self.rng.choice(SUFFIXES[kind])}", parent=parent, **common)

    # --- ties -----------------------------------------------------------------------------------------------------
    def build_ties(self) -> None:
        pick_kind = _picker(self.rng, list(TIE_KIND_SHARES), list(TIE_KIND_SHARES.values()))
        pick_status = _picker(self.rng, list(TIE_STATUS_SHARES), list(TIE_STATUS_SHARES.values()))
        any_entity = self.pools.picker(domestic=None, kinds=None, exponent=ZIPF_TIES)
        seen: set[tuple[int, int, str]] = set()
        relations: list[Relation] = []
        for number in range(self.size.ties):
            kind = pick_kind()
            for _attempt in range(50):
                source, target = self._tie_ends(kind, any_entity)
                if source != target and (source, target, kind) not in seen:
                    break
            else:  # a tiny world: any free pair
                source, target = self._free_pair(kind, seen)
            seen.add((source, target, kind))
            relations.append(self._relation(kind, source, target, pick_status))
            if len(relations) >= self.batch_size or number == self.size.ties - 1:
                self._flush_ties(relations)
                relations = []

    def _tie_ends(self, kind: str, any_entity) -> tuple[int, int]:
        ours, theirs = TIE_ENDS[kind]
        foreign_pair = kind not in ("position", "introducer") and self.rng.random() < FOREIGN_PAIR_SHARE
        source_pick = self.pools.picker(
            domestic=None if kind in ("position", "introducer") else (False if foreign_pair else True),
            kinds=ours,
            exponent=ZIPF_TIES,
        )
        target_pick = self.pools.picker(
            domestic=None if kind == "position" else False, kinds=theirs, exponent=ZIPF_TIES
        )
        return (source_pick or any_entity)(), (target_pick or any_entity)()

    def _free_pair(self, kind: str, seen: set) -> tuple[int, int]:
        ids = list(self.pools.kind)
        for source in ids:
            for target in ids:
                if source != target and (source, target, kind) not in seen:
                    return source, target
        raise ValueError("The world is too small for this many ties.")

    def _relation(self, kind: str, source: int, target: int, pick_status) -> Relation:
        status = pick_status()
        if kind in ("position", "introducer"):
            status = "ended" if self.rng.random() < 0.2 else "signed"
        relation = Relation(kind=kind, source_id=source, target_id=target, status=status)
        if status in SIGNED_STATUSES:
            signed = _recent_date(self.rng, 1986)
            relation.established_on = signed
            relation.status_since = signed
            if status != "signed":
                relation.status_since = min(TODAY, signed + dt.timedelta(days=self.rng.randint(200, 4000)))
            if status == "ended":
                relation.end_date = relation.status_since
        else:
            relation.status_since = _recent_date(self.rng, 2019, skew=0.8)
        if kind == "position":
            relation.title = self.rng.choice(TITLES)
            relation.start_date = relation.established_on
        return relation

    def _flush_ties(self, relations: list[Relation]) -> None:
        Relation.objects.bulk_create(relations, batch_size=self.batch_size)
        steps = [
            RelationStep(
                relation_id=r.pk, from_status="", to_status=r.status, date=r.status_since, note="Synthetic world."
            )
            for r in relations
        ]
        RelationStep.objects.bulk_create(steps, batch_size=self.batch_size)
        for relation in relations:
            self.ties_of.setdefault(relation.target_id, []).append(relation.pk)
            self.ties_of.setdefault(relation.source_id, []).append(relation.pk)
        self.progress(len(relations))

    # --- events ---------------------------------------------------------------------------------------------------
    def build_events(self) -> None:
        rng = self.rng
        pick_kind = _picker(rng, list(EVENT_KIND_SHARES), list(EVENT_KIND_SHARES.values()))
        pick_count = _picker(rng, list(PARTICIPANT_COUNTS), list(PARTICIPANT_COUNTS.values()))
        pick_level = _picker(rng, list(LEVEL_SHARES), list(LEVEL_SHARES.values()))
        pick_status = _picker(rng, list(EVENT_STATUS_SHARES), list(EVENT_STATUS_SHARES.values()))
        pick_partner = self.pools.picker(domestic=False, kinds=None, exponent=ZIPF_PARTNERS) or self.pools.picker(
            domestic=None, kinds=None, exponent=ZIPF_PARTNERS
        )
        pick_ours = self.pools.picker(domestic=True, kinds=None, exponent=1.0) or self.pools.picker(
            domestic=None, kinds=None, exponent=1.0
        )
        remaining = self.size.events
        while remaining:
            chunk = min(self.batch_size, remaining)
            remaining -= chunk
            rows = []
            for _ in range(chunk):
                kind = pick_kind()
                # An outbound visit always lists our delegation (its person-times) beside the partner hosting it.
                count = max(pick_count(), 2) if kind == "visit_out" else pick_count()
                rows.append(self._event(kind, count, pick_level, pick_status(), pick_partner, pick_ours))
            with transaction.atomic():
                events = Event.objects.bulk_create([event for event, _parts, _tie in rows], batch_size=chunk)
                participants, links = [], []
                through = Event.relations.through
                for event, (_e, parts, tie) in zip(events, rows, strict=True):
                    participants += [
                        Participant(event_id=event.pk, entity_id=pk, role=role, headcount=n) for pk, role, n in parts
                    ]
                    if tie is not None:
                        links.append(through(event_id=event.pk, relation_id=tie))
                Participant.objects.bulk_create(participants, batch_size=self.batch_size)
                through.objects.bulk_create(links, batch_size=self.batch_size)
            self.progress(chunk)

    def _event(self, kind, count, pick_level, status, pick_partner, pick_ours):
        rng = self.rng
        partner = pick_partner()
        parts: dict[tuple[int, str], int] = {}
        guests_role, our_role = ("guest", "host") if kind != "visit_out" else ("host", "delegation")
        people = 1 + min(int(rng.lognormvariate(1.8, 0.8)), 199)
        parts[(partner, guests_role)] = people if kind != "visit_out" else 0
        if count >= 2:
            ours = pick_ours()
            parts.setdefault((ours, our_role), people if kind == "visit_out" else 0)
        for _ in range(count - 2):
            other = pick_partner()
            parts.setdefault((other, guests_role), 1 + int(rng.lognormvariate(1.0, 0.7)))
        if status == "planned":
            start = TODAY + dt.timedelta(days=rng.randint(1, 540))
        else:
            start = _recent_date(rng, 2000, last=TODAY - dt.timedelta(days=1), skew=0.5)
        name = self.entity_names[partner]
        title = {"visit_in": f"Delegation from {name}", "visit_out": f"Delegation to {name}"}.get(
            kind, f"{kind.replace('_', ' ').capitalize()} with {name}"
        )
        participants = [(pk, role, n) for (pk, role), n in parts.items()]
        event = Event(
            kind=kind,
            status=status,
            title=title,
            start_date=start,
            end_date=start + dt.timedelta(days=rng.choice((0, 0, 1, 2, 3, 5))),
            location=name if kind == "visit_out" else "",
            headcount=sum(n for _pk, _r, n in participants),
            level=pick_level() if kind in ("visit_in", "visit_out", "meeting") else "",
        )
        ties = self.ties_of.get(partner)
        tie = rng.choice(ties) if ties and rng.random() < 0.6 else None
        return event, participants, tie

    def build(self) -> None:
        self.build_entities()
        self.build_ties()
        self.build_events()


def world_generate(
    *,
    entities: int,
    ties: int,
    events: int,
    seed: int = 1,
    batch_size: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> WorldSize:
    """Write a synthetic world into the default database (bulk inserts, no history); returns what was written."""
    if entities < 2 and (ties or events):
        raise ValueError("A world with ties or events needs at least two entities.")
    if min(entities, ties, events) < 0:
        raise ValueError("Counts cannot be negative.")
    size = WorldSize(entities=entities, ties=ties, events=events)
    WorldBuilder(size, seed=seed, batch_size=batch_size, progress=progress).build()
    return size
