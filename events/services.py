"""Writes of events: one event is one batch (批); its headcount is its person-times (人次).

The API, the pages, the admin and the importers all go through these functions, so they all enforce the same
rules: end not before start, headcounts not negative, known kinds and levels, participants written in the same
transaction as the event, and the person-times recomputed from the participants unless given explicitly.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contacts.choices import EntityKind
from contacts.models import Entity
from contacts.naming import entity_display_name
from core.filters import valid_id
from core.history import attribute, history_record_links, links_set
from core.services import check_fields
from events.anniversaries import AnniversaryPlan, anniversary_title, check_anniversary, ordinal, planning_due
from events.choices import EventKind, EventStatus, ParticipantRole, RosterRole
from events.counting import person_times
from events.models import (
    CalendarFeed,
    Event,
    FollowUp,
    Gift,
    Note,
    Participant,
    RosterMember,
    new_calendar_secret,
)
from relations.models import Relation

# The fields of an event a caller may set; `headcount` may also be None (= count the participants).
EVENT_FIELDS = (
    "kind",
    "status",
    "title",
    "start_date",
    "end_date",
    "location",
    "level",
    "headcount",
    "outcome",
    "notes",
)


@dataclass(frozen=True)
class ParticipantRow:
    """A validated participant: which entity, in which role, with how many people."""

    entity: Entity
    role: str
    headcount: int


def _resolve_entities(rows: list[dict]) -> dict[int, Entity]:
    """Entities named by id in `rows`, loaded in one query (rows may also carry Entity instances)."""
    ids = set()
    for row in rows:
        value = row.get("entity")
        if isinstance(value, Entity) or value in (None, ""):
            continue
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            continue
    return Entity.objects.in_bulk(ids)


def _clean_participants(rows: Iterable[dict]) -> tuple[list[ParticipantRow], list[str]]:
    """Validate participant dicts ({entity, role, headcount}); returns the rows and the error messages."""
    rows = list(rows)
    entities = _resolve_entities(rows)
    cleaned: list[ParticipantRow] = []
    errors: list[str] = []
    seen: set[tuple[int, str]] = set()
    for number, row in enumerate(rows, start=1):
        value = row.get("entity")
        entity = value if isinstance(value, Entity) else None
        if entity is None:
            try:
                entity = entities.get(int(value))  # type: ignore[arg-type]  # None raises TypeError
            except (TypeError, ValueError):
                entity = None
        if entity is None:
            errors.append(
                _("Participant %(row)s: there is no entity with id “%(id)s”.")
                % {"row": number, "id": "" if value is None else value}
            )
            continue
        candidate = Participant(
            entity=entity,
            role=row.get("role") or Participant._meta.get_field("role").default,
            headcount=row.get("headcount") if row.get("headcount") is not None else 0,  # type: ignore[misc]
        )
        try:
            # The model's own field validation: known role, a whole number not below zero.
            candidate.clean_fields(exclude=["event", "entity"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                label = Participant._meta.get_field(field).verbose_name  # type: ignore[union-attr]
                for message in messages:
                    errors.append(
                        _("Participant %(row)s, %(field)s: %(message)s")
                        % {"row": number, "field": label, "message": message}
                    )
            continue
        key = (entity.pk, candidate.role)
        if key in seen:
            errors.append(
                _("Participant %(row)s: %(entity)s is listed twice in the same role.")
                % {"row": number, "entity": entity}
            )
            continue
        seen.add(key)
        cleaned.append(ParticipantRow(entity=entity, role=candidate.role, headcount=candidate.headcount))
    return cleaned, errors


def _resolve_relations(values: Iterable[Any]) -> tuple[list[Relation], list[str]]:
    values = list(values)
    ids: list[int] = []
    errors: list[str] = []
    instances: list[Relation] = []
    for value in values:
        if isinstance(value, Relation):
            instances.append(value)
            continue
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            errors.append(_("There is no tie with id “%(id)s”.") % {"id": value})
    found = Relation.objects.select_related("source", "target").in_bulk(ids)
    for pk in ids:
        if pk in found:
            instances.append(found[pk])
        else:
            errors.append(_("There is no tie with id “%(id)s”.") % {"id": pk})
    unique = list({relation.pk: relation for relation in instances}.values())
    return unique, errors


def _apply_fields(event: Event, fields: dict[str, Any]) -> dict[str, list[str]]:
    """Set the event's fields; returns field errors found before model validation (negative person-times)."""
    check_fields(fields, EVENT_FIELDS)
    errors: dict[str, list[str]] = {}
    for name, value in fields.items():
        if name == "headcount":
            if value is None or value == "":
                event.headcount_given = False
                continue
            try:
                value = int(value)
            except (TypeError, ValueError):
                errors["headcount"] = [_("Person-times must be a whole number.")]
                continue
            if value < 0:
                errors["headcount"] = [_("Person-times cannot be negative.")]
                continue
            event.headcount_given = True
        if name in ("end_date", "level", "location", "outcome", "notes") and value is None:
            value = None if name == "end_date" else ""
        setattr(event, name, value)
    return errors


