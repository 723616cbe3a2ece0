"""relations.anniversary_selectors: ties in force with an anniversary in a window, counted from the first signing."""

from datetime import date

import pytest

from relations.anniversary_selectors import anniversaries_between, anniversary_keys_between, relation_first_signed
from relations.choices import RelationKind, RelationStatus
from tests.factories import EntityFactory, RelationFactory

pytestmark = pytest.mark.django_db

WINDOW = (date(2025, 11, 1), date(2027, 4, 30))


def _tie(home, name, established_on, **extra):
    return RelationFactory(source=home, target=EntityFactory(name=name), established_on=established_on, **extra)


def _found(**kwargs):
    return [
        (a.tie.target.name, a.date, a.years) for a in anniversaries_between(start=WINDOW[0], end=WINDOW[1], **kwargs)
    ]


def test_anniversaries_across_the_year_end_sorted_by_date(home):
    _tie(home, "Aachen", date(1996, 12, 20))
    _tie(home, "Daegu", date(2006, 1, 10), kind=RelationKind.FRIENDLY_EXCHANGE)
    assert _found() == [
        ("Aachen", date(2025, 12, 20), 29),
        ("Daegu", date(2026, 1, 10), 20),
        ("Aachen", date(2026, 12, 20), 30),
        ("Daegu", date(2027, 1, 10), 21),
    ]


def test_a_tie_signed_on_29_february_is_celebrated_on_28_february_of_a_common_year(home):
    _tie(home, "Bydgoszcz", date(2000, 2, 29))
    assert _found() == [("Bydgoszcz", date(2026, 2, 28), 26), ("Bydgoszcz", date(2027, 2, 28), 27)]


def test_ended_ties_and_ties_not_yet_signed_are_left_out_dormant_ones_kept(home):
    _tie(home, "Ended", date(2006, 3, 1), status=RelationStatus.ENDED)
    _tie(home, "Applied", None, status=RelationStatus.APPLIED)
    _tie(home, "Dormant", date(2006, 3, 1), status=RelationStatus.DORMANT)
    _tie(home, "Closed by date", date(2006, 3, 1), end_date=date(2020, 1, 1), start_date=date(2006, 3, 1))
    assert {name for name, _on, _years in _found()} == {"Dormant"}


def test_an_upgraded_tie_counts_from_its_first_signing_and_only_the_live_tie_shows(home, django_assert_num_queries):
    daegu = EntityFactory(name="Daegu", name_zh="大邱")
    old = RelationFactory(
        source=home,
        target=daegu,
        kind=RelationKind.FRIENDLY_EXCHANGE,
        status=RelationStatus.UPGRADED,
        established_on=date(2006, 11, 5),
    )
    RelationFactory(
        source=home, target=daegu, kind=RelationKind.SISTER_CITY, upgraded_from=old, established_on=date(2016, 11, 5)
    )
    # The ties' version, the narrow rows, the upgraded predecessors, then the live ties with both ends.
    with django_assert_num_queries(4):
        found = anniversaries_between(start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert [(a.tie.kind, a.date, a.years, a.established_on, a.milestone) for a in found] == [
        (RelationKind.SISTER_CITY, date(2026, 11, 5), 20, date(2006, 11, 5), True)
    ]


def test_a_three_step_chain_counts_from_the_oldest_signing(home):
    partner = EntityFactory(name="Rouen")
    first = RelationFactory(
        source=home,
        target=partner,
        kind=RelationKind.COOPERATION,
        status=RelationStatus.UPGRADED,
        established_on=date(2001, 6, 1),
    )
    second = RelationFactory(
        source=home,
        target=partner,
        kind=RelationKind.FRIENDLY_EXCHANGE,
        status=RelationStatus.UPGRADED,
        established_on=date(2008, 6, 1),
        upgraded_from=first,
    )
    live = RelationFactory(
        source=home,
        target=partner,
        kind=RelationKind.SISTER_CITY,
        upgraded_from=second,
        established_on=date(2018, 6, 1),
    )
    assert _found() == [("Rouen", date(2026, 6, 1), 25)]
    assert relation_first_signed(live) == date(2001, 6, 1)


def test_the_query_count_does_not_grow_with_the_number_of_ties(home, django_assert_num_queries):
    for index in range(3):
        _tie(home, f"Few {index}", date(2010, 3, 1 + index))
    # The ties' version, the narrow rows (ids and dates), then the ties with both ends: three, for 3 ties or 33.
    with django_assert_num_queries(3):
        few = anniversaries_between(start=date(2026, 1, 1), end=date(2026, 12, 31))
    for index in range(30):
        _tie(home, f"Many {index}", date(2011, 4, 1 + index % 28))
    with django_assert_num_queries(3):
        many = anniversaries_between(start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert len(few) == 3 and len(many) == 3 + 30


def test_a_window_is_read_once_and_read_again_after_any_change_of_a_tie(home, django_assert_num_queries):
    from relations.services import relation_update

    tie = _tie(home, "Aachen", date(2010, 3, 1))
    _tie(home, "Daegu", date(2011, 4, 2))
    window = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}
    assert len(anniversary_keys_between(**window)) == 2
    with django_assert_num_queries(1):  # the version only: the window comes from the cache
        again = anniversary_keys_between(**window)
    assert again[0] == (date(2026, 3, 1), -16, tie.pk, date(2010, 3, 1)) and again[-1][0] == date(2026, 4, 2)
    # Changed elsewhere (another worker's cache would be just as stale): the version moves, the window is read again.
    relation_update(relation=tie, data={"established_on": date(2010, 5, 1)}, by=None)
    assert anniversary_keys_between(**window)[-1][:2] == (date(2026, 5, 1), -16)
    _tie(home, "Rouen", date(2012, 6, 3))
    assert len(anniversary_keys_between(**window)) == 3
    assert len(anniversary_keys_between(start=date(2026, 1, 1), end=date(2026, 4, 30))) == 1  # Daegu only


def test_packed_keys_read_like_the_list_they_pack():
    from relations.anniversaries import PackedKeys

    keys = [(date(2026, 3, 1), -16, 7, date(2010, 3, 1)), (date(2026, 4, 2), -5, 9, date(2021, 4, 2))]
    packed = PackedKeys.of(keys)
    assert len(packed) == 2 and list(packed) == keys and packed[1:] == keys[1:] and packed[-1] == keys[-1]
    assert packed[::-1] == keys[::-1] and packed[5:] == []
    with pytest.raises(IndexError):
        packed[2]


def test_positions_have_no_anniversary(home):
    person = EntityFactory(name="Mayor Kim", kind="person")
    RelationFactory(source=person, target=home, kind=RelationKind.POSITION, established_on=date(2016, 1, 1))
    assert _found() == []
