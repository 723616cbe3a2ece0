"""Importing in the browser: an officer uploads an office's own workbook, maps the header the importer does not know
(城市名) to the name column, reads the preview (two new rows, nothing written yet), imports, and finds the records
in the entity list and on the import's page, where the import can be undone."""

import io

import pytest
from openpyxl import Workbook

from contacts import gazetteer
from contacts.models import Entity
from imports.choices import ImportJob
from imports.models import ImportRecord

pytestmark = pytest.mark.browser


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "城市名", "国家", "类别"])
    sheet.append([1, "Kielce", "波兰", "城市"])
    sheet.append([2, "Koper", "SI", "city"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_officer_uploads_maps_previews_imports_and_finds_the_records(login, tmp_path):
    path = tmp_path / "友城名单.xlsx"
    path.write_bytes(_workbook())
    page = login("officer")
    gazetteer.cities()  # loaded once per server process, as a running server has it (the first preview needs it)

    page.goto("/imports/new/")
    page.select_option("#id_kind", "entities")
    page.set_input_files("#id_file", str(path))
    page.click("#upload")

    page.wait_for_selector("#mapping-form")
    # 城市名 is no header the importer knows: no name column, so nothing can be imported yet
    assert "城市名" in page.locator("#mapping-form").inner_text()
    assert page.locator("#confirm-import").count() == 0
    header_select = page.locator("#mapping-form select").nth(1)
    header_select.select_option("name")
    page.click("#apply-mapping")

    page.wait_for_selector("#confirm-import")
    assert "2 new" in page.locator("#preview-counts").inner_text()
    rows = page.locator("#preview-table tbody tr.row-new")
    assert rows.count() == 2
    assert "Kielce" in page.locator("#preview-table").inner_text()
    assert not Entity.objects.exists()  # the preview wrote nothing

    page.click("#confirm-import")
    page.wait_for_selector("#undo-import")
    assert "2 new, 0 updated" in page.locator("#import-status").inner_text()
    record = ImportRecord.objects.get()
    assert record.user == page.user
    kielce = Entity.objects.get(name="Kielce")
    assert (kielce.country.code, kielce.kind) == ("PL", "city")
    assert kielce.history.get().history_user == page.user

    page.goto("/entities/?q=Koper")
    page.wait_for_selector(f"a[href='/entities/{Entity.objects.get(name='Koper').pk}/']")
    page.goto("/imports/")
    assert "友城名单.xlsx" in page.locator("main").inner_text()
    assert page.outside_requests == []


def test_the_page_follows_a_running_import_with_a_progress_bar_and_reloads_when_it_ends(login):
    from django.utils import timezone

    page = login("officer")
    record = ImportRecord.objects.create(kind="ties", file_name="world.csv", content=b"source,target\n", user=page.user,
                                         job=ImportJob.IMPORT, job_beat=timezone.now(), rows_done=5000,
                                         total_rows=26000)  # fmt: skip
    page.goto(f"/imports/{record.pk}/")
    bar = page.locator("#import-progress-bar")
    assert bar.get_attribute("value") == "5000" and bar.get_attribute("max") == "26000"
    ImportRecord.objects.filter(pk=record.pk).update(rows_done=13000, job_beat=timezone.now())
    page.wait_for_selector("#import-progress-bar[value='13000']")  # htmx polls the progress each second
    assert "13000 of 26000 rows" in page.locator("#import-progress").inner_text()
    ImportRecord.objects.filter(pk=record.pk).update(job="", job_errors=["Row 2: wrong"])
    page.wait_for_selector("#start-preview")  # the job is over: the page reloads and shows what it found
    assert page.locator("#import-progress").count() == 0 and "Row 2: wrong" in page.locator("main").inner_text()
    assert page.outside_requests == []
