"""The timeline: one chronology (newest first) of an entity's or a tie's events, lifecycle steps, recorded changes,
follow-ups and notes.

Each source is read with one query ordered like the merged timeline and limited to what the requested page needs;
the sources are merged in Python (heapq.merge) and sliced, and counted with one COUNT each. History is read once per
record and diffed row by row in Python. So a page costs the same number of queries however long the timeline is.

`Timeline` is lazy and sliceable (count() and [a:b]), so Django's Paginator and DRF's pagination page it as they
would a QuerySet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db import models
from django.db.models import Case, DateField, F, Q, QuerySet, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import Entity
from core.history import reason_display
from core.versions import data_version
from events.models import Event, FollowUp, Note, Participant
from relations.models import ApprovalDecision, Relation, RelationStep

EVENT, RELATION_STEP, CHANGE, FOLLOWUP, NOTE = "event", "relation_step", "change", "followup", "note"
TYPE_LABELS = {
    EVENT: gettext_lazy("Event"),
    RELATION_STEP: gettext_lazy("Lifecycle step"),
    CHANGE: gettext_lazy("Change"),
    FOLLOWUP: gettext_lazy("Follow-up"),
    NOTE: gettext_lazy("Note"),
}
TYPES = tuple(TYPE_LABELS)
# Breaks ties between items of the same moment, so the order is total and the same on every page.
_APPROVAL = "approval"  # an approval decision is shown as a lifecycle step, but ranks apart from the steps table
_RANK = {EVENT: 6, RELATION_STEP: 5, _APPROVAL: 4, FOLLOWUP: 3, NOTE: 2, CHANGE: 1}
# Bookkeeping columns whose changes are noise on a timeline.
SKIPPED_FIELDS = frozenset({"id", "created", "updated", "search_text", "headcount_given"})
MAX_VALUE_CHARS = 80
# How long a timeline's count and pages stay cached (under the data's version, so never stale; this frees memory).
TIMELINE_CACHE_SECONDS = 3600
# What a timeline reads; each writes a history row on every ORM change (create, change, delete, restore).
VERSIONED_MODELS = (Event, Participant, RelationStep, ApprovalDecision, Relation, FollowUp, Note, Entity)


def timeline_data_version() -> str:
    """A fingerprint of everything a timeline reads (core.versions.data_version), the event–tie links included."""
    return data_version(VERSIONED_MODELS, links=(Event.relations.through,))


@dataclass(frozen=True)
class TimelineItem:
    """One line of a timeline; `key` orders it (newest first) and is not shown."""

    date: dt.date
    type: str
    title: str
    summary: str
    actor: str
    url: str
    key: tuple = field(repr=False, compare=True)
    overdue: bool = False
    # For a note: which one and whose, so the page can offer its author (or an admin) to delete it.
    note_id: int | None = None
    author_id: int | None = None

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])


# --- pure helpers (no database) -------------------------------------------------------------------------------


def diff_rows(older: dict | None, newer: dict, fields: Iterable[str]) -> list[tuple[str, object, object]]:
    """The fields whose value differs between two consecutive versions of a record, as (field, old, new)."""
    if older is None:
        return []
    changes = []
    for name in fields:
        old, new = older.get(name), newer.get(name)
        if _comparable(old) != _comparable(new):
            changes.append((name, old, new))
    return changes


def _comparable(value):
    # CountryField gives Country objects; "" and None both mean "not set".
    if value is None or value == "":
        return None
    if hasattr(value, "code") and hasattr(value, "name"):
        return str(value.code) or None
    return value


def change_sentence(parts: Sequence[tuple[str, str, str]], actor: str) -> str:
    """("population", "7,618,000", "7,700,000") … -> "population 7,618,000 → 7,700,000, by officer1"."""
    text = "; ".join(f"{label} {old} → {new}" for label, old, new in parts)
    if actor:
        return _("%(changes)s, by %(user)s") % {"changes": text, "user": actor}
    return text


def shorten(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def user_label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def sort_key(when: dt.date | dt.datetime, item_type: str, pk: int) -> tuple:
    """Newest-first order: the local day, then the time of day (date-only items count as its start), then type, id."""
    if isinstance(when, dt.datetime):
        local = timezone.localtime(when) if timezone.is_aware(when) else when
        return (
            local.date(),
            local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6,
            _RANK[item_type],
            pk,
        )
    return (when, 0, _RANK[item_type], pk)


def format_value(model_field: models.Field | None, value, labels: dict | None = None) -> str:
    """A stored value as people read it: choice labels, localised numbers and dates, names of linked records."""
    if value is None or value == "" or value == []:
        return "—"
    if hasattr(value, "code") and hasattr(value, "name"):  # django-countries' Country
        return str(value.name) or "—"
    if model_field is not None and model_field.is_relation:
        found = (labels or {}).get(value)
        return str(found) if found is not None else f"#{value}"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, dt.datetime):
        return formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "SHORT_DATETIME_FORMAT"
        )
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, list | tuple):
        return shorten(", ".join(str(v) for v in value)) or "—"
    return shorten(value)


# --- sources ----------------------------------------------------------------------------------------------------


# By id, so that a source need not load the row it links to (the models' get_absolute_url reverse the same names).
def entity_url(pk: int) -> str:
    return reverse("contacts:detail", args=[pk])


def relation_url(pk: int) -> str:
    return reverse("relations:detail", args=[pk])


def event_url(pk: int) -> str:
    return reverse("events:event-detail", args=[pk])


def followup_url(pk: int) -> str:
    return reverse("events:followup", args=[pk])


class _Source:
    type: str = ""

    def count(self) -> int:
        raise NotImplementedError

    def fetch(self, limit: int) -> list[TimelineItem]:
        """The newest `limit` items of this source, newest first."""
        raise NotImplementedError


class _EventSource(_Source):
    type = EVENT

    def __init__(self, queryset: QuerySet, participants: QuerySet | None):
        self.queryset = queryset
        # The participants whose names are shown as the actor (the subject's own side, or both ends of a tie).
        self.participants = participants

    def count(self) -> int:
        return self.queryset.count()

    def fetch(self, limit: int) -> list[TimelineItem]:
        events = list(self.queryset.order_by("-start_date", "-id")[:limit])
        actors: dict[int, list[str]] = {}
        if events and self.participants is not None:
            for participant in (
                self.participants.filter(event_id__in=[e.pk for e in events]).select_related("entity").order_by("id")
            ):
                names = actors.setdefault(participant.event_id, [])
                name = str(participant.entity)
                if name not in names:
                    names.append(name)
        items = []
        for event in events:
            parts = [event.get_kind_display()]
            if event.status != "held":
                parts.append(event.get_status_display())
            if event.location:
                parts.append(event.location)
            if event.level:
                parts.append(event.get_level_display())
            if event.headcount:
                parts.append(
                    _("%(count)s person-times")
                    % {"count": formats.number_format(event.headcount, use_l10n=True, force_grouping=True)}
                )
            items.append(
                TimelineItem(
                    date=event.start_date,
                    type=EVENT,
                    title=event.title,
                    summary=" · ".join(str(p) for p in parts),
                    actor=", ".join(actors.get(event.pk, [])[:3]),
                    url=event_url(event.pk),
                    key=sort_key(event.start_date, EVENT, event.pk),
                )
            )
        return items


class _StepSource(_Source):
    type = RELATION_STEP

    def __init__(self, queryset: QuerySet, show_relation: bool):
        self.queryset = queryset
        self.show_relation = show_relation

    def count(self) -> int:
        return self.queryset.count()

    def fetch(self, limit: int) -> list[TimelineItem]:
        steps = self.queryset.select_related("relation__source", "relation__target", "recorded_by").order_by(
            "-date", "-id"
        )[:limit]
        items = []
        for step in steps:
            parts = []
            if self.show_relation:
                parts.append(str(step.relation))
            if step.from_status:
                parts.append(_("from %(status)s") % {"status": step.get_from_status_display()})
            if step.document_no:
                parts.append(_("document %(number)s") % {"number": step.document_no})
            if step.note:
                parts.append(shorten(step.note, 200))
            items.append(
                TimelineItem(
                    date=step.date,
                    type=RELATION_STEP,
                    title=str(step.get_to_status_display()),
                    summary=" · ".join(str(p) for p in parts),
                    actor=user_label(step.recorded_by),
                    url=relation_url(step.relation_id),
                    key=sort_key(step.date, RELATION_STEP, step.pk),
                )
            )
        return items


class _ApprovalSource(_StepSource):
    """One level's decision on a tie's application (city, province, friendship association, ministry)."""

    def fetch(self, limit: int) -> list[TimelineItem]:
        decisions = self.queryset.select_related("relation__source", "relation__target", "recorded_by").order_by(
            "-date", "-id"
        )[:limit]
        items = []
        for decision in decisions:
            parts = [str(decision.relation)] if self.show_relation else []
            if decision.document_no:
                parts.append(_("document %(number)s") % {"number": decision.document_no})
            if decision.note:
                parts.append(shorten(decision.note, 200))
            items.append(
                TimelineItem(
                    date=decision.date,
                    type=RELATION_STEP,
                    title=f"{decision.get_level_display()}: {decision.get_outcome_display()}",
                    summary=" · ".join(str(p) for p in parts),
                    actor=user_label(decision.recorded_by),
                    url=relation_url(decision.relation_id),
                    key=sort_key(decision.date, _APPROVAL, decision.pk),
                )
            )
        return items


class _FollowUpSource(_Source):
    """A follow-up stands at its due date while open, and at the day it was done once done."""

    type = FOLLOWUP

    def __init__(self, queryset: QuerySet, subject_entity_id: int | None, today: dt.date):
        self.queryset = queryset
        self.subject_entity_id = subject_entity_id
        self.today = today

    def count(self) -> int:
        return self.queryset.count()

    def fetch(self, limit: int) -> list[TimelineItem]:
        followups = self.queryset.select_related("owner", "done_by", "entity").order_by("-when", "-id")[:limit]
        items = []
        for followup in followups:
            due = formats.date_format(followup.due_date, "SHORT_DATE_FORMAT")
            overdue = False
            if followup.done_at:
                summary = _("Done by %(user)s (due %(due)s)") % {
                    "user": user_label(followup.done_by) or "—",
                    "due": due,
                }
                actor = user_label(followup.done_by)
            else:
                overdue = followup.due_date < self.today
                summary = (
                    _("Overdue since %(due)s, owner %(owner)s") if overdue else _("Due %(due)s, owner %(owner)s")
                ) % {"due": due, "owner": user_label(followup.owner)}
                actor = user_label(followup.owner)
            if followup.entity_id and followup.entity_id != self.subject_entity_id:
                summary = f"{followup.entity} · {summary}"
            items.append(
                TimelineItem(
                    date=followup.when,
                    type=FOLLOWUP,
                    title=followup.title,
                    summary=summary,
                    actor=actor,
                    url=followup_url(followup.pk),
                    key=sort_key(followup.when, FOLLOWUP, followup.pk),
                    overdue=overdue,
                )
            )
        return items


class _NoteSource(_Source):
    type = NOTE

    def __init__(self, queryset: QuerySet, subject_entity_id: int | None, subject_url: str):
        self.queryset = queryset
        self.subject_entity_id = subject_entity_id
        self.subject_url = subject_url

    def count(self) -> int:
        return self.queryset.count()

    def fetch(self, limit: int) -> list[TimelineItem]:
        notes = self.queryset.select_related("author", "entity", "relation__source", "relation__target").order_by(
            "-created", "-id"
        )[:limit]
        items = []
        for note in notes:
            about = ""
            if note.entity_id and note.entity_id != self.subject_entity_id:
                about = str(note.entity)
            elif note.relation_id and self.subject_entity_id is not None:
                about = str(note.relation)
            url = (
                self.subject_url
                if not about
                else (entity_url(note.entity_id) if note.entity_id else relation_url(note.relation_id))
            )
            title = shorten(note.text, 120)
            rest = note.text if title != note.text else ""  # the whole text only when the title cut it short
            summary = " · ".join(part for part in (about, rest) if part)
            items.append(
                TimelineItem(
                    date=timezone.localdate(note.created),
                    type=NOTE,
                    title=title,
                    summary=summary,
                    actor=user_label(note.author),
                    url=f"{url}#note-{note.pk}",
                    key=sort_key(note.created, NOTE, note.pk),
                    note_id=note.pk,
                    author_id=note.author_id,
                )
            )
        return items


class _ChangeSource(_Source):
    """Field changes of one record, from its simple-history rows diffed pairwise (one query for all rows)."""

    type = CHANGE

    def __init__(self, record: models.Model, url: str, date_after: dt.date | None, date_before: dt.date | None):
        self.record = record
        self.url = url
        self.date_after = date_after
        self.date_before = date_before
        self._changes: list | None = None

    def _tracked_fields(self) -> list[models.Field]:
        return [f for f in type(self.record)._meta.concrete_fields if f.name not in SKIPPED_FIELDS]

    def _load(self) -> list:
        if self._changes is not None:
            return self._changes
        fields = self._tracked_fields()
        attnames = [f.attname for f in fields]
        rows = self.record.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
        changes = []
        previous: dict | None = None
        entry: tuple[Any, list] | None
        for row in rows:
            values = {name: getattr(row, name) for name in attnames}
            if row.history_type == "+":
                entry = (row, [])  # the creation: one line, not every initial value
            elif row.history_type == "~":
                diffs = diff_rows(previous, values, attnames)
                entry = (row, diffs) if diffs else None
            else:
                entry = None
            previous = values
            if entry is None:
                continue
            day = timezone.localdate(row.history_date)
            if (self.date_after and day < self.date_after) or (self.date_before and day > self.date_before):
                continue
            changes.append(entry)
        changes.reverse()
        self._changes = changes
        return changes

    def count(self) -> int:
        return len(self._load())

    def fetch(self, limit: int) -> list[TimelineItem]:
        changes = self._load()[:limit]
        by_attname = {f.attname: f for f in self._tracked_fields()}
        labels = self._related_labels(changes, by_attname)
        model_name = type(self.record)._meta.verbose_name
        items = []
        for row, diffs in changes:
            actor = user_label(row.history_user)
            if not diffs:
                title = _("%(record)s created") % {"record": str(model_name).capitalize()}
                summary = _("Record created, by %(user)s") % {"user": actor} if actor else _("Record created")
            else:
                parts = []
                for attname, old, new in diffs:
                    model_field = by_attname[attname]
                    related = labels.get(attname, {})
                    parts.append(
                        (
                            str(model_field.verbose_name),
                            format_value(model_field, old, related),
                            format_value(model_field, new, related),
                        )
                    )
                title = _("Changed: %(fields)s") % {"fields": ", ".join(label for label, _o, _n in parts)}
                summary = change_sentence(parts, actor)
            if row.history_change_reason:
                summary = f"{summary} ({reason_display(row.history_change_reason)})"
            items.append(
                TimelineItem(
                    date=timezone.localdate(row.history_date),
                    type=CHANGE,
                    title=title,
                    summary=summary,
                    actor=actor,
                    url=self.url,
                    key=sort_key(row.history_date, CHANGE, row.history_id),
                )
            )
        return items

    @staticmethod
    def _related_labels(changes: list, by_attname: dict) -> dict[str, dict]:
        """Names of linked records that appear in the diffs: one query per foreign key that changed."""
        wanted: dict[str, set] = {}
        for _row, diffs in changes:
            for attname, old, new in diffs:
                if by_attname[attname].is_relation:
                    wanted.setdefault(attname, set()).update(v for v in (old, new) if v is not None)
        labels = {}
        for attname, ids in wanted.items():
            model = by_attname[attname].related_model
            joins = [f.name for f in model._meta.concrete_fields if f.many_to_one]
            labels[attname] = {
                obj.pk: str(obj) for obj in model._default_manager.select_related(*joins).filter(pk__in=ids)
            }
        return labels


# --- the timeline -----------------------------------------------------------------------------------------------


class Timeline:
    """The merged chronology of an entity (optionally with its children) or of a tie, newest first.

    Lazy: nothing is read until `count()` or a slice is asked for. The count and each page read are cached under
    `timeline_data_version()` (one query of index lookups): a busy partner's 180,000 events are counted and sorted
    once until something it shows changes.
    """

    def __init__(
        self,
        *,
        entity: Entity | None = None,
        relation: Relation | None = None,
        types: Iterable[str] | None = None,
        date_after: dt.date | None = None,
        date_before: dt.date | None = None,
        include_children: bool = False,
        today: dt.date | None = None,
    ):
        if (entity is None) == (relation is None):
            raise ValueError("A timeline is of one entity or of one relation.")
        self.entity = entity
        self.relation = relation
        self.types = tuple(t for t in TYPES if not types or t in set(types))
        self.date_after = date_after
        self.date_before = date_before
        self.include_children = include_children and entity is not None
        self.today = today or timezone.localdate()
        self.sources = self._sources()
        self._count: int | None = None
        self._version: str | None = None

    # Timelines are read-only lists of items; Django's Paginator checks this to skip its "unordered" warning.
    ordered = True

    def _dated(self, queryset: QuerySet, field_name: str) -> QuerySet:
        if self.date_after:
            queryset = queryset.filter(**{f"{field_name}__gte": self.date_after})
        if self.date_before:
            queryset = queryset.filter(**{f"{field_name}__lte": self.date_before})
        return queryset

    def _sources(self) -> list[_Source]:
        if self.entity is not None:
            return self._entity_sources()
        return self._relation_sources()

    def _entity_sources(self) -> list[_Source]:
        entity = cast(Entity, self.entity)  # _sources() chose this branch because it is set
        if self.include_children:
            members = Q(pk=entity.pk) | Q(parent_id=entity.pk)
            subjects = Entity.objects.filter(members).values("pk")
            in_subjects: dict[str, Any] = {"entity_id__in": subjects}
        else:
            subjects = None
            in_subjects = {"entity_id": entity.pk}
        participations = Participant.objects.filter(**in_subjects)
        event_ids = participations.values("event_id")
        # The actor of an event: the children who took part when they are included, else everyone who took part.
        actors = participations if subjects is not None else Participant.objects.all()
        if subjects is None:
            ties = Relation.objects.filter(Q(source_id=entity.pk) | Q(target_id=entity.pk)).values("pk")
        else:
            ties = Relation.objects.filter(Q(source_id__in=subjects) | Q(target_id__in=subjects)).values("pk")
        url = entity_url(entity.pk)
        sources: list[_Source] = []
        if EVENT in self.types:
            events = self._dated(Event.objects.filter(pk__in=event_ids), "start_date")
            sources.append(_EventSource(events, actors))
        if RELATION_STEP in self.types:
            steps = self._dated(RelationStep.objects.filter(relation_id__in=ties), "date")
            sources.append(_StepSource(steps, show_relation=True))
            decisions = self._dated(ApprovalDecision.objects.filter(relation_id__in=ties), "date")
            sources.append(_ApprovalSource(decisions, show_relation=True))
        if CHANGE in self.types:
            sources.append(_ChangeSource(entity, url, self.date_after, self.date_before))
        if FOLLOWUP in self.types:
            followups = FollowUp.objects.filter(Q(**in_subjects) | Q(relation_id__in=ties) | Q(event_id__in=event_ids))
            sources.append(
                _FollowUpSource(self._dated(self._followups_dated(followups), "when"), entity.pk, self.today)
            )
        if NOTE in self.types:
            notes = Note.objects.filter(Q(**in_subjects) | Q(relation_id__in=ties))
            sources.append(_NoteSource(self._dated(notes, "created__date"), entity.pk, url))
        return sources

    def _relation_sources(self) -> list[_Source]:
        relation = cast(Relation, self.relation)  # a timeline has an entity or a relation
        url = relation_url(relation.pk)
        event_ids = Event.relations.through.objects.filter(relation_id=relation.pk).values("event_id")
        sources: list[_Source] = []
        if EVENT in self.types:
            events = self._dated(Event.objects.filter(pk__in=event_ids), "start_date")
            ends = Participant.objects.filter(entity_id__in=(relation.source_id, relation.target_id))
            sources.append(_EventSource(events, ends))
        if RELATION_STEP in self.types:
            steps = self._dated(RelationStep.objects.filter(relation_id=relation.pk), "date")
            sources.append(_StepSource(steps, show_relation=False))
            decisions = self._dated(ApprovalDecision.objects.filter(relation_id=relation.pk), "date")
            sources.append(_ApprovalSource(decisions, show_relation=False))
        if CHANGE in self.types:
            sources.append(_ChangeSource(relation, url, self.date_after, self.date_before))
        if FOLLOWUP in self.types:
            followups = FollowUp.objects.filter(Q(relation_id=relation.pk) | Q(event_id__in=event_ids))
            sources.append(_FollowUpSource(self._dated(self._followups_dated(followups), "when"), None, self.today))
        if NOTE in self.types:
            notes = Note.objects.filter(relation_id=relation.pk)
            sources.append(_NoteSource(self._dated(notes, "created__date"), None, url))
        return sources

    @staticmethod
    def _followups_dated(queryset: QuerySet) -> QuerySet:
        return queryset.annotate(
            when=Case(
                When(done_at__isnull=False, then=TruncDate("done_at")), default=F("due_date"), output_field=DateField()
            )
        )

    def _cache_key(self, what: str) -> str:
        """A key naming the subject, the filters, today (overdue follow-ups), the language and the data's version."""
        if self._version is None:
            self._version = timeline_data_version()
        subject = (
            ("entity", self.entity.pk) if self.entity is not None else ("relation", cast(Relation, self.relation).pk)
        )
        parts = (subject, self.types, self.date_after, self.date_before, self.include_children, self.today,
                 translation.get_language(), self._version, what)  # fmt: skip
        return "crm:timeline:" + hashlib.sha1(repr(parts).encode()).hexdigest()

    def count(self) -> int:
        if self._count is None:
            key = self._cache_key("count")
            self._count = cache.get(key)
            if self._count is None:
                self._count = sum(source.count() for source in self.sources)
                cache.set(key, self._count, TIMELINE_CACHE_SECONDS)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, int):
            items = self[index : index + 1]
            if not items:
                raise IndexError(index)
            return items[0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if start < 0 or stop < 0 or index.step not in (None, 1):
            raise ValueError("Timelines take plain, non-negative slices.")
        if stop <= start:
            return []
        key = self._cache_key(f"{start}:{stop}")
        items = cache.get(key)
        if items is None:
            merged = heapq.merge(*(source.fetch(stop) for source in self.sources), key=lambda i: i.key, reverse=True)
            items = list(merged)[start:stop]
            cache.set(key, items, TIMELINE_CACHE_SECONDS)
        return items


def timeline_for(*, entity: Entity | None = None, relation: Relation | None = None, **filters) -> Timeline:
    """The timeline of an entity or a tie; filters: types, date_after, date_before, include_children."""
    return Timeline(entity=entity, relation=relation, **filters)
