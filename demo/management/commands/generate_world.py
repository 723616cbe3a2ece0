"""Fill the database with a synthetic world for benchmarks (bulk inserts, no history: see bench/world.py)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.synthetic import world_generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic world of N entities, M ties and K events for benchmarks (bulk inserts, no "
        "history rows). Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entities", type=int, default=2000, help="number of entities (default 2000)")
        parser.add_argument("--ties", type=int, default=5000, help="number of ties (default 5000)")
        parser.add_argument("--events", type=int, default=20000, help="number of events (default 20000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch-size", type=int, default=2000, help="rows per bulk insert (default 2000)")

    def handle(self, *args, **options):
        entities, ties, events = options["entities"], options["ties"], options["events"]
        if min(entities, ties, events) < 0:
            raise CommandError("Counts cannot be negative.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        quiet = options["verbosity"] == 0
        with tqdm(
            total=entities + ties + events, unit="rows", disable=quiet, desc="world", file=self.stderr._out
        ) as bar:
            try:
                size = world_generate(
                    entities=entities,
                    ties=ties,
                    events=events,
                    seed=options["seed"],
                    batch_size=options["batch_size"],
                    progress=bar.update,
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated {size.entities:,} entities, {size.ties:,} ties and {size.events:,} events."
                )
            )
