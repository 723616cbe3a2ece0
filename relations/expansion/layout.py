"""The layout plan against today (友城布局): ties per country and region, each rule's tier, target and shortfall.

The arithmetic (counting ties, a country's tier, the shortfall) is pure and tested without the database;
`layout_for()` at the bottom loads the rows (a fixed number of queries) and hands them over.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from relations.choices import CLOSED_STATUSES, LIVE_SIGNED_STATUSES, PARTNERSHIP_KINDS, PlanTier

# Most urgent first: the order rules are shown and gaps are filled in.
TIER_ORDER = (PlanTier.FOCUS, PlanTier.DEEPEN, PlanTier.EXPAND, PlanTier.CONSIDER, PlanTier.AVOID)
TIER_RANK = {str(tier): rank for rank, tier in enumerate(TIER_ORDER)}
# Without a target number, a rule of these tiers still wants at least one live partner in its area.
TIERS_WANTING_ONE = (PlanTier.FOCUS, PlanTier.EXPAND, PlanTier.CONSIDER)


@dataclass(frozen=True)
class TieFact:
    """One tie of the home side as the layout counts it: the partner's country, the tie's kind and status."""

    country: str
    kind: str
    status: str


@dataclass(frozen=True)
class RuleFact:
    """One rule of a plan: a region code or a country, its tier, and the target number of ties (or None)."""

    tier: str
    region: str = ""
    country: str = ""
    target: int | None = None
    id: int | None = None
    notes: str = ""

    @property
    def code(self) -> str:
        return self.region or self.country


@dataclass
class Tally:
    """Ties counted for a country or a region."""

    live: int = 0  # partnerships in force (signed or dormant): what the plan's targets count
    in_progress: int = 0  # partnerships on their way (first contact … approved)
    total: int = 0  # every tie not ended or upgraded away, of any kind
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.live += other.live
        self.in_progress += other.in_progress
        self.total += other.total
        self.by_kind.update(other.by_kind)
        self.by_status.update(other.by_status)

    def as_dict(self) -> dict:
        return {
            "live": self.live,
            "in_progress": self.in_progress,
            "total": self.total,
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_status": dict(sorted(self.by_status.items())),
        }


# --- pure arithmetic -----------------------------------------------------------------------------------------------


def is_live_partnership(kind: str, status: str) -> bool:
    return kind in PARTNERSHIP_KINDS and status in LIVE_SIGNED_STATUSES


def is_in_progress(kind: str, status: str) -> bool:
    return kind in PARTNERSHIP_KINDS and status not in LIVE_SIGNED_STATUSES and status not in CLOSED_STATUSES


def tally_by_country(ties: Iterable[TieFact]) -> dict[str, Tally]:
    """Ties per partner country; closed ties (ended, upgraded away) are not counted, ties without a country are
    counted under ''."""
    tallies: dict[str, Tally] = {}
    for tie in ties:
        if tie.status in CLOSED_STATUSES:
            continue
        tally = tallies.setdefault(tie.country or "", Tally())
        tally.total += 1
        tally.by_kind[tie.kind] += 1
        tally.by_status[tie.status] += 1
        if is_live_partnership(tie.kind, tie.status):
            tally.live += 1
        elif is_in_progress(tie.kind, tie.status):
            tally.in_progress += 1
    return tallies


def tally_of(countries: Iterable[str], by_country: Mapping[str, Tally]) -> Tally:
    """The sum of the tallies of `countries` (each counted once)."""
    total = Tally()
    for code in sorted(set(countries)):
        if code in by_country:
            total.add(by_country[code])
    return total


def wanted(rule: RuleFact) -> int:
    """How many live ties the rule wants in its area: its target, else one for focus/expand/consider, else none."""
    if rule.target is not None:
        return rule.target
    return 1 if rule.tier in TIERS_WANTING_ONE else 0


def shortfall(target: int | None, live: int) -> int | None:
    """target − live partnership ties, never below 0; None when the rule sets no target."""
    if target is None:
        return None
    return max(0, target - live)


def gap(rule: RuleFact, live: int) -> int:
    """How many more live ties the rule asks for (0 for `avoid` and when satisfied)."""
    if rule.tier == PlanTier.AVOID:
        return 0
    return max(0, wanted(rule) - live)


def rules_in_order(rules: Iterable[RuleFact]) -> list[RuleFact]:
    """Focus first … avoid last; countries before regions within a tier, then by code."""
    return sorted(rules, key=lambda r: (TIER_RANK.get(r.tier, 99), bool(r.region), r.code, r.id or 0))


def country_tiers(rules: Iterable[RuleFact], members: Mapping[str, Sequence[str]]) -> dict[str, tuple[RuleFact, str]]:
    """country -> (the rule that sets its tier, the region code it comes through or '').

    A rule naming the country wins; otherwise the most specific region containing it (fewest members), then the
    more urgent tier, then the code — so the answer does not depend on the order the rules were entered.
    """
    found: dict[str, tuple[RuleFact, str]] = {}
    for rule in rules:
        if rule.country:
            current = found.get(rule.country)
            if current is None or current[1] or TIER_RANK.get(rule.tier, 99) < TIER_RANK.get(current[0].tier, 99):
                found[rule.country] = (rule, "")
    region_rules = sorted(
        (r for r in rules if r.region),
        key=lambda r: (len(members.get(r.region, ())), TIER_RANK.get(r.tier, 99), r.region),
    )
    for rule in region_rules:
        for code in members.get(rule.region, ()):
            found.setdefault(code, (rule, rule.region))
    return found


def layout_rows(
    ties: Iterable[TieFact], rules: Sequence[RuleFact], members: Mapping[str, Sequence[str]]
) -> dict[str, list[dict]]:
    """The layout as plain rows: {"countries": [...], "regions": [...], "rules": [...]} (names are added later).

    Countries: every country with a tie or touched by a rule. A country's `target` and `shortfall` are those of a
    rule naming it directly; through a region it only inherits the tier (`via` names the region).
    """
    by_country = tally_by_country(ties)
    tiers = country_tiers(rules, members)
    codes = sorted((set(by_country) - {""}) | set(tiers))
    countries = []
    for code in codes:
        tally = by_country.get(code, Tally())
        rule, via = tiers.get(code, (None, ""))
        direct = rule is not None and not via
        countries.append(
            {
                "code": code,
                **tally.as_dict(),
                "tier": rule.tier if rule else "",
                "via": via,
                "target": rule.target if direct else None,
                "shortfall": (shortfall(rule.target, tally.live) or 0) if direct else 0,
            }
        )
    regions = []
    rule_rows = []
    for rule in rules_in_order(rules):
        scope = members.get(rule.region, ()) if rule.region else (rule.country,)
        tally = tally_of(scope, by_country)
        row = {
            "id": rule.id,
            "code": rule.code,
            "scope": "region" if rule.region else "country",
            "tier": rule.tier,
            **tally.as_dict(),
            "target": rule.target,
            "shortfall": shortfall(rule.target, tally.live),
            "gap": gap(rule, tally.live),
            "notes": rule.notes,
        }
        rule_rows.append(row)
        if rule.region:
            regions.append({**row, "countries": sorted(scope)})
    return {"countries": countries, "regions": regions, "rules": rule_rows}


# --- loading -------------------------------------------------------------------------------------------------------


def plan_current(home, today: date | None = None, *, prefetch: bool = False):
    """The home's plan in force: the one covering this year (latest start first), else the latest one.

    One query (three with `prefetch`: the rules and named targets of every plan of the home come along)."""
    from django.utils import timezone

    from relations.models import LayoutPlan

    year = (today or timezone.localdate()).year
    plans = LayoutPlan.objects.filter(home=home).order_by("-start_year", "-id")
    if prefetch:
        plans = plans.prefetch_related("rules", "targets")
    plans = list(plans)
    current = [p for p in plans if p.start_year <= year <= p.end_year]
    return (current or plans or [None])[0]


def home_tie_facts(home_id: int, units: set[int]) -> list[TieFact]:
    """The ties of the home and its units with partners outside our side, by the partner's country (one query)."""
    from django.db.models import Q

    from relations.models import Relation

    ours = {home_id, *units}
    rows = (
        Relation.objects.filter(Q(source_id__in=ours) | Q(target_id__in=ours))
        .exclude(status__in=CLOSED_STATUSES)
        .values_list(
            "source_id",
            "target_id",
            "kind",
            "status",
            "source__country",
            "target__country",
            "source__domestic",
            "target__domestic",
        )
    )
    facts = []
    for source, target, kind, status, source_country, target_country, source_domestic, target_domestic in rows:
        if source in ours and not target_domestic:
            facts.append(TieFact(country=target_country or "", kind=kind, status=status))
        elif target in ours and not source_domestic:
            facts.append(TieFact(country=source_country or "", kind=kind, status=status))
    return facts


