"""API benchmark: build a synthetic world in a database of its own, serve it with gunicorn, time list endpoints.

    .venv/bin/python bench/run.py            # 20,000 entities, 50,000 ties, 200,000 events (takes a while)
    .venv/bin/python bench/run.py --small    # 2,000 / 5,000 / 20,000: a quick run
    .venv/bin/python bench/run.py --growth var/bench/results-A.json var/bench/results-B.json   # cost growth
    make bench BENCH_ARGS="--small"

Steps: (1) a fresh SQLite file under var/bench/ (or --database-url), migrated; (2) `generate_world` fills it;
(3) a `bench` user with the viewer role and an API token; (4) gunicorn on 127.0.0.1 and a free port, production
settings (DJANGO_DEBUG=0, a generated secret key, no HTTPS redirect); (5) for each endpoint a few warm-up requests,
then up to --requests timed requests (bounded by --max-seconds in all), on loopback only; (6) p50 and p95 per
endpoint, each one's ratio to /api/health/, its response size and query count (the server's X-Query-Count header,
core.middleware); the figures also go to var/bench/results-*.json; gunicorn is
stopped. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: the benchmark never talks to another host
SIZES = {
    "default": (20_000, 50_000, 200_000),
    "small": (2_000, 5_000, 20_000),
    "large": (100_000, 200_000, 1_000_000),
}
# One secret for the whole run: the session cookie made at build time must still verify in the server.
SECRET_KEY = secrets.token_urlsafe(50)
# {home} is the first domestic city, {busiest} the entity with the most participations, {tie} the busiest tie,
# {secret} the bench user's ICS secret.
# "api" requests carry the token; "page" requests the session cookie; "feed" requests nothing (the secret URL).
ENDPOINTS = [
    ("health", "/api/health/", "api"),
    ("entities", "/api/entities/?kind=city&country=JP&page_size={page_size}", "api"),
    ("entities q= Latin", "/api/entities/?q={q_latin}&page_size={page_size}", "api"),
    ("entities q= Chinese", "/api/entities/?q={q_chinese}&page_size={page_size}", "api"),
    ("entities q= pinyin", "/api/entities/?q={q_pinyin}&page_size={page_size}", "api"),
    ("entity detail", "/api/entities/{busiest}/", "api"),
    ("relations", "/api/relations/?status=signed&kind=sister_city&page_size={page_size}", "api"),
    ("events", "/api/events/?start_date_after=2024-01-01&kind=visit_in&page_size={page_size}", "api"),
    ("timeline busiest", "/api/entities/{busiest}/timeline/", "api"),
    ("timeline +children", "/api/entities/{busiest}/timeline/?include=children", "api"),
    ("tie timeline", "/api/relations/{tie}/timeline/", "api"),
    ("stats by kind", "/api/stats/?by=kind", "api"),
    ("stats by level", "/api/stats/?by=level", "api"),
    ("stats by country", "/api/stats/?by=country", "api"),
    ("stats by region", "/api/stats/?by=region", "api"),
    ("stats by partner", "/api/stats/?by=partner", "api"),
    ("stats by domestic_unit", "/api/stats/?by=domestic_unit", "api"),
    ("stats by month", "/api/stats/?by=month", "api"),
    ("stats by scope", "/api/stats/?by=scope", "api"),
    ("anniversaries", "/api/anniversaries/", "api"),
    ("layout", "/api/layout/?home={home}", "api"),
    # The first answer of a fresh server is the cold one (first_ms in the results); the timed ones are warm.
    ("suggestions", "/api/suggestions/?home={home}&page_size={page_size}", "api"),
    ("graph depth 2", "/api/graph/?center={busiest}&depth=2", "api"),
    ("XLSX export", "/reports/export.xlsx", "page"),
    ("ICS feed", "/calendar/{secret}.ics", "feed"),
    ("page entity list", "/entities/", "page"),
    ("page busiest entity", "/entities/{busiest}/", "page"),
    ("page events list", "/events/", "page"),
    ("page Reports", "/reports/", "page"),
    ("page Expansion", "/expansion/?home={home}", "page"),
]
# The second pass: these with 8 clients at once.
CONCURRENT = ("health", "entities", "events", "timeline +children", "graph depth 2", "stats by country")


def say(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="2,000 entities, 5,000 ties, 20,000 events")
    parser.add_argument("--large", action="store_true", help="100,000 entities, 200,000 ties, 1,000,000 events")
    parser.add_argument("--clients", type=int, default=8, help="clients of the concurrent pass (0: none; default 8)")
    parser.add_argument("--only", help="comma-separated endpoint names to time (default: all)")
    parser.add_argument("--entities", type=int, help="number of entities (default 20,000)")
    parser.add_argument("--ties", type=int, help="number of ties (default 50,000)")
    parser.add_argument("--events", type=int, help="number of events (default 200,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an EMPTY database of its own (default: a SQLite file in var/bench/)")
    parser.add_argument("--reuse", action="store_true", help="keep the world already in the database if any")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint (default 50)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per endpoint first (default 2)")
    parser.add_argument(
        "--max-seconds", type=float, default=900.0, help="time budget for all the requests together (default 900)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--page-size", type=int, default=50)
    args = parser.parse_args(argv)
    default = SIZES["small" if args.small else "large" if args.large else "default"]
    args.entities = default[0] if args.entities is None else args.entities
    args.ties = default[1] if args.ties is None else args.ties
    args.events = default[2] if args.events is None else args.events
    if min(args.entities, args.ties, args.events) < 0 or args.requests < 1 or args.warmup < 0:
        parser.error("counts must not be negative and --requests must be at least 1")
    return args


def database_url(args) -> tuple[str, Path | None]:
    if args.database_url:
        return args.database_url, None
    path = ROOT / "var" / "bench" / f"bench-{args.entities}-{args.ties}-{args.events}-s{args.seed}.sqlite3"
    return f"sqlite:///{path}", path


def server_env(url: str) -> dict[str, str]:
    """Production settings for a loopback-only server: no debug, a throwaway secret, no HTTPS redirect."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "crm.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SESSION_COOKIE_SECURE": "0",
            "DJANGO_CSRF_COOKIE_SECURE": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            # Each response says how many SQL statements it ran (core.middleware), without DEBUG.
            "DJANGO_QUERY_COUNT_HEADER": "1",
        }
    )
    return env


