"""Build the shipped DOCX templates (core.documents) from the text below: `python scripts/build_document_templates.py`.

The .docx files are committed; this script is how they were made, so a change of wording is a change here and a
rebuild. An office that wants its own letterhead uploads a replacement in the admin instead (Document templates).
Tags are docxtpl's (Jinja): `{{ value }}`, and `{%p for ... %}` / `{%p endfor %}` alone in a paragraph to repeat
the paragraph between them.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent


def _document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)  # 三号
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    return document


def _title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(22)  # 二号
    run.font.name = "SimHei"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")


def _heading(document, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.name = "SimHei"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")


def _body(document, text: str, *, indent: bool = True) -> None:
    paragraph = document.add_paragraph(text)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)


def _right(document, text: str) -> None:
    document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def tie_application() -> Document:
    """结好请示: the application for establishing a friendship-city relation, from a tie and its exchanges."""
    document = _document()
    _title(document, "关于与{{ partner.country }}{{ partner.name }}建立{{ tie.kind }}关系的请示")
    document.add_paragraph("{{ addressee }}：")
    _body(
        document,
        "为进一步扩大对外开放，深化与{{ partner.country }}的友好交流与务实合作，{{ home.short }}拟与"
        "{{ partner.country }}{{ partner.name }}建立{{ tie.kind }}关系。现将有关情况请示如下：",
    )
    _heading(document, "一、{{ partner.name }}基本情况")
    _body(
        document,
        "{{ partner.name }}位于{{ partner.country }}{% if partner.population %}，人口约{{ partner.population }}"
        "{% endif %}。{{ partner.notes }}",
    )
    _heading(document, "二、双方交往情况")
    _body(document, "{{ exchanges_summary }}")
    document.add_paragraph("{%p for event in events %}")
    _body(
        document,
        "{{ event.date }}，{{ event.title }}（{{ event.kind }}{% if event.person_times %}，"
        "{{ event.person_times }}人次{% endif %}）{% if event.outcome %}：{{ event.outcome }}{% endif %}。",
    )
    document.add_paragraph("{%p endfor %}")
    _heading(document, "三、结好进程")
    document.add_paragraph("{%p for step in steps %}")
    _body(
        document,
        "{{ step.date }}，{{ step.text }}{% if step.document_no %}（{{ step.document_no }}）{% endif %}"
        "{% if step.note %}：{{ step.note }}{% endif %}。",
    )
    document.add_paragraph("{%p endfor %}")
    _heading(document, "四、结好的意义")
    _body(
        document,
        "{{ partner.name }}与我市{{ shared }}。双方建立{{ tie.kind }}关系，有利于推动两市在经贸、教育、文化、"
        "友城交往等领域的交流与合作，服务我市对外开放大局，符合我国对{{ partner.country }}外交方针和友城工作布局。",
    )
    _body(document, "妥否，请批示。")
    document.add_paragraph("")
    _right(document, "{{ office }}")
    _right(document, "{{ today }}")
    document.add_paragraph("")
    document.add_paragraph("（联系人：{{ contact }}）")
    return document


TEMPLATES = {"events/documents/tie_application.docx": tie_application}


def main() -> None:
    for path, build in TEMPLATES.items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        build().save(target)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
