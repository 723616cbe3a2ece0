"""The kinds of suggestion (pure): one function per kind, computed by `suggest()` from a `World` of plain rows.

The kinds are listed once, in `KINDS` (their order is the order of the page's groups and breaks ties in the
ranking). Each kind mints its suggestions' keys with the `*_key()` functions below, and `key_parse()` reads them
back: the grammar of a key lives here and nowhere else. Nothing here touches the database: `world.py` loads the
rows, these functions only read them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contacts.territories import home_countries, is_openable
from core.figures import approximate, grouped
from core.geo import arc_km
from relations.anniversaries import add_months, chain_first_dates, is_milestone, upcoming
from relations.choices import (
    CLOSED_STATUSES,
    LIVE_SIGNED_STATUSES,
    PARTNERSHIP_KINDS,
    PlanTier,
    RelationKind,
    RelationStatus,
)
from relations.expansion import hygiene
from relations.expansion.layout import RuleFact, TieFact, country_tiers, gap, rules_in_order, tally_by_country
from relations.expansion.scoring import (
    NEARBY_KM,
    PARTNER_RADIUS_KM,
    HomeContext,
    Network,
    Place,
    PlaceTable,
    best_places,
    chord_km,
    home_context,
    nearest_partners,
    network_build,
    partner_vectors,
    score_all,
    unit_vector,
    weights_for,
)

# The kinds, once: the API accepts these, the page groups by them in this order, and ties in score break by it.
KINDS = ("gap", "reference", "radiate", "deepen", "anniversary", "dormant", "upgrade")
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
GAP_CITIES_PER_COUNTRY = 5  # the default of World.per_country (settings CRM_SUGGESTIONS_PER_COUNTRY)
# A focus or expand rule on a region wants ties across its member countries: each member without a live tie is
# a gap of its own, even when the region's count is met (at most this many such countries per rule).
SPREAD_TIERS = (PlanTier.FOCUS, PlanTier.EXPAND)
SPREAD_COUNTRIES = 12
GAP_CITIES_PER_REGION = 5
GAP_COUNTRIES_PER_REGION = 3
RADIATE_CITIES = 10
RADIATE_COUNTRIES = 5


# --- the keys ------------------------------------------------------------------------------------------------------
# A suggestion's key names what it is about, stably across days, so that a dismissal hides it and accept finds it:
# city:<geonameid>, entity:<id>, country:<CC> (gap, radiate), deepen:<entity>, anniversary:<tie>:<date>,
# dormant:<tie>, stalled:<tie>:<status> (a dormant suggestion about a stalled tie), upgrade:<tie>.


def city_key(geonameid: int) -> str:
    return f"city:{geonameid}"


def entity_key(entity_id: int) -> str:
    return f"entity:{entity_id}"


def country_key(code: str) -> str:
    return f"country:{code}"


def deepen_key(entity_id: int) -> str:
    return f"deepen:{entity_id}"


def anniversary_key(tie_id: int, on: date) -> str:
    return f"anniversary:{tie_id}:{on.isoformat()}"


def dormant_key(tie_id: int) -> str:
    return f"dormant:{tie_id}"


def stalled_key(tie_id: int, status: str) -> str:
    return f"stalled:{tie_id}:{status}"


def upgrade_key(tie_id: int) -> str:
    return f"upgrade:{tie_id}"


KEY_PATTERN = re.compile(
    r"^(city:\d+|entity:\d+|country:[A-Z]{2}|deepen:\d+|anniversary:\d+:\d{4}-\d{2}-\d{2}"
    r"|dormant:\d+|stalled:\d+:[a-z_]+|upgrade:\d+)$"
)
# The kind a key's prefix belongs to, where the prefix alone says it (a place or country may be a gap or radiate).
KEY_KINDS = {
    "deepen": "deepen",
    "anniversary": "anniversary",
    "dormant": "dormant",
    "stalled": "dormant",
    "upgrade": "upgrade",
}


@dataclass(frozen=True, slots=True)
class Key:
    """A suggestion key read back: its prefix and the id, code or tie it names (and the date or status after)."""

    prefix: str
    ref: str
    extra: str = ""

    @property
    def id(self) -> int:
        """The number the key names: a geonameid, an entity or a tie (not for a country key)."""
        return int(self.ref)

    @property
    def kind(self) -> str:
        return KEY_KINDS.get(self.prefix, "")


def key_parse(key: str) -> Key:
    """Read a key; a string that is not one is a ValidationError on `key` (the API's and the forms' 400)."""
    from django.core.exceptions import ValidationError

    key = (key or "").strip()
    if not KEY_PATTERN.match(key):
        raise ValidationError({"key": _("“%(key)s” is not a suggestion key.") % {"key": key}})
    prefix, _sep, rest = key.partition(":")
    ref, _sep, extra = rest.partition(":")
    return Key(prefix=prefix, ref=ref, extra=extra)


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


def our_side(home_id: int, domestic_parents: Mapping[int, int | None]) -> frozenset[int]:
    """The one rule for "the home and its units": the home and every domestic entity below it through `parent`
    (districts, their schools, our firms). `domestic_parents` maps each domestic entity to its parent."""
    from relations.graph import descendants

    return frozenset({home_id, *descendants(domestic_parents, home_id)})


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
    # Sensitive destinations (settings CRM_AVOID_COUNTRIES, CRM_SENSITIVE_BORDERS): countries never proposed, and
    # borders across which a partner country's neighbour is not proposed.
    avoid: frozenset[str] = frozenset()
    sensitive_borders: frozenset[frozenset[str]] = frozenset()
    per_country: int = GAP_CITIES_PER_COUNTRY  # candidate cities shown per country

    @property
    def home(self) -> EntityRow:
        return self.entities[self.home_id]

    @cached_property
    def ours(self) -> frozenset[int]:
        """The home and its units: our side, worked out once per World (the rule of `our_side`)."""
        return our_side(self.home_id, {e.id: e.parent_id for e in self.entities.values() if e.domestic})

    @cached_property
    def our_ties(self) -> list[tuple[TieRow, int, EntityRow]]:
        """(tie, our side, partner) for each tie between one of ours and a partner outside our side."""
        rows = []
        for tie in self.ties:
            for mine, other in ((tie.source, tie.target), (tie.target, tie.source)):
                partner = self.entities.get(other)
                if mine in self.ours and partner is not None and not partner.domestic:
                    rows.append((tie, mine, partner))
                    break
        return rows


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
        """JSON-ready, with each subject's `display_name` in the active language (the map shows it as is)."""
        data = {
            "kind": self.kind,
            "key": self.key,
            "subject": named_subject(self.subject),
            "score": round(self.score, 2),
            "reasons": self.reasons,
            "actions": self.actions,
            "relation": self.relation,
            "date": self.date.isoformat() if self.date else None,
        }
        if self.subject.get("type") == "country":
            data["candidates"] = [named_subject(c) for c in self.candidates]
        return data


