"""manage.py restore <archive> [--force]: put a backup's database and uploaded files in place (see crm/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crm.backup import BackupError, backup_restore
from crm.management.progress import ProgressBars


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into this instance's database and MEDIA_ROOT. Stop the "
        "application first. A database that holds records is refused unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz that `manage.py backup` wrote.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the content of a database that holds records."
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"There is no backup at {path}.")
        with ProgressBars(self, options["verbosity"]) as progress:
            try:
                manifest = backup_restore(path=path, force=options["force"], progress=progress)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the {manifest['engine']} database of {manifest['created']} and "
                    f"{manifest['media_files']} uploaded files from {path}. "
                    "Run `manage.py migrate` if this version of the application is newer than the backup's."
                )
            )
