"""Anniversaries on the events side: their titles, whether they are planned, and planning one.

Planning an anniversary creates a planning follow-up (due, by default, 9 months ahead of the date) and a draft
`anniversary` event on the date, both linked to the tie. It is idempotent: FollowUp's unique constraint on
(relation, anniversary_on) says an anniversary is planned at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from contacts.naming import entity_display_name
from events.choices import EventKind, EventStatus, ParticipantRole
from events.followups import followup_create
from events.models import Event, FollowUp
from events.services import event_create
from relations.anniversaries import Anniversary, add_months, anniversary_date, ordinal_suffix
from relations.anniversary_selectors import NO_ANNIVERSARY_KINDS, anniversaries_between, relation_first_signed
from relations.choices import LIVE_SIGNED_STATUSES, RelationKind
from relations.models import Relation

PLANNING_LEAD_MONTHS = 9


def ordinal(number: int) -> str:
    """ "20th" in English; the bare number in Chinese, which writes 结好20周年 (the phrase carries the ordinal)."""
    if (get_language() or "en").lower().startswith("en"):
        return f"{number}{ordinal_suffix(number)}"
    return str(number)


def anniversary_title(*, partner: str, kind: str, years: int) -> str:
    """ "Daegu – 20th anniversary of the sister-city tie" / "大邱 结好20周年", in the active language."""
    values = {"partner": partner, "nth": ordinal(years)}
    if kind == RelationKind.SISTER_CITY:
        return _("%(partner)s – %(nth)s anniversary of the sister-city tie") % values
    if kind == RelationKind.FRIENDLY_EXCHANGE:
        return _("%(partner)s – %(nth)s anniversary of the friendly-exchange tie") % values
    if kind == RelationKind.FRIENDLY_DISTRICT:
        return _("%(partner)s – %(nth)s anniversary of the friendly county/district tie") % values
    if kind == RelationKind.FRIENDLY_SCHOOL:
        return _("%(partner)s – %(nth)s anniversary of the school partnership") % values
    if kind == RelationKind.FRIENDLY_ENTERPRISE:
        return _("%(partner)s – %(nth)s anniversary of the enterprise partnership") % values
    if kind == RelationKind.FRIENDLY_ORGANISATION:
        return _("%(partner)s – %(nth)s anniversary of the partnership") % values
    if kind == RelationKind.COOPERATION:
        return _("%(partner)s – %(nth)s anniversary of the cooperation agreement") % values
    if kind == RelationKind.MEMBERSHIP:
        return _("%(partner)s – %(nth)s anniversary of the membership") % values
    return _("%(partner)s – %(nth)s anniversary") % values


def anniversary_of(item: Anniversary) -> str:
    """The title of one anniversary whose `tie` is a Relation with its target loaded."""
    relation = item.tie
    return anniversary_title(partner=entity_display_name(relation.target), kind=relation.kind, years=item.years)


def anniversaries_planned(items: Iterable[Anniversary]) -> set[tuple[int, date]]:
    """The (relation id, date) pairs among `items` that already have a planning follow-up (one query, or none)."""
    items = list(items)
    if not items:
        return set()
    wanted = {(item.tie.pk, item.date) for item in items}
    rows = FollowUp.objects.filter(
        relation_id__in={pk for pk, _on in wanted}, anniversary_on__in={on for _pk, on in wanted}
    ).values_list("relation_id", "anniversary_on")
    return {row for row in rows if row in wanted}


@dataclass(frozen=True)
class AnniversaryRow:
    """One anniversary as the API, the dashboard and the calendar show it."""

    relation: Relation
    established_on: date
    date: date
    years: int
    milestone: bool
    planned: bool
    title: str

    @property
    def partner(self):
        return self.relation.target

    @property
    def home(self):
        return self.relation.source


def anniversary_rows(*, start: date, end: date) -> list[AnniversaryRow]:
    """Anniversaries of the ties in force between `start` and `end`, by date, with titles and the planned flag.

    Three queries at most whatever the number of ties: the ties, their upgraded predecessors, the plans.
    """
    items = anniversaries_between(start=start, end=end)
    planned = anniversaries_planned(items)
    return [
        AnniversaryRow(
            relation=item.tie,
            established_on=item.established_on,
            date=item.date,
            years=item.years,
            milestone=item.milestone,
            planned=(item.tie.pk, item.date) in planned,
            title=anniversary_of(item),
        )
        for item in items
    ]


@dataclass(frozen=True)
class AnniversaryPlan:
    """What planning an anniversary produced (or found, when it had been planned before)."""

    followup: FollowUp
    event: Event | None
    created: bool


def _check_anniversary(*, relation: Relation, on: date) -> int:
    """The number of years `on` celebrates; ValidationError naming the field when it is no anniversary of the tie."""
    if relation.status not in LIVE_SIGNED_STATUSES or relation.kind in NO_ANNIVERSARY_KINDS:
        raise ValidationError({"relation": _("Only a signed tie in force has anniversaries to plan.")})
    first = relation_first_signed(relation)
    if first is None:
        raise ValidationError({"relation": _("This tie has no signing date to count anniversaries from.")})
    if on.year <= first.year or anniversary_date(first, on.year) != on:
        raise ValidationError(
            {
                "date": _("%(date)s is not an anniversary of this tie (first signed on %(first)s).")
                % {"date": formats.date_format(on), "first": formats.date_format(first)}
            }
        )
    return on.year - first.year


@transaction.atomic
def anniversary_plan(
    *, relation: Relation, date: date, by: AbstractBaseUser, due: date | None = None
) -> AnniversaryPlan:
    """Plan a tie's anniversary: a planning follow-up owned by `by` and a draft anniversary event on the date.

    Planning the same anniversary again returns what exists and creates nothing.
    """
    existing = FollowUp.objects.select_related("event").filter(relation=relation, anniversary_on=date).first()
    if existing is not None:
        return AnniversaryPlan(followup=existing, event=existing.event, created=False)
    relation = Relation.objects.select_related("source", "target").get(pk=relation.pk)
    years = _check_anniversary(relation=relation, on=date)
    due = due if due is not None else add_months(date, -PLANNING_LEAD_MONTHS)
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
    return AnniversaryPlan(followup=followup, event=event, created=True)
