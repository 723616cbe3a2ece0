"""The import page's background jobs: the preview and the import run in a thread while the page polls a progress
bar; all or nothing as ever; a job whose process stopped is reported, and can be started again."""

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts.models import Entity
from imports import services
from imports.choices import ImportJob, ImportStatus
from imports.models import ImportRecord


def _upload(client, text: str, name="partners.csv", kind="entities"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, text.encode("utf-8"))}
    return client.post(reverse("imports:create"), data)


def _wait(record: ImportRecord, seconds: float = 60) -> ImportRecord:
    """The record once its job's thread has ended. Joined rather than polled: the tests' in-memory SQLite shares its
    cache between connections, where a reader locks a table the job writes (a file database in WAL mode, as the
    product runs, lets the page read while the job writes)."""
    for thread in threading.enumerate():
        if thread.name == f"import-{record.pk}":
            thread.join(seconds)
    record.refresh_from_db()
    assert not record.job, f"the job of import #{record.pk} did not end"
    return record


@pytest.mark.django_db(transaction=True)
def test_preview_and_import_run_in_the_background_and_the_page_follows_them(client, officer, settings):
    settings.IMPORTS_IN_BACKGROUND = True
    client.force_login(officer)
    rows = "".join(f"city,Place {n},DE\n" for n in range(300))
    response = _upload(client, "kind,name,country\n" + rows)
    record = ImportRecord.objects.get()
    assert response["Location"] == reverse("imports:detail", args=[record.pk])
    record = _wait(record)
    assert record.preview["counts"]["new"] == 300 and record.total_rows == record.rows_done == 300
    assert len(record.preview["rows"]) == 300
    page = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert 'id="confirm-import"' in page and "row-new" in page and 'id="import-progress"' not in page
    client.post(reverse("imports:run", args=[record.pk]))
    record = _wait(record)
    assert record.status == ImportStatus.DONE and record.job_errors == []
    assert Entity.objects.count() == 300
    row = Entity.objects.get(name="Place 7").history.get()
    assert row.history_user == officer and row.history_change_reason == record.reason
    # the progress endpoint, once the job is over, has htmx reload the page (or sends a browser back to it)
    response = client.get(reverse("imports:progress", args=[record.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert client.get(reverse("imports:progress", args=[record.pk]))["Location"] == record.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_a_background_import_with_one_bad_row_writes_nothing_and_says_why(client, officer, settings):
    settings.IMPORTS_IN_BACKGROUND = True
    client.force_login(officer)
    _upload(client, "kind,name,country,latitude\ncity,Aachen,DE,50\ncity,Bonn,DE,95\n")
    record = _wait(ImportRecord.objects.get())
    # what the preview refused is refused again by the import (the page offers no button; the POST tries anyway)
    client.post(reverse("imports:run", args=[record.pk]))
    record = _wait(record)
    assert record.status == ImportStatus.PREVIEWED and not Entity.objects.exists()
    assert any("Row 3" in message for message in record.job_errors)
    page = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert "Nothing was imported" in page and "Row 3" in page


@pytest.mark.django_db
def test_the_progress_bar_shows_the_rows_done_while_a_job_runs(client, officer):
    client.force_login(officer)
    record = ImportRecord.objects.create(kind="ties", file_name="world.csv", content=b"a,b\n", user=officer,
                                         job=ImportJob.IMPORT, job_beat=timezone.now(), rows_done=1200,
                                         total_rows=26000)  # fmt: skip
    page = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert 'id="import-progress"' in page and 'value="1200" max="26000"' in page
    assert f'hx-get="{reverse("imports:progress", args=[record.pk])}"' in page
    assert 'id="confirm-import"' not in page and 'id="mapping-form"' not in page
    partial = client.get(reverse("imports:progress", args=[record.pk]), HTTP_HX_REQUEST="true")
    assert "1200 of 26000 rows" in partial.content.decode() and "HX-Refresh" not in partial
    # a second job of the same file is refused while one runs
    with pytest.raises(services.ValidationError):
        services.import_job_start(record=record, job=ImportJob.PREVIEW, by=officer)


@pytest.mark.django_db
def test_a_job_whose_process_stopped_is_reported_and_can_be_started_again(client, officer):
    client.force_login(officer)
    content = b"kind,name,country\ncity,Aachen,DE\n"
    record = ImportRecord.objects.create(kind="entities", file_name="p.csv", content=content, user=officer,
                                         job=ImportJob.IMPORT,
                                         job_beat=timezone.now() - dt.timedelta(minutes=30))  # fmt: skip
    page = client.get(reverse("imports:detail", args=[record.pk])).content.decode()
    assert 'id="job-stopped"' in page and 'id="import-progress"' not in page
    client.post(reverse("imports:preview", args=[record.pk]))  # run at once in the tests
    record.refresh_from_db()
    assert record.job == "" and record.preview["counts"]["new"] == 1
    assert 'id="confirm-import"' in client.get(reverse("imports:detail", args=[record.pk])).content.decode()


@pytest.mark.django_db
def test_a_viewer_may_watch_a_job_but_not_start_one(client, viewer, officer):
    client.force_login(viewer)
    record = ImportRecord.objects.create(kind="entities", file_name="p.csv", content=b"name\nAachen\n", user=officer)
    assert client.get(reverse("imports:progress", args=[record.pk])).status_code == 302
    assert client.post(reverse("imports:preview", args=[record.pk])).status_code == 403
    assert client.post(reverse("imports:run", args=[record.pk])).status_code == 403


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL takes the progress on a connection of its own")
@pytest.mark.django_db
def test_on_sqlite_a_job_reports_its_progress_in_a_file_every_process_reads(officer, settings, tmp_path):
    # SQLite's write lock is the import's from its first statement to its commit: no other connection could write
    # the record's progress meanwhile
    settings.IMPORTS_PROGRESS_DIR = str(tmp_path)
    long_ago = timezone.now() - dt.timedelta(minutes=30)
    record = ImportRecord.objects.create(kind="ties", file_name="world.csv", content=b"a\n", user=officer,
                                         job=ImportJob.IMPORT, job_beat=long_ago)  # fmt: skip
    assert not services.job_progress(record).job_running  # no beat for minutes: stopped
    writer = services._ProgressWriter(record.pk)
    writer.total = 26000
    writer(12000)
    record = services.job_progress(ImportRecord.objects.get(pk=record.pk))
    assert (record.rows_done, record.total_rows, record.job_running) == (12000, 26000, True)
    writer.close()
    assert list(tmp_path.iterdir()) == []
