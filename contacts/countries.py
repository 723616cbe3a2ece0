"""Countries as a Chinese office files them: China; Hong Kong, Macao and Taiwan (港澳台), parts of China shown as
"中国香港 / Hong Kong, China" and so on (the names come from COUNTRIES_OVERRIDE in the settings); and foreign
countries. Pickers offer the three groups apart, figures count foreign exchanges and those with Hong Kong, Macao
and Taiwan separately, and expansion never treats the three as foreign countries to open.
"""

from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from django_countries import countries

CHINA = "CN"
HONG_KONG_MACAO_TAIWAN = ("HK", "MO", "TW")
HMT_LABEL = _("Hong Kong, Macao and Taiwan, China")
FOREIGN_LABEL = _("Foreign countries")


def is_hong_kong_macao_taiwan(code: str | None) -> bool:
    return (code or "").upper() in HONG_KONG_MACAO_TAIWAN


def is_foreign_country(code: str | None) -> bool:
    """A code of a country other than China, Hong Kong, Macao and Taiwan."""
    code = (code or "").upper()
    return bool(code) and code != CHINA and code not in HONG_KONG_MACAO_TAIWAN


def foreign_country_codes() -> list[str]:
    return [code for code, _name in countries if is_foreign_country(code)]


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every country code the choices offer (ISO 3166-1 alpha-2, upper case)."""
    return frozenset(code for code, _name in countries)


def country_choices(blank_label=None) -> list:
    """Grouped choices for a <select>: China, then 港澳台, then the foreign countries by their localised name.

    Django's ChoiceField validates grouped choices by their values, so the same list serves forms and filters.
    """
    named = dict(countries)
    choices: list = [("", blank_label or "---------")] if blank_label is not False else []
    choices.append((CHINA, named[CHINA]))
    choices.append((HMT_LABEL, [(code, named[code]) for code in HONG_KONG_MACAO_TAIWAN]))
    choices.append((FOREIGN_LABEL, [(code, name) for code, name in countries if is_foreign_country(code)]))
    return choices
