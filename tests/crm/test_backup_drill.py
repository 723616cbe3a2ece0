"""The backup and restore drill (issue 9's guard): the demo is backed up with `manage.py backup`, restored with
`manage.py restore` into a fresh database, and every table compares equal, row for row, timestamps to the microsecond.

The commands run in subprocesses against real database files (SQLite) or scratch databases (PostgreSQL, when
DATABASE_URL is PostgreSQL and pg_dump is installed), as an operator would run them.
"""

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from crm.backup import pg_tool

ROOT = Path(__file__).resolve().parents[2]


def _manage(
    *args: str, database_url: str, settings: str = "crm.settings_test", pythonpath: str = ""
) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: sorted(db.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}


# Each drill runs in the suite of its own database: the SQLite one needs no server and has already run in the
# SQLite pass when the suite runs again on PostgreSQL (it would only repeat the same files and commands).
on_sqlite = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the SQLite drill runs in the SQLite pass of the suite",
)


@on_sqlite
def test_the_demo_survives_a_backup_and_a_restore_into_a_fresh_sqlite_database(tmp_path):
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "signing.jpg").write_bytes(b"\xff\xd8 not really a photo")
    (tmp_path / "drill_settings.py").write_text(
        f"from crm.settings_test import *  # noqa\nMEDIA_ROOT = {str(media)!r}\n"
    )
    run = {"settings": "drill_settings", "pythonpath": str(tmp_path)}
    source, fresh, archive = tmp_path / "source.sqlite3", tmp_path / "fresh" / "crm.sqlite3", tmp_path / "b.tar.gz"
    source_url, fresh_url = f"sqlite:///{source}", f"sqlite:///{fresh}"
    _ok(_manage("migrate", "-v", "0", database_url=source_url, **run))
    _ok(_manage("load_demo", "-v", "0", database_url=source_url, **run))

    backup = _ok(_manage("backup", str(archive), database_url=source_url, **run))
    assert "database" in backup.stderr and "100%" in backup.stderr  # the progress bar
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "database.sqlite3", "media/photos/signing.jpg"} <= set(tar.getnames())

    (media / "photos" / "signing.jpg").unlink()  # the fresh instance starts without the upload
    _ok(_manage("restore", str(archive), database_url=fresh_url, **run))

    before, after = _sqlite_tables(source), _sqlite_tables(fresh)
    assert {name: len(rows) for name, rows in after.items()} == {name: len(rows) for name, rows in before.items()}
    assert after == before
    assert len(before["events_event"]) > 100 and len(before["contacts_historicalentity"]) > 100
    # The timestamps compared are the full ones (dumpdata/loaddata would have cut them to milliseconds).
    with sqlite3.connect(fresh) as db:
        stamps = [row[0] for row in db.execute("SELECT created FROM contacts_entity")]
    assert any(len(stamp.split(".")[-1]) == 6 and not stamp.endswith("000") for stamp in stamps if "." in stamp)
    assert (media / "photos" / "signing.jpg").read_bytes() == b"\xff\xd8 not really a photo"

    refused = _manage("restore", str(archive), database_url=fresh_url, **run)
    assert refused.returncode == 1 and "not empty" in refused.stderr and "--force" in refused.stderr
    _ok(_manage("restore", "--force", "-v", "0", str(archive), database_url=fresh_url, **run))
    assert _sqlite_tables(fresh) == before


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    result = _manage("restore", str(bogus), database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 1 and "not a backup" in result.stderr


# --- PostgreSQL ---------------------------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")) or pg_tool("pg_dump") is None,
    reason="needs DATABASE_URL on PostgreSQL and pg_dump (on PATH or under /usr/lib/postgresql/*/bin)",
)


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _pg_tables(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        tables = {name: sorted(db.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
        sequences = db.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        tables["(sequences)"] = sorted(sequences.fetchall(), key=repr)
        return tables


@needs_postgres
def test_the_demo_survives_a_backup_and_a_restore_into_a_fresh_postgresql_database(tmp_path):
    import psycopg

    suffix = uuid.uuid4().hex[:8]
    names = (f"crm_drill_source_{suffix}", f"crm_drill_fresh_{suffix}")
    admin_url = _with_database(DATABASE_URL, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as db:
        for name in names:
            db.execute(f'CREATE DATABASE "{name}"')
    try:
        source_url, fresh_url = (_with_database(DATABASE_URL, name) for name in names)
        archive = tmp_path / "b.tar.gz"
        _ok(_manage("migrate", "-v", "0", database_url=source_url))
        _ok(_manage("load_demo", "-v", "0", database_url=source_url))
        _ok(_manage("backup", str(archive), database_url=source_url))
        _ok(_manage("restore", str(archive), database_url=fresh_url))
        before, after = _pg_tables(source_url), _pg_tables(fresh_url)
        assert {name: len(rows) for name, rows in after.items()} == {name: len(rows) for name, rows in before.items()}
        assert after == before and len(before["events_event"]) > 100
        refused = _manage("restore", str(archive), database_url=fresh_url)
        assert refused.returncode == 1 and "--force" in refused.stderr
        _ok(_manage("restore", "--force", "-v", "0", str(archive), database_url=fresh_url))
        assert _pg_tables(fresh_url) == before
    finally:
        with psycopg.connect(admin_url, autocommit=True) as db:
            for name in names:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
