"""Backups of a whole instance, its database and its uploaded files, in one archive, and their restore into a
fresh instance (`manage.py backup`, `manage.py restore`; the README's "Backup and restore").

The database is copied exactly, not re-serialised (dumpdata/loaddata cut timestamps to milliseconds): SQLite with
its online backup API, consistent while the application keeps writing; PostgreSQL with `pg_dump --format=custom`
and `pg_restore --clean --if-exists`. Uploaded files (MEDIA_ROOT, when set) go into the same archive.
"""

import glob
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from core import __version__
from crm.roles import DOMAIN_APPS

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"
MEDIA_MEMBER = "media"
# SQLite pages copied per step of the online backup: small enough to report progress and let writers in between.
PAGES_PER_STEP = 256

# progress(stage, done, total): called as each stage advances.
Progress = Callable[[str, int, int], None]


class BackupError(Exception):
    """A backup or restore that cannot be made, with the reason for the person running it."""


def _noop(stage: str, done: int, total: int) -> None:
    return None


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    return vendor


def backup_create(*, path: Path, progress: Progress | None = None) -> dict:
    """Write the database and the uploaded files into a new .tar.gz at `path`; returns the archive's manifest."""
    progress = progress or _noop
    path = Path(path)
    if path.exists():
        raise BackupError(_("%(path)s exists already; choose another name.") % {"path": path})
    engine = _engine()
    path.parent.mkdir(parents=True, exist_ok=True)
    media = _media_files()
    with tempfile.TemporaryDirectory(prefix="crm-backup-") as scratch:
        if engine == "sqlite":
            member, dump = SQLITE_MEMBER, Path(scratch) / SQLITE_MEMBER
            _sqlite_copy(_sqlite_path(), dump, progress)
        else:
            member, dump = POSTGRES_MEMBER, Path(scratch) / POSTGRES_MEMBER
            progress(_("database"), 0, 1)
            _pg_run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}")
            progress(_("database"), 1, 1)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "engine": engine,
            "database": member,
            "created": timezone.now().isoformat(),
            "version": __version__,
            "media_files": len(media),
        }
        partial = path.with_name(path.name + ".part")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=member)
                for number, file in enumerate(media, start=1):
                    archive.add(file, arcname=f"{MEDIA_MEMBER}/{file.relative_to(settings.MEDIA_ROOT).as_posix()}")
                    progress(_("uploaded files"), number, len(media))
            partial.replace(path)  # a backup that stopped half-way never looks like a whole one
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def backup_restore(*, path: Path, force: bool = False, progress: Progress | None = None) -> dict:
    """Put the database and the uploaded files of the archive at `path` in place of this instance's.

    Refuses a database that holds records, unless `force` (its content is then replaced), and an archive made from
    another database engine. Returns the archive's manifest.
    """
    progress = progress or _noop
    engine = _engine()
    if engine == "sqlite":
        _sqlite_path().parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "r:gz") as archive:
        manifest = _manifest(archive)
        if manifest["engine"] != engine:
            raise BackupError(
                _("This backup is of a %(archive)s database; this instance uses %(engine)s.")
                % {"archive": manifest["engine"], "engine": engine}
            )
        in_use = database_in_use()
        if in_use and not force:
            raise BackupError(
                _(
                    "The database is not empty (%(tables)s hold records). Restore into a fresh database, "
                    "or give --force to replace it."
                )
                % {"tables": ", ".join(in_use[:5]) + (", …" if len(in_use) > 5 else "")}
            )
        with tempfile.TemporaryDirectory(prefix="crm-restore-") as scratch:
            archive.extract(manifest["database"], scratch, filter="data")
            dump = Path(scratch) / manifest["database"]
            connections.close_all()  # nothing of this process may hold the database while it is replaced
            if engine == "sqlite":
                _sqlite_copy(dump, _sqlite_path(), progress)
            else:
                progress(_("database"), 0, 1)
                name = connection.settings_dict["NAME"]
                _pg_run(
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--exit-on-error",
                    f"--dbname={name}",
                    str(dump),
                )
                progress(_("database"), 1, 1)
        media = [m for m in archive.getmembers() if m.name.startswith(f"{MEDIA_MEMBER}/") and m.isfile()]
        if media:
            if not settings.MEDIA_ROOT:
                raise BackupError(_("The backup holds uploaded files but MEDIA_ROOT is not set."))
            root = Path(settings.MEDIA_ROOT)
            for number, member in enumerate(media, start=1):
                member.name = member.name[len(MEDIA_MEMBER) + 1 :]
                archive.extract(member, root, filter="data")
                progress(_("uploaded files"), number, len(media))
    return manifest


# Reference data the migrations themselves write (contacts/migrations/0002_regions.py): a database that holds only
# these is as fresh as one never migrated.
SEEDED_BY_MIGRATIONS = ("contacts.Region", "contacts.HistoricalRegion")


def database_in_use() -> list[str]:
    """The tables of user accounts and domain records that hold rows; empty for a fresh database, migrated or not."""
    existing = set(connection.introspection.table_names())
    models = [get_user_model()] + [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in SEEDED_BY_MIGRATIONS
    ]
    return [m._meta.db_table for m in models if m._meta.db_table in existing and m._base_manager.exists()]


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.load(member) if member else None
    except (KeyError, ValueError) as exc:
        raise BackupError(_("This is not a backup made by manage.py backup.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(_("This is not a backup made by manage.py backup."))
    return manifest


def _media_files() -> list[Path]:
    root = settings.MEDIA_ROOT
    if not root or not Path(root).is_dir():
        return []
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise BackupError(_("An in-memory SQLite database cannot be backed up or restored."))
    return Path(name)


def _sqlite_copy(source: Path, target: Path, progress: Progress) -> None:
    """Copy one SQLite database into another, page by page, with SQLite's online backup (readers and writers of
    the source go on meanwhile; the copy is of one consistent moment)."""
    if not source.exists():
        raise BackupError(_("There is no database at %(path)s.") % {"path": source})
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(
            dst,
            pages=PAGES_PER_STEP,
            progress=lambda status, remaining, total: progress(_("database"), total - remaining, total),
        )
    finally:
        dst.close()
        src.close()


def pg_tool(name: str) -> str | None:
    """A PostgreSQL client program: on PATH, else the newest under /usr/lib/postgresql/*/bin (Debian's layout)."""
    found = shutil.which(name)
    if found:
        return found

    def version(candidate: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", Path(candidate).parent.parent.name))

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    return candidates[-1] if candidates else None


def _pg_run(program: str, *arguments: str) -> None:
    executable = pg_tool(program)
    if executable is None:
        raise BackupError(_("%(program)s is not installed (PostgreSQL's client programs).") % {"program": program})
    db = connection.settings_dict
    # The connection goes in the environment, so the password is not on a command line others can read.
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    result = subprocess.run([executable, *arguments], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": program, "error": result.stderr.strip()[-2000:]}
        )