def build(args, url: str, path: Path | None) -> dict:
    """Migrate, generate the world (unless reused); return the token, session cookie and the ids the paths need."""
    import django

    if path is not None and not args.reuse and path.exists():
        path.unlink()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.update(server_env(url))
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from knox.models import AuthToken

    from contacts.models import Entity
    from crm.roles import roles_sync
    from events.models import Event
    from relations.models import Relation

    say(f"[1/4] Database: {url}")
    call_command("migrate", verbosity=0, interactive=False)
    # The pages run with DEBUG off: their static files come from the manifest that collectstatic writes.
    call_command("collectstatic", verbosity=0, interactive=False)
    counts = (Entity.objects.count(), Relation.objects.count(), Event.objects.count())
    if counts == (args.entities, args.ties, args.events) and args.reuse:
        say(f"[2/4] Reusing the world already there: {counts[0]:,} entities, {counts[1]:,} ties, {counts[2]:,} events")
    elif any(counts):
        raise SystemExit(
            f"The database already holds {counts[0]:,} entities, {counts[1]:,} ties and "
            f"{counts[2]:,} events; give an empty database (or --reuse with the same size)."
        )
    else:
        say(f"[2/4] Generating {args.entities:,} entities, {args.ties:,} ties, {args.events:,} events …")
        started = time.perf_counter()
        call_command(
            "generate_world", entities=args.entities, ties=args.ties, events=args.events, seed=args.seed, verbosity=1
        )
        say(f"      built in {time.perf_counter() - started:.0f} s")
    roles_sync()
    user, _created = get_user_model().objects.get_or_create(username="bench")
    user.groups.set([Group.objects.get(name="viewer")])
    _instance, token = AuthToken.objects.create(user=user)
    return {"token": token, "cookie": session_cookie(user), **busiest_ids(), "secret": feed_secret(user)}