def named_subject(subject: dict) -> dict:
    """The subject with its `display_name`: in the Chinese interface the Chinese name before the local one, so
    that a reader can match either; elsewhere the name (the rule map.js used to apply itself)."""
    from contacts.naming import is_chinese

    name, name_zh = subject.get("name") or "", subject.get("name_zh") or ""
    shown = f"{name_zh} {name}" if is_chinese() and name_zh and name_zh != name else name
    return {**subject, "display_name": shown}


# --- formatting helpers --------------------------------------------------------------------------------------------


def _number(value: float | int) -> str:
    return grouped(value)


def _km(value: float) -> str:
    return _number(round(value))


_DATES: dict[tuple[date, str], str] = {}


def _date(value: date) -> str:
    # A home with thousands of ties formats the same few thousand dates in every sentence: once per language.
    from django.utils.translation import get_language

    key = (value, get_language() or "")
    text = _DATES.get(key)
    if text is None:
        if len(_DATES) > 50_000:
            _DATES.clear()
        text = _DATES[key] = formats.date_format(value)
    return text


# The reference lists' codes (scripts/build_reference_ties.py) as readers name them.
REFERENCE_SOURCES = {"wikipedia": gettext_lazy("Wikipedia"), "wikidata": gettext_lazy("Wikidata")}


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
    peers = ctx.peer_via.get(place.key, ())
    if peers:
        names = [_place_name(places_by_key[k]) for k in peers[:3] if k in places_by_key]
        reasons.append(
            ngettext(
                "Twinned with %(count)s city of %(country)s like ours (in size or province): %(cities)s.",
                "Twinned with %(count)s cities of %(country)s like ours (in size or province): %(cities)s.",
                len(peers),
            )
            % {"count": _number(len(peers)), "country": country_name(ctx.home.country), "cities": _join(names)}
        )
    region_ties = ctx.peer_regions.get((country, place.admin1), 0.0) if place.admin1 else 0.0
    if region_ties >= 1.0 and not peers:
        reasons.append(
            _("Cities of %(country)s like ours already have partners in its province or state.")
            % {"country": country_name(ctx.home.country)}
        )
    pair_ties = ctx.region_pairs.get((country, place.admin1), 0) if place.admin1 else 0
    if pair_ties:
        reasons.append(
            ngettext(
                "Places of our province or state already have %(count)s tie with its province or state.",
                "Places of our province or state already have %(count)s ties with its province or state.",
                pair_ties,
            )
            % {"count": _number(pair_ties)}
        )
    with_ours = ctx.ties_with_home_country.get(place.key, 0)
    if with_ours and not peers:
        reasons.append(
            ngettext(
                "Open to %(country)s: already twinned with %(count)s city there.",
                "Open to %(country)s: already twinned with %(count)s cities there.",
                with_ours,
            )
            % {"count": _number(with_ours), "country": country_name(ctx.home.country)}
        )
    nearby = ctx.nearby_via.get(place.key, ())
    if nearby:
        names = [_place_name(places_by_key[k]) for k in nearby[:3] if k in places_by_key]
        reasons.append(
            _("Partner of %(places)s, within %(km)s km of us.") % {"places": _join(names), "km": _km(NEARBY_KM)}
        )
    elif (cell := table.area_cells[i]) is not None and ctx.nearby_area.get(cell, 0.0) > 0:
        reasons.append(_("Near the partners of places within %(km)s km of us.") % {"km": _km(NEARBY_KM)})
    if table.has_coordinates[i] and ctx.partners and i in nearest_partners(ctx, table):
        vector = table.vectors[i]
        # The chord first (cheap, and never longer than the arc), the great circle only for the partners in reach.
        near = [
            (arc_km(vector, v), p.key, p) for p, v in partner_vectors(ctx) if chord_km(vector, v) < PARTNER_RADIUS_KM
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
                % {"country": country_name(country), "population": approximate(place.population)}
            )
        elif place.population >= 1_000_000:
            reasons.append(
                _("A major city: population %(population)s.") % {"population": approximate(place.population)}
            )
        elif table.regional_centre[i]:
            reasons.append(
                _("The largest city of its province or state: population %(population)s.")
                % {"population": approximate(place.population)}
            )
        if ctx.home.population and abs(table.log_population[i] - ctx.home_log_population) <= 0.3:
            reasons.append(
                _("Similar in size to us: population %(population)s against our %(home)s.")
                % {
                    "population": approximate(place.population, about=False),
                    "home": approximate(ctx.home.population, about=False),
                }
            )
    if table.has_coordinates[i] and ctx.home.latitude is not None and ctx.home.longitude is not None:
        # On the great circle: the straight chord the scoring ranks by is 14 % short at 12,000 km.
        reasons.append(_("%(km)s km from us.") % {"km": _km(arc_km(ctx.home_vector, table.vectors[i]))})
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
    # The home's partners in the reference network that are not on file with it: key -> (place, sources).
    reference_partners: dict[str, tuple[Place, str]] = field(default_factory=dict)


