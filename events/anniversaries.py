"""Anniversaries on the events side: their titles, whether they are planned, and the check before planning one.

Planning an anniversary (events.services.anniversary_plan) creates a planning follow-up (due, by default, 9 months
ahead of the date) and a draft `anniversary` event on the date, both linked to the tie. It is idempotent: FollowUp's
unique constraint on (relation, anniversary_on) says an anniversary is planned at most once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import overload

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from contacts.naming import entity_display_name
from events.models import Event, FollowUp
from relations.anniversaries import Anniversary, add_months, anniversary_date, from_key, is_milestone, ordinal_suffix
from relations.anniversary_selectors import NO_ANNIVERSARY_KINDS, anniversary_keys_between, relation_first_signed
from relations.choices import LIVE_SIGNED_STATUSES, RelationKind
from relations.models import Relation

PLANNING_LEAD_MONTHS = 9
# When the lead time has already passed, the planning follow-up falls due this many days from today (never before
# today: a follow-up born overdue is noise), and the plan says so.
PLANNING_GRACE_DAYS = 14


def planning_due(*, anniversary_on: date, today: date) -> tuple[date, bool]:
    """When the planning follow-up of an anniversary falls due, and whether the usual lead time has passed.

    Normally 9 months ahead of the date; if that is already past, today plus a short grace (not after the date)."""
    due = add_months(anniversary_on, -PLANNING_LEAD_MONTHS)
    if due >= today or anniversary_on < today:
        return due, False  # on time, or an anniversary already past (filed for the record)
    return min(today + timedelta(days=PLANNING_GRACE_DAYS), anniversary_on), True


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


def anniversaries_planned(pairs: Iterable[tuple[int, date]]) -> set[tuple[int, date]]:
    """The (relation id, date) pairs among `pairs` that already have a planning follow-up (one query, or none)."""
    wanted = set(pairs)
    if not wanted:
        return set()
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


class AnniversaryRows(Sequence[AnniversaryRow]):
    """The anniversaries of a window, by date: computed from narrow rows (ids and dates), each row's tie, title and
    planned flag loaded only when that row is read. A page (a slice) costs two queries, whatever the window holds;
    iterating everything loads the ties in chunks of HYDRATE_CHUNK."""

    HYDRATE_CHUNK = 500

    def __init__(self, keys: Sequence[tuple[date, int, int, date]]):
        self._items = keys  # relations.anniversaries.upcoming_keys' tuples: Anniversary objects only when read

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> AnniversaryRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[AnniversaryRow]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._hydrate(self._items[index])
        return self._hydrate([self._items[index]])[0]

    def __iter__(self) -> Iterator[AnniversaryRow]:
        for offset in range(0, len(self._items), self.HYDRATE_CHUNK):
            yield from self._hydrate(self._items[offset : offset + self.HYDRATE_CHUNK])

    def milestones_first(self) -> AnniversaryRows:
        """The dashboard's order: milestones (by date) before the other anniversaries (by date)."""
        return AnniversaryRows(sorted(self._items, key=lambda key: not is_milestone(-key[1])))  # stable: by date

    @staticmethod
    def _hydrate(keys: Sequence[tuple[date, int, int, date]]) -> list[AnniversaryRow]:
        if not keys:
            return []
        items = [from_key(key) for key in keys]
        ties = Relation.objects.select_related("source", "target").in_bulk({item.tie for item in items})
        planned = anniversaries_planned((item.tie, item.date) for item in items)
        rows = []
        for item in items:
            relation = ties.get(item.tie)
            if relation is None:
                continue  # deleted since the window was read
            rows.append(
                AnniversaryRow(
                    relation=relation,
                    established_on=item.established_on,
                    date=item.date,
                    years=item.years,
                    milestone=item.milestone,
                    planned=(item.tie, item.date) in planned,
                    title=anniversary_title(
                        partner=entity_display_name(relation.target), kind=relation.kind, years=item.years
                    ),
                )
            )
        return rows


def anniversary_rows(*, start: date, end: date, relation_ids: Collection[int] | None = None) -> AnniversaryRows:
    """Anniversaries of the ties in force (of `relation_ids`, when given) between `start` and `end`, by date, with
    titles and the planned flag; lazy: see AnniversaryRows. One or two queries to build, two more per page read.
    """
    return AnniversaryRows(anniversary_keys_between(start=start, end=end, relation_ids=relation_ids))


@dataclass(frozen=True)
class AnniversaryPlan:
    """What planning an anniversary produced (or found, when it had been planned before)."""

    followup: FollowUp
    event: Event | None
    created: bool
    late: bool = False  # the usual lead time had passed: the follow-up is due shortly instead

    @property
    def note(self) -> str:
        """What the officer is told about the due date (empty when nothing is unusual)."""
        if not self.late:
            return ""
        return _(
            "The usual %(months)s months' lead time has already passed: the planning follow-up is due on %(due)s."
        ) % {"months": PLANNING_LEAD_MONTHS, "due": formats.date_format(self.followup.due_date)}


def check_anniversary(*, relation: Relation, on: date) -> int:
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
