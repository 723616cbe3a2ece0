"""The service desk's section of the year's report (events.sections): batches and items per kind of service,
this year against last, and the summary's sentences in the office's words.

Computed in the database: one GROUP BY over the ledger for both years and one read of the kinds, whatever the
number of entries. A running-total kind (APEC cards held) counts its highest entry of the period, not the sum.
With `until` (a date in the year), both years are cut at the same month and day: the year to date against the
same part of last year.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.translation import gettext as _

from events.stats import row, same_day_last_year
from servicedesk.choices import ServiceUnit
from servicedesk.models import ServiceEntry, ServiceKind


def periods(*, year: int, until: dt.date | None = None) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """This year's and last year's first and last day compared: whole years, or both cut at `until`."""
    if until is None:
        return (dt.date(year, 1, 1), dt.date(year, 12, 31)), (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
    return (dt.date(year, 1, 1), until), (dt.date(year - 1, 1, 1), same_day_last_year(until))


def unit_label(unit: str) -> str:
    return str(ServiceUnit(unit).label) if unit in ServiceUnit.values else unit


def year_figures(*, year: int, until: dt.date | None = None) -> dict:
    """`{"tables": [services table]}`: a row per kind (with its unit), batches and items this year and last."""
    (start, end), (prev_start, prev_end) = periods(year=year, until=until)
    aggregates = (
        ServiceEntry.objects.filter(Q(date__gte=start, date__lte=end) | Q(date__gte=prev_start, date__lte=prev_end))
        .values("kind_id", year=ExtractYear("date"))
        .annotate(
            sum_batches=Sum("batches"), sum_items=Sum("items"), top_batches=Max("batches"), top_items=Max("items")
        )
        .order_by()
    )
    counts: dict[int, dict[int, dict]] = {}
    for found in aggregates:
        counts.setdefault(found["kind_id"], {})[found["year"]] = found
    rows, total, prev_total = [], [0, 0], [0, 0]
    for kind in ServiceKind.objects.order_by("order", "code"):
        per_year = counts.get(kind.pk, {})
        if not kind.active and not per_year:
            continue

        def figures(found: dict | None, kind=kind) -> tuple[int, int]:
            if not found:
                return (0, 0)
            if kind.cumulative:
                return (found["top_batches"] or 0, found["top_items"] or 0)
            return (found["sum_batches"] or 0, found["sum_items"] or 0)

        current, previous = figures(per_year.get(year)), figures(per_year.get(year - 1))
        figure = row(kind.code, kind.label, current, previous)
        figure.update({"unit": kind.unit, "unit_label": unit_label(kind.unit), "cumulative": kind.cumulative})
        rows.append(figure)
        if not kind.cumulative:
            total = [total[0] + current[0], total[1] + current[1]]
            prev_total = [prev_total[0] + previous[0], prev_total[1] + previous[1]]
    table = {
        "key": "services",
        "title": _("Services by kind"),
        "units": (_("Batches"), _("Items")),
        "rows": rows,
        "total": row(None, _("All services (running totals left out)"), tuple(total), tuple(prev_total)),
    }
    return {"year": year, "until": until, "tables": [table]}


# --- the summary's sentences ----------------------------------------------------------------------------------------


def _n(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _pct(value: float) -> str:
    return formats.number_format(abs(value), decimal_pos=1)


def _part(pct: float | None, *, up: str, down: str, same: str, none: str) -> str:
    if pct is None:
        return none
    if pct > 0:
        return up % {"pct": _pct(pct)}
    if pct < 0:
        return down % {"pct": _pct(pct)}
    return same


def change_clause(figure: dict) -> str:
    """The change on last year of a kind's batches and items, as the end of its sentence."""
    b, i = figure["change_batches_pct"], figure["change_person_times_pct"]
    if b is None and i is None:
        return _("with no figures for last year to compare")
    if b is not None and i is not None and b > 0 and i > 0:
        return _("up %(batches)s%% and %(items)s%% on last year") % {"batches": _pct(b), "items": _pct(i)}
    if b is not None and i is not None and b < 0 and i < 0:
        return _("down %(batches)s%% and %(items)s%% on last year") % {"batches": _pct(b), "items": _pct(i)}
    batches = _part(
        b,
        up=_("batches up %(pct)s%%"),
        down=_("batches down %(pct)s%%"),
        same=_("batches unchanged"),
        none=_("no batches last year"),
    )
    items = _part(
        i,
        up=_("items up %(pct)s%%"),
        down=_("items down %(pct)s%%"),
        same=_("items unchanged"),
        none=_("no items last year"),
    )
    return _("%(batches)s and %(items)s on last year") % {"batches": batches, "items": items}


def items_change_clause(figure: dict) -> str:
    """The change of the items alone, for a kind counted without batches (APEC cards issued or held)."""
    return _part(
        figure["change_person_times_pct"],
        up=_("up %(pct)s%% on last year"),
        down=_("down %(pct)s%% on last year"),
        same=_("unchanged on last year"),
        none=_("with no figures for last year to compare"),
    )


def kind_sentence(figure: dict) -> str:
    """E.g. 「共办理领事认证8647批16098份，同比分别增长10.1%和10.5%。」"""
    values = {
        "kind": figure["label"],
        "batches": _n(figure["batches"]),
        "items": _n(figure["person_times"]),
        "unit": figure["unit_label"],
        "change": change_clause(figure),
    }
    if not figure["batches"] and not figure["prev_batches"]:
        values["change"] = items_change_clause(figure)
    if figure["cumulative"]:
        return _("%(kind)s: %(items)s %(unit)s in total, %(change)s.") % values
    if not figure["batches"]:
        return _("We handled %(kind)s: %(items)s %(unit)s, %(change)s.") % values
    return _("We handled %(kind)s: %(batches)s batches, %(items)s %(unit)s, %(change)s.") % values


def summary(figures: dict) -> list[str]:
    """One sentence per kind with figures this year or last, in the active language."""
    sentences = []
    for table in figures.get("tables", []):
        for figure in table["rows"]:
            if figure["batches"] or figure["person_times"] or figure["prev_batches"] or figure["prev_person_times"]:
                sentences.append(kind_sentence(figure))
    return sentences