def _entity_place(row: EntityRow, city=None) -> Place:
    latitude = row.latitude if row.latitude is not None else (city.latitude if city else None)
    longitude = row.longitude if row.longitude is not None else (city.longitude if city else None)
    population = row.population or (hygiene.population(city.geonameid, city.population) if city else None)
    return Place(
        key=entity_key(row.id),
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
        admin1=getattr(city, "admin1", "") or "",
    )


def _city_place(city) -> Place:
    return Place(
        key=city_key(city.geonameid),
        name=city.name,
        name_zh=city.name_zh,
        country=city.country,
        latitude=city.latitude,
        longitude=city.longitude,
        population=hygiene.population(city.geonameid, city.population),
        capital=city.capital,
        geonameid=city.geonameid,
        admin1=getattr(city, "admin1", "") or "",
    )


# The gazetteer's cities as Places with their unit vectors, made once per process for each list of cities (the
# gazetteer hands out the same tuple every time); a small dict rather than lru_cache, as lists are not hashable.
_GAZETTEER_PLACES: dict[int, tuple[object, dict[int, Place], dict[str, tuple[float, float, float]]]] = {}


def gazetteer_places(cities: Sequence) -> tuple[dict[int, Place], dict[str, tuple[float, float, float]]]:
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


def _reference_key(geonameid: int, filed_geonameids: Mapping[int, int]) -> str:
    """A reference tie's end as a place key: the entity on file for that city, else the gazetteer city."""
    filed = filed_geonameids.get(geonameid)
    return entity_key(filed) if filed is not None else city_key(geonameid)