def _validate(event: Event, errors: dict[str, list[str]]) -> None:
    """Model validation plus the rules across fields; raises one ValidationError naming every bad field."""
    try:
        # The only constraint (end after start) is checked below with a message that names the field.
        event.full_clean(exclude=["headcount"] if "headcount" in errors else None, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    start, end = event.start_date, event.end_date
    if "start_date" not in errors and "end_date" not in errors and start and end and end < start:
        errors["end_date"] = [_("The end date cannot be before the start date.")]
    if errors:
        raise ValidationError(errors)


def _person_times(kind: str, rows: Iterable[ParticipantRow | Participant]) -> int:
    """The counted participants' headcounts (events.counting: hosts and staff are recorded, not counted)."""
    return person_times(kind=kind, rows=((row.role, row.headcount) for row in rows))


def _describe(row: ParticipantRow | Participant) -> str:
    return f"{row.entity} ({ParticipantRole(row.role).label}, {row.headcount})"


def status_from_date(start: Any) -> str:
    """The status an event takes when none is chosen: planned if it is still to come, else held (issue 15 item 7)."""
    future = isinstance(start, dt.date) and start > timezone.localdate()
    return EventStatus.PLANNED if future else EventStatus.HELD


@transaction.atomic
def event_create(
    *,
    by,
    participants: list[dict] | None = None,
    relations: Iterable[Any] = (),
    pk: int | None = None,
    reason: str = "",
    **fields,
) -> Event:
    """Log an exchange with its participants and the ties it serves.

    `pk` files it under a given id (an export re-imported); `reason` is the change reason of every row written (an
    import's "import #N: file").

    `participants` are dicts {entity (Entity or id), role, headcount}; a blank headcount is 0. Unless `headcount` is
    given, the event's person-times are the sum of the counted participants' headcounts (events.counting: the
    visiting side of an inbound visit, our travellers of an outbound one; hosts and staff are not counted).
    """
    event = Event(pk=pk)
    if not fields.get("status"):
        fields = {**fields, "status": status_from_date(fields.get("start_date"))}
    errors = _apply_fields(event, fields)
    rows, participant_errors = _clean_participants(participants or [])
    if participant_errors:
        errors["participants"] = participant_errors
    ties, tie_errors = _resolve_relations(relations or [])
    if tie_errors:
        errors["relations"] = tie_errors
    if not event.headcount_given and "participants" not in errors:
        event.headcount = _person_times(event.kind, rows)
    _validate(event, errors)

    attribute(event, by, reason=reason)
    event.save(force_insert=True)
    for row in rows:
        participant = Participant(event=event, entity=row.entity, role=row.role, headcount=row.headcount)
        attribute(participant, by, reason=reason)
        participant.save()
    if ties:
        links_set(event, "relations", ties)
        history_record_links(event)  # into the row the save above wrote: one history row for a new event
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    by,
    participants: list[dict] | None = None,
    relations: Iterable[Any] | None = None,
    reason: str = "",
    **fields,
) -> Event:
    """Change an event; `participants` and `relations`, when given, replace the current ones.

    `reason` (an import's) leads the change reason of every row written.

    Participants are matched by (entity, role): a match keeps its row (and its history) and takes the new headcount.
    Changes of participants and ties are written into the event's history as the change reason.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if "status" in fields and not fields["status"]:
        fields = {**fields, "status": status_from_date(fields.get("start_date", event.start_date))}
    errors = _apply_fields(event, fields)
    current = {(p.entity_id, p.role): p for p in event.participants.select_related("entity")}
    rows: list[ParticipantRow] | None = None
    if participants is not None:
        rows, participant_errors = _clean_participants(participants)
        if participant_errors:
            errors["participants"] = participant_errors
    ties: list[Relation] | None = None
    if relations is not None:
        ties, tie_errors = _resolve_relations(relations)
        if tie_errors:
            errors["relations"] = tie_errors
    if not event.headcount_given and "participants" not in errors:
        event.headcount = _person_times(event.kind, rows if rows is not None else current.values())
    _validate(event, errors)

    reasons: list[str] = []
    if rows is not None:
        wanted = {(row.entity.pk, row.role): row for row in rows}
        for key, participant in current.items():
            if key not in wanted:
                reasons.append(_("removed %(participant)s") % {"participant": _describe(participant)})
                attribute(participant, by, reason=reason)
                participant.delete()
        for key, row in wanted.items():
            participant = current.get(key)  # type: ignore[assignment]
            if participant is None:
                participant = Participant(event=event, entity=row.entity, role=row.role, headcount=row.headcount)
                reasons.append(_("added %(participant)s") % {"participant": _describe(row)})
            elif participant.headcount != row.headcount:
                reasons.append(
                    _("%(entity)s headcount %(old)s → %(new)s")
                    % {"entity": row.entity, "old": participant.headcount, "new": row.headcount}
                )
                participant.headcount = row.headcount
            else:
                continue
            attribute(participant, by, reason=reason)
            participant.save()
    if ties is not None:
        before = {relation.pk: relation for relation in event.relations.select_related("source", "target")}
        after = {relation.pk: relation for relation in ties}
        for pk in before.keys() - after.keys():
            reasons.append(_("tie removed: %(tie)s") % {"tie": before[pk]})
        for pk in after.keys() - before.keys():
            reasons.append(_("tie added: %(tie)s") % {"tie": after[pk]})
        if before.keys() != after.keys():
            links_set(event, "relations", ties)  # recorded by the save below, with the reason

    attribute(event, by, reason="; ".join([reason, *reasons] if reason else reasons))
    event.save()
    return event


@transaction.atomic
def event_headcount_refresh(*, event: Event, by=None) -> Event:
    """Recount an event's person-times from its participants unless they were given (after an admin edit)."""
    if event.headcount_given:
        return event
    total = _person_times(event.kind, event.participants.all())
    if total != event.headcount:
        event.headcount = total
        attribute(event, by)
        event.save(update_fields=["headcount", "updated"])
    return event


