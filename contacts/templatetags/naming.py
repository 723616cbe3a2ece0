"""`{{ entity|display_name }}`: the name of an entity (or a region) in the active language, by contacts.naming."""

from django import template

from contacts.naming import entity_display_name, other_names

register = template.Library()


@register.filter(name="display_name")
def display_name_filter(value) -> str:
    return entity_display_name(value)


@register.filter(name="other_names")
def other_names_filter(value) -> list[str]:
    """`{{ entity|other_names|join:" · " }}`: its names other than the title (contacts.naming.other_names)."""
    return other_names(value)
