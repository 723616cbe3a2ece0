"""Load benchmark: N clients at once, mixed reads and writes, against gunicorn with production settings, on loopback.

    .venv/bin/python bench/load.py                                  # 20 clients, 60 s, a fresh SQLite file
    .venv/bin/python bench/load.py --clients 20 --seconds 60 --database-url postgres://…/an_empty_db
    make bench-load

Steps: (1) a fresh database (a SQLite file under var/bench/, or an EMPTY --database-url), migrated, the demo
loaded (its users and world); (2) gunicorn on 127.0.0.1 and a free port (DJANGO_DEBUG=0, a throwaway secret key);
(3) each client takes an API token as the demo officer and loops for --seconds over a mix of requests: lists of
entities, ties and events, an entity's detail and timeline (reads), a PATCH of an entity's notes and a new note on
its timeline (writes, about a quarter); (4) requests/s, p50/p95/p99 per kind and the errors (any answer other than
the expected one, a 5xx or a refused connection) are printed and written to var/bench/load-*.json. The bar is
0 errors; the exit status is 1 when there is any. Bounded in time (--seconds) and only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import HOST, ROOT, free_port, percentile, say, server_env, start_server, stop_server  # noqa: E402

# (kind, method, path template, expected status, weight); {entity} is one of the demo's entities, picked per request.
MIX = [
    ("entities", "GET", "/api/entities/?page_size=20", 200, 3),
    ("relations", "GET", "/api/relations/?page_size=20", 200, 2),
    ("events", "GET", "/api/events/?page_size=20", 200, 2),
    ("entity", "GET", "/api/entities/{entity}/", 200, 3),
    ("timeline", "GET", "/api/entities/{entity}/timeline/", 200, 1),
    ("patch", "PATCH", "/api/entities/{entity}/", 200, 2),
    ("note", "POST", "/api/entities/{entity}/notes/", 201, 1),
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20, help="clients at once (default 20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients run (default 60)")
    parser.add_argument("--database-url", help="an EMPTY database of its own (default: a SQLite file in var/bench/)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.clients < 1 or not 1 <= args.seconds <= 3600:
        parser.error("--clients must be at least 1 and --seconds between 1 and 3600")
    return args


def prepare(url: str, path: Path | None) -> tuple[str, str, list[int]]:
    """Migrate, load the demo; return the officer's username and password and the ids of entities to work on."""
    import django

    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    os.environ.update(server_env(url))
    django.setup()
    from django.core.management import call_command

    from contacts.models import Entity
    from demo.users import DEMO_USERS

    say(f"[1/3] Database: {url}: migrating and loading the demo")
    call_command("migrate", verbosity=0, interactive=False)
    if Entity.objects.exists():
        raise SystemExit("The database is not empty; give an empty database of its own.")
    call_command("load_demo", verbosity=0)
    username, password = next((name, secret) for name, secret, role, _full in DEMO_USERS if role == "officer")
    ids = list(Entity.objects.order_by("pk").values_list("pk", flat=True)[:40])
    from django.db import connections

    connections.close_all()
    return username, password, ids


class Client(threading.Thread):
    def __init__(self, number: int, base: str, token: str, ids: list[int], until: float, seed: int):
        super().__init__(daemon=True)
        self.number, self.base, self.token, self.ids, self.until = number, base, token, ids, until
        self.random = random.Random(seed + number)
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def call(self, method: str, path: str, payload: dict | None) -> int:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback URL we built)
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            error.read()
            return error.code

    def run(self) -> None:
        kinds = [entry for entry in MIX for _ in range(entry[4])]
        n = 0
        while time.monotonic() < self.until:
            kind, method, template, expected, _weight = self.random.choice(kinds)
            path = template.format(entity=self.random.choice(self.ids))
            payload = None
            if kind == "patch":
                payload = {"notes": f"load client {self.number}, request {n}"}
            elif kind == "note":
                payload = {"text": f"Load test note {self.number}-{n}"}
            started = time.perf_counter()
            try:
                status = self.call(method, path, payload)
            except OSError as error:
                status, detail = 0, repr(error)
            else:
                detail = f"HTTP {status}"
            self.timings[kind].append((time.perf_counter() - started) * 1000)
            if status != expected:
                self.errors.append(f"{method} {path}: {detail}, expected {expected}")
            n += 1


