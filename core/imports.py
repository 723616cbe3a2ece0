"""Spreadsheet import plumbing shared by every app's resources (django-import-export): cell widgets that read what an
office's own workbook holds (dates as Excel dates or 2019-02-30 / 2019/2/3 / 2019年2月3日, 是/否, lists split on | 、 ;,
choices by code or by their English or Chinese label, countries by code or name) and refuse anything else with a
reason in the reader's language, and `OfficeResource`, the base that names columns in both languages.

Imports no app. A widget's refusal is a `ValueError` whose text is the reason; import-export turns it into a
validation error of that field, and the imports app reports it with the row and the column.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets

from core.exports import FORMULA_TRIGGERS, safe_text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a number typed into a text column (an id, a phone) comes back from Excel as 12.0
    return str(value).strip()


def folded(text: str) -> str:
    """A label as compared with what a sheet says: case, spaces and punctuation ignored."""
    return re.sub(r"[\s_\-–—/()（）.,，:：]+", "", str(text)).casefold()


class TextWidget(widgets.Widget):
    """Text cells: stripped; blank is ''. The quote an export put before a text starting with = + - @ (so that no
    spreadsheet runs it, core.exports.csv_safe) is dropped again."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
            return text[1:]
        return text

    def render(self, value, obj=None, **kwargs):
        return safe_text(value) if value is not None else ""


class IntegerWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value})
        if isinstance(value, int):
            return value
        text = _text(value).replace(",", "").replace("，", "")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": _text(value)}) from None
        if not number.is_integer():
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": _text(value)})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class FloatWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        try:
            return float(_text(value).replace("，", "."))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number") % {"value": _text(value)}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class BooleanWidget(widgets.Widget):
    TRUE = frozenset({"1", "true", "yes", "y", "x", "是", "对", "√", "✓"})
    FALSE = frozenset({"0", "false", "no", "n", "否", "不是", "×"})

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return False
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is neither yes (是) nor no (否)") % {"value": _text(value)})

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


_DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?$"),
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),  # 20.05.1998, as European partners write it
)


