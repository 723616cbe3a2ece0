"""Suggestions benchmark: time the suggestions of a home city against the whole gazetteer with 5,000 and 25,000 ties.

    .venv/bin/python bench/bench_suggestions.py                 # 5,000 and 25,000 ties
    .venv/bin/python bench/bench_suggestions.py --ties 2000 10000

Each size gets a fresh SQLite database of its own under var/bench/ (never the project's database), migrated and
filled in bulk: a home city with districts and schools under it, foreign cities taken from the gazetteer, the
home's own ties (sister cities, friendly-exchange cities, some still in progress), its units' ties, and the rest
between foreign cities (the partners of our partners the record knows), plus exchanges on the home's ties.
`bulk_create` writes no history on purpose: synthetic benchmark rows are nobody's edits.

Timed: `relations.expansion.world.suggestions_for` for the home with the cache cleared (the full computation: loading
the rows, scoring every gazetteer city, every kind), best and median of --repeat runs, and once more from the
cache. The gazetteer is loaded before timing (it is loaded once per process in production too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 1)


def say(message: str) -> None:
    print(message, flush=True)


def progress(message: str) -> None:
    """Progress of a child process: on stderr, shown live (stdout carries the child's result)."""
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ties", type=int, nargs="+", default=[5_000, 25_000], help="Tie counts to time.")
    parser.add_argument("--repeat", type=int, default=3, help="Timed runs per size (cache cleared before each).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--home-ties",
        type=int,
        default=100,
        help="How many of the ties are the home's own (issue 11 measured a home with 9,000).",
    )
    return parser.parse_args(argv)


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(ties: int, seed: int, home_ties: int = 100):
    """Fill the (empty, migrated) database; returns the home entity."""
    from contacts import gazetteer
    from contacts.models import Entity
    from contacts.search import entity_search_text
    from events.models import Event
    from relations.models import LayoutPlan, LayoutRule, Relation

    rng = random.Random(seed)
    cities = [c for c in gazetteer.cities() if c.country != "CN"]
    ningbo = gazetteer.lookup("Ningbo", "CN")[0]

    def entity(**fields) -> Entity:
        row = Entity(**fields)
        row.search_text = entity_search_text(row)
        return row

    home = entity(
        kind="city",
        name="宁波",
        name_zh="宁波",
        name_en="Ningbo",
        country="CN",
        domestic=True,
        latitude=ningbo.latitude,
        longitude=ningbo.longitude,
        population=ningbo.population,
        geonameid=ningbo.geonameid,
    )
    home.save()
    units = Entity.objects.bulk_create(
        [
            entity(kind="district" if n < 10 else "school", name=f"Unit {n}", country="CN", domestic=True, parent=home)
            for n in range(40)
        ]
    )
    # Foreign cities on file: about one for every four ties, the most populous most likely.
    chosen = rng.sample(cities[:25_000], min(len(cities), 25_000, max(200, ties // 4, home_ties + 100)))
    foreign = Entity.objects.bulk_create(
        [
            entity(
                kind="city",
                name=c.name,
                name_zh=c.name_zh,
                country=c.country,
                latitude=c.latitude,
                longitude=c.longitude,
                population=c.population,
                geonameid=c.geonameid,
            )
            for c in chosen
        ]
    )
    signed = dt.date(1985, 1, 1)
    rows: list[Relation] = []
    seen: set[tuple[int, int]] = set()

    def add(source, target, kind, status="signed"):
        if source.pk == target.pk or (source.pk, target.pk) in seen or (target.pk, source.pk) in seen:
            return
        seen.add((source.pk, target.pk))
        established = signed + dt.timedelta(days=rng.randrange(40 * 365)) if status == "signed" else None
        rows.append(
            Relation(
                source=source,
                target=target,
                kind=kind,
                status=status,
                established_on=established,
                status_since=established or TODAY - dt.timedelta(days=rng.randrange(900)),
            )
        )

    signed_count = home_ties * 4 // 5
    for partner in foreign[:signed_count]:
        add(home, partner, rng.choice(["sister_city", "friendly_exchange"]))
    for partner in foreign[signed_count:home_ties]:
        add(home, partner, "friendly_exchange", status=rng.choice(["contact", "intent", "applied"]))
    for unit in units:
        for partner in rng.sample(foreign, 5):
            add(unit, partner, "friendly_district" if unit.kind == "district" else "friendly_school")
    weights = [1.0 / (n + 1) ** 0.7 for n in range(len(foreign))]
    while len(rows) < ties:
        a, b = rng.choices(foreign, weights, k=2)
        add(a, b, "sister_city")
    Relation.objects.bulk_create(rows[:ties], batch_size=2_000)
    home_ties = list(Relation.objects.filter(source=home))
    events = Event.objects.bulk_create(
        [
            Event(
                kind="visit_in",
                status="held",
                title=f"Delegation {n}",
                start_date=TODAY - dt.timedelta(days=rng.randrange(2_000)),
                headcount=10,
            )
            for n in range(300)
        ]
    )
    through = Event.relations.through
    through.objects.bulk_create([through(event_id=e.pk, relation_id=rng.choice(home_ties).pk) for e in events])
    plan = LayoutPlan.objects.create(home=home, name="Layout 2026–2030", start_year=2026, end_year=2030)
    LayoutRule.objects.bulk_create(
        [
            LayoutRule(plan=plan, region="asean", tier="focus", target=10),
            LayoutRule(plan=plan, region="europe", tier="expand", target=20),
            LayoutRule(plan=plan, country="JP", tier="deepen"),
            LayoutRule(plan=plan, country="BR", tier="consider", target=1),
        ]
    )
    return home


def run_size(ties: int, args) -> dict:
    """Build one database in a fresh process state and time it (called in a child process per size)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contacts import gazetteer
    from relations.expansion.world import suggestions_for
    from relations.models import Relation

    progress(f"[{ties:,} ties] migrating a scratch database …")
    call_command("migrate", verbosity=0)
    progress(f"[{ties:,} ties] loading the gazetteer …")
    gazetteer.cities()
    gazetteer.countries()
    progress(f"[{ties:,} ties] building the world …")
    started = time.perf_counter()
    home = build(ties, args.seed, args.home_ties)
    progress(
        f"[{ties:,} ties] built in {time.perf_counter() - started:.1f} s: {Relation.objects.count():,} ties, "
        f"{len(gazetteer.cities()):,} gazetteer cities"
    )
    timings = []
    for run in range(1, args.repeat + 1):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            items = suggestions_for(home=home, today=TODAY, language="en")
            timings.append(time.perf_counter() - started)
        progress(
            f"[{ties:,} ties] run {run}/{args.repeat}: {timings[-1]:.3f} s, {len(queries)} queries, "
            f"{len(items)} suggestions"
        )
    started = time.perf_counter()
    suggestions_for(home=home, today=TODAY, language="en")
    cached = time.perf_counter() - started
    return {
        "ties": ties,
        "first": timings[0],
        "best": min(timings),
        "median": statistics.median(timings),
        "cached": cached,
        "queries": len(queries),
        "suggestions": len(items),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import json
    import subprocess

    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for ties in args.ties:
        database = folder / f"suggestions-{ties}.sqlite3"
        database.unlink(missing_ok=True)
        # One child process per size: a fresh database connection and fresh caches each time.
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--ties",
                str(ties),
                "--repeat",
                str(args.repeat),
                "--seed",
                str(args.seed),
                "--home-ties",
                str(args.home_ties),
            ],
            env={**os.environ, "BENCH_SUGGESTIONS_CHILD": str(database)},
            text=True,
            stdout=subprocess.PIPE,
            check=False,
        )
        lines = child.stdout.splitlines()
        if child.returncode != 0 or not lines:
            say(f"[{ties:,} ties] failed (exit {child.returncode})")
            return 1
        results.append(json.loads(lines[-1]))
        database.unlink(missing_ok=True)
    say("")
    say(f"home's own ties: {args.home_ties:,}; first: the first call of the process (reads the reference network)")
    say(
        f"{'ties':>8}  {'first (s)':>9}  {'best (s)':>9}  {'median (s)':>10}  {'cached (s)':>10}  {'queries':>7}  "
        f"{'suggestions':>11}"
    )
    for row in results:
        say(
            f"{row['ties']:>8,}  {row['first']:>9.3f}  {row['best']:>9.3f}  {row['median']:>10.3f}  "
            f"{row['cached']:>10.4f}  "
            f"{row['queries']:>7}  {row['suggestions']:>11}"
        )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        say(
            f"ratio {last['ties']:,} / {first['ties']:,} ties: {last['best'] / first['best']:.2f}x the time for "
            f"{last['ties'] / first['ties']:.0f}x the ties"
        )
    return 0


def child_main() -> int:
    import json

    args = parse_args()
    setup_django(Path(os.environ["BENCH_SUGGESTIONS_CHILD"]))
    result = run_size(args.ties[0], args)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(child_main() if os.environ.get("BENCH_SUGGESTIONS_CHILD") else main())
