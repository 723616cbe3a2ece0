"""Spreadsheets: the year's figures as an XLSX workbook (openpyxl); the event and follow-up lists in the import
template's columns (events.resources), so an export re-imports as is."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import XLSX_CONTENT_TYPE, append_row, safe_text, table_bytes, workbook_bytes
from events.models import Event, FollowUp
from events.resources import EventResource, FollowUpResource

__all__ = ["XLSX_CONTENT_TYPE", "events_table", "followups_table", "report_workbook", "report_xlsx"]


def events_table(queryset: QuerySet[Event], fmt: str) -> bytes:
    """The events of `queryset` (a filtered list) with their participants and ties, as XLSX or CSV."""
    queryset = queryset.prefetch_related("participants__entity", "relations")
    dataset = EventResource().export(queryset)
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Events"))


def followups_table(queryset: QuerySet[FollowUp], fmt: str) -> bytes:
    """The follow-ups of `queryset` (a filtered list) as XLSX or CSV."""
    queryset = queryset.select_related("owner", "entity", "relation__source", "relation__target", "event", "done_by")
    dataset = FollowUpResource().export(queryset)
    return table_bytes(list(dataset.headers), dataset, fmt, title=_("Follow-ups"))


def _sheet_title(text: str) -> str:
    # Excel refuses []:*?/\ in sheet names and more than 31 characters.
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return safe_text(text)[:31]


def report_workbook(report: dict) -> Workbook:
    """The report as a workbook: a summary sheet, then one sheet per breakdown; figures stored as numbers."""
    year, prev_year = report["year"], report["year"] - 1
    bold = Font(bold=True)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_title(_("Summary"))
    append_row(summary, [_("Figures for %(year)s") % {"year": year}])
    summary["A1"].font = Font(bold=True, size=14)
    append_row(summary, [])
    for sentence in report["summary"]:
        append_row(summary, [sentence])
    append_row(summary, [])
    append_row(summary, [_("Figure"), str(year), str(prev_year), _("Change (%)")])
    for cell in summary[summary.max_row]:
        cell.font = bold
    figures = [
        (_("All exchanges"), report["total"]),
        (_("Inbound visits"), report["inbound_levels"]["total"]),
        (_("Consular and diplomatic officials"), report["diplomatic"]["total"]),
        (_("Outbound visits"), report["outbound"]["total"]),
    ]
    for label, row in figures:
        append_row(
            summary,
            [
                _("%(figure)s: batches") % {"figure": label},
                row["batches"],
                row["prev_batches"],
                row["change_batches_pct"],
            ],
        )
        append_row(
            summary,
            [
                _("%(figure)s: person-times") % {"figure": label},
                row["person_times"],
                row["prev_person_times"],
                row["change_person_times_pct"],
            ],
        )
    summary.column_dimensions["A"].width = 60
    titles = {
        "kind": _("Kind"),
        "level-inbound": _("Level (inbound)"),
        "level-outbound": _("Level (outbound)"),
        "country": _("Country"),
        "region": _("Region"),
        "partner": _("Partner"),
        "domestic_unit": _("Domestic unit"),
        "month": _("Month"),
        "scope": _("Foreign and HK, Macao, Taiwan"),
    }
    header = [
        _("Batches %(year)s") % {"year": year},
        _("Person-times %(year)s") % {"year": year},
        _("Batches %(year)s") % {"year": prev_year},
        _("Person-times %(year)s") % {"year": prev_year},
        _("Change in batches (%)"),
        _("Change in person-times (%)"),
    ]
    tables = {
        **report["breakdowns"],
        "level-inbound": report["inbound_levels"],
        "level-outbound": report["outbound_levels"],
    }
    for by, title in titles.items():
        stats = tables[by]
        sheet = workbook.create_sheet(_sheet_title(str(title)))
        append_row(sheet, [str(title), *header])
        for cell in sheet[1]:
            cell.font = bold
        for row in [*stats["rows"], stats["total"]]:
            append_row(
                sheet,
                [
                    row["label"],
                    row["batches"],
                    row["person_times"],
                    row["prev_batches"],
                    row["prev_person_times"],
                    row["change_batches_pct"],
                    row["change_person_times_pct"],
                ],
            )
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 36
        for column in range(2, 8):
            sheet.column_dimensions[get_column_letter(column)].width = 16
        sheet.freeze_panes = "B2"
    for section in report.get("sections", []):
        for table in section["tables"]:
            _section_sheet(workbook, table, year=year, prev_year=prev_year)
    return workbook


def _section_sheet(workbook: Workbook, table: dict, *, year: int, prev_year: int) -> None:
    """A registered section's table (events.sections) as a sheet: its two measures this year, last year, change."""
    first, second = (str(unit) for unit in table["units"])
    title = str(table["title"])
    sheet = workbook.create_sheet(_sheet_title(title))
    header = [
        _("%(measure)s %(year)s") % {"measure": first, "year": year},
        _("%(measure)s %(year)s") % {"measure": second, "year": year},
        _("%(measure)s %(year)s") % {"measure": first, "year": prev_year},
        _("%(measure)s %(year)s") % {"measure": second, "year": prev_year},
        _("Change in %(measure)s (%%)") % {"measure": first},
        _("Change in %(measure)s (%%)") % {"measure": second},
    ]
    append_row(sheet, [title, *header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in [*table["rows"], table["total"]]:
        append_row(
            sheet,
            [
                row["label"],
                row["batches"],
                row["person_times"],
                row["prev_batches"],
                row["prev_person_times"],
                row["change_batches_pct"],
                row["change_person_times_pct"],
            ],
        )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36
    for column in range(2, 8):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.freeze_panes = "B2"


def report_xlsx(report: dict) -> bytes:
    """The report's workbook as the bytes of an .xlsx file."""
    return workbook_bytes(report_workbook(report))
