"""The shipped regions: every country in one continent and one UN M49 sub-region; the codes others rely on."""

import json
from pathlib import Path

import pytest
from django_countries.data import COUNTRIES

from contacts.models import Region
from contacts.selectors import region_countries, regions_of_country

DATA = json.loads((Path(__file__).resolve().parents[2] / "contacts" / "data" / "regions.json").read_text("utf-8"))
BY_CODE = {row["code"]: row for row in DATA}

CONTINENTS = {"africa", "antarctica", "asia", "europe", "north-america", "south-america", "oceania"}
SUBREGIONS = {
    "northern-africa",
    "sub-saharan-africa",
    "latin-america-and-the-caribbean",
    "northern-america",
    "central-asia",
    "eastern-asia",
    "south-eastern-asia",
    "southern-asia",
    "western-asia",
    "eastern-europe",
    "northern-europe",
    "southern-europe",
    "western-europe",
    "australia-and-new-zealand",
    "melanesia",
    "micronesia",
    "polynesia",
}
BLOCS = {"asean", "eu", "rcep", "brics", "bri"}


def test_the_codes_other_apps_rely_on_are_all_shipped():
    assert CONTINENTS | SUBREGIONS | BLOCS <= set(BY_CODE)
    assert {c for c in BY_CODE if BY_CODE[c]["kind"] == "continent"} == CONTINENTS
    assert {c for c in BY_CODE if BY_CODE[c]["kind"] == "bloc"} == BLOCS


@pytest.mark.parametrize("kind", ["continent", "subregion"])
def test_every_iso_country_belongs_to_exactly_one_continent_and_one_subregion(kind):
    seen: dict[str, list[str]] = {}
    for row in DATA:
        if row["kind"] == kind:
            for country in row["countries"]:
                seen.setdefault(country, []).append(row["code"])
    assert set(seen) == set(COUNTRIES)
    assert {c: codes for c, codes in seen.items() if len(codes) > 1} == {}


def test_every_region_has_a_chinese_name_and_only_real_country_codes():
    for row in DATA:
        assert row["name_zh"], row["code"]
        assert set(row["countries"]) <= set(COUNTRIES), row["code"]
    assert BY_CODE["eastern-asia"]["name_zh"] == "东亚"
    assert BY_CODE["south-eastern-asia"]["name_zh"] == "东南亚"
    assert BY_CODE["asean"]["name_zh"] == "东盟"
    assert BY_CODE["eu"]["name_zh"] == "欧盟"


def test_subregions_follow_un_m49():
    assert {"CN", "JP", "KR", "KP", "MN"} <= set(BY_CODE["eastern-asia"]["countries"])
    assert "SD" in BY_CODE["northern-africa"]["countries"]
    assert {"MX", "BR", "CU", "EC"} <= set(BY_CODE["latin-america-and-the-caribbean"]["countries"])
    assert set(BY_CODE["northern-america"]["countries"]) >= {"US", "CA"}
    assert "MX" not in BY_CODE["northern-america"]["countries"]
    assert "IR" in BY_CODE["southern-asia"]["countries"]
    assert "SI" in BY_CODE["southern-europe"]["countries"]
    assert set(BY_CODE["australia-and-new-zealand"]["countries"]) >= {"AU", "NZ"}


def test_blocs_have_their_current_members():
    assert set(BY_CODE["asean"]["countries"]) == {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}
    assert len(BY_CODE["eu"]["countries"]) == 27 and "GB" not in BY_CODE["eu"]["countries"]
    assert set(BY_CODE["rcep"]["countries"]) == set(BY_CODE["asean"]["countries"]) - {"TL"} | {
        "CN",
        "JP",
        "KR",
        "AU",
        "NZ",
    }
    assert set(BY_CODE["brics"]["countries"]) == {"BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "ID"}
    assert "IT" not in BY_CODE["bri"]["countries"] and "KR" in BY_CODE["bri"]["countries"]


def test_the_migration_loads_the_regions(db):
    assert Region.objects.count() == len(DATA)
    asean = Region.objects.get(code="asean")
    assert asean.name_zh == "东盟" and "VN" in asean.countries
    assert asean.history.count() == 1


def test_region_countries_resolves_regions_and_countries_in_one_query_at_most(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert "KR" in region_countries("eastern-asia")
    with django_assert_max_num_queries(0):
        assert region_countries("KR") == ["KR"]
    with django_assert_max_num_queries(1):
        assert region_countries("kr") == ["KR"]
    assert "FR" in region_countries("eu")
    assert "FR" in region_countries("EU")
    assert region_countries("atlantis") is None
    assert region_countries("XX") is None
    assert region_countries("") is None


def test_an_admin_edit_of_a_region_is_what_filters_use(db):
    from contacts.services import region_update

    region_update(
        region=Region.objects.get(code="brics"), countries=[*Region.objects.get(code="brics").countries, "sa"]
    )
    assert "SA" in region_countries("brics")


def test_regions_of_a_country_are_its_continent_subregion_and_blocs(db):
    codes = {r.code for r in regions_of_country("VN")}
    assert codes == {"asia", "south-eastern-asia", "asean", "rcep", "bri"}
