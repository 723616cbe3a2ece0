"""The one rule for what an entity is called in the reader's language: every page, API field, export, feed and
script (map.js and network.js get it from the API) asks this module, so the rule can change in one place."""

from django.utils.translation import get_language


def is_chinese(language: str | None = None) -> bool:
    """Whether `language` (default: the active one) is a Chinese interface language."""
    return (language or get_language() or "").lower().startswith("zh")


def display_name(name: str, name_zh: str = "", name_en: str = "", *, language: str | None = None) -> str:
    """The title of an entity for a reader of `language`: its Chinese name in the Chinese interface, its English name
    in the others; failing that its (local) name, failing that whichever name it has."""
    if is_chinese(language):
        return name_zh or name or name_en
    return name_en or name or name_zh


def entity_display_name(entity, *, language: str | None = None) -> str:
    """`display_name` of anything with `name` and optionally `name_zh`, `name_en` (an entity, a region, a row)."""
    return display_name(entity.name, getattr(entity, "name_zh", ""), getattr(entity, "name_en", ""), language=language)
