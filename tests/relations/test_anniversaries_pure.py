"""relations.anniversaries: pure date arithmetic, tested without the database."""

from datetime import date

import pytest

from relations.anniversaries import (
    add_months,
    anniversary_date,
    chain_first_dates,
    is_milestone,
    milestones_first,
    ordinal_suffix,
    upcoming,
    years_between,
)


def test_a_tie_signed_on_29_february_has_its_anniversary_on_28_february_in_common_years():
    assert anniversary_date(date(2000, 2, 29), 2027) == date(2027, 2, 28)
    assert anniversary_date(date(2000, 2, 29), 2028) == date(2028, 2, 29)
    assert anniversary_date(date(2004, 3, 1), 2027) == date(2027, 3, 1)


def test_years_between_counts_the_anniversary_day_as_completed():
    assert years_between(date(2006, 11, 5), date(2026, 11, 4)) == 19
    assert years_between(date(2006, 11, 5), date(2026, 11, 5)) == 20
    assert years_between(date(2000, 2, 29), date(2027, 2, 28)) == 27
    assert years_between(date(2000, 2, 29), date(2027, 2, 27)) == 26


@pytest.mark.parametrize("years", [1, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 100])
def test_round_years_are_milestones(years):
    assert is_milestone(years)


@pytest.mark.parametrize("years", [0, 2, 3, 4, 6, 11, 12, 35, 45, 55, 65, 101])
def test_other_years_are_not_milestones(years):
    assert not is_milestone(years)


def test_add_months_clamps_the_day_to_the_month_and_crosses_years():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 18) == date(2027, 5, 15)
    assert add_months(date(2026, 3, 31), -9) == date(2025, 6, 30)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_english_ordinal_suffixes():
    assert [ordinal_suffix(n) for n in (1, 2, 3, 4, 11, 12, 13, 20, 21, 22, 23, 101, 111)] == [
        "st",
        "nd",
        "rd",
        "th",
        "th",
        "th",
        "th",
        "th",
        "st",
        "nd",
        "rd",
        "st",
        "th",
    ]


def test_upcoming_finds_anniversaries_across_a_year_end_in_date_order():
    ties = [("daegu", date(2006, 1, 10)), ("aachen", date(1996, 12, 20)), ("rouen", date(2015, 6, 1))]
    found = upcoming(ties, date(2025, 11, 1), date(2026, 2, 1))
    assert [(a.tie, a.date, a.years) for a in found] == [
        ("aachen", date(2025, 12, 20), 29),
        ("daegu", date(2026, 1, 10), 20),
    ]
    assert [a.milestone for a in found] == [False, True]


def test_upcoming_includes_both_ends_of_the_window_and_several_years_of_one_tie():
    found = upcoming([(1, date(2010, 5, 20))], date(2025, 5, 20), date(2027, 5, 20))
    assert [(a.date, a.years) for a in found] == [
        (date(2025, 5, 20), 15),
        (date(2026, 5, 20), 16),
        (date(2027, 5, 20), 17),
    ]


def test_upcoming_on_29_february_tie_falls_on_28_february_in_a_common_year():
    found = upcoming([("leap", date(2000, 2, 29))], date(2027, 1, 1), date(2027, 12, 31))
    assert [(a.date, a.years) for a in found] == [(date(2027, 2, 28), 27)]


def test_upcoming_skips_year_zero_ties_without_a_date_and_empty_windows():
    assert upcoming([("new", date(2025, 6, 1))], date(2025, 1, 1), date(2025, 12, 31)) == []
    assert upcoming([("undated", None)], date(2025, 1, 1), date(2025, 12, 31)) == []
    assert upcoming([("x", date(2000, 1, 1))], date(2025, 12, 31), date(2025, 1, 1)) == []


def test_milestones_come_first_then_the_others_by_date():
    ties = [("a", date(2013, 3, 1)), ("b", date(2016, 9, 1)), ("c", date(2006, 12, 1))]
    found = upcoming(ties, date(2026, 1, 1), date(2026, 12, 31))
    assert [(a.tie, a.years) for a in found] == [("a", 13), ("b", 10), ("c", 20)]
    assert [a.tie for a in milestones_first(found)] == ["b", "c", "a"]


def test_chain_first_dates_count_an_upgraded_tie_from_its_first_signing():
    # 3 (sister city, signed 2016) was upgraded from 2 (friendly exchange, 2006), itself from 1 (MoU, 2001).
    rows = [(1, None, date(2001, 4, 1)), (2, 1, date(2006, 11, 5)), (3, 2, date(2016, 11, 5)), (4, None, None)]
    assert chain_first_dates(rows) == {1: date(2001, 4, 1), 2: date(2001, 4, 1), 3: date(2001, 4, 1), 4: None}


def test_chain_first_dates_survives_a_cycle_and_a_missing_predecessor():
    rows = [(1, 2, date(2010, 1, 1)), (2, 1, date(2012, 1, 1)), (3, 99, date(2015, 1, 1))]
    assert chain_first_dates(rows) == {1: date(2010, 1, 1), 2: date(2010, 1, 1), 3: date(2015, 1, 1)}


def test_upcoming_keys_give_the_anniversaries_of_upcoming_in_the_same_order():
    """The tuples the API sorts at scale say the same as `upcoming` (ties given in ascending order)."""
    from datetime import date as day

    from relations.anniversaries import from_key, upcoming, upcoming_keys

    ties = [(1, day(2000, 2, 29)), (2, day(2006, 11, 5)), (3, None), (4, day(2025, 6, 1)), (5, day(2000, 2, 28))]
    start, end = day(2026, 1, 1), day(2027, 6, 30)
    assert [from_key(key) for key in upcoming_keys(ties, start, end)] == upcoming(ties, start, end)
    assert upcoming_keys(ties, end, start) == []
