"""Pages of the year's figures (Reports, XLSX export), the anniversaries panel and the calendar (month view, feed)."""

from __future__ import annotations

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

from events.anniversaries import anniversary_rows
from events.calendar import (
    calendar_feed_user,
    calendar_ics,
    month_grid,
    parse_month,
)
from events.exports import XLSX_CONTENT_TYPE, report_xlsx
from events.services import anniversary_plan, calendar_feed_ensure, calendar_feed_regenerate
from events.stats import parse_until, parse_year, year_report
from relations.anniversaries import add_months
from relations.models import Relation

PANEL_MONTHS = 18
PANEL_LIMIT = 40
# A table of the Reports page shows its largest rows; the rest are in the XLSX export and the API (a province's
# partners are tens of thousands of rows: the page would weigh megabytes).
REPORT_TABLE_ROWS = 30


def bounded_table(stats: dict, limit: int = REPORT_TABLE_ROWS) -> dict:
    """A table as the page shows it: its first `limit` rows, how many more there are, and the whole total."""
    rows = stats["rows"]
    return {**stats, "rows": rows[:limit], "more": max(0, len(rows) - limit)}


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


def _until_param(request, year: int) -> tuple[date | None, str | None]:
    """The ?until= of the year to date (a day of `year`) and the error to show when it is malformed."""
    try:
        return parse_until(request.GET.get("until"), year=year), None
    except ValidationError as exc:
        return None, " ".join(exc.message_dict.get("until", exc.messages))


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
    today = timezone.localdate()
    # The year against last year, month by month: running totals; this year's stop at the current month.
    last_month = 12 if report["year"] < today.year else (today.month if report["year"] == today.year else 0)

    def running(values: list[int], stop: int = 12) -> list[int | None]:
        totals, total = [], 0
        for month, value in enumerate(values, start=1):
            total += value
            totals.append(total if month <= stop else None)
        return totals

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
        "running": {
            "labels": [row["label"] for row in months["rows"]],
            "batches": running([row["batches"] for row in months["rows"]], last_month),
            "prev_batches": running([row["prev_batches"] for row in months["rows"]]),
            "person_times": running([row["person_times"] for row in months["rows"]], last_month),
            "prev_person_times": running([row["prev_person_times"] for row in months["rows"]]),
        },
        "kind": series(breakdowns["kind"]),
        "level": series(report["inbound_levels"]),
        "region": series(breakdowns["region"]),
        "country": series(breakdowns["country"], limit=30),
        "labels": {
            "batches": _("Batches"),
            "person_times": _("Person-times"),
            "running_batches": _("Batches so far"),
            "running_person_times": _("Person-times so far"),
        },
    }


@require_GET
@permission_required("events.view_event", raise_exception=True)
def reports(request):
    """The year's figures as tables and charts, and the work summary in sentences."""
    year, error = _year_param(request)
    until, until_error = _until_param(request, year)
    error = error or until_error
    report = year_report(year=year, until=until, user=request.user)
    sections = [
        ("kind", _("By kind of exchange"), report["breakdowns"]["kind"]),
        # Levels apart by direction: a guest's rank and our delegation leader's rank are different figures.
        ("level-inbound", _("Inbound visits by level of the highest-ranking guest"), report["inbound_levels"]),
        ("level-outbound", _("Outbound visits by level of the delegation's leader"), report["outbound_levels"]),
        ("region", _("By region (continent)"), report["breakdowns"]["region"]),
        ("country", _("By country"), report["breakdowns"]["country"]),
        ("partner", _("By partner"), report["breakdowns"]["partner"]),
        ("domestic_unit", _("By domestic unit"), report["breakdowns"]["domestic_unit"]),
        ("month", _("By month"), report["breakdowns"]["month"]),
        ("scope", _("Foreign countries and Hong Kong, Macao and Taiwan"), report["breakdowns"]["scope"]),
    ]
    sections = [(key, title, bounded_table(stats)) for key, title, stats in sections]
    shown_sections = [
        {**section, "tables": [bounded_table(table) for table in section["tables"]]} for section in report["sections"]
    ]
    context = {
        "year": year,
        "prev_year": year - 1,
        "until": until,
        "error": error,
        "report": report,
        "sections": sections,
        "report_sections": shown_sections,
        "chart_data": _chart_data(report),
        "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 10, -1)),
    }
    return render(request, "events/report.html", context, status=400 if error else 200)


@require_GET
@permission_required("events.view_event", raise_exception=True)
def reports_export(request):
    """The year's figures as an XLSX workbook: a summary sheet, one sheet per breakdown and per section's table."""
    year, error = _year_param(request)
    until, until_error = _until_param(request, year)
    error = error or until_error
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    report = year_report(year=year, until=until, user=request.user)
    response = HttpResponse(report_xlsx(report), content_type=XLSX_CONTENT_TYPE)
    name = f"figures-{year}" + (f"-to-{until:%m-%d}" if until else "")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- anniversaries on the dashboard -------------------------------------------------------------------------------


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
def anniversaries_panel(request):
    """The dashboard panel (loaded by htmx): the next 18 months' anniversaries, milestones first."""
    today = timezone.localdate()
    # Milestones first, ordered on the narrow rows: only the panel's 40 ties are loaded.
    rows = anniversary_rows(start=today, end=add_months(today, PANEL_MONTHS)).milestones_first()
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
        if plan.note:
            messages.warning(request, plan.note)
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
