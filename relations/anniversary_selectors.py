"""Reads for anniversaries: the ties in force whose anniversary falls in a window (two queries at most).

The arithmetic is in relations.anniversaries (pure); this module only loads rows and hands them over.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from relations.anniversaries import Anniversary, chain_first_dates, upcoming
from relations.choices import LIVE_SIGNED_STATUSES, RelationKind, RelationStatus
from relations.models import Relation

# A post held or a broker's role is not a partnership: it has no anniversary to celebrate.
NO_ANNIVERSARY_KINDS = (RelationKind.POSITION, RelationKind.INTRODUCER)


def anniversary_ties(*, start: date | None = None) -> QuerySet[Relation]:
    """Ties in force (signed or dormant, never ended or upgraded away), with both ends joined.

    Ties whose end date lies before `start` are left out even if nobody closed them.
    """
    queryset = (
        Relation.objects.filter(status__in=LIVE_SIGNED_STATUSES)
        .exclude(kind__in=NO_ANNIVERSARY_KINDS)
        .select_related("source", "target")
        .order_by("id")
    )
    if start is not None:
        queryset = queryset.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    return queryset


def anniversaries_between(*, start: date, end: date, relation_ids: list[int] | None = None) -> list[Anniversary]:
    """Anniversaries in [start, end] of every tie in force, counted from the first signing of its chain.

    Returns `Anniversary` objects whose `tie` is the live `Relation` (source and target loaded) and whose
    `established_on` is the chain's first signing date. Only the live tie of an upgraded chain appears; the
    upgraded predecessors only lend their dates. One query for the ties, one more if any tie was upgraded.
    """
    ties = anniversary_ties(start=start)
    if relation_ids is not None:
        ties = ties.filter(id__in=relation_ids)
    ties = list(ties)
    first_dates = {tie.id: tie.established_on for tie in ties}
    if any(tie.upgraded_from_id for tie in ties):
        # Predecessors are upgraded ties; load them all at once (few rows) and walk the chains in Python.
        links = list(
            Relation.objects.filter(status=RelationStatus.UPGRADED).values_list(
                "id", "upgraded_from_id", "established_on"
            )
        )
        links += [(tie.id, tie.upgraded_from_id, tie.established_on) for tie in ties]
        chains = chain_first_dates(links)
        first_dates = {tie.id: chains[tie.id] for tie in ties}
    return upcoming(((tie, first_dates[tie.id]) for tie in ties), start, end)


def relation_first_signed(relation: Relation) -> date | None:
    """The first signing date of the chain `relation` closes (its own `established_on` if it was never upgraded)."""
    earliest = relation.established_on
    seen = {relation.pk}
    previous_id = relation.upgraded_from_id
    while previous_id is not None and previous_id not in seen:
        seen.add(previous_id)
        row = Relation.objects.filter(pk=previous_id).values("upgraded_from_id", "established_on").first()
        if row is None:
            break
        if row["established_on"] is not None and (earliest is None or row["established_on"] < earliest):
            earliest = row["established_on"]
        previous_id = row["upgraded_from_id"]
    return earliest
