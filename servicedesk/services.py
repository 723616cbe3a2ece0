"""Writes of the service desk: kinds (admins), ledger entries (one by one or a month's totals) and APEC cards.

Every write is atomic, validated with full_clean (so the API, the pages and the admin refuse the same things,
naming the field) and attributed in history.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.choices import EntityKind
from contacts.models import Entity
from core.history import attribute
from core.services import check_fields
from servicedesk.choices import EntryPeriod
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind

KIND_FIELDS = ("code", "name", "name_zh", "unit", "cumulative", "order", "active")
ENTRY_FIELDS = ("kind", "period", "date", "applicant", "batches", "items", "note")
CARD_FIELDS = ("holder", "enterprise", "number", "issued_on", "expires_on", "note")


def _save(instance, by, *, reason: str = ""):
    instance.full_clean()
    attribute(instance, by, reason=reason)
    instance.save()
    return instance


# --- kinds --------------------------------------------------------------------------------------------------------


@transaction.atomic
def service_kind_create(*, by, **fields) -> ServiceKind:
    check_fields(fields, KIND_FIELDS)
    return _save(ServiceKind(**fields), by)


@transaction.atomic
def service_kind_update(*, kind: ServiceKind, by, **changes) -> ServiceKind:
    check_fields(changes, KIND_FIELDS)
    for name, value in changes.items():
        setattr(kind, name, value)
    return _save(kind, by)


# --- the ledger ---------------------------------------------------------------------------------------------------


def _check_entry(entry: ServiceEntry, *, new_kind: bool) -> None:
    errors: dict[str, str] = {}
    if entry.kind_id and new_kind and not entry.kind.active:
        errors["kind"] = _("This kind of service is no longer in use.")
    if entry.period == EntryPeriod.MONTH:
        if entry.date and entry.date.day != 1:
            # A month's totals are dated the 1st: the form and the API may send any day of the month.
            entry.date = entry.date.replace(day=1)
        if entry.applicant_id:
            errors["applicant"] = _("A month's totals have no single applicant.")
        clash = ServiceEntry.objects.filter(kind_id=entry.kind_id, date=entry.date, period=EntryPeriod.MONTH)
        if entry.pk:
            clash = clash.exclude(pk=entry.pk)
        if entry.kind_id and entry.date and clash.exists():
            errors["date"] = _("This month's totals of this kind are already recorded; change that entry instead.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def service_entry_create(*, kind: ServiceKind, date: dt.date, by, **fields) -> ServiceEntry:
    """A new ledger entry; `period="month"` records a month's totals of the kind (dated the month's 1st)."""
    check_fields(fields, ENTRY_FIELDS)
    fields = {key: ("" if value is None and key == "note" else value) for key, value in fields.items()}
    entry = ServiceEntry(kind=kind, date=date, **fields)
    _check_entry(entry, new_kind=True)
    return _save(entry, by)


@transaction.atomic
def service_entry_update(*, entry: ServiceEntry, by, **changes) -> ServiceEntry:
    check_fields(changes, ENTRY_FIELDS)
    kind_before = entry.kind_id
    for name, value in changes.items():
        setattr(entry, name, "" if value is None and name == "note" else value)
    _check_entry(entry, new_kind=entry.kind_id != kind_before)
    return _save(entry, by)


@transaction.atomic
def service_entry_delete(*, entry: ServiceEntry, by) -> None:
    attribute(entry, by)
    entry.delete()


@transaction.atomic
def service_month_record(
    *, month: dt.date, totals: dict[ServiceKind, tuple[int, int]], by, note: str = ""
) -> list[ServiceEntry]:
    """Record a month's totals for several kinds at once: `{kind: (batches, items)}`.

    A kind's existing totals for the month are replaced (a changed figure is an update, in history); a kind given
    (0, 0) with no totals on file writes nothing. Returns the entries written.
    """
    first = month.replace(day=1)
    existing = {
        entry.kind_id: entry
        for entry in ServiceEntry.objects.select_for_update().filter(
            period=EntryPeriod.MONTH, date=first, kind__in=list(totals)
        )
    }
    written = []
    for kind, (batches, items) in totals.items():
        entry = existing.get(kind.pk)
        if entry is None:
            if not batches and not items:
                continue
            written.append(
                service_entry_create(
                    kind=kind, date=first, period=EntryPeriod.MONTH, batches=batches, items=items, note=note, by=by
                )
            )
        elif (entry.batches, entry.items) != (batches, items):
            written.append(service_entry_update(entry=entry, batches=batches, items=items, by=by))
    return written


# --- APEC business travel cards -----------------------------------------------------------------------------------


def _check_card(card: ApecCard) -> None:
    errors: dict[str, str] = {}
    if card.holder_id and card.holder.kind != EntityKind.PERSON:
        errors["holder"] = _("The holder of a card is a person.")
    if card.enterprise_id and card.enterprise.kind != EntityKind.ENTERPRISE:
        errors["enterprise"] = _("Choose an enterprise.")
    if card.issued_on and card.expires_on and card.expires_on <= card.issued_on:
        errors["expires_on"] = _("A card expires after it is issued.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def apec_card_create(*, holder: Entity, number: str, issued_on: dt.date, expires_on: dt.date, by, **fields) -> ApecCard:
    check_fields(fields, CARD_FIELDS)
    card = ApecCard(holder=holder, number=(number or "").strip(), issued_on=issued_on, expires_on=expires_on, **fields)
    card.note = card.note or ""
    _check_card(card)
    return _save(card, by)


@transaction.atomic
def apec_card_update(*, card: ApecCard, by, **changes) -> ApecCard:
    check_fields(changes, CARD_FIELDS)
    for name, value in changes.items():
        if name == "number":
            value = (value or "").strip()
        if name == "note":
            value = value or ""
        setattr(card, name, value)
    _check_card(card)
    return _save(card, by)


@transaction.atomic
def apec_card_delete(*, card: ApecCard, by) -> None:
    attribute(card, by)
    card.delete()
