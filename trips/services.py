"""Writes on outbound trips: the application, its submission against the rules, the office's check, the approval,
passports and visas, the trip itself (which becomes the one outbound exchange of the record), the return, the
passports and the report, member and date changes, the quarterly review.

Every write is atomic, validated, attributed in history (core.history.attribute) and, for the chain's moves, a
dated `TripStep` naming who recorded it. A refusal by the rules names the rule, in the active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from contacts.choices import EntityKind
from contacts.countries import CHINA
from contacts.models import Entity
from contacts.naming import entity_display_name
from core.history import acting_user, attribute, history_record_links, links_set
from core.services import check_fields
from events.choices import EventKind, EventLevel, EventStatus, ParticipantRole
from events.models import Event
from events.services import event_create, event_update, followup_create, followup_mark_done
from relations.models import Relation
from relations.selectors import sensitive_destinations
from trips.choices import (
    COUNTED_STATUSES,
    EDITABLE_STATUSES,
    TRIP_FLOW,
    CadreLevel,
    StepKind,
    TripStatus,
)
from trips.models import ReviewCriterion, Trip, TripLeg, TripMember, TripReview, TripRules, TripStep

TRIP_FIELDS = (
    "title",
    "organiser",
    "kind",
    "category",
    "approving_level",
    "start_date",
    "end_date",
    "purpose",
    "agenda",
    "budget",
    "payer",
    "invitation_from",
    "invitation_ref",
    "invitation_text",
    "notes",
)
TEXT_FIELDS = ("purpose", "agenda", "invitation_from", "invitation_ref", "invitation_text", "notes", "title")

# The rules by name, for the messages that refuse a trip (and the API's documentation).
RULE_NAMES = {
    "days": gettext_lazy("days by number of countries"),
    "countries": gettext_lazy("most countries per trip"),
    "delegation": gettext_lazy("largest delegation"),
    "per_person": gettext_lazy("trips per person per year"),
    "per_unit": gettext_lazy("trips per unit per year"),
    "office_batches": gettext_lazy("office's yearly batches (双控)"),
    "office_person_times": gettext_lazy("office's yearly person-times (双控)"),
}

# A traveller's level as the exchange's level (the rank of our highest-ranking traveller).
EVENT_LEVELS = {CadreLevel.PROVINCIAL: EventLevel.MINISTERIAL, CadreLevel.BUREAU: EventLevel.PREFECTURE}


def status_label(status: str) -> str:
    try:
        return str(TripStatus(status).label)
    except ValueError:
        return status


def rules_for(year: int) -> TripRules:
    """The rules of `year`: its own row, else the row of every year, else the defaults (unsaved)."""
    found = {rules.year: rules for rules in TripRules.objects.filter(Q(year=year) | Q(year__isnull=True))}
    return found.get(year) or found.get(None) or TripRules(year=None)


def _rule_message(rule: str, text: str) -> str:
    return _("Rule “%(rule)s”: %(text)s") % {"rule": RULE_NAMES[rule], "text": text}


def _verbose(model, field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


# --- the application --------------------------------------------------------------------------------------------


def _clean_legs(rows: Iterable[dict]) -> tuple[list[TripLeg], list[str]]:
    legs: list[TripLeg] = []
    errors: list[str] = []
    for number, row in enumerate(rows, start=1):
        city = row.get("city")
        if city not in (None, "") and not isinstance(city, Entity):
            city = Entity.objects.filter(pk=city).first() if str(city).isdigit() else None
            if city is None:
                errors.append(_("Destination %(row)s: there is no such city on file.") % {"row": number})
                continue
        country = (row.get("country") or (city.country if city else "") or "").upper()
        leg = TripLeg(order=number, country=country, city=city or None, days=row.get("days") or 1)
        if not country:
            errors.append(_("Destination %(row)s: choose a country or region.") % {"row": number})
            continue
        if country == CHINA:
            errors.append(_("Destination %(row)s: a trip abroad goes outside the mainland.") % {"row": number})
            continue
        if city is not None and city.country and str(city.country) != country:
            errors.append(_("Destination %(row)s: the city is not in that country.") % {"row": number})
            continue
        try:
            leg.clean_fields(exclude=["trip", "city"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(
                        _("Destination %(row)s, %(field)s: %(message)s")
                        % {"row": number, "field": _verbose(TripLeg, field), "message": message}
                    )
            continue
        if any(str(other.country) == country for other in legs):
            errors.append(
                _("Destination %(row)s: each country or region is listed once, with its days in total.")
                % {"row": number}
            )
            continue
        legs.append(leg)
    return legs, errors


def _clean_members(rows: Iterable[dict]) -> tuple[list[TripMember], list[str]]:
    rows = list(rows)
    ids = [row.get("person") for row in rows if not isinstance(row.get("person"), Entity)]
    people = Entity.objects.in_bulk([int(str(i)) for i in ids if str(i).isdigit()])
    members: list[TripMember] = []
    errors: list[str] = []
    seen: set[int] = set()
    for number, row in enumerate(rows, start=1):
        value = row.get("person")
        person = value if isinstance(value, Entity) else people.get(int(str(value))) if str(value).isdigit() else None
        if person is None:
            errors.append(_("Member %(row)s: there is no such person on file.") % {"row": number})
            continue
        if person.kind != EntityKind.PERSON:
            errors.append(_("Member %(row)s: %(name)s is not a person.") % {"row": number, "name": person})
            continue
        if person.pk in seen:
            errors.append(_("Member %(row)s: %(name)s is listed twice.") % {"row": number, "name": person})
            continue
        seen.add(person.pk)
        member = TripMember(
            person=person,
            post=(row.get("post") or person.title or "").strip(),
            level=row.get("level") or CadreLevel.NONE,
            leader=bool(row.get("leader")),
            visa_days=row.get("visa_days"),
        )
        try:
            member.clean_fields(exclude=["trip", "person"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(
                        _("Member %(row)s, %(field)s: %(message)s")
                        % {"row": number, "field": _verbose(TripMember, field), "message": message}
                    )
            continue
        members.append(member)
    if members and sum(m.leader for m in members) > 1:
        errors.append(_("A delegation has one leader."))
    if members and not any(m.leader for m in members):
        members[0].leader = True
    return members, errors


def _resolve(model, values: Iterable[Any], message: str) -> tuple[list, list[str]]:
    values = list(values)
    instances = [v for v in values if isinstance(v, model)]
    ids = [v for v in values if not isinstance(v, model)]
    found = model.objects.in_bulk([int(v) for v in ids if str(v).isdigit()])
    errors = [message % {"id": v} for v in ids if not str(v).isdigit() or int(v) not in found]
    instances += [found[int(v)] for v in ids if str(v).isdigit() and int(v) in found]
    return list({i.pk: i for i in instances}.values()), errors


def _apply(trip: Trip, fields: dict) -> None:
    check_fields(fields, TRIP_FIELDS)
    for name, value in fields.items():
        if name in TEXT_FIELDS and value is None:
            value = ""
        if name in TEXT_FIELDS:
            value = value.strip()
        setattr(trip, name, value)


def _validate(trip: Trip, errors: dict[str, list[str]]) -> None:
    try:
        trip.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if trip.organiser_id and "organiser" not in errors and not trip.organiser.domestic:
        errors["organiser"] = [_("The organising unit is one of our own (a domestic unit).")]
    if trip.start_date and trip.end_date and trip.end_date < trip.start_date and "end_date" not in errors:
        errors["end_date"] = [_("The return cannot be before the departure.")]
    if errors:
        raise ValidationError(errors)


def _write_rows(trip: Trip, legs: list[TripLeg] | None, members: list[TripMember] | None, by) -> None:
    if legs is not None:
        for old_leg in trip.legs.all():
            attribute(old_leg, by)
            old_leg.delete()
        for leg in legs:
            leg.trip = trip
            attribute(leg, by)
            leg.save()
    if members is not None:
        current = {m.person_id: m for m in trip.members.all()}
        wanted = {m.person_id: m for m in members}
        for pk, old in current.items():
            if pk not in wanted:
                attribute(old, by)
                old.delete()
        for pk, wanted_member in wanted.items():
            kept = current.get(pk)
            if kept is not None:
                for name in ("post", "level", "leader", "visa_days"):
                    setattr(kept, name, getattr(wanted_member, name))
                wanted_member = kept
            wanted_member.trip = trip
            attribute(wanted_member, by)
            wanted_member.save()
        trip.headcount = len(wanted)
        Trip.objects.filter(pk=trip.pk).update(headcount=trip.headcount)


@transaction.atomic
def trip_create(
    *,
    by,
    legs: Iterable[dict] = (),
    members: Iterable[dict] = (),
    partners: Iterable[Any] = (),
    relations: Iterable[Any] = (),
    **fields,
) -> Trip:
    """A new application (a draft): `legs` [{country, city, days}] in order, `members` [{person, post, level,
    leader}], the partners to meet (entities) and the ties it serves. Submitting checks the rules."""
    trip = Trip()
    _apply(trip, fields)
    errors: dict[str, list[str]] = {}
    leg_rows, leg_errors = _clean_legs(legs)
    member_rows, member_errors = _clean_members(members)
    partner_rows, partner_errors = _resolve(Entity, partners, _("There is no entity with id “%(id)s”."))
    tie_rows, tie_errors = _resolve(Relation, relations, _("There is no tie with id “%(id)s”."))
    for field, found in (
        ("legs", leg_errors),
        ("members", member_errors),
        ("partners", partner_errors),
        ("relations", tie_errors),
    ):
        if found:
            errors[field] = found
    _validate(trip, errors)
    attribute(trip, by)
    trip.save()
    _write_rows(trip, leg_rows, member_rows, by)
    if partner_rows or tie_rows:
        links_set(trip, "partners", partner_rows)
        links_set(trip, "relations", tie_rows)
        history_record_links(trip)
    return trip


@transaction.atomic
def trip_update(
    *,
    trip: Trip,
    by,
    legs: Iterable[dict] | None = None,
    members: Iterable[dict] | None = None,
    partners: Iterable[Any] | None = None,
    relations: Iterable[Any] | None = None,
    **fields,
) -> Trip:
    """Edit an application while it is a draft, returned for changes or postponed (then submit it again).

    Once the office has it, members and dates change only by `trip_members_change` and `trip_dates_change`."""
    trip = _lock(trip)
    if trip.status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "status": _("A trip that is %(status)s is not edited; record a change of members or dates instead.")
                % {"status": status_label(trip.status)}
            }
        )
    _apply(trip, fields)
    errors: dict[str, list[str]] = {}
    leg_rows = member_rows = partner_rows = tie_rows = None
    if legs is not None:
        leg_rows, found = _clean_legs(legs)
        if found:
            errors["legs"] = found
    if members is not None:
        member_rows, found = _clean_members(members)
        if found:
            errors["members"] = found
    if partners is not None:
        partner_rows, found = _resolve(Entity, partners, _("There is no entity with id “%(id)s”."))
        if found:
            errors["partners"] = found
    if relations is not None:
        tie_rows, found = _resolve(Relation, relations, _("There is no tie with id “%(id)s”."))
        if found:
            errors["relations"] = found
    _validate(trip, errors)
    _write_rows(trip, leg_rows, member_rows, by)
    if partner_rows is not None:
        links_set(trip, "partners", partner_rows)
    if tie_rows is not None:
        links_set(trip, "relations", tie_rows)
    attribute(trip, by)
    trip.save()
    return trip


@transaction.atomic
def trip_delete(*, trip: Trip, by) -> None:
    """Delete a trip and its rows (admins); refused while it is linked to its exchange. All kept in history."""
    if trip.event_id:
        raise ValidationError(
            {"event": _("This trip took place and is an exchange of the record; it cannot be deleted.")}
        )
    for rows in (trip.legs.all(), trip.members.all(), trip.steps.all()):
        for row in rows:
            attribute(row, by)
            row.delete()
    attribute(trip, by)
    trip.delete()


# --- the rules ----------------------------------------------------------------------------------------------------


def rule_errors(trip: Trip, *, legs=None, members=None) -> dict[str, list[str]]:
    """The rules `trip` breaks, keyed by the field each concerns; every message names its rule."""
    legs = list(trip.legs.all()) if legs is None else legs
    members = list(trip.members.select_related("person")) if members is None else members
    rules = rules_for(trip.start_date.year)
    errors: dict[str, list[str]] = {}

    def add(field: str, rule: str, text: str) -> None:
        errors.setdefault(field, []).append(_rule_message(rule, text))

    countries = len({str(leg.country) for leg in legs})
    if rules.max_countries and countries > rules.max_countries:
        add(
            "legs",
            "countries",
            _("at most %(most)s countries or regions per trip; this one visits %(count)s.")
            % {"most": rules.max_countries, "count": countries},
        )
    allowed = rules.days_allowed(countries) if countries else None
    if allowed is not None and trip.days > allowed:
        add(
            "end_date",
            "days",
            ngettext(
                "a trip to %(countries)s country or region may last at most %(most)s days, counting travel; "
                "this one lasts %(days)s.",
                "a trip to %(countries)s countries or regions may last at most %(most)s days, counting travel; "
                "this one lasts %(days)s.",
                countries,
            )
            % {"countries": countries, "most": allowed, "days": trip.days},
        )
    if rules.max_delegation and len(members) > rules.max_delegation:
        add(
            "members",
            "delegation",
            _("at most %(most)s members; this delegation has %(count)s.")
            % {"most": rules.max_delegation, "count": len(members)},
        )
    capped = not rules.capped_categories or trip.category in rules.capped_categories
    if not capped:
        return errors
    year = trip.start_date.year
    others = Trip.objects.filter(status__in=COUNTED_STATUSES, start_date__year=year).exclude(pk=trip.pk)
    if rules.capped_categories:
        others = others.filter(category__in=rules.capped_categories)
    if rules.per_person_per_year and members:
        taken = dict(
            TripMember.objects.filter(trip__in=others, person__in=[m.person_id for m in members])
            .values_list("person")
            .annotate(n=Count("trip", distinct=True))
            .order_by()
        )
        for member in members:
            if taken.get(member.person_id, 0) + 1 > rules.per_person_per_year:
                add(
                    "members",
                    "per_person",
                    _("%(person)s already has %(count)s trip(s) in %(year)s; the most is %(most)s.")
                    % {
                        "person": entity_display_name(member.person),
                        "count": taken[member.person_id],
                        "year": year,
                        "most": rules.per_person_per_year,
                    },
                )
    if rules.per_unit_per_year:
        count = others.filter(organiser_id=trip.organiser_id).count()
        if count + 1 > rules.per_unit_per_year:
            add(
                "organiser",
                "per_unit",
                _("%(unit)s already has %(count)s trip(s) in %(year)s; the most is %(most)s.")
                % {
                    "unit": entity_display_name(trip.organiser),
                    "count": count,
                    "year": year,
                    "most": rules.per_unit_per_year,
                },
            )
    if rules.office_batches_per_year is not None or rules.office_person_times_per_year is not None:
        totals = others.aggregate(batches=Count("id", distinct=True), person_times=Count("members"))
        if rules.office_batches_per_year is not None and totals["batches"] + 1 > rules.office_batches_per_year:
            add(
                "__all__",
                "office_batches",
                _("the office's %(most)s batches of %(year)s are used up (%(count)s).")
                % {"most": rules.office_batches_per_year, "year": year, "count": totals["batches"]},
            )
        if (
            rules.office_person_times_per_year is not None
            and totals["person_times"] + len(members) > rules.office_person_times_per_year
        ):
            add(
                "__all__",
                "office_person_times",
                _("the office's %(most)s person-times of %(year)s would be exceeded (%(count)s used, %(more)s more).")
                % {
                    "most": rules.office_person_times_per_year,
                    "year": year,
                    "count": totals["person_times"],
                    "more": len(members),
                },
            )
    return errors


def trip_warnings(trip: Trip, legs=None) -> list[str]:
    """Warnings that do not refuse: a sensitive destination (as ties warn)."""
    legs = list(trip.legs.all()) if legs is None else legs
    return [
        _("%(country)s is a sensitive destination (%(level)s)%(note)s.")
        % {
            "country": destination.country.name,  # type: ignore[attr-defined]  # a CountryField reads as Country
            "level": destination.get_level_display(),
            "note": f": {destination.note}" if destination.note else "",
        }
        for destination in sensitive_destinations([str(leg.country) for leg in legs])
    ]


def _completeness(trip: Trip, legs, members) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not legs:
        errors["legs"] = [_("Name at least one destination.")]
    elif sum(leg.days for leg in legs) > trip.days:
        errors["legs"] = [
            _("The destinations' days (%(sum)s) are more than the trip's %(days)s days.")
            % {"sum": sum(leg.days for leg in legs), "days": trip.days}
        ]
    if not members:
        errors["members"] = [_("Name the members of the delegation.")]
    if not trip.purpose:
        errors["purpose"] = [_("Say what the trip is for.")]
    return errors


# --- the chain --------------------------------------------------------------------------------------------------


def _check_move(trip: Trip, to_status: str) -> None:
    if to_status not in TRIP_FLOW.get(trip.status, ()):
        allowed = ", ".join(f"{status_label(s)} ({s})" for s in TRIP_FLOW.get(trip.status, ())) or _("none")
        raise ValidationError(
            {
                "status": _("A trip that is %(status)s cannot move to %(to)s; allowed: %(allowed)s.")
                % {"status": status_label(trip.status), "to": status_label(to_status), "allowed": allowed}
            }
        )


def _step(
    trip: Trip,
    *,
    kind: str,
    by,
    on: dt.date | None,
    reason: str = "",
    from_status: str = "",
    level: str = "",
    document_no: str = "",
    detail: dict | None = None,
) -> TripStep:
    step = TripStep(
        trip=trip,
        kind=kind,
        from_status=from_status,
        to_status=trip.status if from_status else "",
        level=level,
        date=on or timezone.localdate(),
        reason=(reason or "").strip(),
        document_no=(document_no or "").strip(),
        detail=detail or {},
        recorded_by=acting_user(by),
    )
    step.full_clean()
    attribute(step, by)
    step.save()
    return step


def _move(trip: Trip, *, to_status: str, kind: str, by, on=None, reason: str = "", **step_fields) -> TripStep:
    _check_move(trip, to_status)
    from_status = trip.status
    trip.status = to_status
    attribute(trip, by, reason=f"{status_label(from_status)} → {status_label(to_status)}")
    trip.save()
    return _step(trip, kind=kind, by=by, on=on, reason=reason, from_status=from_status, **step_fields)


def _lock(trip: Trip) -> Trip:
    """Lock the trip's row, then bring the caller's instance up to date (the caller sees the write's result)."""
    list(Trip.objects.select_for_update().filter(pk=trip.pk).values_list("pk"))
    trip.refresh_from_db()
    return trip


@transaction.atomic
def trip_submit(*, trip: Trip, by, on: dt.date | None = None, note: str = "") -> Trip:
    """Send the application to the office: complete, and within every rule (each refusal names its rule).

    A sensitive destination does not refuse it: the warning is kept on the trip and shown."""
    trip = _lock(trip)
    _check_move(trip, TripStatus.SUBMITTED)
    legs, members = list(trip.legs.all()), list(trip.members.select_related("person"))
    errors = _completeness(trip, legs, members)
    for field, messages in rule_errors(trip, legs=legs, members=members).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    trip.warnings = trip_warnings(trip, legs)
    _move(trip, to_status=TripStatus.SUBMITTED, kind=StepKind.SUBMITTED, by=by, on=on, reason=note)
    return trip


CHECK_OUTCOMES = {
    TripStatus.ACCEPTED: StepKind.ACCEPTED,
    TripStatus.RETURNED: StepKind.RETURNED,
    TripStatus.REFUSED: StepKind.REFUSED,
    TripStatus.POSTPONED: StepKind.POSTPONED,
}


@transaction.atomic
def trip_check(*, trip: Trip, outcome: str, by, on: dt.date | None = None, reason: str = "") -> Trip:
    """The office's check of a submitted trip: accept, return for changes, refuse or postpone (with a reason)."""
    trip = _lock(trip)
    if trip.status != TripStatus.SUBMITTED:
        raise ValidationError(
            {
                "status": _("Only a submitted trip is checked; this one is %(status)s.")
                % {"status": status_label(trip.status)}
            }
        )
    if outcome not in CHECK_OUTCOMES:
        raise ValidationError({"outcome": _("Choose accepted, returned, refused or postponed.")})
    if outcome != TripStatus.ACCEPTED and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason: the applicant reads it.")})
    _move(trip, to_status=outcome, kind=CHECK_OUTCOMES[TripStatus(outcome)], by=by, on=on, reason=reason)
    return trip


@transaction.atomic
def trip_approve(
    *,
    trip: Trip,
    level: str,
    by,
    approved: bool = True,
    on: dt.date | None = None,
    reason: str = "",
    document_no: str = "",
) -> Trip:
    """The approving level's decision on a trip the office accepted: approved, or refused (with a reason)."""
    trip = _lock(trip)
    if trip.status != TripStatus.ACCEPTED:
        raise ValidationError(
            {
                "status": _("Only a trip the office has accepted is approved; this one is %(status)s.")
                % {"status": status_label(trip.status)}
            }
        )
    if level != trip.approving_level:
        raise ValidationError(
            {
                "level": _("This trip is approved by the %(level)s level.")
                % {"level": trip.get_approving_level_display()}
            }
        )
    if not approved and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason: the applicant reads it.")})
    _move(
        trip,
        to_status=TripStatus.APPROVED if approved else TripStatus.REFUSED,
        kind=StepKind.APPROVED if approved else StepKind.REFUSED,
        by=by,
        on=on,
        reason=reason,
        level=level,
        document_no=document_no,
    )
    return trip


@transaction.atomic
def trip_documents(*, trip: Trip, by, on: dt.date | None = None, note: str = "") -> Trip:
    """Passports and visas are being obtained (办理护照签证)."""
    trip = _lock(trip)
    _move(trip, to_status=TripStatus.DOCUMENTS, kind=StepKind.DOCUMENTS, by=by, on=on, reason=note)
    return trip


def visa_shortfalls(trip: Trip, members=None) -> list[str]:
    """Members whose granted stay is shorter than the itinerary (the seed's visa two days short, caught in time)."""
    members = list(trip.members.select_related("person")) if members is None else members
    return [
        _("The visa of %(person)s allows %(visa)s days; the itinerary needs %(days)s.")
        % {"person": entity_display_name(m.person), "visa": m.visa_days, "days": trip.days}
        for m in members
        if m.visa_days is not None and m.visa_days < trip.days
    ]


@transaction.atomic
def trip_visa_record(
    *, trip: Trip, member: TripMember, visa_days: int | None, by, on: dt.date | None = None
) -> list[str]:
    """Record the stay a member's visa grants; returns the shortfalls against the itinerary (empty: all fit)."""
    trip = _lock(trip)
    if member.trip_id != trip.pk:
        raise ValidationError({"member": _("This person is not a member of this trip.")})
    member.visa_days = visa_days
    member.full_clean(exclude=["trip", "person"])
    attribute(member, by)
    member.save()
    shortfalls = visa_shortfalls(trip)
    _step(
        trip,
        kind=StepKind.VISA,
        by=by,
        on=on,
        reason="; ".join(shortfalls),
        detail={"person": entity_display_name(member.person), "visa_days": visa_days},
    )
    attribute(trip, by)
    trip.save(update_fields=["updated"])
    return shortfalls


def _describe_member(member: TripMember) -> str:
    name = entity_display_name(member.person)
    return f"{name} ({member.post})" if member.post else name


@transaction.atomic
def trip_members_change(*, trip: Trip, members: Iterable[dict], by, reason: str, on: dt.date | None = None) -> Trip:
    """Change the delegation once the office has the trip (人员调整): a recorded step with who was removed and
    added, by whom and when; the delegation-size and per-person rules are checked again."""
    trip = _lock(trip)
    if trip.status in (TripStatus.REFUSED, TripStatus.BACK, TripStatus.CANCELLED, TripStatus.TRAVELLED):
        raise ValidationError(
            {
                "status": _("The members of a trip that is %(status)s no longer change.")
                % {"status": status_label(trip.status)}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    rows, errors = _clean_members(members)
    if errors:
        raise ValidationError({"members": errors})
    if not rows:
        raise ValidationError({"members": [_("Name the members of the delegation.")]})
    found = rule_errors(trip, members=rows)
    found = {k: v for k, v in found.items() if k == "members"}
    if found:
        raise ValidationError(found)
    before = {m.person_id: m for m in trip.members.select_related("person")}
    after = {m.person_id: m for m in rows}
    removed = [_describe_member(before[pk]) for pk in before.keys() - after.keys()]
    added = [_describe_member(after[pk]) for pk in after.keys() - before.keys()]
    if not removed and not added:
        raise ValidationError({"members": [_("The members are the same as before.")]})
    _write_rows(trip, None, rows, by)
    _step(trip, kind=StepKind.MEMBERS_CHANGED, by=by, on=on, reason=reason, detail={"removed": removed, "added": added})
    attribute(trip, by, reason=_("members changed"))
    trip.save()
    return trip


@transaction.atomic
def trip_dates_change(
    *, trip: Trip, start_date: dt.date, end_date: dt.date, by, reason: str, on: dt.date | None = None
) -> Trip:
    """Move the trip's dates once the office has it: a recorded step with the old and new dates; the days rule
    is checked again."""
    trip = _lock(trip)
    if trip.status in (TripStatus.REFUSED, TripStatus.BACK, TripStatus.CANCELLED, TripStatus.TRAVELLED):
        raise ValidationError(
            {
                "status": _("The dates of a trip that is %(status)s no longer change.")
                % {"status": status_label(trip.status)}
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    old = (trip.start_date, trip.end_date)
    trip.start_date, trip.end_date = start_date, end_date
    _validate(trip, {})
    found = {k: v for k, v in rule_errors(trip).items() if k == "end_date"}
    if found:
        raise ValidationError(found)
    detail = {"old": [d.isoformat() for d in old], "new": [start_date.isoformat(), end_date.isoformat()]}
    attribute(trip, by, reason=_("dates changed"))
    trip.save()
    _step(trip, kind=StepKind.DATES_CHANGED, by=by, on=on, reason=reason, detail=detail)
    return trip


@transaction.atomic
def trip_cancel(*, trip: Trip, by, reason: str, on: dt.date | None = None) -> Trip:
    trip = _lock(trip)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})
    _move(trip, to_status=TripStatus.CANCELLED, kind=StepKind.CANCELLED, by=by, on=on, reason=reason)
    return trip


# --- the trip itself: one exchange of the record ----------------------------------------------------------------


def _event_fields(trip: Trip, legs, members) -> dict:
    places = []
    for leg in legs:
        place = entity_display_name(leg.city) if leg.city else str(leg.country.name)
        if place not in places:
            places.append(place)
    levels = [EVENT_LEVELS[m.level] for m in members if m.level in EVENT_LEVELS]
    participants = [{"entity": m.person, "role": ParticipantRole.DELEGATION, "headcount": 1} for m in members] + [
        {"entity": trip.organiser, "role": ParticipantRole.ORGANISER, "headcount": 0}
    ]
    met = {}
    for leg in legs:
        if leg.city is not None:
            met[leg.city.pk] = leg.city
    for partner in trip.partners.all():
        met[partner.pk] = partner
    participants += [{"entity": e, "role": ParticipantRole.HOST, "headcount": 0} for e in met.values()]
    return {
        "kind": EventKind.VISIT_OUT,
        "status": EventStatus.HELD,
        "title": trip.title,
        "start_date": trip.start_date,
        "end_date": trip.end_date,
        "location": "、".join(places)[:200],
        "level": min(levels, key=list(EventLevel.values).index) if levels else "",
        "participants": participants,
        "relations": list(trip.relations.all()),
        "notes": trip.purpose,
    }


@transaction.atomic
def trip_travel(*, trip: Trip, by, on: dt.date | None = None, note: str = "") -> Trip:
    """The delegation left: the trip becomes the one outbound exchange of the record (created, or brought in
    line if it exists), its members our delegation, its partners and cities met its hosts, its ties linked.

    Refused while a member's visa is shorter than the itinerary."""
    trip = _lock(trip)
    _check_move(trip, TripStatus.TRAVELLED)
    legs = list(trip.legs.select_related("city"))
    members = list(trip.members.select_related("person"))
    shortfalls = visa_shortfalls(trip, members)
    if shortfalls:
        raise ValidationError({"members": shortfalls})
    fields = _event_fields(trip, legs, members)
    if trip.event_id:
        event = event_update(event=Event.objects.get(pk=trip.event_id), by=by, **fields)
    else:
        event = event_create(by=by, **fields)
    trip.event = event
    _move(trip, to_status=TripStatus.TRAVELLED, kind=StepKind.TRAVELLED, by=by, on=on, reason=note)
    return trip


@transaction.atomic
def trip_back(*, trip: Trip, by, on: dt.date | None = None, note: str = "") -> Trip:
    """The delegation is back: the follow-ups that chase its passports and its report are created, due the
    configured number of days after the trip's last day (owner: who records the return)."""
    trip = _lock(trip)
    _move(trip, to_status=TripStatus.BACK, kind=StepKind.BACK, by=by, on=on, reason=note)
    rules = rules_for(trip.start_date.year)
    owner = acting_user(by)
    if owner is None:
        raise ValidationError({"owner": _("The follow-ups need an owner: record the return as a user.")})
    name = trip.title
    if trip.passports_followup_id is None and trip.passports_returned_on is None:
        trip.passports_followup = followup_create(
            title=_("Passports of “%(trip)s” to be handed back") % {"trip": name},
            due_date=trip.end_date + dt.timedelta(days=rules.passports_due_days),
            by=by,
            owner=owner,
            entity=trip.organiser,
            event=trip.event,
        )
    if trip.report_followup_id is None and trip.report_filed_on is None:
        trip.report_followup = followup_create(
            title=_("Trip report of “%(trip)s” to be filed") % {"trip": name},
            due_date=trip.end_date + dt.timedelta(days=rules.report_due_days),
            by=by,
            owner=owner,
            entity=trip.organiser,
            event=trip.event,
        )
    attribute(trip, by)
    trip.save()
    return trip


def _after_trip(trip: Trip) -> None:
    if trip.status not in (TripStatus.TRAVELLED, TripStatus.BACK):
        raise ValidationError({"status": _("Only a trip that took place hands back passports or files a report.")})


@transaction.atomic
def trip_passports_return(*, trip: Trip, by, on: dt.date | None = None) -> Trip:
    """Every member's passport (通行证) handed back on `on`: the follow-up is done."""
    trip = _lock(trip)
    _after_trip(trip)
    on = on or timezone.localdate()
    if on < trip.start_date:
        raise ValidationError({"date": _("Passports are handed back after the trip.")})
    for member in trip.members.filter(passport_returned_on__isnull=True):
        member.passport_returned_on = on
        attribute(member, by)
        member.save()
    trip.passports_returned_on = on
    attribute(trip, by, reason=_("passports handed back"))
    trip.save()
    _step(trip, kind=StepKind.PASSPORTS_RETURNED, by=by, on=on)
    if trip.passports_followup is not None and trip.passports_followup.done_at is None:
        followup_mark_done(followup=trip.passports_followup, by=by)
    return trip


@transaction.atomic
def trip_report_file(*, trip: Trip, report: str, by, on: dt.date | None = None) -> Trip:
    """The delegation's report (出访总结) filed on `on`: kept on the trip and as the exchange's outcome."""
    trip = _lock(trip)
    _after_trip(trip)
    if not (report or "").strip():
        raise ValidationError({"report": _("Paste or summarise the report.")})
    on = on or timezone.localdate()
    trip.report, trip.report_filed_on = report.strip(), on
    attribute(trip, by, reason=_("trip report filed"))
    trip.save()
    _step(trip, kind=StepKind.REPORT_FILED, by=by, on=on)
    if trip.event is not None and not trip.event.outcome:
        event_update(event=trip.event, by=by, outcome=trip.report)
    if trip.report_followup is not None and trip.report_followup.done_at is None:
        followup_mark_done(followup=trip.report_followup, by=by)
    return trip


# --- the quarterly review ---------------------------------------------------------------------------------------


@transaction.atomic
def trip_review_record(
    *, trip: Trip, scores: dict[str, int], by, year: int | None = None, quarter: int | None = None, note: str = ""
) -> TripReview:
    """Score a delegation that took place on every active criterion (each within its highest score)."""
    trip = _lock(trip)
    if trip.status not in (TripStatus.TRAVELLED, TripStatus.BACK):
        raise ValidationError({"status": _("Only a trip that took place is reviewed.")})
    criteria = {c.code: c for c in ReviewCriterion.objects.filter(active=True)}
    errors = []
    for code in scores:
        if code not in criteria:
            errors.append(_("There is no criterion “%(code)s”.") % {"code": code})
    for code, criterion in criteria.items():
        value = scores.get(code)
        if value is None:
            errors.append(_("Score “%(criterion)s”.") % {"criterion": criterion.label})
        elif not isinstance(value, int) or value < 0 or value > criterion.max_score:
            errors.append(
                _("“%(criterion)s” is scored from 0 to %(most)s.")
                % {"criterion": criterion.label, "most": criterion.max_score}
            )
    if errors:
        raise ValidationError({"scores": errors})
    year = year or trip.end_date.year
    quarter = quarter or (trip.end_date.month - 1) // 3 + 1
    review = TripReview.objects.filter(trip=trip).first() or TripReview(trip=trip)
    review.year, review.quarter, review.note = year, quarter, note or ""
    review.scores = {code: scores[code] for code in criteria}
    review.total = sum(review.scores.values())
    review.reviewed_by = acting_user(by)
    review.full_clean()
    attribute(review, by)
    review.save()
    attribute(trip, by)
    trip.save(update_fields=["updated"])
    return review


# --- the rules and criteria (admins) ----------------------------------------------------------------------------


def _save_config(instance, by):
    instance.full_clean()
    attribute(instance, by)
    instance.save()
    return instance


@transaction.atomic
def trip_rules_save(*, by, rules: TripRules | None = None, **fields) -> TripRules:
    """Create (no `rules`) or change a row of trip rules."""
    rules = rules or TripRules()
    for name, value in fields.items():
        setattr(rules, name, value)
    return _save_config(rules, by)


@transaction.atomic
def trip_rules_delete(*, rules: TripRules, by) -> None:
    attribute(rules, by)
    rules.delete()


@transaction.atomic
def review_criterion_save(*, by, criterion: ReviewCriterion | None = None, **fields) -> ReviewCriterion:
    criterion = criterion or ReviewCriterion()
    for name, value in fields.items():
        setattr(criterion, name, value)
    return _save_config(criterion, by)


@transaction.atomic
def review_criterion_delete(*, criterion: ReviewCriterion, by) -> None:
    attribute(criterion, by)
    criterion.delete()
