"""POST /api/imports/ (preview, then confirm), the list of imports and undo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Entity
from imports.models import ImportRecord

pytestmark = pytest.mark.django_db

GOOD = "类别,名称,国家\ncity,Aachen,DE\n"
BAD = "类别,名称,国家,纬度,经度\ncity,Aachen,DE,95,6\n"


def _post(api, text, **data):
    upload = SimpleUploadedFile("partners.csv", text.encode("gb18030"), content_type="text/csv")
    return api.post("/api/imports/", {"kind": "entities", "file": upload, **data}, format="multipart")


def test_preview_answers_each_row_and_writes_nothing(officer_api):
    response = _post(officer_api, GOOD)
    assert response.status_code == 200, response.content
    assert response.json()["rows"][0]["status"] == "new"
    assert not Entity.objects.exists() and not ImportRecord.objects.exists()


def test_confirm_imports_and_undo_removes(officer_api):
    response = _post(officer_api, GOOD, confirm="true")
    assert response.status_code == 201, response.content
    record_id = response.json()["record"]["id"]
    assert Entity.objects.filter(name="Aachen").exists()
    listing = officer_api.get("/api/imports/").json()
    assert listing["results"][0]["id"] == record_id
    assert officer_api.post(f"/api/imports/{record_id}/undo/").json()["status"] == "undone"
    assert not Entity.objects.exists()


def test_a_refused_file_answers_400_with_the_row_errors(officer_api):
    response = _post(officer_api, BAD, confirm="true")
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["rows"][0]["errors"][0]["column"] == "纬度"
    assert not Entity.objects.exists()


def test_a_bad_mapping_is_a_400_naming_the_field(officer_api):
    response = _post(officer_api, GOOD, mapping="not json")
    assert response.status_code == 400 and "mapping" in response.json()


def test_a_viewer_cannot_import(api_as):
    assert _post(api_as("viewer"), GOOD).status_code == 403


def test_old_mac_line_ends_are_read_and_an_unreadable_csv_is_a_400(officer_api):
    response = _post(officer_api, GOOD.replace("\n", "\r"))
    assert response.status_code == 200, response.content
    assert response.json()["rows"][0]["status"] == "new"
    response = _post(officer_api, "名称\n" + "x" * (200 * 1024) + "\n")
    assert response.status_code == 400 and "file" in response.json()
