"""Build the trips' DOCX templates (trips/documents/*.docx) with python-docx: docxtpl fills their
{{ tags }} from a trip. Run again after changing this script; an admin may instead upload an edited copy of a
template (same tags) in the Django admin (Document templates, named trips/<file>.docx), used before the shipped one.

    .venv/bin/python scripts/build_trip_docx.py
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

OUT = Path(__file__).resolve().parent.parent / "trips" / "documents"


def _title(doc, text):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(18)


def _table(doc, rows):
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    return table


def _loop_table(doc, headers, loop, cells):
    """A header row, then one row per item: docxtpl's {%tr for %} and {%tr endfor %} rows frame the repeated row."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for cell, expression in zip(table.rows[2].cells, cells, strict=True):
        cell.text = "{{ " + expression + " }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    return table


def application():
    doc = Document()
    _title(doc, "因公出国（境）团组申报表")
    doc.add_paragraph("编号：{{ number }}")
    _table(
        doc,
        [
            ("团组名称", "{{ title }}"),
            ("组团单位", "{{ organiser }}"),
            ("团组类型", "{{ kind }}"),
            ("人员类别", "{{ category }}"),
            ("审批层级", "{{ approving_level }}"),
            ("出访国家（地区）及停留天数", "{{ destinations }}"),
            ("出访日期", "{{ start_date }}至{{ end_date }}（共{{ days }}天，含路途）"),
            ("团长", "{{ leader }}"),
            ("团组人数", "{{ headcount }}人"),
            ("出访任务", "{{ purpose }}"),
            ("日程安排", "{{ agenda }}"),
            ("拟会见单位", "{{ partners }}"),
            ("邀请方", "{{ invitation_from }}（{{ invitation_ref }}）"),
            ("经费预算及来源", "{{ budget }}元，{{ payer }}"),
        ],
    )
    doc.add_paragraph("团组成员")
    _loop_table(doc, ("姓名", "职务", "级别", "在团组中"), "m in members", ("m.name", "m.post", "m.level", "m.role"))
    doc.add_paragraph("组团单位（盖章）：                    日期：{{ today }}")
    doc.save(OUT / "trip_application.docx")


def covering_request():
    doc = Document()
    _title(doc, "关于{{ organiser }}{{ title }}赴{{ countries }}的请示")
    doc.add_paragraph("{{ addressee }}：")
    doc.add_paragraph(
        "应{{ invitation_from }}邀请，{{ organiser }}拟派{{ leader }}等{{ headcount }}人，于{{ start_date }}至"
        "{{ end_date }}赴{{ destinations }}，在外共{{ days }}天（含路途）。主要任务：{{ purpose }}"
    )
    doc.add_paragraph("出访期间拟会见{{ partners }}。所需经费{{ budget }}元，由{{ payer }}承担。")
    doc.add_paragraph("妥否，请批示。")
    doc.add_paragraph("附件：因公出国（境）团组申报表")
    paragraph = doc.add_paragraph("{{ organiser }}\n{{ today }}")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(OUT / "trip_request.docx")


def quarter_table():
    doc = Document()
    _title(doc, "{{ year }}年第{{ quarter }}季度因公出国（境）团组绩效考核汇总表")
    _loop_table(
        doc,
        ("序号", "团组", "组团单位", "出访日期", "各项得分", "总分"),
        "r in rows",
        ("r.number", "r.title }}（团长：{{ r.leader", "r.organiser", "r.dates", "r.scores", "r.total"),
    )
    doc.add_paragraph("考核项目：{{ criteria }}。共{{ count }}个团组，平均{{ average }}分。")
    doc.add_paragraph("{{ office }}    {{ today }}")
    doc.save(OUT / "trip_quarter.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    application()
    covering_request()
    quarter_table()
    print(f"Wrote the templates to {OUT}")