_REFERENCE_NETWORKS: dict[tuple, tuple[object, Network]] = {}


def _reference_network(
    reference_ties: tuple, filed_geonameids: Mapping[int, int], entities: Mapping[int, EntityRow]
) -> Network:
    """A copy of the reference network's ties between place keys (a city on file stands for its gazetteer city),
    built once per process for each list and each set of cities on file (and their countries)."""
    filed = tuple(sorted((gid, eid, entities[eid].country) for gid, eid in filed_geonameids.items()))
    key = (id(reference_ties), filed)
    hit = _REFERENCE_NETWORKS.get(key)
    if hit is not None and hit[0] is reference_ties:
        return hit[1].copy()
    # A filed city's key takes its entity's country, as for every entity.
    country_of = {entity_key(eid): country for _gid, eid, country in filed}
    edges = []
    for t in reference_ties:
        a, b = _reference_key(t.a, filed_geonameids), _reference_key(t.b, filed_geonameids)
        country_of.setdefault(a, t.a_country)
        country_of.setdefault(b, t.b_country)
        edges.append((a, b))
    network = network_build(edges, country_of)
    if len(_REFERENCE_NETWORKS) >= 4:
        _REFERENCE_NETWORKS.clear()
    _REFERENCE_NETWORKS[key] = (reference_ties, network)
    return network.copy()


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
    weights: Mapping[str, float] | None = None,
    reference_ties: Iterable = (),
) -> Scene:
    """The candidate table (gazetteer cities, with places on file in their stead), the network of ties between
    places (those on file and the reference network's), and the home's context: pure, from the World's rows."""
    entities = world.entities
    home = world.home
    ours = set(world.ours)
    cities = cities if isinstance(cities, tuple) else tuple(cities)
    city_places, vectors = gazetteer_places(cities)
    by_geonameid = {c.geonameid: c for c in cities}

    key_of = entity_key

    # Places on file replace their gazetteer city; our own side is never a candidate.
    filed_geonameids: dict[int, int] = {}
    places: list[Place] = []
    for row in sorted(entities.values(), key=lambda e: e.id):
        if row.geonameid is not None and row.kind in LOCALITY_CANDIDATE_KINDS:
            filed_geonameids.setdefault(row.geonameid, row.id)
        if row.kind in LOCALITY_CANDIDATE_KINDS and not row.domestic and not row.archived:
            places.append(_entity_place(row, by_geonameid.get(row.geonameid)))
    # Only places that can be partners: no sections of a city, suburbs or neighbourhoods (relations.expansion.hygiene).
    reference_ties = reference_ties if isinstance(reference_ties, tuple) else tuple(reference_ties)
    sections = hygiene.not_partners_cached(cities, reference_ties)
    places.extend(
        place
        for geonameid, place in city_places.items()
        if geonameid not in filed_geonameids and geonameid not in sections
    )
    # The plan's named targets, including a place the gazetteer lacks (a county, a small town).
    named: set[str] = set()
    if world.plan is not None:
        known = {p.key for p in places}
        for target in world.plan.targets:
            if target.entity_id is not None:
                named.add(key_of(target.entity_id))
            elif target.geonameid is not None:
                filed = filed_geonameids.get(target.geonameid)
                key = key_of(filed) if filed is not None else city_key(target.geonameid)
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
    # The network of places: the reference network's ties (built once per process for each list and each set of
    # its places on file) and the partnership ties whose both ends are places on file.
    place_ids = {e.id for e in entities.values() if e.kind in LOCALITY_CANDIDATE_KINDS or e.kind == "province"}
    country_of = {key_of(e.id): e.country for e in entities.values()}
    home_key = key_of(home.id)
    network = _reference_network(reference_ties, filed_geonameids, entities)
    network.country_of.update(country_of)
    for t in live:
        if t.kind in PARTNERSHIP_KINDS and t.source in place_ids and t.target in place_ids:
            network.link(key_of(t.source), key_of(t.target))
    home_reference: list[tuple[str, object, int]] = []  # (partner's key, the tie, which end is the partner)
    # The home stands in the reference network where it is the city on file for a geonameid.
    home_geonameids = {gid for gid, eid in filed_geonameids.items() if eid == home.id}
    for t in reference_ties if home_geonameids else ():
        if t.a not in home_geonameids and t.b not in home_geonameids:
            continue
        ends = [_reference_key(t.a, filed_geonameids), _reference_key(t.b, filed_geonameids)]
        if ends[0] != ends[1]:
            end = 1 if ends[0] == home_key else 0
            home_reference.append((ends[end], t, end))
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
    reference_partners: dict[str, tuple[Place, str]] = {}
    for key, tie, end in home_reference:
        if key in excluded and key not in places_by_key:
            continue
        entity_id = int(key.split(":")[1]) if key.startswith("entity:") else None
        if entity_id is not None and (entity_id in touched or entity_id in ours or entities[entity_id].domestic):
            continue  # on file with us already (or one of ours)
        place = places_by_key.get(key) or Place(
            key=key,
            name=tie.b_name if end else tie.a_name,
            country=tie.b_country if end else tie.a_country,
            geonameid=tie.b if end else tie.a,
        )
        reference_partners[key] = (place, tie.sources)
    return Scene(
        reference_partners=reference_partners,
        table=table,
        ctx=ctx,
        scores=score_all(ctx, table, weights if weights is not None else weights_for(home_place.country)),
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

    # Our own country (China with Hong Kong, Macao and Taiwan for a Chinese home) and the avoided ones.
    closed = home_countries(home_country) | world.avoid

    def keep(i: int) -> bool:
        place = places[i]
        return (
            place.key not in excluded
            and place.key not in used
            and place.key not in world.dismissed
            and place.country not in closed
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
    avoided = {c for c, (rule, _via) in tiers.items() if rule.tier == PlanTier.AVOID} | world.avoid
    ours = home_countries(home_country)
    # A country whose own rule is met is not where a region's gap is filled: the more specific rule wins.
    settled = {r.country for r in plan.rules if r.country and not gap(r, scene.live_by_country.get(r.country, 0))}
    for rule in rules_in_order(plan.rules):
        scope = list(world.members.get(rule.region, ())) if rule.region else [rule.country]
        live = sum(scene.live_by_country.get(c, 0) for c in set(scope))
        missing = gap(rule, live)
        countries = [c for c in scope if c not in avoided and c not in ours and (not rule.region or c not in settled)]
        # The spread rule: the member countries of a focus or expand region without a live tie.
        unspread = (
            [c for c in countries if not scene.live_by_country.get(c) and is_openable(c)]
            if rule.region and rule.tier in SPREAD_TIERS
            else []
        )
        if not missing and not unspread:
            continue
        base = TIER_BASE.get(rule.tier, 50.0) + min(5, max(missing, 1))
        area = _area_name(world, rule)
        if missing:
            wanted_text = _(
                "“%(area)s” is marked “%(tier)s” in the plan “%(plan)s”: live ties wanted %(wanted)s, on file %(live)s."
            ) % {
                "area": area,
                "tier": _tier_label(rule.tier),
                "plan": plan.name,
                "wanted": _number(live + missing),
                "live": _number(live),
            }
        else:
            wanted_text = ngettext(
                "“%(area)s” is marked “%(tier)s” in the plan “%(plan)s”: ties wanted across its countries, and "
                "%(count)s member country has none.",
                "“%(area)s” is marked “%(tier)s” in the plan “%(plan)s”: ties wanted across its countries, and "
                "%(count)s member countries have none.",
                len(unspread),
            ) % {"area": area, "tier": _tier_label(rule.tier), "plan": plan.name, "count": _number(len(unspread))}
            countries = unspread
        picks = best_places(
            scores,
            table,
            limit=GAP_CITIES_PER_REGION if rule.region else world.per_country,
            countries=countries,
            keep=keep,
        )
        blank = [
            c
            for c in countries
            if (not scene.any_by_country.get(c) or c in unspread)
            and is_openable(c)  # not Hong Kong, Macao, Taiwan nor a dependent territory
            and country_key(c) not in used
            and country_key(c) not in world.dismissed
            and c in table.slices
        ]
        if blank:
            best_in = {c: best_places(scores, table, limit=world.per_country, countries=[c], keep=keep) for c in blank}
            ordered = sorted(blank, key=lambda c: (-(scores[best_in[c][0]] if best_in[c] else -1e9), c))
            shown = 1 if not rule.region else (SPREAD_COUNTRIES if unspread else GAP_COUNTRIES_PER_REGION)
            for position, code in enumerate(ordered[:shown]):
                key = country_key(code)
                used.add(key)
                candidates = [table.places[i] for i in best_in[code]]
                no_tie = (
                    _("No live tie with %(country)s is on file.")
                    if scene.any_by_country.get(code)
                    else _("No tie with %(country)s is on file yet.")
                )
                reasons = [wanted_text, no_tie % {"country": country_name(code)}]
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


def reference_suggestions(world: World, scene: Scene, used: set[str]) -> list[Suggestion]:
    """The home's partners in the reference network (the world's lists of twin towns) that our record lacks: the
    record's completeness is worth an officer's time."""
    found = []
    home_name = _entity_name(world.home)
    for key, (place, sources) in sorted(
        scene.reference_partners.items(), key=lambda kv: (-(kv[1][0].population or 0), kv[0])
    ):
        if key in used or key in world.dismissed:
            continue
        used.add(key)
        reasons = [
            _("The world list of twin towns says %(home)s is twinned with %(place)s; it is not in our record.")
            % {"home": home_name, "place": _place_name(place)}
        ]
        if sources:
            names = [str(REFERENCE_SOURCES.get(source, source)) for source in sources.split("|")]
            reasons.append(_("Listed in: %(sources)s.") % {"sources": _join(names)})
        i = scene.table.index.get(key)
        if i is not None:
            reasons += place_reasons(scene.ctx, scene.table, i, scene.places_by_key, "", scene.unit_names)
        found.append(
            Suggestion(
                kind="reference",
                key=key,
                subject=place_subject(place),
                score=80.0 - min(5.0, len(found) * 0.1),
                reasons=reasons,
                actions=["accept", "dismiss"] if i is not None else ["dismiss"],
            )
        )
    return found


def radiate_suggestions(world: World, scene: Scene, used: set[str]) -> list[Suggestion]:
    """以点带面: partners of our partners, cities near our partners, and the countries bordering partner countries."""
    table, ctx, scores = scene.table, scene.ctx, scene.scores
    home_country = world.home.country
    avoided: set[str] = set(world.avoid)
    if world.plan is not None:
        avoided |= {
            c
            for c, (rule, _via) in country_tiers(world.plan.rules, world.members).items()
            if rule.tier == PlanTier.AVOID
        }
    keep_base = _keep(scene, world, used, home_country)
    # Within PARTNER_RADIUS_KM of a partner (the chord: within 0.1 % of the great circle at this range).
    near = set(nearest_partners(ctx, table))
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
        and c not in home_countries(home_country)
        and is_openable(c)
        and not scene.any_by_country.get(c)
        and country_key(c) not in used
        and country_key(c) not in world.dismissed
    ]
    best_in = {c: best_places(scores, table, limit=world.per_country, countries=[c], keep=keep_base) for c in countries}
    ordered = sorted(
        countries,
        key=lambda c: (-ctx.affinity.get(c, ctx.default_affinity), -(scores[best_in[c][0]] if best_in[c] else -1e9), c),
    )
    for position, code in enumerate(ordered[:RADIATE_COUNTRIES]):
        key = country_key(code)
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


def _with_whom(world: World, mine: int, partner: EntityRow) -> dict:
    return {"partner": _entity_name(partner), "ours": _entity_name(world.entities[mine])}


# A sister city is proposed for deepening only once its tie has stood this many full years.
DEEPEN_AFTER_YEARS = 1


def deepen_suggestions(world: World) -> list[Suggestion]:
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
    ours = world.ours
    units = ours - {world.home_id}
    linked: dict[int, set[int]] = defaultdict(set)  # entity -> the entities it has a live partnership with
    for t in world.ties:
        if t.status not in CLOSED_STATUSES and t.kind in PARTNERSHIP_KINDS:
            linked[t.source].add(t.target)
            linked[t.target].add(t.source)
    for tie, mine, partner in world.our_ties:
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
        if tie.established_on is None or _full_years(tie.established_on, world.today) < DEEPEN_AFTER_YEARS:
            continue  # a tie signed this year has had no time to grow ties beneath it ("已 0 年")
        key = deepen_key(partner.id)
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


def anniversary_suggestions(world: World) -> list[Suggestion]:
    """Milestone anniversaries (5, 10, 15, 20 … years) in the next 18 months with no plan yet."""
    today = world.today
    end = add_months(today, ANNIVERSARY_WINDOW_MONTHS)
    first = chain_first_dates((t.id, t.upgraded_from, t.established_on) for t in world.ties)
    ties = {
        tie.id: (tie, mine, partner)
        for tie, mine, partner in world.our_ties
        if tie.status in LIVE_SIGNED_STATUSES and tie.kind not in NO_ANNIVERSARY_KINDS
    }
    found = []
    for item in upcoming(((tie_id, first.get(tie_id)) for tie_id in sorted(ties)), today, end):
        if not is_milestone(item.years) or (item.tie, item.date) in world.planned:
            continue
        key = anniversary_key(item.tie, item.date)
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


def dormant_suggestions(world: World) -> list[Suggestion]:
    """Signed ties with no exchange for `world.dormant_months`, and ties stuck at one step for over 12 months."""
    today = world.today
    silent_since = add_months(today, -world.dormant_months)
    stalled_since = add_months(today, -STALLED_MONTHS)
    found = []
    for tie, mine, partner in world.our_ties:
        if tie.kind not in PARTNERSHIP_KINDS:
            continue
        names = _with_whom(world, mine, partner)
        if tie.status == RelationStatus.SIGNED:
            dates = [d for d in world.event_dates.get(tie.id, ()) if d <= today]
            last = max(dates) if dates else None
            since = last or tie.established_on or tie.status_since
            if since is None or since >= silent_since:
                continue
            key = dormant_key(tie.id)
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
            key = stalled_key(tie.id, tie.status)
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


def upgrade_suggestions(world: World) -> list[Suggestion]:
    """Friendly-exchange ties with 3 or more exchanges in the last 3 years: ready to propose the upgrade."""
    today = world.today
    since = add_months(today, -UPGRADE_WINDOW_MONTHS)
    found = []
    for tie, mine, partner in world.our_ties:
        if tie.kind != RelationKind.FRIENDLY_EXCHANGE or tie.status != RelationStatus.SIGNED:
            continue
        count = sum(1 for d in world.event_dates.get(tie.id, ()) if since <= d <= today)
        if count < UPGRADE_EXCHANGES:
            continue
        key = upgrade_key(tie.id)
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


# The kinds about the ties we have, each computed from the World alone (gap and radiate share a Scene, above).
TIE_KINDS: dict[str, Callable[[World], list[Suggestion]]] = {
    "deepen": deepen_suggestions,
    "anniversary": anniversary_suggestions,
    "dormant": dormant_suggestions,
    "upgrade": upgrade_suggestions,
}


def suggest(
    world: World,
    cities: Iterable,
    *,
    kinds: Collection[str] | None = None,
    neighbours: Mapping[str, Iterable[str]] | None = None,
    weights: Mapping[str, float] | None = None,
    reference_ties: Iterable = (),
) -> list[Suggestion]:
    """Every suggestion of the requested kinds for the World, best first (pure: same rows, same date, same list).

    `cities` are the gazetteer's cities (objects with geonameid, name, name_zh, country, latitude, longitude,
    population, capital); `neighbours` maps a country to the countries it borders.
    """
    kinds = set(kinds or KINDS)
    if neighbours is None:
        neighbours = _gazetteer_neighbours()
    neighbours = neighbours_to_open(neighbours, world)
    found: list[Suggestion] = []
    if kinds & {"gap", "radiate", "reference"}:
        scene = scene_build(world, cities, neighbours, weights, reference_ties)
        used: set[str] = set()
        # A tie the world list knows is first a gap in our record, then (if the plan wants it) a gap in the plan.
        known = reference_suggestions(world, scene, used)
        gaps = gap_suggestions(world, scene, used)
        # Radiate after gap, so a city the plan asks for is proposed once, as a gap.
        radiating = radiate_suggestions(world, scene, used)
        found += [s for s in known if "reference" in kinds]
        found += [s for s in gaps if "gap" in kinds] + [s for s in radiating if "radiate" in kinds]
    for kind, kind_suggestions in TIE_KINDS.items():
        if kind in kinds:
            found += kind_suggestions(world)
    found = [s for s in found if s.key not in world.dismissed]
    order = {kind: n for n, kind in enumerate(KINDS)}
    found.sort(key=lambda s: (-round(s.score, 6), order[s.kind], s.key))
    return found


def neighbours_to_open(neighbours: Mapping[str, Iterable[str]], world: World) -> dict[str, list[str]]:
    """The land borders that may carry a partner's example over (以点带面): none across a sensitive border (a
    partner in South Korea does not make North Korea a candidate), none to a country that is avoided, is part of
    China or is a dependent territory."""
    avoid = world.avoid
    return {
        code: [
            other
            for other in others
            if other not in avoid and is_openable(other) and frozenset({code, other}) not in world.sensitive_borders
        ]
        for code, others in neighbours.items()
        if code not in avoid and is_openable(code)
    }


def _gazetteer_neighbours() -> dict[str, list[str]]:
    from contacts import gazetteer

    return {code: gazetteer.neighbours(code) for code in gazetteer.countries()}