@transaction.atomic
def event_delete(*, event: Event, by) -> None:
    """Delete an event and its participants (admins); every row stays restorable from history.

    Refused (ProtectedError, a 400 in the API) while follow-ups point at the event.
    """
    for participant in event.participants.all():
        attribute(participant, by)
        participant.delete()
    attribute(event, by)
    event.delete()


# --- follow-ups and timeline notes --------------------------------------------------------------------------------

# What followup_update may change; done_at/done_by change only through followup_mark_done / followup_reopen.
FOLLOWUP_EDITABLE = ("title", "due_date", "owner", "entity", "relation", "event", "notes", "anniversary_on")


@transaction.atomic
def followup_create(
    *,
    title: str,
    due_date: dt.date,
    by,
    owner=None,
    entity: Entity | None = None,
    relation: Relation | None = None,
    event: Event | None = None,
    notes: str = "",
    anniversary_on: dt.date | None = None,
    done_at: dt.datetime | None = None,
    done_by=None,
    pk: int | None = None,
    reason: str = "",
) -> FollowUp:
    """A new follow-up; its owner is the creator unless another user is given. An import files one already done
    (`done_at`, `done_by`), under its own id (`pk`), with its change reason."""
    followup = FollowUp(
        pk=pk,
        done_at=done_at,
        done_by=done_by if done_at else None,
        title=(title or "").strip(),
        due_date=due_date,
        owner=owner or by,
        entity=entity,
        relation=relation,
        event=event,
        notes=notes or "",
        anniversary_on=anniversary_on,
    )
    return _followup_save(followup, by, reason=reason, create=True)


