"""Reads of the duplicates page and API: the candidate pairs on file (contacts.matching), less the silenced ones."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from contacts.matching import Pair, candidate_pairs
from contacts.models import Entity
from dedupe.models import Merge, NotDuplicate


@dataclass
class PairPage:
    """One page of candidate pairs, each with `first` and `second` loaded."""

    pairs: list[Pair]
    count: int


def duplicate_pairs(*, kind: str = "", country: str = "", include_archived: bool = True) -> list[Pair]:
    """The candidate pairs among the entities of `kind` and `country` (both optional), best first; the pairs an
    officer said are not duplicates left out. Two queries, however many entities."""
    entities: QuerySet[Entity] = Entity.objects.all()
    if kind:
        entities = entities.filter(kind=kind)
    if country:
        entities = entities.filter(country=country)
    if not include_archived:
        entities = entities.filter(archived=False)
    silenced = set(NotDuplicate.objects.values_list("first_id", "second_id"))
    return [pair for pair in candidate_pairs(entities) if pair.key not in silenced]


def pairs_with_entities(pairs: list[Pair]) -> list[Pair]:
    """Load both entities of each pair (one query, with their parents for the labels)."""
    ids = {pair.first_id for pair in pairs} | {pair.second_id for pair in pairs}
    entities = Entity.objects.select_related("parent").in_bulk(ids)
    for pair in pairs:
        pair.first, pair.second = entities[pair.first_id], entities[pair.second_id]
    return pairs


def merge_list() -> QuerySet[Merge]:
    return Merge.objects.select_related("merged_by", "undone_by").order_by("-created", "-id")
