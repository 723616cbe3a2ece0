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
