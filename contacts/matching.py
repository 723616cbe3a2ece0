"""Possible duplicates of an entity: the same GeoNames id, the same name once folded (case, accents, script, pinyin,
Traditional forms), or a close name (rapidfuzz) in the same country and kind.

`CandidateIndex` is pure (rows in, scored candidates out) so an importer can build it once for a whole file;
`duplicate_candidates` asks the database for one new record, and `candidate_pairs` lists the pairs already on file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process
from unidecode import unidecode

from contacts.search import _has_han, normalise, to_mainland

# Reasons a candidate is given, with their labels for the pages and the API.
GEONAMEID = "geonameid"
SAME_NAME = "same_name"
CLOSE_NAME = "close_name"
REASONS = {
    GEONAMEID: _("same GeoNames id"),
    SAME_NAME: _("same name"),
    CLOSE_NAME: _("close name"),
}

# fuzz.ratio (0-100) of two folded names from which they count as close.
CLOSE_RATIO = 85
# Scores below this are not offered as candidates.
MIN_SCORE = 70
# Folded names shorter than this are only compared exactly (Ulm/Ula are different towns).
MIN_FUZZY_LENGTH = 4
# Two records that both carry a GeoNames id, and different ones, are two places: their name evidence counts less.
OTHER_PLACE_PENALTY = 30

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"[0-9]+")


def _numbers(key: str) -> list[str]:
    return _DIGITS.findall(key)


def _block_keys(key: str) -> tuple[str, str]:
    return ("^" + key[:2], key[-2:] + "$")


def _close_enough(a: str, b: str) -> bool:
    """Names whose numbers differ are two records however close the rest (No. 1 and No. 2 Middle School)."""
    return _numbers(a) == _numbers(b)


def fold(text: str) -> str:
    """One comparable key for a name in any script: Traditional→Simplified, Chinese→pinyin, other scripts
    transliterated, accents, case, spaces and punctuation dropped. 'Saint-Étienne' and 'saint etienne' fold alike;
    '亞琛', '亚琛' and 'Yachen' too."""
    text = (text or "").strip()
    if not text:
        return ""
    if _has_han(text):
        text = "".join(lazy_pinyin(to_mainland(text)))
    text = normalise(text)
    if not text.isascii():
        text = unidecode(text).casefold()
    return _NOT_ALNUM.sub("", text)


def fold_names(names: Iterable[str]) -> dict[str, str]:
    """`{folded key: the first name that folds to it}`, blanks left out."""
    keys: dict[str, str] = {}
    for name in names:
        key = fold(str(name or ""))
        if key and key not in keys:
            keys[key] = str(name).strip()
    return keys


@dataclass(frozen=True)
class Row:
    """What matching needs of an entity (on file or about to be)."""

    id: int | None
    kind: str = ""
    country: str = ""
    geonameid: int | None = None
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, entity: Any) -> Row:
        """From an Entity, or anything with its name fields."""
        names = (entity.name, entity.name_zh, entity.name_en, *(entity.aliases or []))
        return cls(
            id=entity.pk,
            kind=entity.kind or "",
            country=str(entity.country or ""),
            geonameid=entity.geonameid,
            names=tuple(n for n in names if n),
        )

    @classmethod
    def from_values(cls, values: dict) -> Row:
        """From `Entity.objects.values(*ROW_FIELDS)`."""
        names = (values["name"], values["name_zh"], values["name_en"], *(values["aliases"] or []))
        return cls(
            id=values["id"],
            kind=values["kind"] or "",
            country=str(values["country"] or ""),
            geonameid=values["geonameid"],
            names=tuple(str(n) for n in names if n),
        )


ROW_FIELDS = ("id", "kind", "country", "geonameid", "name", "name_zh", "name_en", "aliases")


@dataclass
class Candidate:
    """A record that may be the same as the one asked about: its score (0-100), why, and the names that met."""

    entity_id: int
    score: int
    reasons: tuple[str, ...]
    names: tuple[str, str] = ("", "")  # (the asked name, the candidate's name) that matched best
    same_country: bool = False
    same_kind: bool = False
    entity: Any = field(default=None, compare=False)

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]

    def as_dict(self) -> dict:
        return {
            "id": self.entity_id,
            "name": str(self.entity) if self.entity is not None else self.names[1],
            "score": self.score,
            "reasons": list(self.reasons),
            "matched_names": list(self.names),
        }


@dataclass
class Pair:
    """Two records on file that may be one: `first_id` < `second_id`."""

    first_id: int
    second_id: int
    score: int
    reasons: tuple[str, ...]
    names: tuple[str, str] = ("", "")
    first: Any = field(default=None, compare=False)
    second: Any = field(default=None, compare=False)

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASONS[reason]) for reason in self.reasons]

    @property
    def key(self) -> tuple[int, int]:
        return (self.first_id, self.second_id)


@dataclass
class _Evidence:
    geonameid: bool = False
    same_name: tuple[str, str] | None = None
    close: tuple[float, str, str] | None = None


def _score(evidence: _Evidence, asked: Row, found: Row) -> tuple[int, tuple[str, ...], tuple[str, str]]:
    same_country = bool(asked.country) and asked.country == found.country
    same_kind = bool(asked.kind) and asked.kind == found.kind
    other_place = bool(asked.geonameid and found.geonameid and asked.geonameid != found.geonameid)
    scores = []
    reasons: list[str] = []
    names = ("", "")
    if evidence.geonameid:
        scores.append(100)
        reasons.append(GEONAMEID)
    if evidence.same_name is not None:
        scores.append(60 + (20 if same_country else 0) + (15 if same_kind else 0) - (OTHER_PLACE_PENALTY * other_place))
        reasons.append(SAME_NAME)
        names = evidence.same_name
    if evidence.close is not None:
        ratio, asked_name, found_name = evidence.close
        scores.append(round(ratio * 0.9) - OTHER_PLACE_PENALTY * other_place)
        reasons.append(CLOSE_NAME)
        if evidence.same_name is None:
            names = (asked_name, found_name)
    if not names[0] and asked.names and found.names:
        names = (asked.names[0], found.names[0])
    return max(scores, default=0), tuple(reasons), names


class CandidateIndex:
    """The records on file, indexed by GeoNames id, folded name and (country, kind), to find candidates in memory."""

    def __init__(self, rows: Iterable[Row] = ()):
        self.rows: dict[int, Row] = {}
        self._by_geonameid: dict[int, set[int]] = defaultdict(set)
        self._by_key: dict[str, dict[int, str]] = defaultdict(dict)
        self._by_group: dict[tuple[str, str], dict[str, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
        # Close names are looked for among the keys of the same country and kind that begin or end alike
        # (`_blocks`): one typo rarely changes both ends of a name, and the comparisons stay few on a large file.
        self._blocks: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in rows:
            self.add(row)

    @classmethod
    def from_queryset(cls, queryset) -> CandidateIndex:
        return cls(Row.from_values(values) for values in queryset.values(*ROW_FIELDS))

    def add(self, row: Row) -> None:
        """Index a record (an importer adds each row it files, so later rows of the same file meet it)."""
        if row.id is None:
            raise ValueError("Only a record with an id can be indexed.")
        self.rows[row.id] = row
        if row.geonameid:
            self._by_geonameid[row.geonameid].add(row.id)
        group = self._by_group[(row.country, row.kind)]
        blocks = self._blocks[(row.country, row.kind)]
        for key, name in fold_names(row.names).items():
            self._by_key[key].setdefault(row.id, name)
            group[key].setdefault(row.id, name)
            if len(key) >= MIN_FUZZY_LENGTH:
                for block in _block_keys(key):
                    blocks[block].add(key)

    def find(
        self, asked: Row, *, exclude: Iterable[int] = (), min_score: int = MIN_SCORE, limit: int | None = 10
    ) -> list[Candidate]:
        """The indexed records that may be `asked`, best first."""
        excluded = set(exclude)
        if asked.id is not None:
            excluded.add(asked.id)
        evidence: dict[int, _Evidence] = defaultdict(_Evidence)
        if asked.geonameid:
            for entity_id in self._by_geonameid.get(asked.geonameid, ()):
                evidence[entity_id].geonameid = True
        asked_keys = fold_names(asked.names)
        for key, asked_name in asked_keys.items():
            for entity_id, name in self._by_key.get(key, {}).items():
                if evidence[entity_id].same_name is None:
                    evidence[entity_id].same_name = (asked_name, name)
        group = self._by_group.get((asked.country, asked.kind)) if asked.country and asked.kind else None
        if group:
            blocks = self._blocks[(asked.country, asked.kind)]
            for key, asked_name in asked_keys.items():
                if len(key) < MIN_FUZZY_LENGTH:
                    continue
                choices = sorted(set().union(*(blocks.get(block, ()) for block in _block_keys(key))))
                for found_key, ratio, _index in process.extract(
                    key, choices, scorer=fuzz.ratio, score_cutoff=CLOSE_RATIO, limit=None
                ):
                    if found_key == key or not _close_enough(key, found_key):
                        continue
                    for entity_id, name in group[found_key].items():
                        best = evidence[entity_id].close
                        if best is None or ratio > best[0]:
                            evidence[entity_id].close = (ratio, asked_name, name)
        candidates = []
        for entity_id, found in evidence.items():
            if entity_id in excluded:
                continue
            row = self.rows[entity_id]
            score, reasons, names = _score(found, asked, row)
            if score >= min_score:
                candidates.append(
                    Candidate(
                        entity_id=entity_id,
                        score=score,
                        reasons=reasons,
                        names=names,
                        same_country=bool(asked.country) and asked.country == row.country,
                        same_kind=bool(asked.kind) and asked.kind == row.kind,
                    )
                )
        candidates.sort(key=lambda c: (-c.score, c.entity_id))
        return candidates[:limit] if limit is not None else candidates

    def pairs(self, *, min_score: int = MIN_SCORE) -> list[Pair]:
        """Every pair of indexed records that may be one, best first (then by ids)."""
        evidence: dict[tuple[int, int], _Evidence] = defaultdict(_Evidence)

        def pair(a: int, b: int) -> tuple[int, int]:
            return (a, b) if a < b else (b, a)

        for ids in self._by_geonameid.values():
            ordered = sorted(ids)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    evidence[(a, b)].geonameid = True
        for holders in self._by_key.values():
            ordered = sorted(holders)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    if evidence[(a, b)].same_name is None:
                        evidence[(a, b)].same_name = (holders[a], holders[b])
        for (country, kind), group in self._by_group.items():
            if not country or not kind:
                continue
            for block in self._blocks[(country, kind)].values():
                keys = sorted(block)
                for i, key in enumerate(keys[:-1]):
                    for found_key, ratio, _index in process.extract(
                        key, keys[i + 1 :], scorer=fuzz.ratio, score_cutoff=CLOSE_RATIO, limit=None
                    ):
                        if not _close_enough(key, found_key):
                            continue
                        for a, name_a in group[key].items():
                            for b, name_b in group[found_key].items():
                                if a == b:
                                    continue
                                both = pair(a, b)
                                names = (name_a, name_b) if a < b else (name_b, name_a)
                                best = evidence[both].close
                                if best is None or ratio > best[0]:
                                    evidence[both].close = (ratio, *names)
        found = []
        for (a, b), item in evidence.items():
            score, reasons, names = _score(item, self.rows[a], self.rows[b])
            if score >= min_score:
                found.append(Pair(first_id=a, second_id=b, score=score, reasons=reasons, names=names))
        found.sort(key=lambda p: (-p.score, p.first_id, p.second_id))
        return found


def _asked_row(
    *, name: str = "", names: Sequence[str] = (), country: str = "", kind: str = "", geonameid: int | None = None
) -> Row:
    every = [n for n in (name, *names) if n and str(n).strip()]
    return Row(
        id=None,
        kind=kind or "",
        country=str(country or "").upper(),
        geonameid=int(geonameid) if geonameid else None,
        names=tuple(str(n).strip() for n in every),
    )


def duplicate_candidates(
    *,
    name: str = "",
    names: Sequence[str] = (),
    country: str = "",
    kind: str = "",
    geonameid: int | None = None,
    exclude: Iterable[int] = (),
    min_score: int = MIN_SCORE,
    limit: int | None = 10,
) -> list[Candidate]:
    """The entities on file that may be the one described, best first, each with `.entity` loaded.

    Three small queries: the same GeoNames id or a name among the search terms (then checked folded), and the
    entities of the same country and kind for close names.
    """
    from django.db.models import Q

    from contacts.models import Entity

    asked = _asked_row(name=name, names=names, country=country, kind=kind, geonameid=geonameid)
    if not asked.names and not asked.geonameid:
        return []
    wanted = Q(pk__in=[])
    if asked.geonameid:
        wanted |= Q(geonameid=asked.geonameid)
    for key, original in fold_names(asked.names).items():
        # search_text holds each name normalised and the pinyin of Chinese ones; the fold is checked in memory.
        for term in {key, normalise(original), normalise(to_mainland(original))}:
            if term:
                wanted |= Q(search_text__contains=term)
    if asked.country and asked.kind:
        wanted |= Q(country=asked.country, kind=asked.kind)
    index = CandidateIndex.from_queryset(Entity.objects.filter(wanted))
    candidates = index.find(asked, exclude=exclude, min_score=min_score, limit=limit)
    entities = Entity.objects.in_bulk([c.entity_id for c in candidates])
    for candidate in candidates:
        candidate.entity = entities[candidate.entity_id]
    return candidates


def candidate_pairs(queryset=None, *, min_score: int = MIN_SCORE) -> list[Pair]:
    """Every pair of entities in `queryset` (default: all) that may be one, best first; one query."""
    from contacts.models import Entity

    queryset = Entity.objects.all() if queryset is None else queryset
    return CandidateIndex.from_queryset(queryset).pairs(min_score=min_score)
