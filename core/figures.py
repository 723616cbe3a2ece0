"""Figures in prose, as an officer writes them: a population rounded and in the reader's units.

Chinese counts large numbers in 万 (10⁴) and 亿 (10⁸): 14,002,598 people are “约1400万”, not “14,002,598” nor
“14.0 million”; English counts in thousands, millions and billions: “about 14.0 million”. One function decides
it, `approximate()`, for every sentence that quotes a population (the suggestions' reasons, the summaries).

Why not Babel's compact formatting: CLDR's compact patterns keep a fixed number of fraction digits whatever the
size (“1400.3万”, “85.4 thousand”), which is not how either language writes a rounded figure in prose.
"""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

WAN, YI = 10**4, 10**8


def grouped(value: float | int, decimal_pos: int | None = None) -> str:
    """The number with the language's grouping and decimal separators (12,345 · 12,345.6)."""
    return formats.number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def _trimmed(value: float) -> str:
    """One decimal, dropped when it is 0 (8.5 · 2)."""
    rounded = round(value, 1)
    return grouped(int(rounded)) if rounded == int(rounded) else grouped(rounded, 1)


def _significant(value: float, digits: int = 3) -> int:
    """The value rounded to `digits` significant digits (85,432 -> 85,400)."""
    magnitude = len(str(int(abs(value))))
    return int(round(value, digits - magnitude))


def _chinese(value: float) -> str:
    if value >= YI:
        amount = value / YI
        return (grouped(round(amount)) if amount >= 100 else _trimmed(amount)) + "亿"
    amount = value / WAN
    return (grouped(round(amount)) if amount >= 100 else _trimmed(amount)) + "万"


def _english(value: float) -> str:
    if value >= 10**9:
        return _("%(number)s billion") % {"number": _trimmed(value / 10**9)}
    if value >= 10**6:
        amount = value / 10**6
        return _("%(number)s million") % {
            "number": grouped(round(amount)) if amount >= 100 else grouped(round(amount, 1), 1)
        }
    return grouped(_significant(value))


def approximate(value: float | int | None, *, about: bool = True) -> str:
    """A large count rounded as prose writes it, in the active language: 14,002,598 -> “约1400万” in Chinese,
    “about 14.0 million” in English; 85,432 -> “约8.5万”, “about 85,400”. Below 10,000 the exact figure, grouped
    and without “about”. `about=False` leaves out the “about” (in a sentence that already says it)."""
    if value is None:
        return ""
    if abs(value) < WAN:
        return grouped(round(value))
    chinese = (get_language() or "").lower().startswith("zh")
    figure = _chinese(value) if chinese else _english(value)
    if not about:
        return figure
    return _("about %(figure)s") % {"figure": figure}