@transaction.atomic
def followup_update(*, followup: FollowUp, by=None, reason: str = "", **changes) -> FollowUp:
    """Change a follow-up's editable fields (see FOLLOWUP_EDITABLE); done or not moves by mark_done / reopen."""
    check_fields(changes, FOLLOWUP_EDITABLE)
    return _followup_change(followup, by=by, reason=reason, changes=changes)


@transaction.atomic
def followup_import_update(*, followup: FollowUp, by, reason: str, **changes) -> FollowUp:
    """An import's change of a follow-up: the editable fields and, as the file records them (an export re-imported),
    when it was done and by whom (`done_at`, `done_by`; blank: open)."""
    check_fields(changes, (*FOLLOWUP_EDITABLE, "done_at", "done_by"))
    return _followup_change(followup, by=by, reason=reason, changes=changes)


def _followup_change(followup: FollowUp, *, by, reason: str, changes: dict) -> FollowUp:
    for name, value in changes.items():
        if name == "title":
            value = (value or "").strip()
        if name == "notes":
            value = value or ""
        setattr(followup, name, value)
    if followup.done_at is None:
        followup.done_by = None
    return _followup_save(followup, by, reason=reason)


@transaction.atomic
def followup_mark_done(*, followup: FollowUp, by, at: dt.datetime | None = None) -> FollowUp:
    """Record that `by` did the follow-up, now (or `at`); marking a done follow-up again changes nothing."""
    if followup.done_at is not None:
        return followup
    return _followup_set_done(followup, by=by, done_at=at or timezone.now(), done_by=by)


@transaction.atomic
def followup_reopen(*, followup: FollowUp, by=None) -> FollowUp:
    """Open a done follow-up again (the history keeps who had marked it done, and when)."""
    if followup.done_at is None:
        return followup
    return _followup_set_done(followup, by=by, done_at=None, done_by=None)


def _followup_set_done(followup: FollowUp, *, by, done_at: dt.datetime | None, done_by) -> FollowUp:
    followup.done_at = done_at
    followup.done_by = done_by
    return _followup_save(followup, by)


def _followup_save(followup: FollowUp, by, *, reason: str = "", create: bool = False) -> FollowUp:
    followup.full_clean()
    attribute(followup, by, reason=reason)
    followup.save(force_insert=create)
    return followup


FOLLOWUP_BULK_LIMIT = 500  # follow-ups one bulk action may change


