"""Pages of the year's figures (Reports, XLSX export), the anniversaries panel and the calendar (month view, feed)."""

from __future__ import annotations

import io
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from events.anniversaries import anniversary_plan, anniversary_rows
from events.calendar import (
    calendar_feed_ensure,
    calendar_feed_regenerate,
    calendar_feed_user,
    calendar_ics,
    month_grid,
    parse_month,
)
from events.stats import parse_year, year_report
from relations.anniversaries import add_months, milestones_first
from relations.models import Relation

PANEL_MONTHS = 18
PANEL_LIMIT = 40


def _year_param(request) -> tuple[int, str | None]:
    """The ?year= of a page (default: this year) and the error to show when it is malformed."""
    today = timezone.localdate()
    raw = request.GET.get("year")
    if raw in (None, ""):
        return today.year, None
    try:
        return parse_year(raw), None
    except ValidationError as exc:
        return today.year, " ".join(exc.message_dict.get("year", exc.messages))


# --- the year's figures -------------------------------------------------------------------------------------------


def _chart_data(report: dict) -> dict:
    """What the charts draw: labels and this year's / last year's series per breakdown."""

    def series(stats: dict, limit: int | None = None) -> dict:
        rows = [row for row in stats["rows"] if row["batches"] or row["prev_batches"]]
        if limit is not None:
            rows = rows[:limit]
        return {
            "labels": [row["label"] for row in rows],
            "batches": [row["batches"] for row in rows],
            "prev_batches": [row["prev_batches"] for row in rows],
            "person_times": [row["person_times"] for row in rows],
            "prev_person_times": [row["prev_person_times"] for row in rows],
        }

    breakdowns = report["breakdowns"]
    months = breakdowns["month"]
    return {
        "year": report["year"],
        "prev_year": report["year"] - 1,
        "month": {
            "labels": [row["label"] for row in months["rows"]],
            "batches": [row["batches"] for row in months["rows"]],
            "prev_batches": [row["prev_batches"] for row in months["rows"]],
            "person_times": [row["person_times"] for row in months["rows"]],
            "prev_person_times": [row["prev_person_times"] for row in months["rows"]],
        },
        "kind": series(breakdowns["kind"]),
        "level": series(breakdowns["level"]),
        "region": series(breakdowns["region"]),
        "country": series(breakdowns["country"], limit=15),
        "labels": {"batches": _("Batches"), "person_times": _("Person-times")},
    }


@require_GET
@permission_required("events.view_event", raise_exception=True)
def reports(request):
    """The year's figures as tables and charts, and the work summary in sentences."""
    year, error = _year_param(request)
    report = year_report(year=year)
    sections = [
        ("kind", _("By kind of exchange")),
        ("level", _("By level of the highest-ranking guest")),
        ("region", _("By region (continent)")),
        ("country", _("By country")),
        ("partner", _("By partner")),
        ("domestic_unit", _("By domestic unit")),
        ("month", _("By month")),
    ]
    context = {
        "year": year,
        "prev_year": year - 1,
        "error": error,
        "report": report,
        "sections": [(key, title, report["breakdowns"][key]) for key, title in sections],
        "chart_data": _chart_data(report),
        "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 10, -1)),
    }
    return render(request, "events/report.html", context, status=400 if error else 200)


def _sheet_title(text: str) -> str:
    # Excel refuses []:*?/\ in sheet names and more than 31 characters.
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def report_workbook(report: dict) -> Workbook:
    """The report as a workbook: a summary sheet, then one sheet per breakdown; figures stored as numbers."""
    year, prev_year = report["year"], report["year"] - 1
    bold = Font(bold=True)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary"))
    summary.append([_("Figures for %(year)s") % {"year": year}])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([])
    for sentence in report["summary"]:
        summary.append([sentence])
    summary.append([])
    summary.append([_("Figure"), str(year), str(prev_year), _("Change (%)")])
    for cell in summary[summary.max_row]:
        cell.font = bold
    figures = [
        (_("All exchanges"), report["total"]),
        (_("Inbound visits"), report["inbound_levels"]["total"]),
        (_("Consular and diplomatic officials"), report["diplomatic"]["total"]),
        (_("Outbound visits"), report["outbound"]["total"]),
    ]
    for label, row in figures:
        summary.append(
            [
                _("%(figure)s: batches") % {"figure": label},
                row["batches"],
                row["prev_batches"],
                row["change_batches_pct"],
            ]
        )
        summary.append(
            [
                _("%(figure)s: person-times") % {"figure": label},
                row["person_times"],
                row["prev_person_times"],
                row["change_person_times_pct"],
            ]
        )
    summary.column_dimensions["A"].width = 60
    titles = {
        "kind": _("Kind"),
        "level": _("Level"),
        "country": _("Country"),
        "region": _("Region"),
        "partner": _("Partner"),
        "domestic_unit": _("Domestic unit"),
        "month": _("Month"),
    }
    header = [
        _("Batches %(year)s") % {"year": year},
        _("Person-times %(year)s") % {"year": year},
        _("Batches %(year)s") % {"year": prev_year},
        _("Person-times %(year)s") % {"year": prev_year},
        _("Change in batches (%)"),
        _("Change in person-times (%)"),
    ]
    for by, title in titles.items():
        stats = report["breakdowns"][by]
        sheet = workbook.create_sheet(_sheet_title(str(title)))
        sheet.append([str(title), *header])
        for cell in sheet[1]:
            cell.font = bold
        for row in [*stats["rows"], stats["total"]]:
            sheet.append(
                [
                    row["label"],
                    row["batches"],
                    row["person_times"],
                    row["prev_batches"],
                    row["prev_person_times"],
                    row["change_batches_pct"],
                    row["change_person_times_pct"],
                ]
            )
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 36
        for column in range(2, 8):
            sheet.column_dimensions[get_column_letter(column)].width = 16
        sheet.freeze_panes = "B2"
    return workbook


