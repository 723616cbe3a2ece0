"""DOCX documents generated from records (docxtpl over python-docx): requests (请示), application forms, tables.

Each app ships its templates as `<app>/documents/<name>.docx`, named `"<app>/<name>.docx"`; a template holds
Jinja tags (`{{ tie.partner }}`, `{%p for event in events %}` …, see docxtpl). An admin may upload a replacement
in the Django admin (Shared plumbing → Document templates, `core.DocumentTemplate`): when one exists for the name it
is used instead of the shipped file, so an office changes its letterhead or wording without a release.

    from core.documents import docx_response, render_docx
    body = render_docx("relations/tie_application.docx", {"tie": ..., "events": [...]})
"""

from __future__ import annotations

import io
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from docxtpl import DocxTemplate

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def shipped_template_path(name: str) -> Path:
    """The file of a shipped template: "relations/tie_application.docx" is relations/documents/tie_application.docx."""
    app_label, _, filename = name.partition("/")
    if not filename or "/" in filename or filename.startswith(".") or not filename.endswith(".docx"):
        raise ImproperlyConfigured(f"A document template is named <app>/<file>.docx, not {name!r}.")
    path = Path(apps.get_app_config(app_label).path) / "documents" / filename
    if not path.is_file():
        raise ImproperlyConfigured(f"No shipped document template {name!r} (looked for {path}).")
    return path


def template_source(name: str) -> bytes:
    """The template's bytes: the admin's uploaded replacement if there is one, else the shipped file."""
    from core.models import DocumentTemplate

    uploaded = DocumentTemplate.objects.filter(name=name).values_list("content", flat=True).first()
    if uploaded:
        return bytes(uploaded)
    return shipped_template_path(name).read_bytes()


def render_docx(name: str, context: dict) -> bytes:
    """The template `name` rendered with `context`, as the bytes of a .docx file (text is escaped by docxtpl)."""
    document = DocxTemplate(io.BytesIO(template_source(name)))
    document.render(context, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_response(body: bytes, *, filename: str) -> HttpResponse:
    """A download of a generated document; `filename` may be Chinese (RFC 5987 encoding)."""
    from urllib.parse import quote

    response = HttpResponse(body, content_type=DOCX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.docx"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response
