"""`/api/attachments/` (issue 15 item 13): upload (multipart) with size and type limits, list by record, download
through the permission check, delete kept in history, constant queries."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from attachments.models import Attachment
from tests.factories import (
    PDF_BYTES,
    EntityFactory,
    EventFactory,
    RelationFactory,
    RelationStepFactory,
    make_attachment,
)


def _png(size=(900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _upload(client, name="agreement.pdf", content=PDF_BYTES, **fields):
    return client.post("/api/attachments/", {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


def test_an_officer_uploads_a_pdf_to_a_step_and_a_viewer_downloads_it(api_as, db):
    step = RelationStepFactory()
    response = _upload(api_as("officer"), step=step.pk, kind="agreement", title="Signed agreement")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["step"] == step.pk and body["kind"] == "agreement" and body["size"] == len(PDF_BYTES)
    assert body["content_type"] == "application/pdf" and body["thumbnail_url"] is None
    assert body["original_name"] == "agreement.pdf"

    download = api_as("viewer").get(f"/api/attachments/{body['id']}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_stored_name_is_not_the_uploaders(api_as, db):
    entity = EntityFactory()
    body = _upload(api_as("officer"), name="../../etc/passwd.pdf", entity=entity.pk).json()
    attachment = Attachment.objects.get(pk=body["id"])
    assert attachment.original_name == "passwd.pdf"
    assert attachment.file.name.startswith("attachments/") and ".." not in attachment.file.name


def test_an_image_gets_a_thumbnail(api_as, db):
    event = EventFactory()
    body = _upload(api_as("officer"), name="visit.png", content=_png(), event=event.pk, kind="photo").json()
    assert body["thumbnail_url"]
    thumbnail = api_as("viewer").get(f"/api/attachments/{body['id']}/thumbnail/")
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(thumbnail.streaming_content))) as image:
        assert max(image.size) == 320


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("page.html", b"<script>alert(1)</script>", "cannot be attached"),
        ("drawing.svg", b"<svg/>", "cannot be attached"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not a PDF"),
        ("broken.png", b"\x89PNG not really", "cannot be read"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_files_of_other_types_or_false_content_are_refused_naming_the_field(api_as, db, name, content, says):
    response = _upload(api_as("officer"), name=name, content=content, entity=EntityFactory().pk)
    assert response.status_code == 400
    assert says in " ".join(response.json()["file"])
    assert Attachment.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(api_as, db, settings):
    settings.CRM_ATTACHMENT_MAX_BYTES = 1000
    response = _upload(api_as("officer"), content=PDF_BYTES + b"0" * 2000, entity=EntityFactory().pk)
    assert response.status_code == 400 and "at most" in " ".join(response.json()["file"])


def test_exactly_one_record_is_named(api_as, db):
    client = api_as("officer")
    assert _upload(client).status_code == 400
    both = _upload(client, entity=EntityFactory().pk, event=EventFactory().pk)
    assert both.status_code == 400 and "exactly one" in str(both.json())


def test_a_viewer_cannot_upload_and_anonymous_cannot_download(api_as, api_client, db):
    entity = EntityFactory()
    assert _upload(api_as("viewer"), entity=entity.pk).status_code == 403
    attachment = make_attachment(entity=entity)
    assert api_client.get(f"/api/attachments/{attachment.pk}/download/").status_code == 401
    assert api_client.get(f"/api/attachments/{attachment.pk}/").status_code == 401


def test_the_list_filters_by_record_and_a_tie_includes_its_steps(api_as, db):
    tie = RelationFactory()
    step = RelationStepFactory(relation=tie)
    own = make_attachment(relation=tie)
    of_step = make_attachment(step=step)
    make_attachment(entity=tie.target)
    client = api_as("viewer")
    ids = {row["id"] for row in client.get("/api/attachments/", {"relation": tie.pk}).json()["results"]}
    assert ids == {own.pk, of_step.pk}
    ids = {row["id"] for row in client.get("/api/attachments/", {"step": step.pk}).json()["results"]}
    assert ids == {of_step.pk}


def test_only_an_admin_deletes_and_the_delete_is_in_history(api_as, db):
    attachment = make_attachment()
    assert api_as("officer").delete(f"/api/attachments/{attachment.pk}/").status_code == 403
    assert api_as("admin").delete(f"/api/attachments/{attachment.pk}/").status_code == 204
    assert not Attachment.objects.exists()
    assert Attachment.history.filter(id=attachment.pk, history_type="-").exists()


def test_the_list_costs_the_same_queries_for_3_and_30_attachments(api_as, db):
    client = api_as("viewer")
    entity = EntityFactory()
    for _ in range(3):
        make_attachment(entity=entity)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/attachments/", {"entity": entity.pk}).status_code == 200
        return len(captured.captured_queries)

    count()
    few = count()
    for _ in range(27):
        make_attachment(entity=entity)
    assert count() == few
