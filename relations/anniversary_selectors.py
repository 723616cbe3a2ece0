"""Reads for anniversaries: the ties in force whose anniversary falls in a window (three queries at most).

The arithmetic is in relations.anniversaries (pure); this module only loads rows and hands them over.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Sequence
from datetime import date

from django.core.cache import cache
from django.db.models import Q, QuerySet

from core.versions import data_version
from relations.anniversaries import Anniversary, PackedKeys, chain_first_dates, from_key, upcoming_keys
from relations.choices import LIVE_SIGNED_STATUSES, RelationKind, RelationStatus
from relations.models import Relation

# A post held or a broker's role is not a partnership: it has no anniversary to celebrate.
NO_ANNIVERSARY_KINDS = (RelationKind.POSITION, RelationKind.INTRODUCER)
# How long a window's anniversaries stay cached (under the ties' version, so never stale; this only frees memory).
KEYS_CACHE_SECONDS = 6 * 3600


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


def ties_data_version() -> str:
    """A fingerprint of the ties (core.versions.data_version)."""
    return data_version((Relation,))


def anniversary_keys_between(
    *, start: date, end: date, relation_ids: Collection[int] | None = None
) -> Sequence[tuple[date, int, int, date]]:
    """Anniversaries in [start, end] of every tie in force, as sorted `(date, -years, tie id, first signing)` tuples
    (relations.anniversaries.upcoming_keys; `from_key` makes an `Anniversary` of one).

    Reads narrow rows only (id, signing date, predecessor): a province's 200,000 ties are tuples, not model
    instances with both ends joined; the caller loads the ties of the page it shows. Counted from the first
    signing of each upgrade chain. One query, one more if any tie was upgraded. The whole register's window is
    cached, packed (`PackedKeys`), under the ties' version (one query more, and none of the others when cached).
    """
    if relation_ids is not None:
        return _keys_between(start=start, end=end, relation_ids=relation_ids)
    key = f"crm:anniversaries:{start.isoformat()}:{end.isoformat()}:{ties_data_version()}"
    packed = cache.get(key)
    if packed is None:
        packed = PackedKeys.of(_keys_between(start=start, end=end, relation_ids=None)).packed
        cache.set(key, packed, KEYS_CACHE_SECONDS)
    return PackedKeys(array("q", packed))


def _keys_between(*, start: date, end: date, relation_ids: Collection[int] | None) -> list[tuple[date, int, int, date]]:
    ties = anniversary_ties(start=start).select_related(None)
    if relation_ids is not None:
        ties = ties.filter(id__in=relation_ids)
    rows = list(ties.values_list("id", "established_on", "upgraded_from_id"))
    first_dates = {pk: established for pk, established, _previous in rows}
    if any(previous for _pk, _established, previous in rows):
        # Predecessors are upgraded ties; load them all at once (few rows) and walk the chains in Python.
        links = list(
            Relation.objects.filter(status=RelationStatus.UPGRADED).values_list(
                "id", "upgraded_from_id", "established_on"
            )
        )
        links += [(pk, previous, established) for pk, established, previous in rows]
        chains = chain_first_dates(links)
        first_dates = {pk: chains[pk] for pk, _established, _previous in rows}
    return upcoming_keys(first_dates.items(), start, end)


def anniversary_dates_between(
    *, start: date, end: date, relation_ids: Collection[int] | None = None
) -> list[Anniversary[int]]:
    """`anniversary_keys_between` as `Anniversary` objects whose `tie` is the tie's id."""
    return [from_key(key) for key in anniversary_keys_between(start=start, end=end, relation_ids=relation_ids)]


def anniversaries_between(
    *, start: date, end: date, relation_ids: Collection[int] | None = None
) -> list[Anniversary[Relation]]:
    """`anniversary_dates_between` with each `tie` the live `Relation` (source and target loaded): for callers that
    want every row of a small window; a page loads only its own ties (events.anniversaries.AnniversaryRows)."""
    items = anniversary_dates_between(start=start, end=end, relation_ids=relation_ids)
    ties = Relation.objects.select_related("source", "target").in_bulk({item.tie for item in items})
    return [
        Anniversary(tie=ties[item.tie], established_on=item.established_on, date=item.date, years=item.years)
        for item in items
    ]


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
