"""Import benchmark (issue 12): the worldwide ties file through the importer, against a bare bulk insert of the same
rows.

    .venv/bin/python bench/bench_import.py                      # every row of ../shared/data/twinning/…csv
    .venv/bin/python bench/bench_import.py --rows 2000          # the first 2,000 rows

A fresh SQLite database under var/bench/ (never the project's), migrated. Rows whose country the importer does not
know (Kosovo, typos) are left out first, so that the all-or-nothing import can succeed. The file pairs foreign cities
with each other, but a sister-city tie joins one of our own (domestic) places to a foreign one (relations.lifecycle):
so, as in an office whose own city and districts are on file before its ties are imported, the file's first cities
(city1) are filed as domestic places before either timing, and the rows whose partner (city2) is also one of those
are left out (of the 25,917 rows, 14,984 remain). Timed, each on a database holding only those places:
  1. the import: `imports.services.import_file` with the defaults kind=sister_city, status=contact: every row read,
     both ends matched or filed (from the gazetteer where it knows the city), validated, written with its first
     step and history rows, all in one transaction;
  2. a bare insert of the same records: the distinct cities and the ties with `bulk_create`, no matching, no
     validation, no history, no steps.
The ratio (bare time / import time) is the importer's speed as a fraction of the bare insert (the goal is >= 1/3).
The gazetteer is loaded before timing (a server process holds it in memory).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NAME = Path("shared") / "data" / "twinning" / "world_wikipedia_twin_cities.csv"
DATA = next((p / _NAME for p in (ROOT.parent, ROOT.parent.parent) if (p / _NAME).is_file()), ROOT.parent / _NAME)


def say(message: str) -> None:
    print(message, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=0, help="only the first N rows (0: all)")
    parser.add_argument("--file", default=str(DATA))
    parser.add_argument("--profile", metavar="FILE", help="also write the import's cProfile statistics to FILE")
    args = parser.parse_args()
    if not Path(args.file).is_file():
        say(f"no file {args.file}: skipped")
        return 0
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    db = bench_dir / "import.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from tqdm import tqdm

    from contacts import gazetteer
    from contacts.models import Entity
    from core.imports import CountryWidget
    from imports import services
    from relations.models import Relation
    from relations.resources import _country_resolver

    gazetteer.cities()
    countries = CountryWidget(resolve=_country_resolver())
    with open(args.file, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if args.rows:
        rows = rows[: args.rows]

    def code(label: str) -> str:
        try:
            return countries.clean(label)
        except ValueError:
            return ""

    kept = [
        r for r in rows if code(r["country1"]) and code(r["country2"]) and r["city1"].strip() and r["city2"].strip()
    ]
    kept = [r for r in kept if (r["city1"].strip(), r["country1"]) != (r["city2"].strip(), r["country2"])]
    from contacts.search import search_terms

    ours = {(r["city1"].strip(), code(r["country1"])) for r in kept}
    # as the importer matches names: accents, case and scripts folded (Chisinau is Chișinău)
    folded_ours = {(term, country) for name, country in ours for term in search_terms(name)[:2]}
    kept = [
        r for r in kept
        if not any((term, code(r["country2"])) in folded_ours for term in search_terms(r["city2"].strip())[:2])
    ]  # fmt: skip
    say(f"{len(rows)} rows, {len(kept)} kept (known countries, two different cities, a partner not on our side)")

    def file_our_side() -> None:
        Entity.objects.bulk_create(
            [Entity(kind="city", name=name, country=country, domestic=True, search_text=name.casefold())
             for name, country in sorted(ours)], batch_size=2000,
        )  # fmt: skip
        # as the model's save() writes it (the importer matches names through it)
        from contacts.search import entity_search_text

        places = list(Entity.objects.all())
        for place in places:
            place.search_text = entity_search_text(place)
        Entity.objects.bulk_update(places, ["search_text"], batch_size=2000)

    file_our_side()

    def file_bytes(chosen) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(chosen)
        return buffer.getvalue().encode("utf-8")

    defaults = {"kind": "sister_city", "status": "contact"}
    # Untimed: rows the preview refuses are left out, so that the all-or-nothing import writes (names the
    # gazetteer turns into one of our own places' names are ambiguous, and refused as they should be).
    for _attempt in range(3):
        preview = services.import_preview(kind="ties", content=file_bytes(kept), file_name="world.csv",
                                          defaults=defaults)  # fmt: skip
        wrong = {row.number for row in preview.rows if row.status == "error"}
        if not wrong:
            break
        say(f"preview: {len(wrong)} rows refused, left out (first: {preview.messages()[:1]})")
        kept = [r for n, r in enumerate(kept, start=2) if n not in wrong]
    content = file_bytes(kept)

    bar = tqdm(total=len(kept), unit="row", desc="import")
    done = [0]

    def progress(number: int) -> None:
        bar.update(number - done[0])
        done[0] = number

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        record, report = services.import_file(
            kind="ties", content=content, file_name="world.csv", by=None, defaults=defaults, progress=progress,
        )  # fmt: skip
        outcome = f"imported as #{record.pk}: {report.counts}"
    except services.ImportRefused as refused:
        outcome = f"refused (nothing written): {refused.report.counts}; first: {refused.report.messages()[:3]}"
    import_seconds, import_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    bar.close()
    entities, ties = Entity.objects.count(), Relation.objects.count()
    say(
        f"import: {import_seconds:.1f} s ({import_cpu:.1f} s of CPU), {len(kept) / import_seconds:.0f} rows/s; "
        f"{outcome}"
    )
    say(f"  {entities} entities and {ties} ties on file")

    from relations.models import RelationStep

    # Emptied without a history row per record (untimed; the import's own records are not the bare insert's)
    for model in (RelationStep, RelationStep.history.model, Relation, Relation.history.model, Entity,
                  Entity.history.model):  # fmt: skip
        model.objects.all()._raw_delete(model.objects.db)
    file_our_side()

    def unsaved_ties() -> list:
        """One tie per distinct pair of the kept rows, between the places now on file (both bare timings)."""
        saved = {(e.name, str(e.country)): e for e in Entity.objects.all()}
        pairs, ties = set(), []
        for r in kept:
            a = saved[(r["city1"].strip(), code(r["country1"]))]
            b = saved[(r["city2"].strip(), code(r["country2"]))]
            pair = frozenset((a.pk, b.pk))
            if pair not in pairs:
                pairs.add(pair)
                ties.append(Relation(kind="sister_city", source=a, target=b, status="contact"))
        return ties

    start, start_cpu = time.perf_counter(), time.process_time()
    cities: dict[tuple[str, str], Entity] = {}
    for r in kept:
        for end in ("1", "2"):
            key = (r[f"city{end}"].strip(), code(r[f"country{end}"]))
            if key not in cities:
                cities[key] = Entity(kind="city", name=key[0], country=key[1])
    Entity.objects.bulk_create([c for key, c in cities.items() if key not in ours], batch_size=2000)
    ties_bare = unsaved_ties()
    Relation.objects.bulk_create(ties_bare, batch_size=2000)
    bare_seconds, bare_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    say(
        f"bare bulk insert: {bare_seconds:.1f} s ({bare_cpu:.1f} s of CPU; {len(cities)} entities, "
        f"{len(ties_bare)} ties)"
    )
    say(
        f"ratio (bare / import): {bare_seconds / import_seconds:.3f} (goal >= 0.333); "
        f"in CPU time, which a busy shared machine disturbs less: {bare_cpu / import_cpu:.3f}"
    )

    # 3. The same database rows as the import writes (places, ties, first steps and the history row of each), in
    # bulk through django-simple-history, with no matching and no validation: the floor of any import that keeps
    # the brief's rule that every write is in history.
    for model in (Relation, Entity):
        model.objects.all()._raw_delete(model.objects.db)
    file_our_side()
    from simple_history.utils import bulk_create_with_history

    start, start_cpu = time.perf_counter(), time.process_time()
    fresh = [Entity(kind="city", name=c.name, country=c.country) for key, c in cities.items() if key not in ours]
    bulk_create_with_history(fresh, Entity, batch_size=1000)
    ties_full = unsaved_ties()
    bulk_create_with_history(ties_full, Relation, batch_size=1000)
    today = dt.date.today()
    steps = [RelationStep(relation=t, to_status="contact", date=today) for t in ties_full]
    bulk_create_with_history(steps, RelationStep, batch_size=1000)
    full_seconds, full_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    say(
        f"bare bulk insert of the same database rows as the import (places, ties, first steps, a history row "
        f"each): {full_seconds:.1f} s ({full_cpu:.1f} s of CPU)"
    )
    say(f"ratio (that / import): {full_seconds / import_seconds:.3f}; in CPU time: {full_cpu / import_cpu:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
