"""Bringing a spreadsheet in: read it (XLSX, or CSV in UTF-8 or GB18030), map its headers to a kind's columns, preview
every row (new / update / unchanged / error, with the row, the column and the reason in the reader's language), then
import it all or nothing, recorded so that it can be undone as a whole.

The row machinery is django-import-export's (each kind's Resource lives beside its models: contacts/resources.py,
relations/resources.py); this module runs it, words its findings and keeps the record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import tablib
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.results import RowResult

from contacts.resources import EntityResource
from core.history import acting_user, attribute, history_links, links_set
from core.imports import Column, OfficeResource
from events.resources import EventResource, FollowUpResource
from imports.choices import ImportJob, ImportKind, ImportStatus, RowStatus
from imports.models import ColumnMapping, ImportRecord
from relations.resources import RelationResource

RESOURCES: dict[str, type[OfficeResource]] = {
    ImportKind.ENTITIES: EntityResource,
    ImportKind.TIES: RelationResource,
    ImportKind.EVENTS: EventResource,
    ImportKind.FOLLOWUPS: FollowUpResource,
}
# Columns a file of each kind must have (after mapping)
REQUIRED: dict[str, tuple[str, ...]] = {
    ImportKind.ENTITIES: ("name",),
    ImportKind.TIES: ("source", "target"),
    ImportKind.EVENTS: ("kind", "title", "start_date"),
    ImportKind.FOLLOWUPS: ("title", "due_date"),
}
MAX_ROWS = 100_000


class ImportRefused(Exception):
    """The import wrote nothing: the file, or some of its rows, are wrong (the report says which)."""

    def __init__(self, report: ImportReport):
        super().__init__("; ".join(report.messages()[:5]))
        self.report = report


@dataclass
class RowReport:
    number: int  # the row's number in the sheet (the header is row 1)
    status: str
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, reason)
    messages: list[str] = field(default_factory=list)  # whole sentences: 第12行：结好时间“2019-02-30”不是有效日期
    label: str = ""


@dataclass
class ImportReport:
    kind: str
    columns: dict[str, str]  # file header -> column key
    ignored: list[str]  # file headers no column takes
    rows: list[RowReport] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in RowStatus.values}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.status == RowStatus.ERROR for row in self.rows)

    def messages(self) -> list[str]:
        return [*self.file_errors, *(m for row in self.rows for m in row.messages)]


# Reading


def read_table(content: bytes, file_name: str = "") -> tablib.Dataset:
    """The first sheet of an XLSX workbook, or a CSV file in UTF-8 (with or without BOM) or GB18030, as a Dataset
    whose headers are the first row."""
    if content[:2] == b"PK" or file_name.lower().endswith(".xlsx"):
        try:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError({"file": _("This file is not an Excel workbook (.xlsx) we can read.")}) from exc
        return _tidy(dataset)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError({"file": _("This file is neither UTF-8 nor GB18030 text.")})
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:  # newline="" lets the reader take old-Mac \r line ends and line breaks inside quoted cells
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ValidationError({"file": _("This CSV file cannot be read: %(reason)s") % {"reason": exc}}) from exc
    if not rows:
        raise ValidationError({"file": _("The file is empty.")})
    width = len(rows[0])
    dataset = tablib.Dataset(headers=[h.strip() for h in rows[0]])
    for row in rows[1:]:
        dataset.append((row + [""] * width)[:width])
    return _tidy(dataset)


def _tidy(dataset: tablib.Dataset) -> tablib.Dataset:
    """Drop trailing empty rows (Excel keeps formatted ones); headers as stripped text."""
    headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
    tidy = tablib.Dataset(headers=headers)
    for row in dataset:
        if any(cell not in (None, "") and str(cell).strip() for cell in row):
            tidy.append(row)
    return tidy


def columns_of(kind: str) -> tuple[Column, ...]:
    return RESOURCES[kind].COLUMNS


def suggested_mapping(kind: str, headers: list[str], by: AbstractBaseUser | None = None) -> dict[str, str]:
    """{header: column key} as the importer would read the file: the user's remembered choices first."""
    remembered = mapping_remembered(kind=kind, by=by)
    return RESOURCES[kind].match_headers(headers, {h: k for h, k in remembered.items() if h in headers})


