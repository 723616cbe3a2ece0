"""The trips' section of the year's report (events.sections): what was submitted, approved, refused, postponed and
changed; the approved by kind, category (officials apart), destination country and region; passports and reports
handed in on time; each this year against last, or the year to date against the same part of last year.

Computed in the database, a trip's person-times being its members (`Trip.headcount`): one GROUP BY per table, the
regions one query each (a fixed number: the continents), whatever the number of trips. Trips count in the year of
their departure.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from contacts.choices import RegionKind
from contacts.countries import HMT_LABEL, is_hong_kong_macao_taiwan
from contacts.models import Region
from contacts.naming import display_name
from events.stats import row
from trips.choices import APPROVED_STATUSES, StepKind, TravellerCategory, TripKind, TripStatus
from trips.models import Trip, TripLeg, TripStep


def same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _period_q(prefix: str, *, year: int, until: dt.date | None) -> Q:
    end = until or dt.date(year, 12, 31)
    prev_end = same_day_last_year(until) if until else dt.date(year - 1, 12, 31)
    return Q(**{f"{prefix}start_date__gte": dt.date(year, 1, 1), f"{prefix}start_date__lte": end}) | Q(
        **{f"{prefix}start_date__gte": dt.date(year - 1, 1, 1), f"{prefix}start_date__lte": prev_end}
    )


def _has_step(kind: str) -> Exists:
    return Exists(TripStep.objects.filter(trip=OuterRef("pk"), kind=kind))


def _pair(found: dict | None, batches: str, person_times: str) -> tuple[int, int]:
    if not found:
        return (0, 0)
    return (found[batches] or 0, found[person_times] or 0)


STATUS_ROWS = (
    # key, label, condition on the annotated trip
    ("submitted", "Submitted", Q(was_submitted=True)),
    ("approved", "Approved", Q(status__in=APPROVED_STATUSES)),
    ("refused", "Refused", Q(status=TripStatus.REFUSED)),
    ("postponed", "Postponed", Q(was_postponed=True)),
    ("returned", "Returned for changes", Q(was_returned=True)),
    ("changed", "Members changed", Q(was_changed=True)),
)


def _status_table(trips, year: int) -> dict:
    annotated = trips.annotate(
        was_submitted=_has_step(StepKind.SUBMITTED),
        was_postponed=_has_step(StepKind.POSTPONED),
        was_returned=_has_step(StepKind.RETURNED),
        was_changed=_has_step(StepKind.MEMBERS_CHANGED),
    )
    aggregates: dict[str, Count | Sum] = {}
    for key, _label, condition in STATUS_ROWS:
        aggregates[f"{key}_b"] = Count("id", filter=condition)
        aggregates[f"{key}_p"] = Sum("headcount", filter=condition)
    per_year = {
        found["year"]: found
        for found in annotated.values(year=ExtractYear("start_date")).annotate(**aggregates).order_by()
    }
    labels = {
        "submitted": _("Submitted"),
        "approved": _("Approved"),
        "refused": _("Refused"),
        "postponed": _("Postponed"),
        "returned": _("Returned for changes"),
        "changed": _("Members changed"),
    }
    rows = [
        row(
            key,
            labels[key],
            _pair(per_year.get(year), f"{key}_b", f"{key}_p"),
            _pair(per_year.get(year - 1), f"{key}_b", f"{key}_p"),
        )
        for key, _label, _condition in STATUS_ROWS
    ]
    return {
        "key": "trips_status",
        "title": _("Outbound trips: applications and decisions"),
        "units": (_("Batches"), _("Person-times")),
        "rows": rows,
        "total": rows[0],
    }


def _group_table(approved, year: int, *, field: str, key: str, title: str, labels: dict) -> dict:
    found: dict = {}
    for item in (
        approved.values(field, year=ExtractYear("start_date")).annotate(b=Count("id"), p=Sum("headcount")).order_by()
    ):
        found.setdefault(item[field], {})[item["year"]] = item
    rows = []
    for code, label in labels.items():
        per_year = found.get(code, {})
        if not per_year:
            continue
        rows.append(row(code, str(label), _pair(per_year.get(year), "b", "p"), _pair(per_year.get(year - 1), "b", "p")))
    return {
        "key": key,
        "title": title,
        "units": (_("Batches"), _("Person-times")),
        "rows": rows,
        "total": _total(rows),
    }


def _total(rows: list[dict], label: str | None = None) -> dict:
    return row(
        None,
        label or _("Total"),
        (sum(r["batches"] for r in rows), sum(r["person_times"] for r in rows)),
        (sum(r["prev_batches"] for r in rows), sum(r["prev_person_times"] for r in rows)),
    )


def _country_label(code: str) -> str:
    name = str(country_names.name(code)) or code
    return f"{name} ({HMT_LABEL})" if is_hong_kong_macao_taiwan(code) else name


def _country_table(year: int, until: dt.date | None) -> dict:
    legs = (
        TripLeg.objects.filter(_period_q("trip__", year=year, until=until), trip__status__in=APPROVED_STATUSES)
        .values("country", year=ExtractYear("trip__start_date"))
        .annotate(b=Count("trip", distinct=True), p=Sum("trip__headcount"))
        .order_by()
    )
    found: dict = {}
    for item in legs:
        found.setdefault(item["country"], {})[item["year"]] = item
    rows = [
        row(code, _country_label(code), _pair(per.get(year), "b", "p"), _pair(per.get(year - 1), "b", "p"))
        for code, per in found.items()
    ]
    rows.sort(key=lambda r: (-r["batches"], -r["prev_batches"], r["label"]))
    return {
        "key": "trips_country",
        "title": _("Approved trips by destination"),
        "units": (_("Batches"), _("Person-times")),
        "rows": rows,
        "total": _total(rows, _("Trips (a trip to several destinations counts in each)")),
    }


def _region_table(approved, year: int) -> dict:
    rows = []
    for region in Region.objects.filter(kind=RegionKind.CONTINENT).order_by("code"):
        within = approved.filter(
            Exists(TripLeg.objects.filter(trip=OuterRef("pk"), country__in=region.countries or []))
        )
        per_year = {
            item["year"]: item
            for item in within.values(year=ExtractYear("start_date"))
            .annotate(b=Count("id"), p=Sum("headcount"))
            .order_by()
        }
        if per_year:
            label = display_name(region.name, region.name_zh, region.name)
            rows.append(
                row(region.code, label, _pair(per_year.get(year), "b", "p"), _pair(per_year.get(year - 1), "b", "p"))
            )
    return {
        "key": "trips_region",
        "title": _("Approved trips by region"),
        "units": (_("Batches"), _("Person-times")),
        "rows": rows,
        "total": _total(rows, _("Trips (a trip to several regions counts in each)")),
    }


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def after_trip_figures(trips, year: int) -> dict:
    """Passports handed back and reports filed on time, of the trips back (one query)."""
    back = trips.filter(status=TripStatus.BACK)
    per_year = {
        item["year"]: item
        for item in back.values(year=ExtractYear("start_date"))
        .annotate(
            back=Count("id"),
            passports=Count("id", filter=Q(passports_returned_on__isnull=False)),
            passports_on_time=Count(
                "id",
                filter=Q(passports_returned_on__isnull=False)
                & (
                    Q(passports_followup__isnull=True) | Q(passports_returned_on__lte=F("passports_followup__due_date"))
                ),
            ),
            reports=Count("id", filter=Q(report_filed_on__isnull=False)),
            reports_on_time=Count(
                "id",
                filter=Q(report_filed_on__isnull=False)
                & (Q(report_followup__isnull=True) | Q(report_filed_on__lte=F("report_followup__due_date"))),
            ),
        )
        .order_by()
    }
    rows = []
    for key, label, on_time in (
        ("passports", _("Passports handed back on time"), "passports_on_time"),
        ("reports", _("Trip reports filed on time"), "reports_on_time"),
    ):
        now, before = per_year.get(year) or {}, per_year.get(year - 1) or {}
        figure = row(
            key,
            label,
            (now.get("back", 0), now.get(on_time, 0)),
            (before.get("back", 0), before.get(on_time, 0)),
        )
        figure["rate"] = _rate(now.get(on_time, 0), now.get("back", 0))
        figure["prev_rate"] = _rate(before.get(on_time, 0), before.get("back", 0))
        figure["handed_in"] = now.get(key, 0)
        rows.append(figure)
    return {
        "key": "trips_after",
        "title": _("After the trip: passports and reports"),
        "units": (_("Trips back"), _("On time")),
        "rows": rows,
        "total": rows[0],
    }


def year_figures(*, year: int, until: dt.date | None = None) -> dict:
    """`{"tables": [...]}` for the Reports page, /api/stats/ and the XLSX; see the module's docstring."""
    trips = Trip.objects.filter(_period_q("", year=year, until=until)).exclude(status=TripStatus.DRAFT)
    approved = trips.filter(status__in=APPROVED_STATUSES)
    tables = [
        _status_table(trips, year),
        _group_table(
            approved,
            year,
            field="kind",
            key="trips_kind",
            title=_("Approved trips by kind"),
            labels=dict(TripKind.choices),
        ),
        _group_table(
            approved,
            year,
            field="category",
            key="trips_category",
            title=_("Approved trips by traveller category"),
            labels=dict(TravellerCategory.choices),
        ),
        _country_table(year, until),
        _region_table(approved, year),
        after_trip_figures(trips, year),
    ]
    return {"year": year, "until": until, "tables": tables}


