"""The layout arithmetic (pure): ties per country and region, tiers, targets and shortfalls."""

from relations.expansion.layout import (
    RuleFact,
    TieFact,
    country_tiers,
    gap,
    layout_rows,
    rules_in_order,
    shortfall,
    tally_by_country,
    wanted,
)

MEMBERS = {
    "asean": ["KH", "LA", "TH", "VN"],
    "asia": ["KH", "LA", "TH", "VN", "JP", "KR"],
    "eastern-asia": ["JP", "KR"],
}
TIES = [
    TieFact("JP", "sister_city", "signed"),
    TieFact("JP", "friendly_exchange", "dormant"),
    TieFact("JP", "friendly_school", "signed"),
    TieFact("KR", "sister_city", "signed"),
    TieFact("KR", "friendly_exchange", "intent"),
    TieFact("TH", "friendly_exchange", "applied"),
    TieFact("TH", "position", "signed"),  # a post held: counted as a tie, not as a partnership
    TieFact("VN", "sister_city", "ended"),  # closed: not counted
    TieFact("VN", "friendly_exchange", "upgraded"),
    TieFact("", "cooperation", "signed"),  # no country
]


def test_shortfall_is_target_minus_live_never_below_zero():
    assert shortfall(5, 2) == 3
    assert shortfall(2, 2) == 0
    assert shortfall(1, 4) == 0
    assert shortfall(0, 0) == 0
    assert shortfall(None, 3) is None


def test_a_rule_without_target_wants_one_partner_unless_deepen_or_avoid():
    assert wanted(RuleFact(tier="focus")) == 1 and wanted(RuleFact(tier="consider")) == 1
    assert wanted(RuleFact(tier="deepen")) == 0 and wanted(RuleFact(tier="avoid")) == 0
    assert wanted(RuleFact(tier="deepen", target=4)) == 4
    assert gap(RuleFact(tier="avoid", target=3), 0) == 0
    assert gap(RuleFact(tier="expand", target=3), 1) == 2


def test_tally_counts_live_in_progress_and_every_open_tie():
    tallies = tally_by_country(TIES)
    assert (tallies["JP"].live, tallies["JP"].in_progress, tallies["JP"].total) == (3, 0, 3)
    assert (tallies["KR"].live, tallies["KR"].in_progress, tallies["KR"].total) == (1, 1, 2)
    assert (tallies["TH"].live, tallies["TH"].in_progress, tallies["TH"].total) == (0, 1, 2)
    assert "VN" not in tallies
    assert tallies["JP"].by_kind == {"sister_city": 1, "friendly_exchange": 1, "friendly_school": 1}
    assert tallies["JP"].by_status == {"signed": 2, "dormant": 1}


def test_country_tier_comes_from_its_own_rule_else_the_most_specific_region():
    rules = [
        RuleFact(tier="consider", region="asia"),
        RuleFact(tier="focus", region="asean"),
        RuleFact(tier="deepen", region="eastern-asia"),
        RuleFact(tier="expand", country="JP"),
    ]
    tiers = country_tiers(rules, MEMBERS)
    assert tiers["JP"] == (rules[3], "")
    assert tiers["KR"] == (rules[2], "eastern-asia")
    assert tiers["KH"] == (rules[1], "asean")
    # The answer does not depend on the order the rules were entered in.
    assert country_tiers(list(reversed(rules)), MEMBERS) == tiers


def test_rules_come_focus_first():
    rules = [
        RuleFact(tier="avoid", country="KP"),
        RuleFact(tier="expand", region="europe"),
        RuleFact(tier="focus", region="asean"),
        RuleFact(tier="focus", country="KH"),
    ]
    assert [r.code for r in rules_in_order(rules)] == ["KH", "asean", "europe", "KP"]


def test_layout_rows_give_each_country_and_region_its_figures():
    rules = [
        RuleFact(tier="focus", region="asean", target=5, id=1),
        RuleFact(tier="deepen", country="JP", id=2),
        RuleFact(tier="expand", country="KR", target=3, id=3),
        RuleFact(tier="focus", country="LA", id=4),
    ]
    rows = layout_rows(TIES, rules, MEMBERS)
    countries = {row["code"]: row for row in rows["countries"]}
    assert set(countries) == {"JP", "KR", "TH", "KH", "LA", "VN"}
    assert (countries["KR"]["tier"], countries["KR"]["target"], countries["KR"]["shortfall"]) == ("expand", 3, 2)
    assert (countries["TH"]["tier"], countries["TH"]["via"], countries["TH"]["shortfall"]) == ("focus", "asean", 0)
    assert countries["TH"]["in_progress"] == 1 and countries["TH"]["live"] == 0
    assert countries["JP"]["live"] == 3 and countries["JP"]["target"] is None
    region = rows["regions"][0]
    assert (
        region["code"],
        region["live"],
        region["in_progress"],
        region["target"],
        region["shortfall"],
        region["gap"],
    ) == ("asean", 0, 1, 5, 5, 5)
    assert region["countries"] == ["KH", "LA", "TH", "VN"]
    by_code = {row["code"]: row for row in rows["rules"]}
    assert by_code["LA"]["shortfall"] is None and by_code["LA"]["gap"] == 1  # no target: wants one partner
    assert by_code["JP"]["gap"] == 0
    assert [row["code"] for row in rows["rules"]] == ["LA", "asean", "JP", "KR"]
