"""The main menu's marking of the current section, from URLs reversed in the template (no literal paths)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, url: str, exact: bool = False) -> str:
    """`aria-current="page"` when the request is at ``url`` (``exact``) or below it, else nothing."""
    request = context.get("request")
    if request is None:
        return ""
    here = request.path == url if exact else request.path.startswith(url)
    return format_html('aria-current="{}"', "page") if here else ""
