"""`{% load links %}`: `value|web_url` is the value when it is an http(s) address, else "" (render it as text)."""

from django import template

from core.validators import is_web_url

register = template.Library()


@register.filter
def web_url(value) -> str:
    """Only http(s) addresses become links: a stored `javascript:` or `data:` value is shown, never followed."""
    return str(value) if is_web_url(value) else ""
