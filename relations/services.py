"""Writes on ties: create, update, move along the lifecycle, record approvals, upgrade, delete.

Every write is atomic, validated with full_clean() plus the rules across rows (no duplicate live tie, steps in
date order), attributed to the user in the history and, for transitions, given a change reason.
"""

from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from contacts.models import Entity
from core.history import acting_user, attribute
from relations import providers
from relations.choices import CLOSED_STATUSES, ApprovalLevel, ApprovalOutcome, RelationKind, RelationStatus
from relations.lifecycle import (
    NEEDS_ESTABLISHED_ON,
    UPGRADABLE_KINDS,
    allowed_next,
    allowed_starts,
    approval_chain,
    end_problem,
    next_level,
)
from relations.models import TIE_DATES, ApprovalDecision, Relation, RelationStep

# Fields an edit may change; the status moves only through relation_advance / approval_record / relation_upgrade.
EDITABLE_FIELDS = ("kind", "source", "target", "established_on", "title", "start_date", "end_date", "notes")


def status_label(status: str) -> str:
    try:
        return str(RelationStatus(status).label)
    except ValueError:
        return str(status)


def allowed_next_text(status: str, kind: str) -> str:
    """'Preliminary intent (intent), Ended (ended)' — the allowed next steps, named for people and programs."""
    steps = allowed_next(status, kind)
    if not steps:
        return _("none: this status is final")
    if (get_language() or "en").lower().startswith("zh"):
        return "、".join(status_label(s) for s in steps)  # the codes are for programs, which talk English
    return ", ".join(f"{status_label(s)} ({s})" for s in steps)


