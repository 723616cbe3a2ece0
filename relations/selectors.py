"""Reads on ties, with what their pages and serializers show already joined or prefetched."""

from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from contacts.choices import LOCALITY_KINDS, EntityKind
from contacts.models import Entity
from contacts.search import query_terms
from contacts.selectors import ENTITY_BRIEF_FIELDS
from core.query import count_related
from relations import providers
from relations.lifecycle import full_years
from relations.models import ApprovalDecision, Relation, RelationStep, SensitiveDestination


def relation_list() -> QuerySet[Relation]:
    """Ties with both ends and the upgrade links joined: what a list row shows, at a fixed number of queries."""
    return Relation.objects.select_related("source", "target", "upgraded_from", "upgraded_to")


def relation_brief_list() -> QuerySet[Relation]:
    """Ties as the API's list shows them (RelationListSerializer): both ends and the upgrade links joined, and only
    the columns the list reads (no notes, nor the ends' aliases, notes and search text)."""
    return relation_list().only(
        "id",
        "kind",
        "status",
        "source",
        "target",
        "status_since",
        "established_on",
        "title",
        "start_date",
        "end_date",
        "upgraded_from",
        "updated",
        *(f"{end}__{name}" for end in ("source", "target") for name in ENTITY_BRIEF_FIELDS),
        # anniversary_base_date reads the predecessor's date when the tie has none; upgraded_to only its id.
        "upgraded_from__established_on",
        "upgraded_from__upgraded_from",
        "upgraded_to__id",
    )


def relation_detail_queryset() -> QuerySet[Relation]:
    """Ties with their dated steps and approval decisions (and who recorded them) prefetched."""
    return relation_list().prefetch_related(
        Prefetch("steps", queryset=RelationStep.objects.select_related("recorded_by").order_by("date", "id")),
        Prefetch("approvals", queryset=ApprovalDecision.objects.select_related("recorded_by").order_by("date", "id")),
    )


def relation_events(relation: Relation) -> QuerySet:
    """The events serving a tie, newest first (supplied by events through `relations.providers`)."""
    return providers.relation_events(relation)


# --- what contacts reads of ties (registered in RelationsConfig.ready() as contacts.providers) --------------------


def entity_ties(entity: Entity, limit: int | None = None) -> list[Relation]:
    """The ties of an entity in either direction, newest first, with both ends joined; the first `limit` if given."""
    ties = Relation.objects.filter(source=entity) | Relation.objects.filter(target=entity)
    ties = ties.select_related("source", "target").order_by("-established_on", "-id")
    return list(ties[:limit] if limit is not None else ties)


def entity_ties_count(entity: Entity) -> int:
    """How many ties an entity has, either direction (two counts)."""
    return Relation.objects.filter(source=entity).count() + Relation.objects.filter(target=entity).count()


def ties_count_expression():
    """An annotation counting each entity's ties, either direction (two subqueries, no join that multiplies)."""
    return count_related(Relation.objects.all(), "source") + count_related(Relation.objects.all(), "target")


def relation_anniversary_base_date(relation: Relation) -> date | None:
    """The date anniversaries count from: `established_on` of the FIRST tie of an upgrade chain.

    `relation_upgrade` copies the first signing date into the new tie, so this is the tie's own `established_on`
    (see Relation.anniversary_base_date).
    """
    return relation.anniversary_base_date


def relation_years(relation: Relation, today: date | None = None) -> int | None:
    """Whole years since the first signing (None for a tie not yet signed)."""
    return full_years(relation.anniversary_base_date, today or timezone.localdate())


def sensitive_destinations(countries) -> list[SensitiveDestination]:
    """The sensitive destinations among `countries`: the admin's entries, then the settings' avoid list
    (CRM_AVOID_COUNTRIES, as unsaved entries of level "avoid") for the codes the admin has not listed."""
    from django.conf import settings

    codes = sorted({str(c).upper() for c in countries if c})
    found = list(SensitiveDestination.objects.filter(country__in=codes))
    listed = {str(d.country) for d in found}
    avoided = {str(c).upper() for c in getattr(settings, "CRM_AVOID_COUNTRIES", ())}
    found += [SensitiveDestination(country=c) for c in codes if c in avoided and c not in listed]
    return found


def home_options() -> list[Entity]:
    """The entities that can be the home of the pages: our own city and its districts and counties."""
    return list(Entity.objects.filter(domestic=True, archived=False, kind__in=LOCALITY_KINDS).order_by("id"))


def home_default(options: list[Entity] | None = None) -> Entity | None:
    """settings.CRM_HOME_ENTITY (an id or a name) if it names one, else the first domestic city on file: the home
    of the Expansion pages and "our side" of a tie started from a foreign partner."""
    wanted = str(getattr(settings, "CRM_HOME_ENTITY", "") or "").strip()
    if wanted:
        by_id = wanted.isdigit() and int(wanted) < 2**63
        named = Q(pk=int(wanted)) if by_id else (Q(name__iexact=wanted) | Q(name_zh=wanted) | Q(name_en__iexact=wanted))
        match = Entity.objects.filter(named, domestic=True).order_by("id").first()
        if match is not None:
            return match
    options = home_options() if options is None else options
    cities = [entity for entity in options if entity.kind == EntityKind.CITY]
    return (cities or options or [None])[0]


def relation_search(queryset: QuerySet[Relation], q: str) -> QuerySet[Relation]:
    """The ties of `queryset` either of whose ends matches `q` by any name or pinyin, both ends joined for their
    labels (what every tie picker offers, issue 15 item 8)."""
    terms = query_terms(q)
    if not terms:
        return queryset.none()
    condition = Q()
    for term in terms:
        condition |= Q(source__search_text__contains=term) | Q(target__search_text__contains=term)
    return queryset.filter(condition).select_related("source", "target").order_by("target__name", "kind", "id")
