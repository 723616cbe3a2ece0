"""contacts.matching: folding names, scored candidates in memory (CandidateIndex) and from the database."""

import pytest

from contacts.matching import (
    CLOSE_NAME,
    GEONAMEID,
    SAME_NAME,
    CandidateIndex,
    Row,
    candidate_pairs,
    duplicate_candidates,
    fold,
)
from tests.factories import EntityFactory


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aachen", "AACHEN"),
        ("Saint-Étienne", "saint etienne"),
        ("亞琛", "亚琛"),  # Traditional and Simplified
        ("亚琛", "Yachen"),  # pinyin
        ("Москва", "Moskva"),
        ("Chișinău", "Chisinau"),
    ],
)
def test_fold_makes_the_same_name_in_any_script_one_key(a, b):
    assert fold(a) == fold(b) != ""


def test_fold_keeps_different_names_apart():
    assert fold("Aachen") != fold("Achen")
    assert fold("") == fold("   ") == ""


def _index():
    return CandidateIndex(
        [
            Row(id=1, kind="city", country="DE", geonameid=3247449, names=("Aachen", "亚琛")),
            Row(id=2, kind="city", country="DE", names=("Bonn",)),
            Row(id=3, kind="city", country="FR", geonameid=2980291, names=("Saint-Étienne", "圣艾蒂安")),
            Row(id=4, kind="organisation", country="DE", names=("Aachen",)),
            Row(id=5, kind="city", country="US", geonameid=4951788, names=("Springfield",)),
        ]
    )


def test_the_same_geonameid_is_the_strongest_evidence():
    [candidate, *_] = _index().find(Row(id=None, kind="city", country="DE", geonameid=3247449, names=("Aix",)))
    assert (candidate.entity_id, candidate.score, candidate.reasons) == (1, 100, (GEONAMEID,))


def test_the_same_name_in_another_script_is_found_and_says_which_names_met():
    [candidate] = _index().find(Row(id=None, kind="city", country="DE", names=("亞琛",)))
    assert (candidate.entity_id, candidate.reasons, candidate.names) == (1, (SAME_NAME,), ("亞琛", "亚琛"))
    candidates = _index().find(Row(id=None, kind="city", country="DE", names=("Aachen",)))
    assert [c.entity_id for c in candidates] == [1, 4]  # the same kind first, then the organisation of that name
    assert candidates[0].score > candidates[1].score


def test_a_close_name_counts_only_in_the_same_country_and_kind():
    index = _index()
    [candidate] = index.find(Row(id=None, kind="city", country="DE", names=("Achen",)))
    assert (candidate.entity_id, candidate.reasons) == (1, (CLOSE_NAME,))
    assert candidate.names == ("Achen", "Aachen")
    assert index.find(Row(id=None, kind="city", country="NL", names=("Achen",))) == []
    assert index.find(Row(id=None, kind="school", country="DE", names=("Achen",))) == []


def test_names_that_differ_in_their_numbers_are_not_close():
    index = CandidateIndex([Row(id=1, kind="school", country="KR", names=("No. 1 Middle School",))])
    assert index.find(Row(id=None, kind="school", country="KR", names=("No. 2 Middle School",))) == []
    assert [
        c.entity_id for c in index.find(Row(id=None, kind="school", country="KR", names=("No 1 Midle School",)))
    ] == [1]


def test_two_places_with_different_geonameids_are_not_offered_for_a_shared_name():
    index = _index()
    assert index.find(Row(id=None, kind="city", country="US", geonameid=4250542, names=("Springfield",))) == []
    # without a GeoNames id the name alone is evidence
    assert [c.entity_id for c in index.find(Row(id=None, kind="city", country="US", names=("Springfield",)))] == [5]


def test_exclude_leaves_records_out():
    asked = Row(id=None, kind="city", country="DE", names=("Aachen",))
    assert [c.entity_id for c in _index().find(asked, exclude=[1])] == [4]
    # the asked record itself never comes back
    assert [c.entity_id for c in _index().find(Row(id=1, kind="city", country="DE", names=("Aachen",)))] == [4]


def test_an_index_grows_as_an_importer_files_rows():
    index = CandidateIndex()
    assert index.find(Row(id=None, kind="city", country="KR", names=("Daegu",))) == []
    index.add(Row(id=9, kind="city", country="KR", names=("Daegu", "大邱")))
    assert [c.entity_id for c in index.find(Row(id=None, kind="city", country="KR", names=("대구", "大邱")))] == [9]


def test_pairs_list_every_candidate_pair_once_best_first():
    index = _index()
    index.add(Row(id=6, kind="city", country="DE", geonameid=3247449, names=("Aix-la-Chapelle",)))
    index.add(Row(id=7, kind="city", country="FR", names=("St Etienne", "Saint Etienne")))
    index.add(Row(id=8, kind="city", country="DE", names=("Bonnn",)))
    pairs = index.pairs()
    keys = [pair.key for pair in pairs]
    assert keys[0] == (1, 6)  # the shared GeoNames id
    assert set(keys) == {(1, 6), (3, 7), (1, 4), (2, 8)}
    by_key = {pair.key: pair for pair in pairs}
    assert by_key[(3, 7)].reasons[0] == SAME_NAME  # (and St Etienne is close to Saint-Étienne)
    assert by_key[(2, 8)].reasons == (CLOSE_NAME,)
    assert by_key[(2, 8)].names == ("Bonn", "Bonnn")


def test_duplicate_candidates_reads_the_database(db):
    aachen = EntityFactory(name="Aachen", name_zh="亚琛", country="DE", geonameid=3247449)
    EntityFactory(name="Bonn", country="DE")
    other = EntityFactory(name="Aachen", country="DE", kind="organisation")
    found = duplicate_candidates(name="亞琛", names=["aachen"], country="de", kind="city")
    assert [(c.entity, c.reasons) for c in found] == [(aachen, (SAME_NAME,)), (other, (SAME_NAME,))]
    assert found[0].as_dict()["id"] == aachen.pk
    assert [c.entity for c in duplicate_candidates(names=["Achen"], country="DE", kind="city")] == [aachen]
    assert [c.entity for c in duplicate_candidates(name="Aix", geonameid=3247449)] == [aachen]
    assert duplicate_candidates(name="Aachen", country="DE", kind="city", exclude=[aachen.pk, other.pk]) == []
    assert duplicate_candidates(name="  ") == []


def test_candidate_pairs_over_the_database_in_one_query(db, django_assert_num_queries):
    first = EntityFactory(name="Aachen", country="DE")
    second = EntityFactory(name="AACHEN", country="DE")
    EntityFactory(name="Bonn", country="DE")
    with django_assert_num_queries(1):
        pairs = candidate_pairs()
    assert [pair.key for pair in pairs] == [(first.pk, second.pk)]
