"""Writes on duplicates: silencing a pair ("not a duplicate"), merging entities into a survivor, undoing a merge.

A merge moves every link of the merged-away entities to the survivor, whatever app holds it: it walks
`Entity._meta` for the foreign keys and many-to-many fields pointing at entities, so a table added later is
covered without a change here. Each change is written to the merge record's log (`Merge.log`), which
`merge_undo` plays back in reverse: rows moved are moved back, rows deleted are restored with their ids.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from contacts.models import ContactPoint, Entity
from core.history import acting_user, attribute
from dedupe.models import Merge, NotDuplicate
from events.models import Event
from events.services import event_headcount_refresh
from relations.models import Relation

# The fields whose value the officer picks, entity by entity; "coordinates" is latitude and longitude together.
# Aliases and tags are united, contact points too (one of each kind and value).
MERGE_FIELDS = (
    "kind",
    "name",
    "name_zh",
    "name_en",
    "title",
    "country",
    "domestic",
    "parent",
    "coordinates",
    "population",
    "geonameid",
    "website",
    "notes",
    "archived",
)
_FIELD_ATTRS = {"coordinates": ("latitude", "longitude"), "parent": ("parent_id",)}


def _attrs(field: str) -> tuple[str, ...]:
    return _FIELD_ATTRS.get(field, (field,))


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


# Not a duplicate


@transaction.atomic
def not_duplicate_mark(
    *, first: Entity, second: Entity, note: str = "", by: AbstractBaseUser | None = None
) -> NotDuplicate:
    """Say two entities are two records: the duplicates page stops offering the pair (idempotent)."""
    if first.pk == second.pk:
        raise ValidationError({"second": _("Choose two different entities.")})
    low, high = sorted((first, second), key=lambda e: e.pk)
    existing = NotDuplicate.objects.filter(first=low, second=high).first()
    if existing is not None:
        return existing
    record = NotDuplicate(first=low, second=high, note=(note or "").strip(), decided_by=acting_user(by))
    record.full_clean()
    attribute(record, by)
    record.save()
    return record


@transaction.atomic
def not_duplicate_delete(*, record: NotDuplicate, by: AbstractBaseUser | None = None) -> None:
    """Offer the pair again on the duplicates page."""
    attribute(record, by)
    record.delete()


# The log and its play-back


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only; a restored row keeps its times to the microsecond."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            return o.isoformat()
        return super().default(o)


def _snapshot(obj: models.Model) -> dict:
    return json.loads(json.dumps(serializers.serialize("python", [obj])[0], cls=_ExactEncoder))


def _restore_object(snapshot: dict) -> models.Model:
    return next(serializers.deserialize("python", [snapshot])).object


class _Log:
    """The changes of one merge, in order; each entry says how to take it back."""

    def __init__(self, by, reason: str):
        self.entries: list[dict] = []
        self.by = by
        self.reason = reason

    def move(self, obj: models.Model, attname: str, new_value: Any) -> None:
        old = getattr(obj, attname)
        setattr(obj, attname, new_value)
        attribute(obj, self.by, reason=self.reason)
        obj.save()
        self.entries.append({"op": "move", "model": _label(type(obj)), "pk": obj.pk, "field": attname, "old": old})

    def update(self, obj: models.Model, values: dict[str, Any]) -> None:
        changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if not changed:
            return
        self.entries.append({"op": "update", "model": _label(type(obj)), "pk": obj.pk, "before": _snapshot(obj)})
        for name, value in changed.items():
            setattr(obj, name, value)
        attribute(obj, self.by, reason=self.reason)
        obj.save()

    def delete(self, obj: models.Model) -> None:
        self.entries.append({"op": "delete", "model": _label(type(obj)), "pk": obj.pk, "before": _snapshot(obj)})
        attribute(obj, self.by, reason=self.reason)
        obj.delete()

    def link(self, through: type[models.Model], row: models.Model, attname: str, new_value: Any) -> None:
        """Point a many-to-many link row (no history of its own) elsewhere."""
        old = getattr(row, attname)
        through._base_manager.filter(pk=row.pk).update(**{attname: new_value})
        self.entries.append({"op": "link", "model": _label(through), "pk": row.pk, "field": attname, "old": old})

    def unlink(self, through: type[models.Model], row: models.Model) -> None:
        self.entries.append({"op": "unlink", "model": _label(through), "before": _snapshot(row)})
        through._base_manager.filter(pk=row.pk).delete()

    def touched(self, obj: models.Model) -> None:
        """Save a record whose many-to-many links changed, so its history holds them (and the reason)."""
        attribute(obj, self.by, reason=self.reason)
        obj.save()
        self.entries.append({"op": "touch", "model": _label(type(obj)), "pk": obj.pk})


def _play_back(entries: Sequence[dict], by, reason: str) -> None:
    touched: list[tuple[str, Any]] = []
    for entry in reversed(entries):
        model = _model(entry["model"])
        op = entry["op"]
        if op == "delete":
            obj = _restore_object(entry["before"])
            attribute(obj, by, reason=reason)
            obj.save(force_insert=True)
            created = entry["before"]["fields"].get("created")
            if created:  # auto_now_add stamped the restore's time; the record keeps its own
                model._base_manager.filter(pk=obj.pk).update(created=dt.datetime.fromisoformat(created))
        elif op == "move":
            obj = model._base_manager.get(pk=entry["pk"])
            setattr(obj, entry["field"], entry["old"])
            attribute(obj, by, reason=reason)
            obj.save()
        elif op == "update":
            obj = model._base_manager.get(pk=entry["pk"])
            before = _restore_object(entry["before"])
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in ("created", "updated"):
                    continue
                setattr(obj, field.attname, getattr(before, field.attname))
            attribute(obj, by, reason=reason)
            obj.save()
        elif op == "link":
            model._base_manager.filter(pk=entry["pk"]).update(**{entry["field"]: entry["old"]})
        elif op == "unlink":
            _restore_object(entry["before"]).save(force_insert=True)
        elif op == "touch":
            touched.append((entry["model"], entry["pk"]))
    for label, pk in touched:  # after the links are back, so the history row records them
        owner = _model(label)._base_manager.filter(pk=pk).first()
        if owner is not None:
            attribute(owner, by, reason=reason)
            owner.save()


# Walking the links


def _is_history(model: type[models.Model]) -> bool:
    return issubclass(model, HistoricalChanges) or model._meta.app_label == "simple_history"


def _foreign_keys_to(model: type[models.Model]) -> list[Any]:
    """Every foreign key (and one-to-one) of any model that points at `model`, except history tables' copies and
    references that are not links (DO_NOTHING, like a merge record's survivor)."""
    fields = []
    relation: Any
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        field = relation.field
        related = relation.related_model
        if _is_history(related) or related._meta.auto_created or field.remote_field.on_delete is models.DO_NOTHING:
            continue
        fields.append(field)
    return fields


def _many_to_many_to(model: type[models.Model]) -> list[Any]:
    """Every many-to-many field of another model that points at `model` (history tables' copies left out)."""
    fields = []
    relation: Any
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.many_to_many:
            if not _is_history(relation.related_model):
                fields.append(relation.field)
    return fields


def _unique_sets(model: type[models.Model], attname: str) -> list[tuple[tuple[str, ...], Q | None]]:
    """The unique sets of `model` that include the column `attname` (as attnames), each with its condition."""
    names = {f.name: f.attname for f in model._meta.concrete_fields}
    sets: list[tuple[tuple[str, ...], Q | None]] = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            sets.append((tuple(names[name] for name in constraint.fields), constraint.condition))
    for together in model._meta.unique_together:
        sets.append((tuple(names[name] for name in together), None))
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            sets.append(((field.attname,), None))
    return [(columns, condition) for columns, condition in sets if attname in columns]


def _twin(obj: models.Model, attname: str, new_value: Any) -> models.Model | None:
    """The row that `obj` would collide with once `attname` is `new_value`, if a unique set forbids both.

    For a tie: any tie with the same two ends and kind, whatever their status (two ties of one pair are one)."""
    model = type(obj)
    if isinstance(obj, Relation) and attname in ("source_id", "target_id"):
        ends = {"source_id": obj.source_id, "target_id": obj.target_id, attname: new_value}
        return Relation.objects.filter(**ends, kind=obj.kind).exclude(pk=obj.pk).order_by("pk").first()
    for columns, condition in _unique_sets(model, attname):
        lookup = {column: (new_value if column == attname else getattr(obj, column)) for column in columns}
        if any(value is None for value in lookup.values()):
            continue  # NULLs never collide
        rows = model._base_manager.filter(**lookup).exclude(pk=obj.pk)
        if condition is not None:
            if not model._base_manager.filter(condition, pk=obj.pk).exists():
                continue
            rows = rows.filter(condition)
        twin = rows.first()
        if twin is not None:
            return twin
    return None


def _repoint(old: models.Model, new: models.Model, log: _Log, *, skip: Iterable[Any] = ()) -> None:
    """Move every row that refers to `old` onto `new`. A row that would then repeat one of `new`'s (a unique set
    says so) is merged into it: for a tie the whole tie (see `_merge_ties`), for others the row is deleted, as a
    participation of the same entity twice in an event in the same role."""
    skipped = set(skip)
    model = type(old)
    for field in _foreign_keys_to(model):
        related = field.model
        if (related, field.name) in skipped or related in skipped:
            continue
        for obj in list(related._base_manager.filter(**{field.name: old.pk}).order_by("pk")):
            try:
                obj.refresh_from_db()  # an earlier move in this walk may have changed it, or merged it away
            except related.DoesNotExist:
                continue
            if getattr(obj, field.attname) != old.pk:
                continue
            twin = _twin(obj, field.attname, new.pk)
            if twin is None:
                log.move(obj, field.attname, new.pk)
            elif field.one_to_one or (field.unique and field.null):
                log.move(obj, field.attname, None)  # new already holds the one-to-one link: this one lets go
            elif isinstance(obj, Relation) and isinstance(twin, Relation):
                _merge_ties(keep=twin, drop=obj, log=log)
            else:
                _drop_duplicate_row(obj, twin, log)
    for m2m in _many_to_many_to(model):
        through = m2m.remote_field.through
        own = m2m.m2m_field_name()  # the column of the model holding the field (an event)
        other = m2m.m2m_reverse_field_name()  # the column pointing at `model`
        own_attname = through._meta.get_field(own).attname
        other_attname = through._meta.get_field(other).attname
        owners = set()
        for row in list(through._base_manager.filter(**{other_attname: old.pk}).order_by("pk")):
            owner_id = getattr(row, own_attname)
            owners.add(owner_id)
            if through._base_manager.filter(**{own_attname: owner_id, other_attname: new.pk}).exists():
                log.unlink(through, row)
            else:
                log.link(through, row, other_attname, new.pk)
        for owner in m2m.model._base_manager.filter(pk__in=owners).order_by("pk"):
            log.touched(owner)


def _drop_duplicate_row(obj: models.Model, twin: models.Model, log: _Log) -> None:
    """`obj` repeats `twin` once moved: keep the twin. A participation keeps the larger headcount, and its event
    recounts its person-times."""
    from events.models import Participant

    if isinstance(obj, Participant) and isinstance(twin, Participant):
        if obj.headcount > twin.headcount:
            log.update(twin, {"headcount": obj.headcount})
        log.delete(obj)
        event = Event.objects.get(pk=twin.event_id)
        before = event.headcount
        snapshot = _snapshot(event)
        event_headcount_refresh(event=event, by=log.by)
        if event.headcount != before:
            log.entries.append({"op": "update", "model": _label(Event), "pk": event.pk, "before": snapshot})
        return
    log.delete(obj)


def _merge_ties(*, keep: Relation, drop: Relation, log: _Log) -> None:
    """Two ties with the same two ends and kind become one: `keep` takes `drop`'s steps, approvals, events,
    follow-ups, notes (and any later link), and its facts where `keep` has none; then `drop` goes.

    Steps and approvals are read in date order (their ordering), so the merged lifecycle reads in date order."""
    fill = {}
    for name in ("status_since", "established_on", "title", "start_date", "end_date", "notes", "upgraded_from_id"):
        if _blank(getattr(keep, name)) and not _blank(getattr(drop, name)):
            fill[name] = getattr(drop, name)
    if fill.get("upgraded_from_id") is not None:
        log.update(drop, {"upgraded_from_id": None})  # a one-to-one: free it before the kept tie takes it
    if keep.established_on and drop.established_on and drop.established_on < keep.established_on:
        fill["established_on"] = drop.established_on  # anniversaries count from the first signing
    _repoint(drop, keep, log)
    drop.refresh_from_db()
    log.update(keep, fill)
    log.delete(drop)


# Merging


def _choose_values(survivor: Entity, others: Sequence[Entity], choices: dict[str, int]) -> dict[str, Any]:
    everyone = {e.pk: e for e in (survivor, *others)}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in MERGE_FIELDS:
        chosen = choices.get(field)
        if chosen is not None:
            try:
                source = everyone[int(chosen)]
            except (KeyError, TypeError, ValueError):
                errors[field] = _("Choose the value of one of the entities being merged.")
                continue
        else:  # the survivor's, unless it has none and another has one
            source = survivor
            if all(_blank(getattr(survivor, attr)) for attr in _attrs(field)):
                source = next(
                    (e for e in others if not all(_blank(getattr(e, attr)) for attr in _attrs(field))), survivor
                )
        for attr in _attrs(field):
            values[attr] = getattr(source, attr)
    if errors:
        raise ValidationError(errors)
    return values


def _united(lists: Iterable[Iterable[str]], leave_out: Iterable[str] = ()) -> list[str]:
    seen = {name.casefold() for name in leave_out if name}
    united: list[str] = []
    for items in lists:
        for item in items or ():
            item = str(item).strip()
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                united.append(item)
    return united


def _check_group(survivor: Entity, others: Sequence[Entity], values: dict[str, Any]) -> None:
    ids = [survivor.pk, *(e.pk for e in others)]
    if not others:
        raise ValidationError({"merged": _("Choose at least one entity to merge into the survivor.")})
    if len(set(ids)) != len(ids):
        raise ValidationError({"merged": _("Each entity can be merged only once, and not into itself.")})
    tie = Relation.objects.filter(source_id__in=ids, target_id__in=ids).first()
    if tie is not None:
        raise ValidationError(
            {
                "merged": _(
                    "“%(tie)s” ties two of these entities together: they are not duplicates. Delete the tie first "
                    "if it was filed by mistake."
                )
                % {"tie": tie}
            }
        )
    # The parent kept, and its parents, must lie outside the group (their children all move to the survivor).
    ancestor, seen = values.get("parent_id"), set()
    while ancestor is not None and ancestor not in seen:
        if ancestor in ids:
            raise ValidationError({"parent": _("The merged entity cannot be filed under one of the entities merged.")})
        seen.add(ancestor)
        ancestor = Entity.objects.filter(pk=ancestor).values_list("parent_id", flat=True).first()


def _summary(survivor: Entity, others: Sequence[Entity]) -> str:
    merged = ", ".join(f"{e} (#{e.pk})" for e in others)
    return (
        _("%(merged)s merged into %(survivor)s (#%(id)s)")
        % {
            "merged": merged,
            "survivor": survivor,
            "id": survivor.pk,
        }
    )[:500]


@transaction.atomic
def entities_merge(
    *,
    survivor: Entity,
    merged: Sequence[Entity],
    values: dict[str, int] | None = None,
    reason: str = "",
    by: AbstractBaseUser | None = None,
) -> Merge:
    """Merge `merged` into `survivor`, in one transaction, and return the merge record (from which it is undone).

    `values` says, for a field of MERGE_FIELDS, whose value to keep (`{"name_zh": <entity id>}`); by default the
    survivor's, or the first other one's where the survivor has none. Aliases and tags are united, and the merged
    entities' names become aliases; contact points are united. Every link moves to the survivor (see `_repoint`);
    ties that become duplicates are merged. The merged entities are deleted, each restorable by undoing.
    """
    survivor = Entity.objects.select_for_update().get(pk=survivor.pk)
    others = list(Entity.objects.select_for_update().filter(pk__in=[e.pk for e in merged]).order_by("pk"))
    if len(others) != len({e.pk for e in merged}):
        raise ValidationError({"merged": _("One of the entities to merge is no longer on file.")})
    order = {e.pk: position for position, e in enumerate(merged)}
    others.sort(key=lambda e: order[e.pk])
    chosen = _choose_values(survivor, others, dict(values or {}))
    _check_group(survivor, others, chosen)
    summary = _summary(survivor, others)
    reason = (reason or "").strip()
    history_reason = _("Merge: %(summary)s") % {"summary": summary}
    if reason:
        history_reason = f"{history_reason}. {reason}"
    log = _Log(by, history_reason)

    # The survivor's own fields first (so a geonameid or name it takes is not held twice for long).
    names = [chosen.get("name"), chosen.get("name_zh"), chosen.get("name_en")]
    fields = dict(chosen)
    fields["aliases"] = _united(
        [survivor.aliases, *(e.aliases for e in others), *([e.name, e.name_zh, e.name_en] for e in others)],
        leave_out=[n for n in names if n],
    )
    fields["tags"] = _united([survivor.tags, *(e.tags for e in others)])
    candidate = Entity(**{**{f.attname: getattr(survivor, f.attname) for f in Entity._meta.concrete_fields}})
    for name, value in fields.items():
        setattr(candidate, name, value)
    try:
        candidate.clean_fields()
        candidate.clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    log.update(survivor, fields)

    merged_ids = [e.pk for e in others]
    for other in others:
        # Contact points: one of each kind and value.
        have = {(p.kind, p.value.strip().casefold()) for p in survivor.contact_points.all()}
        for point in list(other.contact_points.order_by("pk")):
            key = (point.kind, point.value.strip().casefold())
            if key in have:
                log.delete(point)
            else:
                have.add(key)
                log.move(point, "entity_id", survivor.pk)
        # "Not a duplicate" with the survivor or another merged one is moot; with a third, it carries over.
        group = {survivor.pk, *merged_ids}
        for record in list(NotDuplicate.objects.filter(Q(first=other) | Q(second=other)).order_by("pk")):
            far = record.second_id if record.first_id == other.pk else record.first_id
            low, high = _pair(survivor.pk, far)
            if far in group or NotDuplicate.objects.filter(first_id=low, second_id=high).exists():
                log.delete(record)
            else:
                log.update(record, {"first_id": low, "second_id": high})
        _repoint(other, survivor, log, skip=[ContactPoint, NotDuplicate])
        other.refresh_from_db()
        log.delete(other)

    merge = Merge(
        survivor=survivor,
        merged_ids=merged_ids,
        summary=summary,
        reason=reason,
        log=log.entries,
        merged_by=acting_user(by),
    )
    attribute(merge, by, reason=history_reason)
    merge.save()
    return merge


def merge_undo_refusal(merge: Merge) -> str | None:
    """Why a merge cannot be undone now, or None."""
    if merge.undone:
        return _("This merge was undone already.")
    ids = {merge.survivor_id, *merge.merged_ids}
    later_merges = Merge.objects.filter(undone_at__isnull=True, pk__gt=merge.pk).order_by("-pk")
    for later in later_merges.only("pk", "summary", "survivor", "merged_ids"):
        if merge.survivor_id in later.merged_ids:
            return _("The survivor was merged away later: undo “%(merge)s” first.") % {"merge": later}
        if ids & {later.survivor_id, *later.merged_ids}:
            return _("A later merge involves these entities: undo “%(merge)s” first.") % {"merge": later}
    if not Entity.objects.filter(pk=merge.survivor_id).exists():
        return _("The survivor is no longer on file.")
    if Entity.objects.filter(pk__in=merge.merged_ids).exists():
        return _("An entity with the id of a merged one is on file again.")
    return None


@transaction.atomic
def merge_undo(*, merge: Merge, by: AbstractBaseUser | None = None, reason: str = "") -> Merge:
    """Take a merge back: the merged entities return with their ids and every link they had, the survivor gets its
    own values back, merged ties are split again. Refused when a later merge involves the same entities."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    refusal = merge_undo_refusal(merge)
    if refusal:
        raise ValidationError(refusal, code="refused")
    history_reason = _("Undo of merge #%(id)s") % {"id": merge.pk}
    if reason:
        history_reason = f"{history_reason}. {reason.strip()}"
    _play_back(merge.log, acting_user(by), history_reason[:100])
    merge.undone_at = timezone.now()
    merge.undone_by = acting_user(by)
    attribute(merge, by, reason=history_reason)
    merge.save()
    return merge
