"""`python manage.py fit_suggestion_weights [--seed 1] [--homes 1000]`: refit the weights the suggestions ship
with on the reference network in use, and print them as the Python dicts of relations/expansion/scoring.py
(DEFAULT_WEIGHTS' learned entries and CHINA_WEIGHTS). Writes nothing."""

from django.core.management.base import BaseCommand

from relations.expansion import evaluation as ev
from relations.expansion import reference
from relations.expansion.scoring import DEFAULT_WEIGHTS


class Command(BaseCommand):
    help = "Refit the suggestions' weights on the reference network (general, and for Chinese homes) and print them."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--homes", type=int, default=1000, help="Cities trained on (each group).")
        parser.add_argument("--country", default="CN", help="The home country refitted on its own (default CN).")

    def handle(self, *args, **options):
        if options["verbosity"] >= 1:
            self.stderr.write("fitting…")
        general, specific, n_general, n_specific = ev.fit_product_weights(
            reference.ties(), homes=options["homes"], seed=options["seed"], country=options["country"].upper()
        )

        def literal(weights):
            merged = {**DEFAULT_WEIGHTS, **{k: round(v, 2) for k, v in weights.items()}}
            return "{\n" + "".join(f'    "{k}": {v},\n' for k, v in merged.items()) + "}"

        self.stdout.write(f"# general: {n_general} training groups (seed {options['seed']})")
        self.stdout.write("DEFAULT_WEIGHTS = " + literal(general))
        self.stdout.write(f"# {options['country'].upper()}: {n_specific} training groups")
        self.stdout.write("CHINA_WEIGHTS = " + literal(specific))