@require_GET
@permission_required("events.view_event", raise_exception=True)
def reports_export(request):
    """The year's figures as an XLSX workbook: a summary sheet and one sheet per breakdown."""
    year, error = _year_param(request)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    workbook = report_workbook(year_report(year=year))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="figures-{year}.xlsx"'
    return response


# --- anniversaries on the dashboard -------------------------------------------------------------------------------


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def anniversaries_panel(request):
    """The dashboard panel (loaded by htmx): the next 18 months' anniversaries, milestones first."""
    today = timezone.localdate()
    rows = milestones_first(anniversary_rows(start=today, end=add_months(today, PANEL_MONTHS)))
    return render(
        request,
        "events/_anniversaries_panel.html",
        {
            "rows": rows[:PANEL_LIMIT],
            "more": max(0, len(rows) - PANEL_LIMIT),
        },
    )


@require_POST
@permission_required(("events.add_followup", "events.add_event"), raise_exception=True)
def anniversaries_plan(request):
    """The panel's Plan button (htmx): plans the anniversary and returns its row, now marked planned."""
    error = None
    relation = None
    on = None
    try:
        relation = Relation.objects.select_related("source", "target").get(pk=int(request.POST.get("relation", "")))
    except (ValueError, Relation.DoesNotExist):
        error = _("There is no such tie.")
    if error is None:
        try:
            on = date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            error = _("Enter the anniversary's date as YYYY-MM-DD.")
    if error is None:
        try:
            plan = anniversary_plan(relation=relation, date=on, by=request.user)
        except ValidationError as exc:
            error = " ".join(message for messages_ in exc.message_dict.values() for message in messages_)
    if error is not None:
        return render(request, "events/_anniversary_plan_result.html", {"error": error}, status=400)
    if not request.headers.get("HX-Request"):
        messages.success(request, _("The anniversary is planned: a follow-up and a draft event were created."))
        return redirect("crm:dashboard")
    return render(request, "events/_anniversary_plan_result.html", {"plan": plan})


# --- the calendar -------------------------------------------------------------------------------------------------


@require_GET
@permission_required("events.view_event", raise_exception=True)
def calendar_month(request):
    """A month of anniversaries, events and the user's follow-ups, as a grid (?month=YYYY-MM)."""
    today = timezone.localdate()
    error = None
    try:
        month = parse_month(request.GET.get("month"), today=today)
    except ValueError:
        month = today.replace(day=1)
        error = _("Enter the month as YYYY-MM, for example 2026-11.")
    context = {
        "month": month,
        "error": error,
        "today": today,
        "weeks": month_grid(user=request.user, month=month),
        "previous": add_months(month, -1),
        "next": add_months(month, 1),
    }
    return render(request, "events/calendar.html", context, status=400 if error else 200)


def _feed_context(request, feed) -> dict:
    url = request.build_absolute_uri(reverse("events:calendar-feed", args=[feed.secret]))
    return {"feed": feed, "feed_urls": [(code, name, f"{url}?lang={code}") for code, name in _languages()]}


def _languages() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


@require_http_methods(["GET", "POST"])
@permission_required("events.view_event", raise_exception=True)
def calendar_feed_settings(request):
    """The profile page's calendar section (htmx): the personal feed URLs; POST regenerates the secret."""
    if request.method == "POST":
        feed = calendar_feed_regenerate(user=request.user)
        if not request.headers.get("HX-Request"):
            messages.success(request, _("A new calendar address was made; the old one no longer works."))
            return redirect("crm:profile")
        context = {**_feed_context(request, feed), "regenerated": True}
    else:
        context = _feed_context(request, calendar_feed_ensure(user=request.user))
    if request.headers.get("HX-Request"):
        return render(request, "events/calendar_feed_panel.html", context)
    return render(request, "events/calendar_feed.html", context)


@login_not_required
@require_safe
def calendar_feed(request, secret: str):
    """The iCalendar feed of a secret URL, for calendar programs (no session); unknown or revoked secret: 404."""
    user = calendar_feed_user(secret=secret)
    if user is None or not user.has_perm("events.view_event"):
        raise Http404
    language = request.GET.get("lang") or translation.get_language()
    if language not in dict(_languages()):
        language = translation.get_language()
    with translation.override(language):
        body = calendar_ics(user=user, today=timezone.localdate(), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="waiban-crm.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
