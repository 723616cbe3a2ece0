"""core.documents: a DOCX template rendered with a context; an uploaded replacement wins over the shipped file."""

import io

import docx
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile

from core.admin import DocumentTemplateForm
from core.documents import docx_response, render_docx
from core.models import DocumentTemplate


def _template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _text(body: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)


@pytest.mark.django_db
def test_an_uploaded_replacement_is_rendered_with_the_context_and_escaped():
    DocumentTemplate.objects.create(name="events/probe.docx", content=_template("致{{ to }}：", "{{ body }}"))
    text = _text(render_docx("events/probe.docx", {"to": "市人民政府", "body": "<结好> & 合作"}))
    assert "致市人民政府：" in text
    assert "<结好> & 合作" in text


@pytest.mark.django_db
def test_the_admin_form_stores_an_uploaded_docx_and_refuses_other_files():
    good = SimpleUploadedFile("请示.docx", _template("{{ x }}"))
    form = DocumentTemplateForm(data={"name": "events/probe.docx", "note": ""}, files={"upload": good})
    assert form.is_valid(), form.errors
    form.save()
    assert _text(render_docx("events/probe.docx", {"x": "替换模板"})) == "替换模板"
    bad = SimpleUploadedFile("notes.docx", b"plain text, not a Word file")
    form = DocumentTemplateForm(data={"name": "events/other.docx"}, files={"upload": bad})
    assert not form.is_valid()
    assert "upload" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["events/missing.docx", "events/../x.docx", "nothing"])
def test_a_template_that_is_neither_uploaded_nor_shipped_is_a_configuration_error(name):
    with pytest.raises(ImproperlyConfigured):
        render_docx(name, {})


def test_a_download_carries_a_chinese_file_name():
    response = docx_response(b"PK", filename="结好请示.docx")
    assert "filename*=UTF-8''%E7%BB%93" in response["Content-Disposition"]