def _country_names(code: str) -> tuple[str, str]:
    from django.utils import translation
    from django_countries import countries

    name = str(countries.name(code)) if code else ""
    with translation.override("zh-hans"):
        name_zh = str(countries.name(code)) if code else ""
    return name, name_zh


def layout_for(*, home, plan=None, today: date | None = None) -> dict:
    """The layout of the home's ties against its plan (the one in force unless `plan` is given), named in the
    active language: cached under the fingerprint of what it reads (one query when cached; five more otherwise,
    whatever the number of ties). A home with thousands of ties costs a tenth of a second to tally."""
    from django.utils import timezone

    from contacts.models import Entity, Region
    from core.versions import cached_answer
    from relations.models import LayoutPlan, LayoutRule, LayoutTarget, Relation

    today = today or timezone.localdate()
    return cached_answer(
        "layout",
        (home.pk, plan.pk if plan is not None else None, today.year),
        (Relation, Entity, LayoutPlan, LayoutRule, LayoutTarget, Region),
        lambda: _layout_compute(home=home, plan=plan, today=today),
    )


def _layout_compute(*, home, plan, today: date) -> dict:
    from contacts.models import Region
    from contacts.territories import foreign_members

    if plan is None:
        plan = plan_current(home, today, prefetch=True)
    rules: list[RuleFact] = []
    members: dict[str, list[str]] = {}
    region_names: dict[str, tuple[str, str]] = {}
    if plan is not None:
        rules = [
            RuleFact(
                tier=r.tier, region=r.region, country=str(r.country or ""), target=r.target, id=r.pk, notes=r.notes
            )
            for r in plan.rules.all()
        ]
        codes = sorted({r.region for r in rules if r.region})
        for code, name, name_zh, countries in Region.objects.filter(code__in=codes).values_list(
            "code", "name", "name_zh", "countries"
        ):
            # Hong Kong, Macao and Taiwan are parts of China: a region's rule counts foreign countries only.
            members[code] = foreign_members(countries or [])
            region_names[code] = (name or code, name_zh or name or code)
    from relations.expansion.world import home_units

    units = home_units(home.pk)
    rows = layout_rows(home_tie_facts(home.pk, units), rules, members)
    tier_labels = {str(t.value): str(t.label) for t in PlanTier}
    for row in rows["countries"]:
        row["name"], row["name_zh"] = _country_names(row["code"])
        row["tier_label"] = tier_labels.get(row["tier"], "")
    for row in [*rows["regions"], *rows["rules"]]:
        if row["scope"] == "region":
            row["name"], row["name_zh"] = region_names.get(row["code"], (row["code"], row["code"]))
        else:
            row["name"], row["name_zh"] = _country_names(row["code"])
        row["tier_label"] = tier_labels.get(row["tier"], row["tier"])
    return {
        "home": {"id": home.pk, "name": home.name, "name_zh": home.name_zh, "country": str(home.country or "")},
        "plan": (
            {"id": plan.pk, "name": plan.name, "start_year": plan.start_year, "end_year": plan.end_year}
            if plan is not None
            else None
        ),
        **rows,
    }
