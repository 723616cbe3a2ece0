"""Loading what the suggestions read (the ORM), the one check of a home, and the cache of the results.

`world_load()` reads the rows the kinds need in a fixed number of queries (none per candidate); `suggestions_for()`
caches the result per home, kinds, language, date and state of the data. What lives in a higher app's tables (the
held exchanges of each tie, the anniversaries already planned) comes through `relations.providers`, which the
events app fills in.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import versions
from relations import providers
from relations.expansion.kinds import KINDS, EntityRow, PlanRow, TargetRow, TieRow, World, our_side, suggest
from relations.expansion.layout import RuleFact

CACHE_SECONDS = 24 * 3600


def home_units(home_id: int) -> set[int]:
    """The home entity's own units (`our_side` without the home), read in one query: for the layout and the map;
    the suggestions apply the same rule to the rows `world_load` has read (`World.ours`)."""
    from contacts.models import Entity

    parents = dict(Entity.objects.filter(domestic=True).values_list("id", "parent_id"))
    return set(our_side(home_id, parents)) - {home_id}


def home_check(home) -> None:
    """The one rule for a home of the expansion feature: one of our own (domestic) entities, our city or one of
    its units. Every endpoint (the API, the pages, the services, the `suggest` command) asks this function."""
    if home is None or not home.domestic:
        raise ValidationError(
            {"home": _("The home must be one of our own entities (domestic): our city or one of its districts.")}
        )


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
    """Read every row the suggestions need in a fixed number of queries (ten), whatever the number of ties."""
    from django.conf import settings
    from django.db.models import Q

    from contacts.models import Entity, Region
    from contacts.territories import foreign_members
    from relations.expansion.layout import plan_current
    from relations.models import Relation, SensitiveDestination, SuggestionDismissal

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
            # Hong Kong, Macao and Taiwan are parts of China, not foreign countries of a region to open.
            members[code] = tuple(foreign_members(countries or ()))
            region_names[code] = (name, name_zh)
    world = World(
        today=today,
        home_id=home.pk,
        entities=entities,
        ties=ties,
        plan=plan_row,
        members=members,
        region_names=region_names,
        dormant_months=int(getattr(settings, "CRM_DORMANT_MONTHS", 24)),
        per_country=int(getattr(settings, "CRM_SUGGESTIONS_PER_COUNTRY", 5)),
        # The admin's list of sensitive destinations (every level) and the settings' avoid list.
        avoid=frozenset(code.upper() for code in getattr(settings, "CRM_AVOID_COUNTRIES", ()))
        | frozenset(str(code) for code in SensitiveDestination.objects.values_list("country", flat=True)),
        sensitive_borders=frozenset(
            frozenset(code.upper() for code in pair) for pair in getattr(settings, "CRM_SENSITIVE_BORDERS", ())
        ),
    )
    ours = world.ours
    our_ties = Relation.objects.filter(Q(source_id__in=ours) | Q(target_id__in=ours))
    # Exchanges and planned anniversaries live in events' tables: events supplies them (relations.providers).
    world.event_dates = providers.held_exchange_dates(our_ties, today)
    world.planned = providers.planned_anniversaries(our_ties)
    world.dismissed = frozenset(
        SuggestionDismissal.objects.filter(home=home, until__gt=today).values_list("key", flat=True)
    )
    return world


def data_version() -> str:
    """A fingerprint of everything the suggestions read (core.versions.data_version): ties, plans and their rules and
    targets, dismissals, sensitive destinations, entities, regions, and what events supplies (events, follow-ups and
    the event–tie links)."""
    from contacts.models import Entity, Region
    from relations.models import (
        LayoutPlan,
        LayoutRule,
        LayoutTarget,
        Relation,
        SensitiveDestination,
        SuggestionDismissal,
    )

    higher_models, links = providers.suggestion_sources()
    models = (Relation, LayoutPlan, LayoutRule, LayoutTarget, SuggestionDismissal, SensitiveDestination, Entity, Region)
    return versions.data_version((*models, *higher_models), links=links)


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
    from relations.expansion import reference

    key = (
        f"crm:suggestions:{home.pk}:{','.join(kinds)}:{language}:{today.isoformat()}:{data_version()}:"
        f"{reference.version()}"
    )
    recent = _RECENT.get(key)
    if recent is not None:
        return recent
    cached = cache.get(key)
    if cached is None:
        world = world_load(home, today=today)
        with translation.override(language):
            cached = [
                s.as_dict() for s in suggest(world, gazetteer.cities(), kinds=kinds, reference_ties=reference.ties())
            ]
        cache.set(key, cached, CACHE_SECONDS)
    _RECENT.keep(key, cached)
    return cached


# A home with thousands of ties has thousands of suggestions: unpickling them from the cache on every page of the
# list cost about 20 ms, so this process keeps its last few answers as they are. Four, since each may be large (8,684
# suggestions hold about 14 MB; an office has one home and two languages).
_RECENT = versions.RecentAnswers(size=4)
