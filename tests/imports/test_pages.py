"""The import pages: upload, column mapping (remembered per user), preview, confirm, list and undo; the templates."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from contacts.models import Entity
from imports.choices import ImportStatus
from imports.models import ColumnMapping, ImportRecord

pytestmark = pytest.mark.django_db


def _upload(client, text: str, name="partners.csv", kind="entities", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile(name, text.encode("utf-8")), **extra}
    return client.post(reverse("imports:create"), data)


def test_upload_map_preview_confirm_and_undo(client, officer):
    client.force_login(officer)
    response = _upload(client, "类别,城市名,国家\ncity,Aachen,DE\n")
    record = ImportRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:detail", args=[record.pk])
    page = client.get(response["Location"]).content.decode()
    assert "“名称”" not in page or "名称" in page  # the page renders
    assert "城市名" in page and 'id="confirm-import"' not in page  # 城市名 is no known header: no name column yet
    mapping = {"col_0": "kind", "col_1": "name", "col_2": "country"}
    client.post(reverse("imports:mapping", args=[record.pk]), mapping)
    assert ColumnMapping.objects.get(user=officer, kind="entities").mapping["城市名"] == "name"
    page = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert 'id="confirm-import"' in page and "row-new" in page
    assert not Entity.objects.exists()
    client.post(reverse("imports:run", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.DONE
    assert Entity.objects.get().name == "Aachen"
    assert "partners.csv" in client.get(reverse("imports:list")).content.decode()
    client.post(reverse("imports:undo", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == ImportStatus.UNDONE and not Entity.objects.exists()


def test_the_mapping_is_remembered_for_the_next_file(client, officer):
    ColumnMapping.objects.create(user=officer, kind="entities", mapping={"城市名": "name"})
    client.force_login(officer)
    _upload(client, "城市名,国家\nAachen,DE\n", kind="entities", default_kind="city")
    record = ImportRecord.objects.get()
    page = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert 'id="confirm-import"' in page


def test_a_bad_row_shows_its_error_in_chinese_and_offers_no_confirmation(client, officer):
    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "zh-hans"})
    _upload(client, "类别,名称,国家,纬度,经度\ncity,Aachen,DE,95,6\n")
    record = ImportRecord.objects.get()
    page = client.get(reverse("imports:detail", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "第2行，纬度：" in page
    assert 'id="confirm-import"' not in page


def test_templates_have_bilingual_headers_and_an_example_row(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("imports:template", args=["ties"]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "结好时间 / Signing date" in rows[0]
    assert len(rows) == 2 and "Aachen" in rows[1]


def test_a_viewer_may_read_imports_but_not_upload(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("imports:list")).status_code == 200
    assert client.get(reverse("imports:create")).status_code == 403
