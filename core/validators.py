"""Validators every app's fields share; imports no app.

Control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F) are invisible, break exports (XML 1.0,
so XLSX, refuses most of them; RFC 5545 refuses them in the calendar feed) and can hide text on a page. Names and
other one-line texts may hold none; long texts (notes, outcomes) may hold tab and line breaks (CR LF, as browsers
send them). TrackedModel.clean_fields applies the rule to every text field, so services (and thus the API), model
forms and importers all refuse them; `strip_control_characters` cleans what was stored before the rule.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TEXT_LAYOUT_CHARACTERS = "\t\n\r"


def _first_control_character(value: str, *, allowed: str = "") -> str | None:
    for match in CONTROL_CHARACTER.finditer(value):
        if match.group() not in allowed:
            return match.group()
    return None


def _refuse(char: str) -> None:
    raise ValidationError(
        _("Remove the invisible control character U+%(code)s: names and texts cannot contain control characters."),
        code="control_character",
        params={"code": f"{ord(char):04X}"},
    )


def no_control_characters(value: Any) -> None:
    """One-line text (a name, a title, a code): no control character at all."""
    if isinstance(value, str) and (char := _first_control_character(value)):
        _refuse(char)


def no_control_characters_in_text(value: Any) -> None:
    """Long text (notes): tab and line breaks allowed, no other control character."""
    if isinstance(value, str) and (char := _first_control_character(value, allowed=TEXT_LAYOUT_CHARACTERS)):
        _refuse(char)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def check_field_text(field: models.Field, value: Any) -> None:
    """Raise ValidationError when `value`, stored in model `field`, holds a control character it may not hold.

    A TextField is long text; a CharField (URLField, EmailField, SlugField …) is one line; every text inside a
    JSONField (aliases, tags, codes) is one line."""
    if isinstance(field, models.TextField):
        no_control_characters_in_text(value)
    elif isinstance(field, models.CharField):
        no_control_characters(value)
    elif isinstance(field, models.JSONField):
        for text in _strings(value):
            no_control_characters(text)


def strip_control_characters(value: str, *, keep: str = "\t\n") -> str:
    """`value` without control characters other than those in `keep` (CR LF becomes LF with the default)."""
    return CONTROL_CHARACTER.sub(lambda match: match.group() if match.group() in keep else "", value)


# --- links, emails, phone numbers ---------------------------------------------------------------------------------

WEB_SCHEMES = ("http", "https")
PHONE_CHARACTERS = re.compile(r"[0-9+\-() ]+")
PHONE_DIGITS = (5, 20)

web_url = URLValidator(schemes=list(WEB_SCHEMES), message=_("Enter a web address starting with http:// or https://."))
email_address = EmailValidator()


def is_web_url(value: Any) -> bool:
    """Whether `value` is an http(s) address, the only kind of link pages render (never javascript: or data:)."""
    try:
        web_url(str(value or ""))
    except ValidationError:
        return False
    return True


def phone_number(value: str) -> None:
    """Digits, spaces and + - ( ), with 5 to 20 digits (an extension, a country code with the area code)."""
    digits = sum(char.isdigit() for char in value)
    if not PHONE_CHARACTERS.fullmatch(value) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        raise ValidationError(
            _("Enter a phone number: digits, spaces and + - ( ), with %(min)s to %(max)s digits."),
            code="invalid_phone",
            params={"min": PHONE_DIGITS[0], "max": PHONE_DIGITS[1]},
        )


# --- plausible ranges ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """The plausible range of a field, both ends included. A model lists them in `field_bounds` and
    TrackedModel.clean_fields refuses a value outside (a headcount of 10^12, an event in the year 7067): far wider
    than an office ever needs, narrow enough that a typo or a fuzzer does not reach the figures."""

    low: Any
    high: Any

    @classmethod
    def years(cls, first: int, last: int) -> "Bounds":
        """Dates from 1 January of `first` to 31 December of `last`."""
        return cls(date(first, 1, 1), date(last, 12, 31))

    def __call__(self, value: Any) -> None:
        if value is None or isinstance(value, str):
            return
        if not self.low <= value <= self.high:
            raise ValidationError(
                _("Enter a value from %(low)s to %(high)s."),
                code="out_of_bounds",
                params={"low": self.low, "high": self.high},
            )

    def __str__(self) -> str:
        return f"{self.low} – {self.high}"
