"""contacts.territories: which codes are foreign countries to open, from a Chinese office's point of view."""

from django_countries import countries

from contacts.territories import (
    CHINA_REGIONS,
    DEPENDENT_TERRITORIES,
    foreign_members,
    home_countries,
    is_china_region,
    is_openable,
)


def test_hong_kong_macao_and_taiwan_are_parts_of_china():
    assert CHINA_REGIONS == {"HK", "MO", "TW"}
    assert all(is_china_region(code) for code in ("HK", "mo", "TW"))
    assert not any(is_openable(code) for code in ("CN", "HK", "MO", "TW"))
    assert home_countries("CN") == {"CN", "HK", "MO", "TW"}
    assert home_countries("KR") == {"KR"}


def test_dependent_territories_and_kosovo_are_not_countries_to_open():
    for code in ("GL", "PM", "GU", "PR", "NC", "FO", "XK", "EH"):
        assert not is_openable(code), code
    for code in ("IS", "FR", "KR", "CK", "NU", "PS", "FJ"):
        assert is_openable(code), code
    assert not is_openable("")


def test_every_dependent_territory_is_an_iso_code():
    known = {code for code, _name in countries}
    assert DEPENDENT_TERRITORIES <= known


def test_foreign_members_keeps_the_order_and_drops_the_china_regions():
    assert foreign_members(["JP", "TW", "KR", "HK", "MO"]) == ["JP", "KR"]
