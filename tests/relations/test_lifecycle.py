"""The lifecycle rules as pure functions: no database."""

import datetime as dt

import pytest

from relations.choices import LIFECYCLE, RelationKind, RelationStatus
from relations.lifecycle import allowed_next, can_upgrade, full_years, is_final

S = RelationStatus


def test_allowed_next_follows_the_lifecycle_in_order():
    assert allowed_next(S.CONTACT, RelationKind.SISTER_CITY) == ("intent", "ended")
    assert allowed_next(S.APPLIED, RelationKind.SISTER_CITY) == ("approved", "returned", "ended")
    assert allowed_next(S.RETURNED, RelationKind.SISTER_CITY) == ("intent", "ended")
    assert allowed_next(S.DORMANT, RelationKind.SISTER_CITY) == ("signed", "ended")


def test_only_a_friendly_exchange_tie_may_be_upgraded():
    assert allowed_next(S.SIGNED, RelationKind.FRIENDLY_EXCHANGE) == ("upgraded", "dormant", "ended")
    assert allowed_next(S.SIGNED, RelationKind.SISTER_CITY) == ("dormant", "ended")
    assert can_upgrade(S.SIGNED, RelationKind.FRIENDLY_EXCHANGE)
    assert not can_upgrade(S.APPROVED, RelationKind.FRIENDLY_EXCHANGE)
    assert not can_upgrade(S.SIGNED, RelationKind.FRIENDLY_SCHOOL)


@pytest.mark.parametrize("status", [S.UPGRADED, S.ENDED])
def test_upgraded_and_ended_are_final(status):
    assert is_final(status)
    assert allowed_next(status, RelationKind.FRIENDLY_EXCHANGE) == ()


def test_every_status_has_a_lifecycle_entry():
    assert set(LIFECYCLE) == set(S.values)


def test_full_years_counts_whole_years_since_signing():
    assert full_years(dt.date(2014, 5, 20), dt.date(2024, 5, 20)) == 10
    assert full_years(dt.date(2014, 5, 20), dt.date(2024, 5, 19)) == 9
    assert full_years(dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == 0
    assert full_years(None, dt.date(2024, 1, 1)) is None
