"""core.exports: the one way a workbook is written (issue 9, finding 4), and the rule that every export uses it."""

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from core.exports import append_row, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_DIRS = ("core", "contacts", "relations", "events", "crm", "demo")


def _reload(workbook):
    return load_workbook(io.BytesIO(workbook_bytes(workbook))).active


def test_append_row_writes_formula_lookalikes_as_quoted_text_and_keeps_numbers():
    workbook = Workbook()
    append_row(workbook.active, ["=1+1", "@A1", "\t=2", "plain", 12, 1.5, None])
    row = next(_reload(workbook).iter_rows())
    assert [cell.value for cell in row[:6]] == ["=1+1", "@A1", "\t=2", "plain", 12, 1.5]
    assert [cell.data_type for cell in row[:6]] == ["s", "s", "s", "s", "n", "n"]
    assert [bool(cell.quotePrefix) for cell in row[:4]] == [True, True, True, False]


def test_workbook_bytes_neutralises_a_cell_written_without_append_row():
    workbook = Workbook()
    workbook.active["B2"] = '=HYPERLINK("http://evil.example/")'
    assert workbook.active["B2"].data_type == "f"
    cell = _reload(workbook)["B2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://evil.example/")')


def test_append_row_drops_control_characters_xlsx_cannot_hold():
    workbook = Workbook()
    append_row(workbook.active, ["a\u000bb\u0000c\u001bd", "line\nbreak\ttab"])
    assert [cell.value for cell in next(_reload(workbook).iter_rows())] == ["abcd", "line\nbreak\ttab"]


def test_every_module_writing_a_workbook_goes_through_core_exports():
    offenders = []
    for directory in PRODUCT_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if path.name != "exports.py" or directory != "core":
                if "openpyxl" in text and "core.exports" not in text:
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], "write workbooks with core.exports (append_row, workbook_bytes)"


def test_safe_cells_of_a_write_only_sheet_pass_plain_values_and_neutralise_the_rest():
    """Plain numbers, dates and text go as they are; a formula look-alike and an error code's text stay text (the
    look-alike quote-prefixed), in any order within a row, and a styled row styles every value."""
    import datetime as dt

    from openpyxl.styles import Font

    from core.exports import safe_cells

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    sheet.append(safe_cells(sheet, ["=1+1", 3, "#N/A", "plain", "-2", dt.date(2026, 1, 2), 1.5, None, "a\u0000b"]))
    sheet.append(safe_cells(sheet, ["Total", 7, "=SUM(A1)"], font=Font(bold=True)))
    reloaded = load_workbook(io.BytesIO(workbook_bytes(workbook)))["t"]
    first, second = reloaded.iter_rows()
    assert [c.value for c in first[:7]] == ["=1+1", 3, "#N/A", "plain", "-2", dt.datetime(2026, 1, 2), 1.5]
    assert [c.data_type for c in first[:7]] == ["s", "n", "s", "s", "s", "d", "n"]
    assert [bool(c.quotePrefix) for c in first[:5]] == [True, False, False, False, True]
    assert first[8].value == "ab"
    assert [c.value for c in second[:3]] == ["Total", 7, "=SUM(A1)"] and all(c.font.b for c in second[:3])
    assert second[2].data_type == "s" and second[2].quotePrefix
