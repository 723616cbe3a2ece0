"""The expansion package's shape: the kinds listed once, the key grammar in one place, the pages namespaced."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from relations.expansion import kinds


def test_the_kinds_are_listed_once_and_every_one_has_its_function():
    assert len(set(kinds.KINDS)) == len(kinds.KINDS)
    assert ("gap", "reference", "radiate", *kinds.TIE_KINDS) == kinds.KINDS


@pytest.mark.parametrize(
    ("key", "prefix", "kind"),
    [
        (kinds.city_key(1835848), "city", ""),
        (kinds.entity_key(7), "entity", ""),
        (kinds.country_key("KR"), "country", ""),
        (kinds.deepen_key(7), "deepen", "deepen"),
        (kinds.anniversary_key(3, date(2027, 5, 1)), "anniversary", "anniversary"),
        (kinds.dormant_key(3), "dormant", "dormant"),
        (kinds.stalled_key(3, "loi_signed"), "stalled", "dormant"),
        (kinds.upgrade_key(3), "upgrade", "upgrade"),
    ],
)
def test_every_minted_key_parses_back(key, prefix, kind):
    parsed = kinds.key_parse(key)
    assert (parsed.prefix, parsed.kind) == (prefix, kind)
    assert ":".join(part for part in (parsed.prefix, parsed.ref, parsed.extra) if part) == key


@pytest.mark.parametrize("key", ["", "city:", "city:abc", "country:kr", "dormant:1:2", "nothing:1"])
def test_a_string_that_is_not_a_key_is_refused_naming_key(key):
    with pytest.raises(ValidationError) as refused:
        kinds.key_parse(key)
    assert "key" in refused.value.message_dict


def test_the_pages_live_in_the_expansion_namespace_at_the_same_paths():
    assert reverse("expansion:suggestions") == "/expansion/"
    assert reverse("expansion:accept") == "/expansion/accept/"
    assert reverse("expansion:dismiss") == "/expansion/dismiss/"
    assert reverse("expansion:map") == "/expansion/map/"
    assert reverse("expansion:network") == "/expansion/network/"


def test_our_side_is_worked_out_once_per_world():
    world = kinds.World(
        today=date(2026, 1, 1),
        home_id=1,
        entities={
            1: kinds.EntityRow(1, "city", "Ningbo", "CN", domestic=True),
            2: kinds.EntityRow(2, "district", "Haishu", "CN", domestic=True, parent_id=1),
            3: kinds.EntityRow(3, "city", "Daegu", "KR"),
            4: kinds.EntityRow(4, "consulate", "Consulate of Korea", "KR", parent_id=1),  # below us, not ours
        },
        ties=[],
    )
    assert world.ours == {1, 2}
    assert world.ours is world.ours


def test_the_map_and_the_suggestions_count_the_same_units(db):
    from relations.expansion.world import home_units, world_load
    from tests.factories import EntityFactory, HomeCityFactory

    home = HomeCityFactory()
    district = HomeCityFactory(name="Haishu", kind="district", parent=home)
    school = HomeCityFactory(name="No. 2 School", kind="school", parent=district)
    EntityFactory(name="Consulate", kind="consulate", parent=home)
    assert home_units(home.pk) == {district.pk, school.pk}
    assert world_load(home, today=date(2026, 1, 1)).ours == {home.pk, district.pk, school.pk}


def test_the_main_menu_links_the_expansion_pages_and_marks_them_current(page_as, db):
    from tests.factories import HomeCityFactory

    HomeCityFactory()
    client = page_as("viewer")
    for path in ("/expansion/", "/expansion/map/", "/expansion/network/"):
        assert '<a href="/expansion/" aria-current="page">' in client.get(path).content.decode()
    assert '<a href="/expansion/" >' in client.get("/").content.decode()
