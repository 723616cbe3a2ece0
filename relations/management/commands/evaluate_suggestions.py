"""`python manage.py evaluate_suggestions FILE [--holdout 0.1] [--cities 200] [--seed 1]`: how often the engine
finds real partners it was not shown, against baselines measured in the same run (see
relations.expansion.evaluation)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relations.expansion.evaluation import engine_beats_baselines, evaluate, report_table


class Command(BaseCommand):
    help = (
        "Evaluate the expansion suggestions on real twinning pairs: hide some ties of sampled cities, rank, "
        "and print Hits@10, Hits@50, MRR and country Hits@3 for the engine and the baselines. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A city1,country1,city2,country2 CSV, or the Wikidata TSV export.")
        parser.add_argument("--holdout", type=float, default=0.1, help="Share of each sampled city's ties to hide.")
        parser.add_argument("--cities", type=int, default=200, help="How many cities to sample.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (the run is deterministic for it).")
        parser.add_argument(
            "--min-population",
            type=int,
            default=1000,
            choices=(500, 1000, 5000, 15000),
            help="The gazetteer's population floor (default 1000: small towns twin too).",
        )
        parser.add_argument(
            "--train-cities", type=int, default=1000, help="Cities whose visible ties train the engine's weights."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if not 0 < options["holdout"] < 1:
            raise CommandError("--holdout must be between 0 and 1.")
        if options["cities"] < 1 or options["train_cities"] < 0:
            raise CommandError("--cities must be at least 1 and --train-cities not negative.")
        verbosity = options["verbosity"]
        bar = None

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal bar
            if verbosity < 1:
                return
            if stage != "ranking":
                self.stderr.write(f"{stage}…")
                return
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=total, desc="ranking", unit="city", file=self.stderr._out, leave=False)
            bar.update(done - bar.n)

        report = evaluate(
            path,
            holdout=options["holdout"],
            cities=options["cities"],
            seed=options["seed"],
            min_population=options["min_population"],
            train_homes=options["train_cities"],
            progress=progress,
        )
        if bar is not None:
            bar.close()
        matching = report.matching
        self.stdout.write(
            f"Pairs matched to the gazetteer (population ≥ {options['min_population']:,}, "
            f"{report.gazetteer:,} places): {matching.rows_matched:,} of {matching.rows:,} rows "
            f"({matching.row_rate:.1%}); cities {matching.cities_matched:,} of {matching.cities:,} "
            f"({matching.city_rate:.1%}); {len(matching.edges):,} distinct ties."
        )
        self.stdout.write(
            f"Sampled {report.homes} cities, hid {report.hidden} ties (holdout {options['holdout']:g}, "
            f"seed {options['seed']}); every gazetteer place is a candidate."
        )
        self.stdout.write(report_table(report))
        self.stdout.write(
            "engine: weights fitted on the visible ties only; engine (default weights): the constants "
            "in relations/expansion/scoring.py (fitted once on the whole shared file, for reference)."
        )
        if verbosity >= 2:
            self.stdout.write("Fitted weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in report.weights.items()))
        beats = engine_beats_baselines(report)
        message = (
            f"The engine {'beats' if beats else 'does NOT beat'} every baseline on every metric "
            f"({report.seconds:.0f} s)."
        )
        self.stdout.write(self.style.SUCCESS(message) if beats else self.style.WARNING(message))
