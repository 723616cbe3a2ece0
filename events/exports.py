"""Spreadsheets: the year's figures as an XLSX workbook (openpyxl); the event and follow-up lists in the import
template's columns (events.resources), so an export re-imports as is."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import XLSX_CONTENT_TYPE, safe_cells, safe_text, table_bytes, workbook_bytes
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


def _widths(sheet, widths: dict[str, float]) -> None:
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width


def report_workbook(report: dict) -> Workbook:
    """The report as a workbook: a summary sheet, then one sheet per breakdown; figures stored as numbers.

    Written in openpyxl's write-only mode: rows stream to the file and are not kept as cell objects, so a
    province's tens of thousands of partner rows cost their bytes, not a worksheet in memory. Each breakdown is one
    grouped query (events.stats), already made (and cached) by `year_report`.
    """
    year, prev_year = report["year"], report["year"] - 1
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_sheet_title(_("Summary")))
    _widths(summary, {"A": 60})
    summary.append(safe_cells(summary, [_("Figures for %(year)s") % {"year": year}], font=Font(bold=True, size=14)))
    summary.append([])
    for sentence in report["summary"]:
        summary.append(safe_cells(summary, [sentence]))
    summary.append([])
    summary.append(safe_cells(summary, [_("Figure"), str(year), str(prev_year), _("Change (%)")], font=bold))
    figures = [
        (_("All exchanges"), report["total"]),
        (_("Inbound visits"), report["inbound_levels"]["total"]),
        (_("Consular and diplomatic officials"), report["diplomatic"]["total"]),
        (_("Outbound visits"), report["outbound"]["total"]),
    ]
    for label, row in figures:
        summary.append(
            safe_cells(
                summary,
                [
                    _("%(figure)s: batches") % {"figure": label},
                    row["batches"],
                    row["prev_batches"],
                    row["change_batches_pct"],
                ],
            )
        )
        summary.append(
            safe_cells(
                summary,
                [
                    _("%(figure)s: person-times") % {"figure": label},
                    row["person_times"],
                    row["prev_person_times"],
                    row["change_person_times_pct"],
                ],
            )
        )
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
        _table_sheet(workbook, str(title), header, tables[by])
    for section in report.get("sections", []):
        for table in section["tables"]:
            _section_sheet(workbook, table, year=year, prev_year=prev_year)
    return workbook


def _table_sheet(workbook: Workbook, title: str, header: list[str], stats: dict) -> None:
    """One table (a breakdown or a section's table) as a sheet: a bold header, its rows, a bold total."""
    sheet = workbook.create_sheet(_sheet_title(title))
    # Widths and the frozen header must be set before the first row of a write-only sheet.
    _widths(sheet, {"A": 36, **{get_column_letter(column): 16 for column in range(2, 8)}})
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    sheet.append(safe_cells(sheet, [title, *header], font=bold))
    for row in stats["rows"]:
        sheet.append(safe_cells(sheet, _figures(row)))
    sheet.append(safe_cells(sheet, _figures(stats["total"]), font=bold))


def _figures(row: dict) -> list:
    return [
        row["label"],
        row["batches"],
        row["person_times"],
        row["prev_batches"],
        row["prev_person_times"],
        row["change_batches_pct"],
        row["change_person_times_pct"],
    ]


def _section_sheet(workbook: Workbook, table: dict, *, year: int, prev_year: int) -> None:
    """A registered section's table (events.sections) as a sheet: its two measures this year, last year, change."""
    first, second = (str(unit) for unit in table["units"])
    header = [
        _("%(measure)s %(year)s") % {"measure": first, "year": year},
        _("%(measure)s %(year)s") % {"measure": second, "year": year},
        _("%(measure)s %(year)s") % {"measure": first, "year": prev_year},
        _("%(measure)s %(year)s") % {"measure": second, "year": prev_year},
        _("Change in %(measure)s (%%)") % {"measure": first},
        _("Change in %(measure)s (%%)") % {"measure": second},
    ]
    _table_sheet(workbook, str(table["title"]), header, table)


def report_xlsx(report: dict) -> bytes:
    """The report's workbook as the bytes of an .xlsx file."""
    return workbook_bytes(report_workbook(report))