def mapping_remembered(*, kind: str, by: AbstractBaseUser | None) -> dict[str, str]:
    user = acting_user(by)
    if user is None:
        return {}
    found = ColumnMapping.objects.filter(user=user, kind=kind).values_list("mapping", flat=True).first()
    return dict(found or {})


@transaction.atomic
def mapping_remember(*, kind: str, mapping: dict[str, str], by: AbstractBaseUser | None) -> None:
    """Keep a user's mapping of headers to columns for the next file of this kind (merged over the last one)."""
    user = acting_user(by)
    if user is None:
        return
    record = ColumnMapping.objects.filter(user=user, kind=kind).first() or ColumnMapping(user=user, kind=kind)
    merged = {**(record.mapping or {}), **mapping}
    if record.pk and merged == record.mapping:
        return
    record.mapping = merged
    attribute(record, by)
    record.save()


def _mapped(
    kind: str, dataset: tablib.Dataset, mapping: dict[str, str] | None, defaults: dict[str, Any] | None = None
) -> tuple[tablib.Dataset, ImportReport]:
    resource_class = RESOURCES[kind]
    headers = list(dataset.headers or [])
    columns = resource_class.match_headers(headers, mapping)
    report = ImportReport(kind=kind, columns=columns, ignored=[h for h in headers if h and h not in columns])
    given = {k for k, v in (defaults or {}).items() if v not in (None, "")}
    missing = [key for key in REQUIRED[kind] if key not in columns.values() and key not in given]
    for key in missing:
        column = resource_class.column(key)
        report.file_errors.append(
            _("The file has no column “%(column)s”; name one in the column mapping.")
            % {"column": column.label() if column else key}
        )
    if len(dataset) > MAX_ROWS:
        report.file_errors.append(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
    positions = [(headers.index(header), key) for header, key in columns.items()]
    mapped = tablib.Dataset(headers=[key for _, key in positions])
    for row in dataset:
        mapped.append([row[index] for index, _ in positions])
    return mapped, report


# Wording


def _column_label(report: ImportReport, resource_class: type[OfficeResource], key: str) -> str:
    for header, mapped in report.columns.items():
        if mapped == key:
            return header
    column = resource_class.column(key)
    if column is not None:
        return column.label()
    return key


def _row_report(
    number: int, row_result: RowResult, report: ImportReport, resource_class: type[OfficeResource]
) -> RowReport:
    kinds = {
        RowResult.IMPORT_TYPE_NEW: RowStatus.NEW,
        RowResult.IMPORT_TYPE_UPDATE: RowStatus.UPDATE,
        RowResult.IMPORT_TYPE_SKIP: RowStatus.UNCHANGED,
    }
    status = kinds.get(row_result.import_type, RowStatus.ERROR)
    result = RowReport(number=number, status=status, label=str(row_result.object_repr or ""))
    if row_result.validation_error is not None:
        error = row_result.validation_error
        items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
        for key, reasons in items:
            for reason in reasons:
                if key == "__all__":
                    result.errors.append(("", reason))
                    result.messages.append(_("Row %(row)d: %(reason)s") % {"row": number, "reason": reason})
                    continue
                column = _column_label(report, resource_class, key)
                result.errors.append((column, reason))
                # A cell's value refused ("“2019-02-30” is not a valid date") reads on from the column's name.
                template = _("Row %(row)d: %(column)s %(reason)s") if reason.startswith("“") else None
                template = template or _("Row %(row)d, %(column)s: %(reason)s")
                result.messages.append(template % {"row": number, "column": column, "reason": reason})
    for error in row_result.errors:
        reason = str(error.error)
        result.errors.append(("", reason))
        result.messages.append(_("Row %(row)d: %(reason)s") % {"row": number, "reason": reason})
    if result.errors:
        result.status = RowStatus.ERROR
    return result


def _resource(kind: str, *, by, reason: str, defaults: dict | None, options: dict | None) -> OfficeResource:
    return RESOURCES[kind](by=acting_user(by), reason=reason, defaults=defaults, **(options or {}))


def _run(
    kind: str,
    dataset: tablib.Dataset,
    report: ImportReport,
    *,
    dry_run: bool,
    by,
    reason: str,
    defaults: dict | None,
    options: dict | None,
    progress: Callable[[int], None] | None,
) -> OfficeResource:
    resource = _resource(kind, by=by, reason=reason, defaults=defaults, options=options)
    resource.progress = progress
    result = resource.import_data(
        dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
    )
    for error in result.base_errors:
        report.file_errors.append(str(error.error))
    for position, row_result in enumerate(result.rows):
        report.rows.append(_row_report(position + 2, row_result, report, type(resource)))
    return resource


def import_preview(
    *,
    kind: str,
    content: bytes,
    file_name: str = "",
    by: AbstractBaseUser | None = None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """What importing the file would do, row by row; nothing is written (the run is rolled back)."""
    if kind not in RESOURCES:
        raise ValidationError({"kind": _("Unknown kind “%(kind)s”.") % {"kind": kind}})
    dataset, report = _mapped(kind, read_table(content, file_name), mapping, defaults)
    if report.file_errors:
        return report
    _run(kind, dataset, report, dry_run=True, by=by, reason="preview", defaults=defaults, options=options,
         progress=progress)  # fmt: skip
    return report


@transaction.atomic
def import_draft_create(
    *,
    kind: str,
    content: bytes,
    file_name: str,
    by: AbstractBaseUser | None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> ImportRecord:
    """Keep an uploaded file for its preview and confirmation (nothing of its rows is written yet)."""
    if kind not in RESOURCES:
        raise ValidationError({"kind": _("Unknown kind “%(kind)s”.") % {"kind": kind}})
    read_table(content, file_name)  # refuse a file we cannot read at once
    record = ImportRecord(
        kind=kind,
        file_name=file_name[:255] or "upload",
        content=content,
        user=acting_user(by),
        mapping=mapping or {},
        defaults=defaults or {},
    )
    record.full_clean(exclude=["content"])
    attribute(record, by)
    record.save()
    return record


def import_record_run(
    *,
    record: ImportRecord,
    by: AbstractBaseUser | None,
    options: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a kept file, all or nothing: every row is written in one transaction, attributed to `by` with the
    reason "import #N: file"; if any row is wrong nothing is written and `ImportRefused` carries the report."""
    if record.status != ImportStatus.PREVIEWED:
        raise ValidationError({"status": _("This import has already been run.")})
    dataset, report = _mapped(
        record.kind, read_table(bytes(record.content), record.file_name), record.mapping, record.defaults
    )
    if report.file_errors:
        raise ImportRefused(report)
    record.total_rows = len(dataset)
    with transaction.atomic():
        resource = _run(
            record.kind, dataset, report, dry_run=False, by=by, reason=record.reason, defaults=record.defaults,
            options=options, progress=progress,
        )  # fmt: skip
        if not report.ok:
            transaction.set_rollback(True)
            raise ImportRefused(report)
        record.status = ImportStatus.DONE
        record.counts = report.counts
        record.rows_done = len(dataset)
        record.created_records = [list(item) for item in resource.created]
        record.updated_records = [list(item) for item in resource.updated]
        record.deleted_records = [list(item) for item in resource.deleted]
        record.imported_at = timezone.now()
        record.content = b""
        attribute(record, by, reason="imported")
        record.save()
    return report


def import_file(
    *,
    kind: str,
    content: bytes,
    file_name: str,
    by: AbstractBaseUser | None,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[ImportRecord, ImportReport]:
    """Keep and import a file in one go (the command, the API's confirm): nothing at all is kept if it is refused."""
    with transaction.atomic():
        record = import_draft_create(
            kind=kind, content=content, file_name=file_name, by=by, mapping=mapping, defaults=defaults
        )
        try:
            report = import_record_run(record=record, by=by, options=options, progress=progress)
        except ImportRefused:
            transaction.set_rollback(True)
            raise
    return record, report


def office_sheets(content: bytes) -> list[tuple[str, bytes]]:
    """The sheets of a full-office workbook (imports.exports.office_workbook) as (kind, one-sheet XLSX) in import
    order; a sheet whose name is no kind is left out."""
    from openpyxl import load_workbook

    from core.exports import table_bytes
    from imports.exports import OFFICE_SHEETS

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError({"file": _("This file is not an Excel workbook (.xlsx) we can read.")}) from exc
    sheets = []
    for kind in OFFICE_SHEETS:
        if kind in workbook.sheetnames:
            rows = list(workbook[kind].iter_rows(values_only=True))
            if rows:
                sheets.append((kind, table_bytes([str(h or "") for h in rows[0]], rows[1:], "xlsx")))
    if not sheets:
        raise ValidationError(
            {"file": _("This workbook has no sheet named %(names)s.") % {"names": ", ".join(OFFICE_SHEETS)}}
        )
    return sheets


@transaction.atomic
def office_import(
    *, content: bytes, file_name: str, by: AbstractBaseUser | None, progress: Callable[[int], None] | None = None
) -> list[tuple[ImportRecord, ImportReport]]:
    """Import a full-office workbook, sheet by sheet (one import record each), all or nothing: if a row of any sheet
    is wrong, nothing of any sheet is written and `ImportRefused` carries that sheet's report."""
    done = []
    for kind, sheet in office_sheets(content):
        done.append(import_file(kind=kind, content=sheet, file_name=f"{file_name} [{kind}]", by=by,
                                progress=progress))  # fmt: skip
    return done


@transaction.atomic
def import_mapping_set(*, record: ImportRecord, mapping: dict[str, str], by: AbstractBaseUser | None) -> ImportRecord:
    """Use `mapping` (file header -> column key, '' to ignore) for a kept file, and remember it for the user."""
    if record.status != ImportStatus.PREVIEWED:
        raise ValidationError({"status": _("This import has already been run.")})
    keys = {c.key for c in columns_of(record.kind)}
    unknown = sorted({v for v in mapping.values() if v and v not in keys})
    if unknown:
        raise ValidationError({"mapping": _("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}})
    record.mapping = dict(mapping)
    attribute(record, by)
    record.save(update_fields=["mapping", "updated"])
    mapping_remember(kind=record.kind, mapping=mapping, by=by)
    return record


# Undo


def _latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def _links_restore(instance, row) -> None:
    """Give `instance` the many-to-many links its historical `row` recorded (an event's ties), before its save."""
    for m2m in type(row)._history_m2m_fields:
        through = m2m.remote_field.through
        other = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
        links_set(instance, m2m.name, [link[other] for link in history_links(row)[m2m.name]])


@transaction.atomic
def import_undo(*, record: ImportRecord, by: AbstractBaseUser | None) -> ImportRecord:
    """Undo an import as a whole: what it created is deleted (kept in history), what it changed gets its values from
    before, what it removed comes back. Refused, writing nothing, when a record has been changed since."""
    record = ImportRecord.objects.select_for_update().get(pk=record.pk)
    if record.status != ImportStatus.DONE:
        raise ValidationError({"status": _("Only a completed import can be undone.")})
    reason = f"undo of import #{record.pk}"

    def changed_since(obj) -> bool:
        latest = _latest(obj)
        return latest is not None and record.imported_at is not None and latest.history_date > record.imported_at

    for label, pk, history_id in record.updated_records:
        model = apps.get_model(label)
        obj = model.objects.filter(pk=pk).first()
        if obj is None or changed_since(obj):
            raise ValidationError(
                _("“%(record)s” has been changed since the import; undo that change first.") % {"record": obj or pk}
            )
        previous = model.history.filter(history_id=history_id).first() if history_id else None
        if previous is not None:
            restored = previous.instance
            _links_restore(restored, previous)
            attribute(restored, by, reason=reason)
            restored.save()
    for label, pk in reversed(record.created_records):
        model = apps.get_model(label)
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            continue  # deleted with its parent (a tie's steps, an entity's contact points)
        if changed_since(obj):
            raise ValidationError(
                _("“%(record)s” has been changed since the import; undo that change first.") % {"record": obj}
            )
        attribute(obj, by, reason=reason)
        try:
            obj.delete()
        except Exception as exc:  # noqa: BLE001 - a protected link (someone filed a tie to an imported city since)
            raise ValidationError(
                _("“%(record)s” is used by records made since the import; it cannot be undone.") % {"record": obj}
            ) from exc
    for label, pk in record.deleted_records:
        model = apps.get_model(label)
        last = model.history.filter(id=pk, history_type="-").order_by("-history_date", "-history_id").first()
        if last is not None and not model.objects.filter(pk=pk).exists():
            restored = last.instance
            attribute(restored, by, reason=reason)
            restored.save(force_insert=True)
    record.status = ImportStatus.UNDONE
    record.undone_at = timezone.now()
    attribute(record, by, reason="undone")
    record.save()
    return record


# The page's background jobs: a preview or an import runs in a thread of the web process, all or nothing as ever,
# while the page polls its progress (imports.views.import_progress_view). The progress is written on a database
# connection of the job's own, outside the import's transaction, so that any web process reads it; on SQLite, whose
# one write lock the import holds from its first statement to its commit, in a small file instead (job_progress).
# A tie file's bulk writes at its end show as the last rows. A job whose process stopped (a restart) wrote nothing,
# being one transaction: after JOB_STALE_AFTER without a beat the page says so and offers to start again.

# No beat for this long: the job's process stopped. Longer than the bulk writes at the end of a large tie file, which
# beat no more (a minute or two for the worldwide file on a busy machine).
JOB_STALE_AFTER = timedelta(minutes=10)
JOB_BEAT_SECONDS = 1.0
PREVIEW_ROWS = 500  # the rows a stored preview keeps (the page shows these, then counts the rest)


def preview_summary(report: ImportReport, mapping: dict[str, str]) -> dict[str, Any]:
    """What the page shows of a preview, kept on the record: counts, the file's errors, the first rows and every
    row's errors up to PREVIEW_ROWS rows, and the mapping it was made with."""
    shown = report.rows[:PREVIEW_ROWS]
    shown_numbers = {row.number for row in shown}
    errors = [row for row in report.rows if row.status == RowStatus.ERROR and row.number not in shown_numbers]
    rows = [*shown, *errors[: max(0, PREVIEW_ROWS - len(shown))]]
    return {
        "mapping": dict(mapping),
        "counts": report.counts,
        "ok": report.ok,
        "ignored": report.ignored,
        "file_errors": report.file_errors,
        "rows": [{"number": r.number, "status": r.status, "label": r.label, "messages": r.messages} for r in rows],
        "more": max(0, len(report.rows) - len(rows)),
    }


def _progress_file(pk: int):
    """Where a job on SQLite keeps its progress: a small file in the temporary folder, named after the database
    and the record (one host runs every process of a SQLite database)."""
    import hashlib
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    database = str(Path(str(connection.settings_dict["NAME"])).resolve())
    folder = Path(getattr(settings, "IMPORTS_PROGRESS_DIR", "") or _temp_folder())
    # the same name in every process (hash() of a text is not: it is salted per process)
    digest = hashlib.sha256(database.encode()).hexdigest()[:12]
    return folder / f"crm-import-{digest}-{pk}.json"


def _temp_folder() -> str:
    import tempfile

    return tempfile.gettempdir()


class _ProgressWriter:
    """Writes a job's rows (done, in all) and its beat once a second where every web process reads them: on a
    database connection of its own (autocommit), or on SQLite, whose write lock the import holds from its first
    statement to its commit, in a small file (`job_progress` reads either)."""

    def __init__(self, pk: int):
        from django.db import connection, connections

        self.pk = pk
        self.total = 0
        self.last = 0.0
        self.file = _progress_file(pk) if connection.vendor == "sqlite" else None
        self.connection = None if self.file else connections.create_connection("default")

    def __call__(self, rows_done: int, *, force: bool = False) -> None:
        import json
        import time

        from django.db import DatabaseError

        now = time.monotonic()
        if not force and now - self.last < JOB_BEAT_SECONDS:
            return
        self.last = now
        beat = timezone.now()
        if self.file is not None:
            partial = self.file.with_suffix(".part")
            partial.write_text(json.dumps({"rows_done": rows_done, "total": self.total, "beat": beat.isoformat()}))
            partial.replace(self.file)  # whole or not at all, for a reader
            return
        table = self.connection.ops.quote_name(ImportRecord._meta.db_table)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET rows_done = %s, total_rows = %s, job_beat = %s WHERE id = %s",  # noqa: S608
                    [rows_done, self.total, self.connection.ops.adapt_datetimefield_value(beat), self.pk],
                )
        except DatabaseError:
            pass  # the next beat tries again

    def close(self) -> None:
        if self.file is not None:
            self.file.unlink(missing_ok=True)
        else:
            self.connection.close()


def job_progress(record: ImportRecord) -> ImportRecord:
    """The record with its running job's latest rows done, rows in all and beat (on SQLite, from the job's file)."""
    import json
    from datetime import datetime

    from django.db import connection

    if not record.job or connection.vendor != "sqlite":
        return record
    try:
        data = json.loads(_progress_file(record.pk).read_text())
        beat = datetime.fromisoformat(data["beat"])
    except (OSError, ValueError, KeyError):
        return record
    if record.job_beat is None or beat > record.job_beat:
        record.rows_done, record.total_rows, record.job_beat = int(data["rows_done"]), int(data["total"]), beat
    return record


def _in_background() -> bool:
    from django.conf import settings

    return getattr(settings, "IMPORTS_IN_BACKGROUND", True)


def import_job_start(*, record: ImportRecord, job: str, by: AbstractBaseUser | None) -> ImportRecord:
    """Start the preview (`job="preview"`) or the import (`"import"`) of a kept file: in a thread once the request's
    transaction commits when the settings say so (IMPORTS_IN_BACKGROUND, the default), else at once (the tests).
    Refused while a job of the record runs."""
    from django.utils import translation

    if job not in ImportJob.values:
        raise ValidationError({"job": _("Unknown job “%(job)s”.") % {"job": job}})
    with transaction.atomic():
        record = job_progress(ImportRecord.objects.select_for_update().get(pk=record.pk))
        if record.status != ImportStatus.PREVIEWED:
            raise ValidationError({"status": _("This import has already been run.")})
        if record.job_running:
            raise ValidationError(
                {"job": _("This file is being previewed or imported already; wait for it to finish.")}
            )
        record.job = job
        record.job_beat = timezone.now()
        record.job_errors = []
        record.rows_done = record.total_rows = 0
        attribute(record, by, reason=f"{job} started")
        record.save()
        user = acting_user(by)
        arguments = {"pk": record.pk, "job": job, "user_pk": getattr(user, "pk", None),
                     "language": translation.get_language()}  # fmt: skip
        if _in_background():
            import threading

            thread = threading.Thread(target=_job_thread, kwargs=arguments, daemon=True, name=f"import-{record.pk}")
            transaction.on_commit(thread.start)
            return record
    _job_run(**arguments, progress=None)
    record.refresh_from_db()
    return record


def _job_thread(**arguments) -> None:
    from django.db import connections

    writer = _ProgressWriter(arguments["pk"])
    try:
        _job_run(**arguments, progress=writer)
    finally:
        writer.close()
        connections.close_all()  # this thread's own connections


def _job_run(*, pk: int, job: str, user_pk: int | None, language: str, progress: _ProgressWriter | None) -> None:
    """Run a started job to its end and keep what it found on the record, worded in the language of who started
    it. Whatever goes wrong ends the job (with a reason): the page never waits for ever."""
    import logging

    from django.contrib.auth import get_user_model
    from django.utils import translation

    record = ImportRecord.objects.get(pk=pk)
    by = get_user_model().objects.filter(pk=user_pk).first() if user_pk else None
    total, errors, preview = 0, [], None
    with translation.override(language):
        try:
            total = _job_total(record)
            if progress is not None:
                progress.total = total
                progress(0, force=True)
            mapping = dict(record.mapping or {})
            if job == ImportJob.PREVIEW:
                report = import_preview(
                    kind=record.kind, content=bytes(record.content), file_name=record.file_name, by=by,
                    mapping=mapping, defaults=record.defaults, progress=progress,
                )  # fmt: skip
                preview = preview_summary(report, mapping)
            else:
                try:
                    import_record_run(record=record, by=by, progress=progress)
                except ImportRefused as refused:
                    preview = preview_summary(refused.report, mapping)
                    errors = [*refused.report.messages()[:10], _("Nothing was imported: correct the file or the "
                                                                  "mapping and try again.")]  # fmt: skip
                except ValidationError as exc:
                    errors = list(exc.messages)
        except Exception:  # noqa: BLE001 - whatever went wrong, the job ends with a reason
            logging.getLogger(__name__).exception("import #%s: the %s failed", pk, job)
            errors = [_("The job stopped on an unexpected error; nothing was written.")]
        record = ImportRecord.objects.get(pk=pk)
        record.job = ""
        record.job_errors = errors
        record.total_rows = total
        record.rows_done = total if not errors else 0
        if preview is not None:
            record.preview = preview
        attribute(record, by, reason=f"{job} finished")
        try:
            record.save()
        except Exception:  # noqa: BLE001 - the job then shows as stopped once its beat is old (JOB_STALE_AFTER)
            logging.getLogger(__name__).exception("import #%s: the end of the %s could not be recorded", pk, job)


def _job_total(record: ImportRecord) -> int:
    return len(read_table(bytes(record.content), record.file_name)) if record.content else 0