class DateWidget(widgets.Widget):
    """A date: an Excel date cell, or text as 2019-02-03, 2019/2/3, 2019.2.3, 2019年2月3日 or 3.2.2019.
    A date that does not exist (2019-02-30) or a year alone is refused: the importer never guesses a day."""

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if text.endswith(" 00:00:00"):
            text = text[: -len(" 00:00:00")]
        for pattern in _DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                try:
                    return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
                except ValueError:
                    break
        raise ValueError(_("“%(value)s” is not a valid date") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ListWidget(widgets.Widget):
    """A list of texts in one cell, separated by | (as exported), or by 、 ; ；"""

    SEPARATORS = re.compile(r"\s*[|、;；\n]\s*")

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return []
        return list(dict.fromkeys(part for part in self.SEPARATORS.split(_text(value)) if part))

    def render(self, value, obj=None, **kwargs):
        return safe_text(" | ".join(value or []))


class ChoiceWidget(widgets.Widget):
    """A choice by its code (sister_city), its label in English or Chinese (Sister city, 友好城市) or an extra synonym.

    `choices` is a Django TextChoices class; labels such as "Sister city (友好城市)" are matched whole, by the part
    before the bracket and by the part inside it."""

    def __init__(self, choices, synonyms: dict[str, str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.synonyms = synonyms or {}
        self._table: dict[str, str] | None = None

    def _lookup(self) -> dict[str, str]:
        # The same table whatever the active language (it holds the labels of both), made once per widget: asking
        # for the active language costs more than the rest of a cell (26,000 rows, three choices each).
        table = self._table
        if table is None:
            table = {}
            for value, label in self.choices.choices:
                names = {value}
                for lang in ("en", "zh-hans"):
                    with translation.override(lang):
                        text = str(label)
                    names.add(text)
                    match = re.match(r"^(.*?)\s*[(（](.*?)[)）]\s*$", text)
                    if match:
                        names.update({match[1], match[2]})
                for name in names:
                    table.setdefault(folded(name), value)
            for name, value in self.synonyms.items():
                table[folded(name)] = value
            self._table = table
        return table

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return ""
        text = _text(value)
        found = self._lookup().get(folded(text))
        if found is None:
            raise ValueError(_("“%(value)s” is not one of the choices") % {"value": text})
        return found

    def render(self, value, obj=None, **kwargs):
        return value or ""


class CountryWidget(widgets.Widget):
    """A country by its ISO code (DE) or its name in English or Chinese (Germany, 德国); `resolve` adds more names
    (the variants of a scraped list: England, Georgia (country) …) and returns '' when it does not know one."""

    def __init__(self, resolve: Callable[[str], str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.resolve = resolve
        self._names: dict[str, str] | None = None

    def _table(self) -> dict[str, str]:
        if self._names is None:
            from django_countries.data import COUNTRIES

            names: dict[str, str] = {}
            for lang in ("en", "zh-hans"):
                with translation.override(lang):
                    for code, name in COUNTRIES.items():
                        names.setdefault(folded(str(name)), code)
            for code in COUNTRIES:
                names[folded(code)] = code
            # What Chinese sheets write for 港澳台 (parts of China) and common short names
            extra = {
                "中国香港": "HK", "香港": "HK", "中国澳门": "MO", "澳门": "MO", "中国台湾": "TW", "台湾": "TW",
                "美国": "US", "英国": "GB", "韩国": "KR", "朝鲜": "KP", "俄罗斯": "RU", "越南": "VN", "老挝": "LA",
                "USA": "US", "UK": "GB", "Korea": "KR", "South Korea": "KR", "Russia": "RU",
            }  # fmt: skip
            names.update({folded(name): code for name, code in extra.items()})
            self._names = names
        return self._names

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return ""
        text = _text(value)
        code = self._table().get(folded(text), "")
        if not code and self.resolve is not None:
            code = self.resolve(text)
        if code and code not in self._valid():
            code = ""  # a code the product does not file (Kosovo's XK)
        if not code:
            raise ValueError(_("“%(value)s” is not a country or region we know") % {"value": text})
        return code

    _codes: frozenset[str] | None = None

    def _valid(self) -> frozenset[str]:
        # once per widget, not per cell (listing the countries costs a millisecond: 26,000 rows, two ends each)
        if self._codes is None:
            from django_countries import countries

            self._codes = frozenset(code for code, _name in countries)
        return self._codes

    def render(self, value, obj=None, **kwargs):
        return getattr(value, "code", value) or ""


class Column:
    """One column of an import template: the field it fills, its bilingual header and the other headers offices use."""

    def __init__(self, key: str, en: str, zh: str, aliases: Iterable[str] = ()):
        self.key = key
        self.en = en
        self.zh = zh
        self.aliases = tuple(aliases)

    @property
    def header(self) -> str:
        return f"{self.zh} / {self.en}"

    def label(self) -> str:
        """The column's name in the active language."""
        return self.zh if (translation.get_language() or "").startswith("zh") else self.en

    def names(self) -> set[str]:
        return {folded(n) for n in (self.key, self.en, self.zh, self.header, *self.aliases)}


def instance_by_id(queryset, row) -> tuple[bool, Any]:
    """(True, the record the row's id names, or None) when the row carries an id; (False, None) when it does not.
    A malformed id finds no record: its own error is reported by the id column's widget. `queryset` may be a
    function that makes it (only called for a row with an id: a file of 26,000 new rows builds no query set)."""
    text_id = _text(row.get("id"))
    if not text_id:
        return False, None
    try:
        pk = IntegerWidget().clean(text_id)
    except ValueError:
        return True, None
    queryset = queryset() if callable(queryset) else queryset
    return True, queryset.filter(pk=pk).first()


class OfficeResource(resources.ModelResource):
    """A resource whose columns are `COLUMNS` (bilingual headers out, any known header in), run by one user for one
    import (`by`, `reason`), with `defaults` for columns a file leaves out or blank."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    kind_label = gettext_lazy("records")

    def __init__(self, *, by=None, reason: str = "", defaults: dict[str, Any] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.by = by
        self.reason = reason
        self.defaults = {k: v for k, v in (defaults or {}).items() if not _blank(v)}
        self.created: list[tuple[str, int]] = []  # (model label, pk) of every record this run created
        self.updated: list[tuple[str, int, int | None]] = []  # (model label, pk, history id before the import)
        self.deleted: list[tuple[str, int]] = []  # (model label, pk) of records it deleted (replaced contact points)
        self.progress: Callable[[int], None] | None = None

    # Headers

    @classmethod
    def column(cls, key: str) -> Column | None:
        return next((c for c in cls.COLUMNS if c.key == key), None)

    @classmethod
    def match_headers(cls, headers: Iterable[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
        """{file header: column key} for the headers this resource knows; `mapping` (header -> key, '' to ignore)
        is the user's own choice and wins."""
        mapping = mapping or {}
        keys = {c.key for c in cls.COLUMNS}
        known: dict[str, str] = {}
        for column in cls.COLUMNS:
            for name in column.names():
                known.setdefault(name, column.key)
        result: dict[str, str] = {}
        for header in headers:
            header = str(header or "").strip()
            if not header:
                continue
            if header in mapping:
                if mapping[header] in keys:
                    result[header] = mapping[header]
                continue
            key = known.get(folded(header))
            if key and key not in result.values():
                result[header] = key
        return result

    def get_export_headers(self, selected_fields=None):
        return [c.header for c in self.COLUMNS]

    def get_export_order(self):
        return tuple(c.key for c in self.COLUMNS)

    def get_import_order(self):
        return tuple(c.key for c in self.COLUMNS)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, leaving out what they say about a field whose cell was already refused (a date
        that does not exist is not also "missing")."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages in exc.error_dict.items():
                    if key not in errors:
                        errors[key] = messages
            else:
                errors.setdefault("__all__", exc.error_list)
        if errors:
            raise ValidationError(errors)

    def before_import_row(self, row, **kwargs):
        for key, value in self.defaults.items():
            if _blank(row.get(key)):
                row[key] = value

    def remember(self, instance, is_create: bool, history_before: int | None = None) -> None:
        label = instance._meta.label_lower
        if is_create:
            self.created.append((label, instance.pk))
        else:
            self.updated.append((label, instance.pk, history_before))

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0))


def latest_history_id(instance) -> int | None:
    return instance.history.order_by("-history_date", "-history_id").values_list("history_id", flat=True).first()
