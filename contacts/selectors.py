"""Reads about entities and regions, with their joins and counts applied (writes live in contacts.services)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Prefetch, Q, QuerySet
from django_countries import countries

from contacts import gazetteer, providers
from contacts.models import ContactPoint, Entity, Region
from contacts.search import query_terms

# What these selectors need of ties and events comes from relations and events through `contacts.providers`:
# contacts neither imports them nor reads their tables (dependencies point one way: contacts <- relations <- events).


def region_countries(code: str) -> list[str] | None:
    """Member countries of a region code (continent, UN M49 sub-region, bloc), or [code] for an ISO country code.

    None when the code is neither. One query at most (none for a country code that is not also a region code).
    """
    code = (code or "").strip()
    if not code:
        return None
    # An upper-case pair is a country and costs no query; anything else is first looked up as a region code
    # (lower-case slugs: "eu" is the bloc, while ISO reserves "EU" outside its list).
    if len(code) == 2 and code.isupper() and code in countries:
        return [code]
    members = Region.objects.filter(code=code.lower()).values_list("countries", flat=True).first()
    if members is not None:
        return list(members)
    if len(code) == 2 and code.upper() in countries:
        return [code.upper()]
    return None


def region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions grouped by kind for a <select>, each labelled in both languages: [(group label, [(code, label)])]."""
    from contacts.choices import RegionKind

    groups: dict[str, list[tuple[str, str]]] = {kind: [] for kind in RegionKind.values}
    for region in Region.objects.order_by("kind", "name"):
        label = f"{region.name_zh} {region.name}" if region.name_zh else region.name
        groups.setdefault(region.kind, []).append((region.code, label))
    return [(str(RegionKind(kind).label), items) for kind, items in groups.items() if items]


def regions_of_country(country: str) -> list[Region]:
    """The regions a country belongs to (its continent, sub-region and blocs), in one query."""
    code = (country or "").upper()
    if not code:
        return []
    order = {kind: index for index, kind in enumerate(("continent", "subregion", "bloc"))}
    regions = [r for r in Region.objects.order_by("name") if code in (r.countries or [])]
    return sorted(regions, key=lambda r: order.get(r.kind, len(order)))


def entity_list(*, counts: bool = False) -> QuerySet[Entity]:
    """Entities with what a list shows joined in: the parent, the contact points and, if asked, tie/event counts."""
    queryset = Entity.objects.select_related("parent").prefetch_related(
        Prefetch("contact_points", queryset=ContactPoint.objects.order_by("kind", "id"))
    )
    if counts:
        queryset = queryset.annotate(
            ties_count=providers.ties_count_expression(),
            # Distinct events: an entity taking part twice in one event (two roles) is still one event.
            events_count=providers.events_count_expression(),
        )
    return queryset


# The columns an entity's brief shape reads (contacts.api.serializers.EntityBriefSerializer), for `only()`.
ENTITY_BRIEF_FIELDS = ("id", "kind", "name", "name_zh", "name_en", "country", "domestic")


@dataclass(frozen=True, slots=True)
class ListedEntity:
    """An entity's brief columns read as values, for the brief serializer to read as it reads an Entity: made from
    `values_list(*ENTITY_BRIEF_FIELDS)`, its fields in that order ("id" as `pk`)."""

    pk: int
    kind: str
    name: str
    name_zh: str
    name_en: str
    country: str
    domestic: bool


def entity_brief_list(*, counts: bool = False) -> QuerySet[Entity]:
    """Entities as the API's list shows them (EntityListSerializer): the parent joined and only the columns the list
    reads, no contact points, aliases, notes or search text to load for each row; with `counts`, their tie and event
    counts (for a page's rows: the list pages on the entities alone, see EntityViewSet.page_rows)."""
    return (_brief_with_counts() if counts else _brief()).all()  # a copy: the kept queryset is never evaluated


def _brief() -> QuerySet[Entity]:
    return Entity.objects.select_related("parent").only(
        *ENTITY_BRIEF_FIELDS,
        "title",
        "parent",
        "population",
        "tags",
        "archived",
        "updated",
        *(f"parent__{name}" for name in ENTITY_BRIEF_FIELDS),
    )


@lru_cache(maxsize=1)
def _brief_with_counts() -> QuerySet[Entity]:
    # Built once per process, as a view's class-level queryset is: resolving the two count subqueries is most of a
    # page's query building (0.8 ms a request).
    return _brief().annotate(
        ties_count=providers.ties_count_expression(), events_count=providers.events_count_expression()
    )


def entity_ties(entity: Entity, limit: int | None = None) -> list:
    """The ties of an entity in either direction, newest first, with both ends joined (from relations); the first
    `limit` of them when given."""
    return providers.entity_ties(entity, limit)


def entity_ties_count(entity: Entity) -> int:
    """How many ties an entity has, either direction (from relations)."""
    return providers.entity_ties_count(entity)


def entity_recent_events(entity: Entity, limit: int = 10) -> list:
    """The entity's latest participations (with their events), newest first (from events)."""
    return providers.entity_recent_participations(entity, limit)


def entity_links(entity: Entity) -> dict[str, int]:
    """How many records refer to an entity and stop its deletion, by kind of link (zeros left out).

    Keys: "ties", "events", "children", "followups", "notes", and any other protecting relation by its
    model's verbose_name_plural.
    """
    from django.db.models import PROTECT, RESTRICT

    links = {
        "ties": providers.entity_ties_count(entity),
        "events": providers.entity_events_count(entity),
    }
    # The accessors counted above under "ties" and "events" (names only: the counts come from their apps).
    named = {"relations_out", "relations_in", "participations"}
    accessor_keys = {"children": "children", "followups": "followups", "timeline_notes": "notes"}
    for rel in Entity._meta.related_objects:
        accessor = rel.get_accessor_name()
        if accessor in named or rel.on_delete not in (PROTECT, RESTRICT):
            continue
        key = accessor_keys.get(accessor) or str(rel.related_model._meta.verbose_name_plural)
        links[key] = links.get(key, 0) + getattr(entity, accessor).count()
    return {key: n for key, n in links.items() if n}


def gazetteer_on_file(geonameids: list[int]) -> dict[int, int]:
    """geonameid -> id of the entity already on file for it (one query for the whole list)."""
    if not geonameids:
        return {}
    rows = Entity.objects.filter(geonameid__in=geonameids).order_by("archived", "id").values_list("geonameid", "id")
    on_file: dict[int, int] = {}
    for geonameid, entity_id in rows:
        on_file.setdefault(geonameid, entity_id)
    return on_file


def gazetteer_hits(*, q: str, country: str | None = None, limit: int = 20) -> list[dict]:
    """Gazetteer matches as dicts, each with `entity_id` when that place is already on file (one query in all)."""
    cities = gazetteer.search(q, country=country or None, limit=limit)
    on_file = gazetteer_on_file([c.geonameid for c in cities])
    return [
        {
            **city.as_dict(),
            "local_name": city.local_name,
            "country_name": countries.name(city.country) or "",
            "entity_id": on_file.get(city.geonameid),
        }
        for city in cities
    ]


def entity_search(queryset: QuerySet[Entity], q: str) -> QuerySet[Entity]:
    """The entities of `queryset` any of whose names, aliases or pinyin match `q`, archived ones last (what every
    entity picker offers, issue 15 item 8)."""
    terms = query_terms(q)
    if not terms:
        return queryset.none()
    condition = Q()
    for term in terms:
        condition |= Q(search_text__contains=term)
    return queryset.filter(condition).order_by("archived", "name", "id")
