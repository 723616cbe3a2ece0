"""`{{ entity|display_name }}`: the name of an entity (or a region) in the active language, by contacts.naming."""

from django import template

from contacts.naming import entity_display_name

register = template.Library()


@register.filter(name="display_name")
def display_name_filter(value) -> str:
    return entity_display_name(value)
