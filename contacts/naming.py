"""The one rule for what an entity is called in the reader's language: every page, API field, export, feed and
script (map.js and network.js get it from the API) asks this module, so the rule can change in one place."""

import unicodedata

from django.utils.translation import get_language


def is_chinese(language: str | None = None) -> bool:
    """Whether `language` (default: the active one) is a Chinese interface language."""
    return (language or get_language() or "").lower().startswith("zh")


def display_name(name: str, name_zh: str = "", name_en: str = "", *, language: str | None = None) -> str:
    """The title of an entity for a reader of `language`: its Chinese name in the Chinese interface, its English name
    in the others. Failing that, its local name if a reader of the interface can read it (any name in the Chinese
    interface; a Latin-script one in the others), then the other language's name, then whatever name it has: a
    native-script name (대구, ក្រុងព្រះសីហនុ) is never the title while a Chinese or English name exists."""
    if is_chinese(language):
        return name_zh or name_en or name
    return name_en or (name if is_latin(name) else "") or name_zh or name


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin letter (accents allowed): "Hải Phòng" yes, "대구" no."""
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all(unicodedata.name(char, "").startswith("LATIN") for char in letters)


def entity_display_name(entity, *, language: str | None = None) -> str:
    """`display_name` of anything with `name` and optionally `name_zh`, `name_en` (an entity, a region, a row)."""
    return display_name(entity.name, getattr(entity, "name_zh", ""), getattr(entity, "name_en", ""), language=language)


def other_names(entity, *, language: str | None = None) -> list[str]:
    """The entity's names other than its title, for a secondary line: the other interface language's name, then
    the local (native-script) name; each once, the title never."""
    title = entity_display_name(entity, language=language)
    name_zh, name_en = getattr(entity, "name_zh", ""), getattr(entity, "name_en", "")
    ordered = (name_en, name_zh) if is_chinese(language) else (name_zh, name_en)
    names: list[str] = []
    for name in (*ordered, entity.name):
        if name and name != title and name not in names:
            names.append(name)
    return names
