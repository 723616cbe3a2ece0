"""`python manage.py evaluate_suggestions FILE [--holdout 0.1] [--cities 200] [--seeds 1 2 3]` or
`evaluate_suggestions --train FILE_A --test FILE_B`: how often the engine finds real partners it was not shown,
against baselines measured in the same run, per group of homes (see relations.expansion.evaluation)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relations.expansion import evaluation as ev
from relations.expansion import reference


class Command(BaseCommand):
    help = (
        "Evaluate the expansion suggestions on real twinning pairs: hide some ties of sampled cities (or score a "
        "later list against an earlier one with --train/--test), rank, and print Hits@10, Hits@50, MRR and "
        "country Hits@3 for the engine and the baselines, one table per group of homes. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="A city1,country1,city2,country2[,lat1,lng1,lat2,lng2] CSV, or the Wikidata TSV."
        )
        parser.add_argument("--train", help="Fit and rank on this list …")
        parser.add_argument("--test", help="… and score the pairs of this later list that the first lacks.")
        parser.add_argument("--holdout", type=float, default=0.1, help="Share of each sampled city's ties to hide.")
        parser.add_argument("--cities", type=int, default=200, help="How many cities to sample per group.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (the run is deterministic for it).")
        parser.add_argument("--seeds", type=int, nargs="+", default=None, help="Several seeds: tables and the mean.")
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
        parser.add_argument(
            "--no-reference",
            action="store_true",
            help="Leave the reference network out (by default the engine reads it, less every hidden tie).",
        )

    def handle(self, *args, **options):
        if options["train"] or options["test"]:
            if not (options["train"] and options["test"]) or options["file"]:
                raise CommandError("--train and --test go together, without FILE.")
            path, test_path = Path(options["train"]), Path(options["test"])
        elif options["file"]:
            path, test_path = Path(options["file"]), None
        else:
            raise CommandError("Give FILE, or --train FILE_A --test FILE_B.")
        for p in (path, test_path):
            if p is not None and not p.is_file():
                raise CommandError(f"No such file: {p}")
        if not 0 < options["holdout"] < 1:
            raise CommandError("--holdout must be between 0 and 1.")
        if options["cities"] < 1 or options["train_cities"] < 0:
            raise CommandError("--cities must be at least 1 and --train-cities not negative.")
        seeds = options["seeds"] or [options["seed"] if options["seed"] is not None else 1]
        verbosity = options["verbosity"]
        ties = () if options["no_reference"] else reference.ties()
        gazetteer = ev.gazetteer_load(options["min_population"])
        reports = []
        for seed in seeds:
            bar = None

            def progress(stage: str, done: int, total: int, seed=seed) -> None:
                nonlocal bar
                if verbosity < 1:
                    return
                if stage != "ranking":
                    self.stderr.write(f"seed {seed}: {stage}…")
                    return
                if bar is None:
                    from tqdm import tqdm

                    bar = tqdm(total=total, desc="ranking", unit="city", file=self.stderr._out, leave=False)
                bar.update(done - bar.n)

            report = ev.evaluate(
                path,
                holdout=options["holdout"],
                cities=options["cities"],
                seed=seed,
                min_population=options["min_population"],
                train_homes=options["train_cities"],
                progress=progress,
                gazetteer=gazetteer,
                reference_ties=ties,
                test_path=test_path,
            )
            if bar is not None:
                bar.close()
            reports.append(report)
            self._print(report, seed, options, test_path)
        if len(reports) > 1:
            for group in reports[0].groups:
                self.stdout.write(f"\n{group}: mean of seeds {', '.join(map(str, seeds))}")
                self.stdout.write(ev.rows_table(ev.mean_rows(reports, group)))

    def _print(self, report, seed, options, test_path):
        matching = report.matching
        self.stdout.write(
            f"\nSeed {seed}. Pairs matched to the gazetteer (population ≥ {options['min_population']:,}, "
            f"{report.gazetteer:,} places): {matching.rows_matched:,} of {matching.rows:,} rows "
            f"({matching.row_rate:.1%}); cities {matching.cities_matched:,} of {matching.cities:,} "
            f"({matching.city_rate:.1%}); {len(matching.edges):,} distinct ties; {report.reference:,} reference "
            "ties read (less the hidden ones)."
        )
        if test_path is None:
            self.stdout.write(
                f"Sampled {report.homes} cities, hid {report.hidden} ties (holdout {options['holdout']:g}, "
                f"seed {seed}); every gazetteer place is a candidate."
            )
        else:
            self.stdout.write(f"Scored the pairs of {test_path.name} that the training list lacks.")
        self.stdout.write(ev.report_table(report))
        self.stdout.write(
            "engine: weights fitted on the visible ties only (refitted on the visible ties of Chinese cities for "
            "Chinese homes); engine (default weights): the constants in relations/expansion/scoring.py."
        )
        if options["verbosity"] >= 2:
            self.stdout.write("Fitted weights: " + ", ".join(f"{k} {v:+.2f}" for k, v in report.weights.items()))
            for code, weights in report.group_weights.items():
                self.stdout.write(f"Fitted weights ({code}): " + ", ".join(f"{k} {v:+.2f}" for k, v in weights.items()))
        beats = ev.engine_beats_baselines(report)
        message = (
            f"The engine {'beats' if beats else 'does NOT beat'} every baseline on every metric for all homes "
            f"({report.seconds:.0f} s)."
        )
        self.stdout.write(self.style.SUCCESS(message) if beats else self.style.WARNING(message))
