"""Follow-ups and timeline notes: services (writes), selectors (reads) and the FilterSet the API and pages share."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Entity
from core.filters import IdFilter, ModelIdFilter
from events.models import Event, FollowUp, Note
from relations.models import Relation

User = get_user_model()

# What followup_update may change; done_at/done_by change only through followup_mark_done / followup_reopen.
FOLLOWUP_EDITABLE = ("title", "due_date", "owner", "entity", "relation", "event", "notes", "anniversary_on")


def _attributed(instance, by) -> None:
    # HistoryRequestMiddleware attributes writes made in a request; this covers commands and scripts too.
    if by is not None:
        instance._history_user = by


# --- services -----------------------------------------------------------------------------------------------------


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
) -> FollowUp:
    """A new follow-up; its owner is the creator unless another user is given."""
    followup = FollowUp(
        title=(title or "").strip(),
        due_date=due_date,
        owner=owner or by,
        entity=entity,
        relation=relation,
        event=event,
        notes=notes or "",
        anniversary_on=anniversary_on,
    )
    followup.full_clean()
    _attributed(followup, by)
    followup.save()
    return followup


@transaction.atomic
def followup_update(*, followup: FollowUp, by=None, **changes) -> FollowUp:
    """Change a follow-up's editable fields (see FOLLOWUP_EDITABLE)."""
    unknown = set(changes) - set(FOLLOWUP_EDITABLE)
    if unknown:
        raise TypeError(f"followup_update() cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        if name == "title":
            value = (value or "").strip()
        if name == "notes":
            value = value or ""
        setattr(followup, name, value)
    followup.full_clean()
    _attributed(followup, by)
    followup.save()
    return followup


@transaction.atomic
def followup_mark_done(*, followup: FollowUp, by, at: dt.datetime | None = None) -> FollowUp:
    """Record that `by` did the follow-up, now (or `at`); marking a done follow-up again changes nothing."""
    if followup.done_at is not None:
        return followup
    followup.done_at = at or timezone.now()
    followup.done_by = by
    followup.full_clean()
    _attributed(followup, by)
    followup.save()
    return followup


@transaction.atomic
def followup_reopen(*, followup: FollowUp, by=None) -> FollowUp:
    """Open a done follow-up again (the history keeps who had marked it done, and when)."""
    if followup.done_at is None:
        return followup
    followup.done_at = None
    followup.done_by = None
    followup.full_clean()
    _attributed(followup, by)
    followup.save()
    return followup


@transaction.atomic
def followup_delete(*, followup: FollowUp, by=None) -> None:
    _attributed(followup, by)
    followup.delete()


@transaction.atomic
def note_create(*, text: str, author, entity: Entity | None = None, relation: Relation | None = None) -> Note:
    """A free-text note on an entity's or a tie's timeline."""
    note = Note(text=(text or "").strip(), author=author, entity=entity, relation=relation)
    note.full_clean()
    _attributed(note, author)
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
    _attributed(note, by)
    note.delete()


# --- selectors ----------------------------------------------------------------------------------------------------


def _overdue_q(today: dt.date) -> Q:
    return Q(done_at__isnull=True, due_date__lt=today)


def followup_list(*, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """All follow-ups with what a list shows already joined, and `is_overdue` annotated."""
    today = today or timezone.localdate()
    return FollowUp.objects.select_related(
        "owner",
        "done_by",
        "entity",
        "relation__source",
        "relation__target",
        "event",
    ).annotate(is_overdue=ExpressionWrapper(_overdue_q(today), output_field=BooleanField()))


def followups_open(*, owner, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """A user's follow-ups not yet done, soonest due first."""
    return followup_list(today=today).filter(owner=owner, done_at__isnull=True).order_by("due_date", "id")


def followups_overdue(*, owner=None, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date (of one owner, or everyone's), oldest first."""
    today = today or timezone.localdate()
    queryset = followup_list(today=today).filter(_overdue_q(today))
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    return queryset.order_by("due_date", "id")


# --- filters ------------------------------------------------------------------------------------------------------


class FollowUpFilterSet(django_filters.FilterSet):
    """Filters of follow-ups, shared by /api/followups/ and the /followups/ page."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    owner = ModelIdFilter(queryset=User.objects.order_by("username"), label=_("Owner"))
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due on or after"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))
    done = django_filters.BooleanFilter(method="filter_done", label=_("Done"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    entity = IdFilter(field_name="entity_id", label=_("Entity (id)"))
    relation = IdFilter(field_name="relation_id", label=_("Relation (id)"))
    event = IdFilter(field_name="event_id", label=_("Event (id)"))

    class Meta:
        model = FollowUp
        fields = ("q", "owner", "due_after", "due_before", "done", "overdue", "entity", "relation", "event")

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(notes__icontains=value))

    def filter_done(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(done_at__isnull=not value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = _overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)
