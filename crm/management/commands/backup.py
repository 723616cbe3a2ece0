"""manage.py backup [archive]: the database and the uploaded files in one .tar.gz (see crm/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crm.backup import BackupError, backup_create
from crm.management.progress import ProgressBars


class Command(BaseCommand):
    help = "Back up the database (SQLite's online backup, or pg_dump) and the uploaded files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: var/backups/crm-<date>-<time>.tar.gz).",
        )

    def handle(self, *args, **options):
        path = options["archive"] or Path(settings.BASE_DIR) / "var" / "backups" / (
            timezone.localtime().strftime("crm-%Y%m%d-%H%M%S") + ".tar.gz"
        )
        with ProgressBars(self, options["verbosity"]) as progress:
            try:
                manifest = backup_create(path=Path(path), progress=progress)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up the {manifest['engine']} database and {manifest['media_files']} uploaded files "
                    f"to {path}."
                )
            )