def token_for(base: str, username: str, password: str) -> str:
    request = urllib.request.Request(
        base + "/api/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback URL we built)
        return json.loads(response.read())["token"]


def run_clients(base: str, args, username: str, password: str, ids: list[int]) -> tuple[list[Client], float]:
    # One login shared by every client: what the old one-token-per-user API gave them, and the token endpoint's
    # throttle (DJANGO_TOKEN_THROTTLE_RATE) is for logins, not for a benchmark's clients.
    tokens = [token_for(base, username, password)] * args.clients
    say(f"[3/3] {args.clients} clients for {args.seconds:.0f} s (mixed reads and writes) …")
    started = time.monotonic()
    until = started + args.seconds
    clients = [Client(n, base, tokens[n], ids, until, args.seed) for n in range(args.clients)]
    for client in clients:
        client.start()
    while any(client.is_alive() for client in clients):
        time.sleep(min(10.0, max(0.5, until - time.monotonic())))
        done = sum(len(t) for client in clients for t in client.timings.values())
        errors = sum(len(client.errors) for client in clients)
        say(f"      {min(time.monotonic() - started, args.seconds):5.0f} s: {done:,} requests, {errors} errors")
    return clients, time.monotonic() - started


def report(clients: list[Client], elapsed: float, args, database: str) -> tuple[str, dict]:
    timings: dict[str, list[float]] = defaultdict(list)
    for client in clients:
        for kind, values in client.timings.items():
            timings[kind].extend(values)
    errors = [error for client in clients for error in client.errors]
    every = [value for values in timings.values() for value in values]
    rows = {
        kind: {
            "requests": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "p99_ms": round(percentile(values, 99), 1),
        }
        for kind, values in sorted(timings.items())
        if values
    }
    lines = [
        f"{database}: {args.clients} clients, {elapsed:.0f} s, gunicorn {args.workers}×{args.threads}: "
        f"{len(every):,} requests, {len(every) / elapsed:.1f} requests/s, {len(errors)} errors",
        f"{'kind':<10} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}",
        "-" * 47,
    ]
    for kind, row in rows.items():
        figures = f"{row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['p99_ms']:>8.1f}"
        lines.append(f"{kind:<10} {row['requests']:>9,} {figures}")
    if every:
        lines.append(
            f"{'all':<10} {len(every):>9,} {statistics.median(every):>8.1f} {percentile(every, 95):>8.1f} "
            f"{percentile(every, 99):>8.1f}"
        )
    for error in sorted(set(errors))[:20]:
        lines.append(f"  error: {error}")
    record = {
        "database": database,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "workers": args.workers,
        "threads": args.threads,
        "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:20],
        "kinds": rows,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    return "\n".join(lines), record


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out_dir = ROOT / "var" / "bench"
    path = None if args.database_url else out_dir / "load.sqlite3"
    url = args.database_url or f"sqlite:///{path}"
    username, password, ids = prepare(url, path)
    port = free_port()
    out_dir.mkdir(parents=True, exist_ok=True)
    say("[2/3] Starting the server")
    server = start_server(url, port, args.workers, out_dir / "gunicorn-load.log", threads=args.threads)
    try:
        clients, elapsed = run_clients(f"http://{HOST}:{port}", args, username, password, ids)
    finally:
        stop_server(server)
        say("      gunicorn stopped")
    database = url.split("://")[0]
    table, record = report(clients, elapsed, args, database)
    say("\n" + table)
    target = out_dir / f"load-{database}-{args.clients}x{int(args.seconds)}.json"
    target.write_text(json.dumps(record, indent=2))
    say(f"\nResults written to {target.relative_to(ROOT)}")
    return 0 if record["errors"] == 0 and record["requests"] else 1


if __name__ == "__main__":
    sys.exit(main())