# --- the summary's sentences ---------------------------------------------------------------------------------------


def _n(value: int) -> str:
    return formats.number_format(value, force_grouping=False)


def _pct(value: float) -> str:
    return formats.number_format(abs(value), decimal_pos=1)


def _table(figures: dict, key: str) -> dict:
    return next((t for t in figures.get("tables", []) if t["key"] == key), {"rows": []})


def _row(table: dict, key: str) -> dict | None:
    return next((r for r in table["rows"] if r["key"] == key), None)


def _change(figure: dict) -> str:
    b, p = figure["change_batches_pct"], figure["change_person_times_pct"]
    if b is None or p is None:
        return ""
    if b > 0 and p > 0:
        return _(", up %(batches)s%% and %(person_times)s%% on last year") % {
            "batches": _pct(b),
            "person_times": _pct(p),
        }
    if b < 0 and p < 0:
        return _(", down %(batches)s%% and %(person_times)s%% on last year") % {
            "batches": _pct(b),
            "person_times": _pct(p),
        }
    return _(", batches %(batches)s%% and person-times %(person_times)s%% against last year") % {
        "batches": formats.number_format(b, decimal_pos=1),
        "person_times": formats.number_format(p, decimal_pos=1),
    }


def summary(figures: dict) -> list[str]:
    """The office's sentences, e.g. 「全年共审批因公出国（境）团组2024批5524人次，其中党政人员出国398批1465人次。」"""
    sentences: list[str] = []
    status = _table(figures, "trips_status")
    approved, submitted = _row(status, "approved"), _row(status, "submitted")
    if not approved or not (approved["batches"] or submitted and submitted["batches"]):
        return sentences
    until = figures.get("until")
    values = {
        "batches": _n(approved["batches"]),
        "person_times": _n(approved["person_times"]),
        "change": _change(approved),
        "until": formats.date_format(until, "MONTH_DAY_FORMAT") if until else "",
    }
    officials = _row(_table(figures, "trips_category"), TravellerCategory.OFFICIALS)
    if officials and officials["batches"]:
        values.update(officials_batches=_n(officials["batches"]), officials_person_times=_n(officials["person_times"]))
        if until:
            text = _(
                "By %(until)s we approved %(batches)s outbound delegations (%(person_times)s person-times)%(change)s, "
                "of them party and government officials %(officials_batches)s (%(officials_person_times)s "
                "person-times)."
            )
        else:
            text = _(
                "In the year we approved %(batches)s outbound delegations (%(person_times)s person-times)%(change)s, "
                "of them party and government officials %(officials_batches)s (%(officials_person_times)s "
                "person-times)."
            )
    elif until:
        text = _("By %(until)s we approved %(batches)s outbound delegations (%(person_times)s person-times)%(change)s.")
    else:
        text = _("In the year we approved %(batches)s outbound delegations (%(person_times)s person-times)%(change)s.")
    sentences.append(text % values)
    if submitted and submitted["batches"]:
        parts = []
        for key, template in (
            ("refused", _("%(batches)s (%(person_times)s person-times) were refused")),
            ("postponed", _("%(batches)s (%(person_times)s person-times) postponed")),
            ("changed", _("%(batches)s had their members changed")),
        ):
            figure = _row(status, key)
            if figure and figure["batches"]:
                parts.append(template % {"batches": _n(figure["batches"]), "person_times": _n(figure["person_times"])})
        if parts:
            sentences.append(
                _("Of the %(batches)s delegations submitted, %(parts)s.")
                % {"batches": _n(submitted["batches"]), "parts": _("; ").join(parts)}
            )
    after = _table(figures, "trips_after")
    passports, reports = _row(after, "passports"), _row(after, "reports")
    if passports and reports and passports["batches"]:
        sentences.append(
            _(
                "Passports were handed back on time for %(passports)s%% of the delegations back, reports filed on time "
                "for %(reports)s%%."
            )
            % {
                "passports": formats.number_format(passports["rate"], decimal_pos=0 if passports["rate"] == 100 else 1),
                "reports": formats.number_format(reports["rate"], decimal_pos=0 if reports["rate"] == 100 else 1),
            }
        )
    return sentences
