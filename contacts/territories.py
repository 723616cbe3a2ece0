"""Which country codes are countries to open ties with, from a Chinese office's point of view (reference data;
China and 港澳台 as contacts.countries defines them).

- Hong Kong, Macao and Taiwan (`CHINA_REGIONS`) are parts of China: never a foreign country to open; a tie there
  is an exchange with 港澳台, counted apart from foreign exchanges.
- Dependent territories (`DEPENDENT_TERRITORIES`: ISO 3166-1 codes of places that are not sovereign states —
  Greenland, Saint-Pierre-et-Miquelon, Guam …) and Kosovo, which China does not recognise, stay selectable for
  records (a city there can be filed) but are not proposed as countries to open.

The lists are written by hand from ISO 3166-1's entries that are not UN member or observer states; the Cook
Islands and Niue are kept as countries (China has diplomatic relations with both).
"""

from __future__ import annotations

from collections.abc import Iterable

from contacts.countries import CHINA, HONG_KONG_MACAO_TAIWAN, is_foreign_country, is_hong_kong_macao_taiwan

CHINA_REGIONS = frozenset(HONG_KONG_MACAO_TAIWAN)

DEPENDENT_TERRITORIES = frozenset(
    {
        # Australia
        "CC", "CX", "HM", "NF",
        # Denmark
        "FO", "GL",
        # Finland
        "AX",
        # France
        "BL", "GF", "GP", "MF", "MQ", "NC", "PF", "PM", "RE", "TF", "WF", "YT",
        # the Netherlands
        "AW", "BQ", "CW", "SX",
        # New Zealand
        "TK",
        # Norway
        "BV", "SJ",
        # the United Kingdom
        "AI", "BM", "FK", "GG", "GI", "GS", "IM", "IO", "JE", "KY", "MS", "PN", "SH", "TC", "VG",
        # the United States
        "AS", "GU", "MP", "PR", "UM", "VI",
        # a non-self-governing territory, and the continent of no state
        "EH", "AQ",
    }
)  # fmt: skip

NOT_RECOGNISED = frozenset({"XK"})


def is_china_region(code: str) -> bool:
    """Hong Kong, Macao or Taiwan: part of China (contacts.countries' rule)."""
    return is_hong_kong_macao_taiwan(code)


def is_openable(code: str) -> bool:
    """Whether the code names a foreign sovereign state the office may propose to open ties with."""
    code = (code or "").upper()
    return is_foreign_country(code) and code not in DEPENDENT_TERRITORIES | NOT_RECOGNISED


def home_countries(country: str) -> frozenset[str]:
    """The codes that count as the home's own country: China with Hong Kong, Macao and Taiwan for a Chinese home."""
    country = (country or "").upper()
    if country == CHINA or country in CHINA_REGIONS:
        return frozenset({CHINA}) | CHINA_REGIONS
    return frozenset({country}) if country else frozenset()


def foreign_members(countries: Iterable[str]) -> list[str]:
    """A region's member codes without Hong Kong, Macao and Taiwan (a plan's region counts foreign countries)."""
    return [code for code in countries if not is_china_region(code)]
