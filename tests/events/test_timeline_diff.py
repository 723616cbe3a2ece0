"""The timeline's pure helpers: diffing two versions of a record, wording values and sentences (no database)."""

import datetime as dt

from django.utils import translation

from contacts.models import Entity
from events.timeline import change_sentence, diff_rows, format_value, shorten, sort_key


def test_diff_rows_lists_only_the_fields_that_changed():
    older = {"name": "Daegu", "population": 7_618_000, "country": "KR", "notes": ""}
    newer = {"name": "Daegu", "population": 7_700_000, "country": "KR", "notes": None}
    assert diff_rows(older, newer, ["name", "population", "country", "notes"]) == [("population", 7_618_000, 7_700_000)]


def test_diff_rows_of_the_first_version_is_empty():
    assert diff_rows(None, {"name": "Daegu"}, ["name"]) == []


def test_change_sentence_names_the_user():
    parts = [("population", "7,618,000", "7,700,000")]
    assert change_sentence(parts, "officer1") == "population 7,618,000 → 7,700,000, by officer1"
    assert change_sentence(parts + [("title", "—", "Mayor")], "") == (
        "population 7,618,000 → 7,700,000; title — → Mayor"
    )


def test_values_are_worded_for_people():
    population = Entity._meta.get_field("population")
    kind = Entity._meta.get_field("kind")
    parent = Entity._meta.get_field("parent")
    with translation.override("en"):
        assert format_value(population, 7_618_000) == "7,618,000"
        assert format_value(kind, "school") == "School"
        assert format_value(parent, 5, {5: "Daegu"}) == "Daegu"
        assert format_value(parent, 6, {}) == "#6"
        assert format_value(None, None) == "—"
        assert format_value(None, ["a", "b"]) == "a, b"
        assert format_value(None, True) == "yes"
        assert format_value(None, dt.date(2024, 5, 20)) == "05/20/2024"


def test_field_labels_follow_the_interface_language():
    with translation.override("zh-hans"):
        assert str(Entity._meta.get_field("population").verbose_name) == "人口"


def test_shorten_and_sort_key():
    assert shorten("a  b\n c") == "a b c"
    assert len(shorten("x" * 200, 10)) == 10
    # Newest first: a later day wins; on one day a timestamped item sorts above a date-only one.
    assert sort_key(dt.date(2024, 1, 2), "event", 1) > sort_key(dt.date(2024, 1, 1), "note", 9)
    noon = dt.datetime(2024, 1, 1, 12, 0)
    assert sort_key(noon, "note", 1) > sort_key(dt.date(2024, 1, 1), "event", 1)
