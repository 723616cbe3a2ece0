"""Reads on ties, with what their pages and serializers show already joined or prefetched."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from contacts.models import Entity
from core.query import count_related
from relations import providers
from relations.lifecycle import full_years
from relations.models import ApprovalDecision, Relation, RelationStep, SensitiveDestination


def relation_list() -> QuerySet[Relation]:
    """Ties with both ends and the upgrade links joined: what a list row shows, at a fixed number of queries."""
    return Relation.objects.select_related("source", "target", "upgraded_from", "upgraded_to")


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


def entity_ties(entity: Entity) -> list[Relation]:
    """Every tie of an entity in either direction, newest first, with both ends joined."""
    ties = Relation.objects.filter(source=entity) | Relation.objects.filter(target=entity)
    return list(ties.select_related("source", "target").order_by("-established_on", "-id"))


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
