"""Big numbers as a reader of the interface language says them (issue 15 item 12): 252,000 in English, 25.2万 in
Chinese (万 from ten thousand, 亿 from a hundred million). Exact figures in Chinese stay ungrouped, as the offices
write them in their summaries (1362人次; Django's Chinese formats group nothing)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.translation import get_language

register = template.Library()

CHINESE_UNITS = ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万"))


@register.filter
def amount(value) -> str:
    """252000 → "252,000" (en) or "25.2万" (zh-hans); what is not a number is shown as it is."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if (get_language() or "").startswith("zh"):
        for size, unit in CHINESE_UNITS:
            if abs(number) >= size:
                scaled = (number / size).quantize(Decimal("0.1"))
                text = number_format(scaled, decimal_pos=1, use_l10n=True, force_grouping=True)
                return (text[:-2] if text.endswith(".0") else text) + unit
    if number == number.to_integral_value():
        return intcomma(int(number))
    return number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)