def session_cookie(user) -> str:
    """A logged-in session for the HTML pages (made here, not through the login form and its lockout)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    # The model backend (not axes' lockout backend, which cannot load a user from a session).
    session[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b.lower())
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def busiest_ids() -> dict:
    """The entity with the most participations and the tie with the most events: the heaviest detail requests."""
    from django.db.models import Count

    from contacts.models import Entity
    from events.models import Event, Participant

    entity = (
        Participant.objects.values("entity_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("entity_id", flat=True)
    ).first()
    through = Event.relations.through
    tie = (
        through.objects.values("relation_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("relation_id", flat=True)
    ).first()
    home = Entity.objects.filter(domestic=True, kind="city").order_by("pk").first()
    # Search terms that find something: a foreign city's Latin and Chinese names, our home city's pinyin.
    city = Entity.objects.filter(domestic=False, kind="city").exclude(name_zh="").order_by("pk").first()
    latin = city.name.split()[0].lower() if city else "osaka"
    return {
        "busiest": entity or 0,
        "tie": tie or 0,
        "home": home.pk if home else 0,
        "q_latin": quote(latin),
        "q_chinese": quote(city.name_zh if city else "大阪"),
        "q_pinyin": quote((home.name_en if home else "ningbo").lower()),
    }


def feed_secret(user) -> str:
    from events.services import calendar_feed_ensure

    return calendar_feed_ensure(user=user).secret


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(url: str, auth: dict | None, mode: str = "api", timeout: float = 180.0) -> tuple[int, bytes]:
    status, body, _queries = get_counted(url, auth, mode, timeout)
    return status, body


def get_counted(
    url: str, auth: dict | None, mode: str = "api", timeout: float = 180.0
) -> tuple[int, bytes, int | None]:
    """GET `url`: the status, the body and the server's X-Query-Count (None when it sent none)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json" if mode == "api" else "*/*"})
    if auth and mode == "api":
        request.add_header("Authorization", f"Token {auth['token']}")
    elif auth and mode == "page":
        request.add_header("Cookie", auth["cookie"])
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback URL we built)
            return response.status, response.read(), _query_count(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), _query_count(exc.headers)
    except OSError as exc:  # a timeout or a reset: an error, not a crash of the benchmark
        return 599, str(exc).encode(), None


def _query_count(headers) -> int | None:
    value = headers.get("X-Query-Count") if headers is not None else None
    return int(value) if value and value.isdigit() else None


