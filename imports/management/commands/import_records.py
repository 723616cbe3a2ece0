"""Import a spreadsheet of entities, ties, events or follow-ups from the command line, with a progress bar; --dry-run
only previews. `office` imports a full-office workbook (one sheet per kind), all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from tqdm import tqdm

from imports import services
from imports.choices import ImportKind, RowStatus


class Command(BaseCommand):
    help = (
        "Import entities, ties, events or follow-ups from an XLSX or CSV file (UTF-8 or GB18030), all or nothing; "
        "'office' imports a full-office workbook."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*ImportKind.values, "office"])
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
        parser.add_argument("--user", help="the username the records are attributed to")
        parser.add_argument(
            "--default", action="append", default=[], metavar="COLUMN=VALUE",
            help="a value for a column the file leaves out or blank, e.g. kind=sister_city status=contact",
        )  # fmt: skip
        parser.add_argument("--no-create-places", action="store_true", help="ties: refuse ends not on file")
        parser.add_argument("--language", default="", help="language of the messages (en, zh-hans)")
        parser.add_argument("--errors", type=int, default=20, help="how many row errors to print")

    def handle(self, *args, kind, file, dry_run, user, default, no_create_places, language, errors, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user {user}")
        defaults = {}
        for item in default:
            key, _, value = item.partition("=")
            defaults[key.strip()] = value.strip()
        opts = {"create_places": False} if no_create_places and kind == ImportKind.TIES else {}
        content = path.read_bytes()
        verbosity = options.get("verbosity", 1)
        if language:
            translation.activate(language)
        if kind == "office":
            self._office(content, path.name, by, verbosity, errors)
            return
        try:
            total = len(services.read_table(content, path.name))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        bar = tqdm(total=total, unit="row", disable=verbosity == 0, desc="preview" if dry_run else "import")
        done = [0]

        def progress(number: int) -> None:
            bar.update(number - done[0])
            done[0] = number

        try:
            if dry_run:
                report = services.import_preview(
                    kind=kind, content=content, file_name=path.name, by=by, defaults=defaults, options=opts,
                    progress=progress,
                )  # fmt: skip
                record = None
            else:
                record, report = services.import_file(
                    kind=kind, content=content, file_name=path.name, by=by, defaults=defaults, options=opts,
                    progress=progress,
                )  # fmt: skip
        except services.ImportRefused as exc:
            bar.close()
            self._print(exc.report, errors)
            raise CommandError("Nothing was imported: the file has errors.") from exc
        finally:
            bar.close()
        self._print(report, errors)
        if not report.ok:
            raise CommandError("The file has errors: importing it would write nothing.")
        counts = report.counts
        summary = ", ".join(f"{counts[s]} {s}" for s in (RowStatus.NEW, RowStatus.UPDATE, RowStatus.UNCHANGED))
        if record is None:
            self.stdout.write(self.style.SUCCESS(f"Preview: {summary}; nothing written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported as #{record.pk}: {summary}."))

    def _office(self, content: bytes, name: str, by, verbosity: int, limit: int) -> None:
        try:
            sheets = services.office_sheets(content)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        total = sum(len(services.read_table(sheet, "sheet.xlsx")) for _kind, sheet in sheets)
        bar = tqdm(total=total, unit="row", disable=verbosity == 0, desc="import")
        state = {"done": 0, "last": 0}

        def progress(number: int) -> None:
            if number < state["last"]:  # the next sheet starts again at row 1
                state["done"] += state["last"]
            state["last"] = number
            bar.n = state["done"] + number
            bar.refresh()

        try:
            done = services.office_import(content=content, file_name=name, by=by, progress=progress)
        except services.ImportRefused as exc:
            bar.close()
            self._print(exc.report, limit)
            raise CommandError(f"Nothing was imported: the sheet “{exc.report.kind}” has errors.") from exc
        bar.close()
        for record, report in done:
            self.stdout.write(
                self.style.SUCCESS(f"{record.kind}: imported as #{record.pk}, {report.counts['new']} new.")
            )

    def _print(self, report, limit: int) -> None:
        messages = report.messages()
        for message in messages[:limit]:
            self.stderr.write(message)
        if len(messages) > limit:
            self.stderr.write(f"… and {len(messages) - limit} more")