@transaction.atomic
def followups_reassign(*, followup_ids: Iterable, owner, by) -> int:
    """Give the chosen follow-ups to another owner at once (issue 15 item 16), each written and in history as by hand,
    attributed to `by`; all or none. Returns how many changed owner (those already theirs are left alone)."""
    given = [str(pk) for pk in followup_ids]
    if not all(valid_id(pk) for pk in given):
        raise ValidationError({"ids": _("Choose follow-ups from the list.")})
    ids = sorted({int(pk) for pk in given})
    if not ids:
        raise ValidationError({"ids": _("Choose at least one follow-up.")})
    if len(ids) > FOLLOWUP_BULK_LIMIT:
        raise ValidationError(
            {"ids": _("Choose at most %(limit)d follow-ups at once.") % {"limit": FOLLOWUP_BULK_LIMIT}}
        )
    if owner is None or not getattr(owner, "is_active", False):
        raise ValidationError({"owner": _("Choose the person who takes them over.")})
    followups = list(FollowUp.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(followups) != len(ids):
        raise ValidationError({"ids": _("Some of the chosen follow-ups no longer exist.")})
    changed = 0
    for followup in followups:
        if followup.owner_id != owner.pk:
            followup.owner = owner
            _followup_save(followup, by)
            changed += 1
    return changed


@transaction.atomic
def followup_delete(*, followup: FollowUp, by=None) -> None:
    attribute(followup, by)
    followup.delete()


@transaction.atomic
def note_create(*, text: str, author, entity: Entity | None = None, relation: Relation | None = None) -> Note:
    """A free-text note on an entity's or a tie's timeline."""
    note = Note(text=(text or "").strip(), author=author, entity=entity, relation=relation)
    note.full_clean()
    attribute(note, author)
    note.save()
    return note


def note_can_delete(*, note: Note, user) -> bool:
    """A note's author (while still allowed to write notes) or anyone allowed to delete notes (the admin role)."""
    if user.has_perm("events.delete_note"):
        return True
    return note.author_id is not None and note.author_id == user.pk and user.has_perm("events.add_note")


@transaction.atomic
def note_delete(*, note: Note, by) -> None:
    """Delete a note (kept in history: "Deleted records" restores it); only its author or an admin may."""
    if not note_can_delete(note=note, user=by):
        raise PermissionDenied(_("Only the note's author or an admin may delete it."))
    attribute(note, by)
    note.delete()


# --- anniversaries -----------------------------------------------------------------------------------------------


@transaction.atomic
def anniversary_plan(
    *, relation: Relation, date: dt.date, by: AbstractBaseUser, due: dt.date | None = None
) -> AnniversaryPlan:
    """Plan a tie's anniversary: a planning follow-up owned by `by` and a draft anniversary event on the date.

    Planning the same anniversary again returns what exists and creates nothing.
    """
    existing = FollowUp.objects.select_related("event").filter(relation=relation, anniversary_on=date).first()
    if existing is not None:
        return AnniversaryPlan(followup=existing, event=existing.event, created=False)
    relation = Relation.objects.select_related("source", "target").get(pk=relation.pk)
    years = check_anniversary(relation=relation, on=date)
    late = False
    if due is None:
        due, late = planning_due(anniversary_on=date, today=timezone.localdate())
    if due > date:
        raise ValidationError({"due": _("The planning follow-up must fall due before the anniversary.")})
    partner = entity_display_name(relation.target)
    title = anniversary_title(partner=partner, kind=relation.kind, years=years)
    try:
        # A savepoint: if a concurrent request planned the same anniversary first, the unique constraint
        # refuses our follow-up, our draft event is rolled back with it, and theirs is returned.
        with transaction.atomic():
            event = event_create(
                by=by,
                kind=EventKind.ANNIVERSARY,
                status=EventStatus.PLANNED,
                title=title,
                start_date=date,
                end_date=date,
                participants=[
                    {"entity": relation.source, "role": ParticipantRole.HOST},
                    {"entity": relation.target, "role": ParticipantRole.PARTNER},
                ],
                relations=[relation],
            )
            followup = followup_create(
                title=_("Plan the %(nth)s anniversary with %(partner)s (%(date)s)")
                % {"nth": ordinal(years), "partner": partner, "date": formats.date_format(date)},
                due_date=due,
                by=by,
                owner=by,
                entity=relation.target,
                relation=relation,
                event=event,
                anniversary_on=date,
            )
    except (IntegrityError, ValidationError):
        existing = FollowUp.objects.select_related("event").filter(relation=relation, anniversary_on=date).first()
        if existing is None:
            raise
        return AnniversaryPlan(followup=existing, event=existing.event, created=False)
    return AnniversaryPlan(followup=followup, event=event, created=True, late=late)


# --- calendar feed secrets ---------------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_ensure(*, user: User) -> CalendarFeed:
    """The user's feed, created with a fresh secret on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
        attribute(feed, user)
        feed.full_clean()
        feed.save()
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Replace the user's secret: the old feed URL stops working at once (404)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first() or CalendarFeed(user=user)
    feed.secret = new_calendar_secret()
    attribute(feed, user)
    feed.full_clean()
    feed.save()
    return feed


# --- the roster of a delegation and the protocol records (gifts) ----------------------------------------------------

ROSTER_FIELDS = ("role", "name", "post", "level", "organisation", "entity")
GIFT_FIELDS = ("direction", "description", "counterpart", "value", "notes")


def _strip_texts(fields: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: (value or "").strip() if name in names else value for name, value in fields.items()}


def _save_checked(record, by):
    record.full_clean()
    attribute(record, by)
    record.save()
    return record


@transaction.atomic
def roster_member_create(*, event: Event, by, **fields: Any) -> RosterMember:
    """Name a member of a delegation on the event's roster (ours or the visiting side's, an interpreter, a host)."""
    check_fields(fields, ROSTER_FIELDS)
    member = RosterMember(event=event, **_strip_texts(fields, ("name", "post", "organisation", "level")))
    return _save_checked(member, by)


@transaction.atomic
def roster_member_update(*, member: RosterMember, by, **changes: Any) -> RosterMember:
    check_fields(changes, ROSTER_FIELDS)
    for name, value in _strip_texts(changes, ("name", "post", "organisation", "level")).items():
        setattr(member, name, value)
    return _save_checked(member, by)


@transaction.atomic
def roster_member_delete(*, member: RosterMember, by) -> None:
    attribute(member, by)
    member.delete()


@transaction.atomic
def roster_member_promote(*, member: RosterMember, by) -> Entity:
    """File a roster member as a person entity (name, post; the country and organisation of the delegation's side
    when the event names one) and link the roster row to it. A member already on file is returned as it is."""
    from contacts.services import entity_create

    if member.entity is not None:
        return member.entity
    sides: dict[str, tuple[str, ...]] = {
        RosterRole.GUEST: (ParticipantRole.GUEST,),
        RosterRole.DELEGATION: (ParticipantRole.DELEGATION,),
        RosterRole.HOST: (ParticipantRole.HOST, ParticipantRole.ORGANISER),
    }
    side_roles = sides.get(member.role, ())
    side = (
        member.event.participants.select_related("entity")
        .filter(role__in=side_roles)
        .exclude(entity__kind=EntityKind.PERSON)
        .order_by("id")
        .first()
    )
    organisation = side.entity if side else None
    fields: dict[str, Any] = {"kind": EntityKind.PERSON, "name": member.name, "title": member.post}
    if organisation is not None:
        fields.update(country=organisation.country, domestic=organisation.domestic, parent=organisation)
    person = entity_create(by=by, **fields)
    member.entity = person
    _save_checked(member, by)
    return person


@transaction.atomic
def gift_create(*, event: Event, by, **fields: Any) -> Gift:
    """Record a gift given or received at the event, with its value in yuan when known."""
    check_fields(fields, GIFT_FIELDS)
    gift = Gift(event=event, **_strip_texts(fields, ("description", "counterpart", "notes")))
    return _save_checked(gift, by)


@transaction.atomic
def gift_update(*, gift: Gift, by, **changes: Any) -> Gift:
    check_fields(changes, GIFT_FIELDS)
    for name, value in _strip_texts(changes, ("description", "counterpart", "notes")).items():
        setattr(gift, name, value)
    return _save_checked(gift, by)


@transaction.atomic
def gift_delete(*, gift: Gift, by) -> None:
    attribute(gift, by)
    gift.delete()