def start_server(url: str, port: int, workers: int, log: Path, *, threads: int = 1) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "crm.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--chdir",
        str(ROOT),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    say(f"      Serving with gunicorn on http://{HOST}:{port}/ ({workers} workers × {threads} threads, DJANGO_DEBUG=0)")
    with log.open("wb") as handle:
        server = subprocess.Popen(
            command, cwd=ROOT, env=server_env(url), stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {log}:\n{log.read_text()[-2000:]}")
        try:
            if get(f"http://{HOST}:{port}/api/health/", None, timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def endpoint_urls(base: str, path: str, mode: str, auth: dict, args) -> tuple[list[str], dict]:
    """The URLs to cycle over (the first five pages of a list) and what the first answer says (rows, size)."""
    status, body, queries = get_counted(base + path, auth, mode)
    info = {"status": status, "bytes": len(body), "rows": None, "queries": queries}
    if status != 200 or mode != "api":
        return [base + path], info
    payload = json.loads(body)
    count = payload.get("count") if isinstance(payload, dict) else None
    info["rows"] = count
    pages = max(1, min(5, math.ceil((count or 0) / args.page_size))) if count is not None else 1
    joiner = "&" if "?" in path else "?"
    return [base + path + (f"{joiner}page={page}" if page > 1 else "") for page in range(1, pages + 1)], info


def measure(base: str, auth: dict, args) -> list[dict]:
    """Time every endpoint: warm-up, then timed requests cycling over the first pages, within the time budget."""
    endpoints = [e for e in ENDPOINTS if not args.only or e[0] in args.only.split(",") or e[0] == "health"]
    say(
        f"[4/4] Timing {len(endpoints)} requests: {args.warmup} warm-up + up to {args.requests} each "
        f"(budget {args.max_seconds:.0f} s)"
    )
    budget_each = args.max_seconds / len(endpoints)
    results = []
    for index, (name, template, mode) in enumerate(endpoints, 1):
        path = template.format(page_size=args.page_size, **{k: v for k, v in auth.items() if k != "token"})
        t0 = time.perf_counter()
        urls, info = endpoint_urls(base, path, mode, auth, args)
        first_ms = (time.perf_counter() - t0) * 1000
        result = {"name": name, "path": path, "mode": mode, "first_ms": round(first_ms, 1), **info, "samples": 0}
        if info["status"] != 200:
            say(f"      [{index}/{len(endpoints)}] {name}: HTTP {info['status']}, not timed")
            results.append(result)
            continue
        # A slow request (seconds) gets fewer samples: the budget is per endpoint.
        for i in range(args.warmup if first_ms < 2000 else 0):
            get(urls[i % len(urls)], auth, mode)
        timings, errors, started, counts = [], 0, time.monotonic(), set()
        for i in range(args.requests):
            if time.monotonic() - started > budget_each and len(timings) >= 3:
                break
            t1 = time.perf_counter()
            status, _body, queries = get_counted(urls[i % len(urls)], auth, mode)
            timings.append((time.perf_counter() - t1) * 1000)
            errors += status != 200
            counts.add(queries)
        result.update(
            samples=len(timings),
            errors=errors,
            pages_cycled=len(urls),
            # The warm requests' query counts (a cached answer costs fewer than the first, cold one).
            queries_warm=max((c for c in counts if c is not None), default=None),
            p50_ms=round(statistics.median(timings), 2),
            p95_ms=round(percentile(timings, 95), 2),
        )
        say(
            f"      [{index}/{len(endpoints)}] {name}: {len(timings)} requests, p50 {result['p50_ms']:.1f} ms, "
            f"p95 {result['p95_ms']:.1f} ms, {info['bytes']:,} bytes, {info['queries']} queries (first, "
            f"{first_ms:.0f} ms)" + (f", {errors} errors" if errors else "")
        )
        results.append(result)
    return results


def measure_concurrent(base: str, auth: dict, args, single: list[dict]) -> list[dict]:
    """The second pass: --clients clients at once on each of CONCURRENT, p50/p95 and errors."""
    from concurrent.futures import ThreadPoolExecutor

    by_name = {r["name"]: r for r in single if r["samples"]}
    results = []
    for name in CONCURRENT:
        if name not in by_name:
            continue
        path, mode = by_name[name]["path"], by_name[name]["mode"]
        per_client = max(3, min(args.requests // 2, 20))

        def client(_n, path=path, mode=mode, per_client=per_client):
            out = []
            for _ in range(per_client):
                t0 = time.perf_counter()
                status, _body = get(base + path, auth, mode)
                out.append(((time.perf_counter() - t0) * 1000, status))
            return out

        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            samples = [s for part in pool.map(client, range(args.clients)) for s in part]
        timings = [t for t, _status in samples]
        errors = sum(status != 200 for _t, status in samples)
        result = {
            "name": name,
            "clients": args.clients,
            "samples": len(samples),
            "errors": errors,
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(percentile(timings, 95), 2),
            "p95_vs_single": round(percentile(timings, 95) / by_name[name]["p95_ms"], 2),
        }
        say(f"      {args.clients} clients, {name}: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms")
        results.append(result)
    return results


def report(results: list[dict], args, concurrent: list[dict] | None = None) -> str:
    health = next((r for r in results if r["name"] == "health" and r["samples"]), None)
    lines = [
        f"World: {args.entities:,} entities, {args.ties:,} ties, {args.events:,} events "
        f"(seed {args.seed}); page_size={args.page_size}; gunicorn {args.workers} workers",
        f"{'request':<24} {'rows':>9} {'n':>4} {'first ms':>9} {'p50 ms':>9} {'p95 ms':>9} {'p50/hl':>8} "
        f"{'p95/hl':>8} {'bytes':>11} {'SQL':>9}",
        "-" * 108,
    ]
    for r in results:
        if not r["samples"]:
            lines.append(f"{r['name']:<24} HTTP {r['status']}: not measured")
            continue
        ratio50 = f"{r['p50_ms'] / health['p50_ms']:.1f}x" if health else "-"
        ratio95 = f"{r['p95_ms'] / health['p95_ms']:.1f}x" if health else "-"
        rows = "" if r.get("rows") is None else f"{r['rows']:,}"
        # Queries of the first (cold) answer / of the warm ones.
        sql = f"{_n(r.get('queries'))}/{_n(r.get('queries_warm'))}"
        lines.append(
            f"{r['name']:<24} {rows:>9} {r['samples']:>4} {r['first_ms']:>9.1f} {r['p50_ms']:>9.1f} "
            f"{r['p95_ms']:>9.1f} {ratio50:>8} {ratio95:>8} {r['bytes']:>11,} {sql:>9}"
        )
    for r in concurrent or ():
        lines.append(
            f"{r['clients']} clients: {r['name']:<22} p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms "
            f"({r['p95_vs_single']}x single p95), {r['errors']} errors"
        )
    return "\n".join(lines)


def _n(value) -> str:
    return "-" if value is None else str(value)


def growth(smaller: Path, larger: Path) -> str:
    """The cost growth between two results files (e.g. 200k and 1M events): each request's p50 in both and the
    ratio, and the ratio of the worlds' events (the issue's goal: a time ratio at most linear, constant for lists)."""
    small, large = (json.loads(Path(path).read_text()) for path in (smaller, larger))
    by_name = {r["name"]: r for r in small["results"] if r.get("samples")}
    factor = large["size"]["events"] / max(1, small["size"]["events"])
    lines = [
        f"Growth from {small['size']['events']:,} to {large['size']['events']:,} events ({factor:.1f}x), "
        f"{small['database']} / {large['database']}",
        f"{'request':<24} {'p50 small':>10} {'p50 large':>10} {'ratio':>7}",
        "-" * 54,
    ]
    for r in large["results"]:
        before = by_name.get(r["name"])
        if not r.get("samples") or before is None:
            lines.append(f"{r['name']:<24} not measured in both")
            continue
        lines.append(
            f"{r['name']:<24} {before['p50_ms']:>10.1f} {r['p50_ms']:>10.1f} {r['p50_ms'] / before['p50_ms']:>6.1f}x"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--growth":
        say(growth(Path(sys.argv[2]), Path(sys.argv[3])))
        return 0
    args = parse_args(argv)
    url, path = database_url(args)
    auth = build(args, url, path)
    port = free_port()
    out_dir = ROOT / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    say("[3/4] Starting the server")
    server = start_server(url, port, args.workers, out_dir / "gunicorn.log")
    try:
        results = measure(f"http://{HOST}:{port}", auth, args)
        concurrent = measure_concurrent(f"http://{HOST}:{port}", auth, args, results) if args.clients else []
    finally:
        stop_server(server)
        say("      gunicorn stopped")
    table = report(results, args, concurrent)
    say("\n" + table)
    record = {
        "size": {"entities": args.entities, "ties": args.ties, "events": args.events, "seed": args.seed},
        "workers": args.workers,
        "page_size": args.page_size,
        "database": url.split("://")[0],
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "results": results,
        "concurrent": concurrent,
    }
    target = out_dir / f"results-{url.split(':')[0]}-{args.entities}-{args.ties}-{args.events}.json"
    target.write_text(json.dumps(record, indent=2))
    say(f"\nResults written to {target.relative_to(ROOT)}")
    return 0 if all(r["samples"] and not r.get("errors") for r in results + concurrent) else 1


if __name__ == "__main__":
    sys.exit(main())
