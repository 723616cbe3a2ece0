"""SQLite, the default database, holds concurrent writes: WAL, a busy timeout, write transactions that lock at BEGIN.

Each test runs a small script in a subprocess against a SQLite *file* with the project's own settings (the
test database lives in memory, where neither WAL nor lock contention exists).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, worker INTEGER NOT NULL)")
    journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    synchronous = cursor.execute("PRAGMA synchronous").fetchone()[0]
connection.close()

WORKERS = 10
errors = []
start = threading.Barrier(WORKERS)


def write(worker):
    # What a service does: read inside the transaction, then write. A deferred transaction takes only a read
    # lock at its first SELECT; two such writers cannot both upgrade, and SQLite fails one at once.
    try:
        start.wait()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM tally")
                time.sleep(0.05)
                cursor.execute("INSERT INTO tally (worker) VALUES (%s)", [worker])
    except Exception as error:  # noqa: BLE001
        errors.append(repr(error))
    finally:
        connection.close()


threads = [threading.Thread(target=write, args=(n,)) for n in range(WORKERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    rows = cursor.execute("SELECT count(*) FROM tally").fetchone()[0]
print(json.dumps({"errors": errors, "rows": rows, "journal_mode": journal_mode, "synchronous": synchronous}))
"""


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="crm.settings", DATABASE_URL=f"sqlite:///{database}")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_ten_concurrent_writes_all_succeed(outcome):
    assert outcome["errors"] == []
    assert outcome["rows"] == 10


def test_a_sqlite_file_runs_in_wal_mode_with_synchronous_normal(outcome):
    assert outcome["journal_mode"] == "wal"
    assert outcome["synchronous"] == 1  # NORMAL


def test_sqlite_options_are_set_in_settings():
    from django.conf import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("runs on SQLite only")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