def _check_not_future(value: date | None, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _check_no_duplicate(relation: Relation) -> None:
    """No two live ties of the same kind between the same two entities, in either direction."""
    if relation.status in CLOSED_STATUSES or not (relation.source_id and relation.target_id):
        return
    same_pair = Q(source_id=relation.source_id, target_id=relation.target_id) | Q(
        source_id=relation.target_id, target_id=relation.source_id
    )
    live = Relation.objects.filter(same_pair, kind=relation.kind).exclude(status__in=CLOSED_STATUSES)
    if relation.pk:
        live = live.exclude(pk=relation.pk)
    existing = live.first()
    if existing is not None:
        raise ValidationError(
            {
                "target": _(
                    "There is already a live tie of this kind between these two entities (#%(id)s, %(status)s); "
                    "end it before making another."
                )
                % {"id": existing.pk, "status": status_label(existing.status)}
            }
        )


def _kind_label(kind: str) -> str:
    try:
        return str(RelationKind(kind).label)
    except ValueError:
        return str(kind)


def _check_ends(relation: Relation) -> None:
    """Each tie kind says which entities may stand at each end (a sister city joins one of our places and a foreign
    place: not a school, not two foreign cities); refused naming the end."""
    errors = {}
    for end in ("source", "target"):
        entity = getattr(relation, end, None) if getattr(relation, f"{end}_id") else None
        if entity is None:
            continue
        problem = end_problem(relation.kind, end, entity.kind, entity.domestic)
        if problem is None:
            continue
        names = {"kind": _kind_label(relation.kind), "entity": str(entity), "entity_kind": entity.get_kind_display()}
        if problem == "kind":
            errors[end] = _("A “%(kind)s” tie cannot have “%(entity)s” (%(entity_kind)s) at this end.") % names
        elif problem == "domestic":
            errors[end] = _("A “%(kind)s” tie needs one of our own (domestic) entities on our side.") % names
        elif problem == "foreign":
            errors[end] = _("A “%(kind)s” tie needs a foreign partner; “%(entity)s” is on our own side.") % names
    if errors:
        raise ValidationError(errors)


def _check_start(kind: str, status: str) -> None:
    starts = allowed_starts(kind)
    if status in RelationStatus.values and status not in starts:
        raise ValidationError(
            {
                "status": _("A “%(kind)s” tie cannot be put on file at “%(status)s”; it can start at: %(allowed)s.")
                % {
                    "kind": _kind_label(kind),
                    "status": status_label(status),
                    "allowed": ", ".join(status_label(s) for s in starts),
                }
            }
        )


def _validate(relation: Relation) -> None:
    # Database constraints are checked by the rules here with a field name (clean(), the duplicate check)
    # instead of Django's generic "constraint violated" message.
    relation.full_clean(validate_constraints=False)
    _check_no_duplicate(relation)


def _last_step_date(relation: Relation) -> date | None:
    return relation.steps.aggregate(last=Max("date"))["last"]


def _check_tie_date(value: date | None, field: str) -> None:
    # A step's date becomes the tie's status_since: checked first so that the refusal names the field given.
    try:
        TIE_DATES(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _check_step_date(relation: Relation, on: date | None) -> None:
    if on is None:
        raise ValidationError({"date": _("The date of the step is required.")})
    _check_tie_date(on, "date")
    _check_not_future(on, "date")
    last = _last_step_date(relation)
    if last is not None and on < last:
        raise ValidationError(
            {"date": _("The date cannot be earlier than the last step (%(last)s).") % {"last": last.isoformat()}}
        )


def _record_step(
    *, relation: Relation, from_status: str, on: date, by, note: str, document_no: str, reason: str = ""
) -> RelationStep:
    step = RelationStep(
        relation=relation,
        from_status=from_status,
        to_status=relation.status,
        date=on,
        note=note,
        document_no=document_no,
        recorded_by=acting_user(by),
    )
    step.full_clean()
    attribute(step, by, reason=reason)
    step.save()
    return step


def _move(*, relation: Relation, to_status: str, on: date, by, note: str, document_no: str) -> Relation:
    """Apply one step already checked: new status, its date, the signing date, the dated record, the reason."""
    from_status = relation.status
    relation.status = to_status
    relation.status_since = on
    if to_status == RelationStatus.SIGNED and relation.established_on is None:
        relation.established_on = on
    _validate(relation)
    attribute(relation, by, reason=f"lifecycle: {from_status} → {to_status}")
    relation.save()
    _record_step(relation=relation, from_status=from_status, on=on, by=by, note=note, document_no=document_no)
    return relation


def _lock(relation: Relation) -> Relation:
    """Lock the tie's row for the transaction and bring the caller's instance up to date (so it stays current)."""
    Relation.objects.select_for_update().filter(pk=relation.pk).values_list("pk", flat=True).get()
    relation.refresh_from_db()
    return relation


def relation_prepare(
    *,
    kind: str,
    source: Entity,
    target: Entity,
    by: AbstractBaseUser | None,
    status: str = RelationStatus.CONTACT,
    established_on: date | None = None,
    on: date | None = None,
    title: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    notes: str = "",
    note: str = "",
    document_no: str = "",
    pk: int | None = None,
    check_duplicate: bool = True,
) -> tuple[Relation, RelationStep]:
    """A new tie and its first step, checked by every rule of `relation_create` but not saved: the importer writes
    thousands at once with `relations_bulk_create`. It checks duplicates in memory (`check_duplicate=False`) and its
    ends may be entities it is about to file (no id yet)."""
    relation = Relation(
        pk=pk,
        kind=kind,
        source=source,
        target=target,
        status=status,
        established_on=established_on,
        title=title,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
    )
    if status in NEEDS_ESTABLISHED_ON and established_on is None:
        # Said here too so that the message is the same whichever other field is wrong.
        raise ValidationError(
            {"established_on": _("A signed tie needs its signing date (anniversaries count from it).")}
        )
    _check_start(kind, status)
    _check_not_future(established_on, "established_on")
    step_date = on or established_on or start_date  # a post is held from its start
    _check_tie_date(on, "date")
    _check_tie_date(established_on, "established_on")
    _check_not_future(step_date, "date")
    relation.status_since = step_date
    if source is target:
        raise ValidationError(
            {"target": _("A tie needs two different entities: the partner cannot be the same as our side.")}
        )
    if check_duplicate:
        _validate(relation)
    else:
        # The ends are given as instances (perhaps not saved yet): their foreign keys need no query to be checked.
        relation.full_clean(exclude=["source", "target"], validate_unique=False, validate_constraints=False)
    _check_ends(relation)
    if step_date is None:
        # Never "today" by default: a tie first met years ago would refuse every older later step (issue 15 item 5).
        raise ValidationError({"date": _("Give the date the tie reached its starting status.")})
    step = RelationStep(
        relation=relation,
        from_status="",
        to_status=relation.status,
        date=step_date,
        note=note,
        document_no=document_no,
        recorded_by=acting_user(by),
    )
    step.full_clean(exclude=["relation"], validate_unique=False, validate_constraints=False)
    return relation, step


@transaction.atomic
def relation_create(*, by: AbstractBaseUser | None, reason: str = "", **fields) -> Relation:
    """Put a tie on file at any status (an office enters ties signed decades ago as `signed` with their date).

    The starting status is recorded as the first step, dated `on`, else `established_on`, else `start_date` (one of
    them is required: a silent "today" would refuse every older later step). `pk` keeps a tie's id from a
    re-imported export; `reason` replaces the history's "created at …" (an import names itself). The fields are
    those of `relation_prepare`.
    """
    relation, step = relation_prepare(by=by, **fields)
    attribute(relation, by, reason=reason or f"created at {relation.status}")
    relation.save(force_insert=True)
    step.relation = relation
    attribute(step, by, reason=reason)
    step.save()
    return relation


@transaction.atomic
def relations_bulk_create(
    *, items: list[tuple[Relation, RelationStep]], by: AbstractBaseUser | None, reason: str, batch_size: int = 1000
) -> list[Relation]:
    """Write ties prepared by `relation_prepare` and their first steps in bulk, with their history rows (attributed
    to `by`, with `reason`): what an import of thousands of rows needs instead of two saves and two history rows
    each. Their ends must be saved by now."""
    from simple_history.utils import bulk_create_with_history

    user = acting_user(by)
    relations = [relation for relation, _step in items]
    for relation in relations:
        # the ends were instances without ids when the ties were prepared
        relation.source_id, relation.target_id = relation.source.pk, relation.target.pk
    bulk_create_with_history(relations, Relation, batch_size=batch_size, default_user=user,
                             default_change_reason=reason)  # fmt: skip
    steps = []
    for relation, step in items:
        step.relation = relation
        steps.append(step)
    bulk_create_with_history(steps, RelationStep, batch_size=batch_size, default_user=user,
                             default_change_reason=reason)  # fmt: skip
    return relations


@transaction.atomic
def relation_step_redate(
    *, step: RelationStep, on: date | None, by: AbstractBaseUser | None, note: str = ""
) -> RelationStep:
    """Correct the date of a recorded lifecycle step (a typo, a default that was wrong); kept in history.

    The steps stay in order (not before the step before, not after the step after); the tie's `status_since`
    follows its last step, and its signing date follows a corrected signing step."""
    relation = _lock(step.relation)
    step = RelationStep.objects.select_for_update().get(pk=step.pk, relation=relation)
    if on is None:
        raise ValidationError({"date": _("The date of the step is required.")})
    _check_tie_date(on, "date")
    _check_not_future(on, "date")
    steps = list(relation.steps.order_by("date", "id"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    before = steps[index - 1].date if index > 0 else None
    after = steps[index + 1].date if index + 1 < len(steps) else None
    if before is not None and on < before:
        raise ValidationError(
            {"date": _("The date cannot be earlier than the step before (%(date)s).") % {"date": before.isoformat()}}
        )
    if after is not None and on > after:
        raise ValidationError(
            {"date": _("The date cannot be later than the step after (%(date)s).") % {"date": after.isoformat()}}
        )
    old = step.date
    if old == on:
        return step
    step.date = on
    if note:
        step.note = f"{step.note}\n{note}".strip()
    step.full_clean()
    attribute(step, by, reason=f"date corrected: {old.isoformat()} → {on.isoformat()}")
    step.save()
    changed = False
    if index == len(steps) - 1 and relation.status_since != on:
        relation.status_since = on
        changed = True
    if step.to_status == RelationStatus.SIGNED and relation.established_on == old:
        relation.established_on = on
        changed = True
    if changed:
        _validate(relation)
        attribute(relation, by, reason=f"step date corrected: {old.isoformat()} → {on.isoformat()}")
        relation.save()
    return step


@transaction.atomic
def relation_update(*, relation: Relation, data: dict, by: AbstractBaseUser | None, reason: str = "") -> Relation:
    """Change a tie's details; the status is refused here (it moves only by the lifecycle's steps)."""
    if "status" in data and data["status"] != relation.status:
        raise ValidationError(
            {
                "status": _(
                    "The status cannot be edited; it moves only by the lifecycle's steps (advance). "
                    "Allowed next steps: %(allowed)s."
                )
                % {"allowed": allowed_next_text(relation.status, relation.kind)}
            }
        )
    unknown = sorted(set(data) - set(EDITABLE_FIELDS) - {"status"})
    if unknown:
        raise ValidationError({field: _("This field cannot be edited.") for field in unknown})
    ends_before = (relation.kind, relation.source_id, relation.target_id)
    for field, value in data.items():
        if field != "status":
            setattr(relation, field, value)
    _check_not_future(relation.established_on, "established_on")
    _validate(relation)
    if (relation.kind, relation.source_id, relation.target_id) != ends_before:
        _check_ends(relation)
    attribute(relation, by, reason=reason)
    relation.save()
    return relation


@transaction.atomic
def relation_advance(
    *, relation: Relation, to_status: str, on: date, by: AbstractBaseUser | None, note: str = "", document_no: str = ""
) -> Relation:
    """Move a tie one step along its lifecycle; refuses a step the lifecycle does not allow, naming those it does.

    Signing sets `established_on` (unless already set: a dormant tie signed again keeps its first date);
    approval needs an `approved` decision recorded since the application; `upgraded` performs the upgrade.
    """
    relation = _lock(relation)
    allowed = allowed_next(relation.status, relation.kind)
    if to_status not in RelationStatus.values:
        raise ValidationError(
            {
                "status": _("Unknown status “%(status)s”. Allowed next steps: %(allowed)s.")
                % {"status": to_status, "allowed": allowed_next_text(relation.status, relation.kind)}
            }
        )
    if to_status not in allowed:
        raise ValidationError(
            {
                "status": _("A tie at “%(current)s” cannot move to “%(status)s”. Allowed next steps: %(allowed)s.")
                % {
                    "current": status_label(relation.status),
                    "status": status_label(to_status),
                    "allowed": allowed_next_text(relation.status, relation.kind),
                }
            }
        )
    if to_status == RelationStatus.UPGRADED:
        relation_upgrade(relation=relation, on=on, by=by, note=note, document_no=document_no)
        return relation
    _check_step_date(relation, on)
    if to_status == RelationStatus.APPROVED and not _approved_since_application(relation):
        raise ValidationError(
            {
                "status": _(
                    "Record the approval decision (level, outcome, date) before marking the application approved."
                )
            }
        )
    return _move(relation=relation, to_status=to_status, on=on, by=by, note=note, document_no=document_no)


def _level_label(level: str) -> str:
    try:
        return str(ApprovalLevel(level).label)
    except ValueError:
        return str(level)


def _decisions_since_application(relation: Relation):
    """This application's decisions: those recorded since the tie was last submitted upward (a returned application
    starts a new round)."""
    applied = relation.steps.filter(to_status=RelationStatus.APPLIED).order_by("-date", "-id").first()
    decisions = relation.approvals.all()
    if applied is not None:
        decisions = decisions.filter(date__gte=applied.date, created__gte=applied.created)
    return decisions


def _check_chain(relation: Relation, level: str, on: date) -> None:
    """The chain decides in order (city → province → association → ministry, as configured), each level once: a
    level that has approved cannot decide again on the same application (it must be returned and submitted again)."""
    chain = approval_chain(relation.kind, tuple(settings.CRM_APPROVAL_CHAIN))
    arrow = " → ".join(_level_label(lv) for lv in chain)
    if level not in chain:
        raise ValidationError(
            {
                "level": _("This level does not decide on a “%(kind)s” tie; its chain is: %(chain)s.")
                % {"kind": _kind_label(relation.kind), "chain": arrow or "—"}
            }
        )
    decisions = list(_decisions_since_application(relation).order_by("date", "id"))
    approved = {d.level for d in decisions if d.outcome == ApprovalOutcome.APPROVED}
    earlier = next((d for d in decisions if d.level == level and d.outcome == ApprovalOutcome.APPROVED), None)
    if earlier is not None:
        raise ValidationError(
            {
                "level": _(
                    "%(level)s already approved this application on %(date)s. A level decides once: to decide "
                    "again, the application must first be returned and submitted again."
                )
                % {"level": _level_label(level), "date": earlier.date.isoformat()}
            }
        )
    waiting = next_level(chain[: chain.index(level)], approved)
    if waiting is not None:
        raise ValidationError(
            {
                "level": _("The chain decides in order (%(chain)s): %(waiting)s has not approved yet.")
                % {"chain": arrow, "waiting": _level_label(waiting)}
            }
        )
    last = decisions[-1].date if decisions else None
    if last is not None and on < last:
        raise ValidationError(
            {"date": _("The date cannot be earlier than the last decision (%(last)s).") % {"last": last.isoformat()}}
        )


def approval_next_level(relation: Relation) -> str | None:
    """The level of the chain that decides next on the tie's application (None: the whole chain has approved)."""
    chain = approval_chain(relation.kind, tuple(settings.CRM_APPROVAL_CHAIN))
    approved = set(
        _decisions_since_application(relation).filter(outcome=ApprovalOutcome.APPROVED).values_list("level", flat=True)
    )
    return next_level(chain, approved)


def _approved_since_application(relation: Relation) -> bool:
    applied = relation.steps.filter(to_status=RelationStatus.APPLIED).order_by("-date", "-id").first()
    decisions = relation.approvals.filter(outcome=ApprovalOutcome.APPROVED)
    if applied is not None:
        decisions = decisions.filter(date__gte=applied.date)
    return decisions.exists()


@transaction.atomic
def approval_record(
    *,
    relation: Relation,
    level: str,
    outcome: str,
    on: date,
    by: AbstractBaseUser | None,
    note: str = "",
    document_no: str = "",
) -> ApprovalDecision:
    """Record one level's decision on the application; a `returned` outcome sends the tie back (`returned`)."""
    relation = _lock(relation)
    if relation.status != RelationStatus.APPLIED:
        raise ValidationError(
            {
                "status": _(
                    "Approval decisions are recorded only while the application is submitted (“%(applied)s”); "
                    "this tie is at “%(status)s”."
                )
                % {"applied": status_label(RelationStatus.APPLIED), "status": status_label(relation.status)}
            }
        )
    _check_step_date(relation, on)
    _check_chain(relation, level, on)
    decision = ApprovalDecision(
        relation=relation,
        level=level,
        outcome=outcome,
        date=on,
        note=note,
        document_no=document_no,
        recorded_by=acting_user(by),
    )
    decision.full_clean()
    attribute(decision, by)
    decision.save()
    if outcome == ApprovalOutcome.RETURNED:
        _move(
            relation=relation,
            to_status=RelationStatus.RETURNED,
            on=on,
            by=by,
            note=note or _("Returned by: %(level)s") % {"level": decision.get_level_display()},
            document_no=document_no,
        )
    return decision


@transaction.atomic
def relation_upgrade(
    *, relation: Relation, on: date, by: AbstractBaseUser | None, note: str = "", document_no: str = ""
) -> Relation:
    """Upgrade a signed friendly-exchange tie to a sister-city tie, in one action; returns the new tie.

    The old tie becomes `upgraded` (with its step); the new one is `signed` on `on`, points back through
    `upgraded_from`, and keeps the FIRST signing date as `established_on`: anniversaries count from there.
    """
    relation = _lock(relation)
    if relation.kind not in UPGRADABLE_KINDS:
        raise ValidationError(
            {
                "kind": _(
                    "Only a friendly-exchange city tie can be upgraded to a sister city; this is a “%(kind)s” tie."
                )
                % {"kind": relation.get_kind_display()}
            }
        )
    if relation.status != RelationStatus.SIGNED:
        raise ValidationError(
            {
                "status": _(
                    "Only a signed tie can be upgraded; this one is at “%(status)s”. Allowed next steps: %(allowed)s."
                )
                % {
                    "status": status_label(relation.status),
                    "allowed": allowed_next_text(relation.status, relation.kind),
                }
            }
        )
    _check_step_date(relation, on)
    first_signed = relation.anniversary_base_date
    _move(relation=relation, to_status=RelationStatus.UPGRADED, on=on, by=by, note=note, document_no=document_no)
    successor = Relation(
        kind=RelationKind.SISTER_CITY,
        source=relation.source,
        target=relation.target,
        status=RelationStatus.SIGNED,
        status_since=on,
        established_on=first_signed,
        upgraded_from=relation,
        title=relation.title,
        notes=relation.notes,
    )
    _validate(successor)
    attribute(successor, by, reason=f"upgraded from #{relation.pk}")
    successor.save()
    step_note = note or _("Upgraded from the friendly-exchange tie signed on %(date)s.") % {
        "date": first_signed.isoformat() if first_signed else "—"
    }
    _record_step(relation=successor, from_status="", on=on, by=by, note=step_note, document_no=document_no)
    return successor


@transaction.atomic
def relation_delete(*, relation: Relation, by: AbstractBaseUser | None) -> None:
    """Delete a tie (admins); refused while events serve it or other records point at it (end it instead).

    Its steps and approvals go with it; all stay restorable from history.
    """
    served = providers.relation_events_count(relation)
    if served:
        raise ValidationError(
            ngettext(
                "This tie cannot be deleted because %(count)d event serves it. End it instead.",
                "This tie cannot be deleted because %(count)d events serve it. End it instead.",
                served,
            )
            % {"count": served}
        )
    attribute(relation, by)
    try:
        relation.delete()
    except ProtectedError as exc:
        linked = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ValidationError(
            _("This tie cannot be deleted because other records refer to it (%(linked)s). End it instead.")
            % {"linked": ", ".join(linked)}
        ) from exc
