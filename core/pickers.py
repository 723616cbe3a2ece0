"""One searchable picker for every choice of a record from a long list: an entity, a tie, an event, a user (issue 15
item 8). Imports no app: each app declares a `PickerSource` (its options endpoint, how a query finds its records,
how a record reads) and serves the endpoint with `picker_options`, under its own permission.

The picker is a `<select>` holding only what is chosen, beside a search box that asks the endpoint for matches
(htmx, already vendored; crm/app.js adds Enter to pick the first match and a click to toggle in a multiple
picker). The search box is submitted with the form, so the field can tell when a name was typed but nothing it
names was chosen: that is a form error naming the field, never a silent drop (the event form used to save without
the tie typed into it). Without JavaScript the same error comes back with the matches listed to pick from.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.filters import valid_id

SEARCH_SUFFIX = "-search"
LIMIT = 20
EMPTY_LABEL = "---------"


@dataclass(frozen=True)
class PickerSource:
    """Where a kind of record is picked from. `search(queryset, q)` narrows a queryset to the records `q` finds
    (ordered best first); `label(record)` is how one reads in the list."""

    url_name: str
    search: Callable[[QuerySet, str], QuerySet]
    label: Callable[[object], str] = str
    placeholder: str = ""

    def url(self, **params: str) -> str:
        return reverse(self.url_name) + (f"?{urlencode(params)}" if params else "")


class PickedValue(str):
    """The id posted for a single picker, carrying what was left typed in its search box."""

    typed = ""


class PickedValues(list):
    """The ids posted for a multiple picker, carrying what was left typed in its search box."""

    typed = ""


def typed_text(value) -> str:
    return getattr(value, "typed", "") or ""


class SearchPicker(forms.Select):
    """A select that holds only the chosen record(s), fed by a search box (scales to any number of rows)."""

    def __init__(self, attrs=None, choices=(), *, source: PickerSource, placeholder=None, url_params=None):
        super().__init__(attrs, choices)
        self.source = source
        self.placeholder = placeholder
        self.url_params = dict(url_params or {})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        typed = (data.get(name + SEARCH_SUFFIX) or "").strip()
        if self.allow_multiple_selected:
            picked: PickedValues | PickedValue = PickedValues(value or [])
        else:
            picked = PickedValue(value if value is not None else "")
        picked.typed = typed
        return picked

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and (name + SEARCH_SUFFIX) not in data

    def _queryset(self) -> QuerySet | None:
        return getattr(self.choices, "queryset", None)

    def optgroups(self, name, value, attrs=None):
        queryset = self._queryset()
        ids = [str(v) for v in value if v not in (None, "") and valid_id(v)]
        chosen = list(queryset.filter(pk__in=ids)) if ids and queryset is not None else []
        # What was typed and not chosen comes back listed (the form says so): one click picks it, JavaScript or not.
        typed = getattr(self, "_typed", "")
        found = []
        if typed and queryset is not None:
            chosen_ids = {obj.pk for obj in chosen}
            found = [obj for obj in self.source.search(queryset, typed)[:LIMIT] if obj.pk not in chosen_ids]
        label = self.source.label
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", EMPTY_LABEL, not chosen, 0, attrs=attrs))
        for obj in chosen:
            options.append(self.create_option(name, obj.pk, label(obj), True, len(options), attrs=attrs))
        for obj in found:
            options.append(self.create_option(name, obj.pk, label(obj), False, len(options), attrs=attrs))
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        self._typed = typed_text(value)
        context = super().get_context(name, value, attrs)
        if self.allow_multiple_selected:
            context["widget"]["attrs"].setdefault("size", 6)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        params = dict(self.url_params)
        if self.allow_multiple_selected:
            params["multiple"] = "1"
        placeholder = self.placeholder or self.source.placeholder or _("Type to search…")
        search = format_html(
            '<input type="search" name="{name}" id="{id}{suffix}" value="{typed}" autocomplete="off"'
            ' class="picker-search" placeholder="{placeholder}" aria-label="{placeholder}" aria-controls="{id}"'
            ' hx-get="{url}" hx-trigger="input changed delay:300ms, search" hx-target="#{id}" hx-include="#{id}"'
            ' hx-swap="innerHTML" hx-sync="this:replace">',
            name=name + SEARCH_SUFFIX,
            id=select_id,
            suffix=SEARCH_SUFFIX,
            typed=typed_text(value),
            placeholder=placeholder,
            url=self.source.url(**params),
        )
        return format_html('<div class="picker" data-picker>{}{}</div>', search, select)


class SearchPickerMultiple(SearchPicker, forms.SelectMultiple):
    allow_multiple_selected = True


class PickerFieldMixin:
    """Refuses a submission whose search box still holds text that none of the chosen records answers to."""

    default_error_messages: dict = {
        "typed_not_chosen": _(
            "“%(typed)s” was typed into the search but nothing it finds was chosen: pick it from the list, "
            "or clear the search box."
        ),
    }
    widget_class: type[SearchPicker] = SearchPicker

    def __init__(self, queryset, *, source: PickerSource, placeholder=None, url_params=None, **kwargs):
        self.source = source
        kwargs.setdefault("widget", self.widget_class(source=source, placeholder=placeholder, url_params=url_params))
        super().__init__(queryset, **kwargs)  # type: ignore[call-arg]

    def label_from_instance(self, obj):
        return self.source.label(obj)

    def has_changed(self, initial, data):
        # Text left in the search box is input: an extra formset row with only that is validated, not skipped.
        return bool(typed_text(data)) or super().has_changed(initial, data)  # type: ignore[misc]

    def _typed_not_chosen(self, typed: str) -> ValidationError:
        return ValidationError(
            self.error_messages["typed_not_chosen"],  # type: ignore[attr-defined]
            code="typed_not_chosen",
            params={"typed": typed},
        )

    def clean(self, value):
        typed = typed_text(value)
        if typed and not [v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]:
            raise self._typed_not_chosen(typed)
        result = super().clean(value)  # type: ignore[misc]
        if typed:
            chosen = [obj.pk for obj in (result if isinstance(result, list | tuple | QuerySet) else [result]) if obj]
            queryset = self.queryset.filter(pk__in=chosen)  # type: ignore[attr-defined]
            if not self.source.search(queryset, typed).exists():
                raise self._typed_not_chosen(typed)
        return result


class PickerChoiceField(PickerFieldMixin, forms.ModelChoiceField):
    """One record picked by searching; an id out of any database's range is "not one of the choices"."""

    def to_python(self, value):
        if value not in self.empty_values and not valid_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PickerMultipleChoiceField(PickerFieldMixin, forms.ModelMultipleChoiceField):
    """Any number of records picked by searching."""

    widget_class = SearchPickerMultiple

    def prepare_value(self, value):
        prepared = super().prepare_value(value)
        if isinstance(prepared, list) and typed_text(value):
            prepared = PickedValues(prepared)
            prepared.typed = typed_text(value)  # what was typed comes back into the search box
        return prepared

    def _check_values(self, value):
        ids = [v for v in value if v in ("", None) or valid_id(v)]
        if len(ids) != len(value):
            bad = next(v for v in value if v not in ids)
            raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": bad})
        return super()._check_values(value)  # type: ignore[misc]


def search_params(request: HttpRequest) -> tuple[str, list[str]]:
    """A picker's query (its `<name>-search` or a `q` parameter) and the ids chosen so far (`<name>`)."""
    for key, value in request.GET.items():
        if key == "q" or key.endswith(SEARCH_SUFFIX):
            chosen_key = key[: -len(SEARCH_SUFFIX)] if key.endswith(SEARCH_SUFFIX) else "chosen"
            chosen = [v for v in request.GET.getlist(chosen_key) if valid_id(v)]
            return str(value), chosen
    return "", []


def picker_options(request: HttpRequest, *, source: PickerSource, queryset: QuerySet) -> HttpResponse:
    """`<option>`s for a picker's select (the view checks the permission). A multiple picker keeps what was chosen
    and adds the matches; a single one offers the matches with the first selected, or keeps its choice when nothing
    matches. Nothing is searched for a blank query."""
    q, chosen_ids = search_params(request)
    multiple = request.GET.get("multiple") == "1"
    chosen = list(queryset.filter(pk__in=chosen_ids)) if chosen_ids else []
    found = list(source.search(queryset, q)[:LIMIT]) if q.strip() else []
    chosen_pks = {obj.pk for obj in chosen}
    if multiple:
        rows = [(obj, True) for obj in chosen] + [(obj, False) for obj in found if obj.pk not in chosen_pks]
    elif found:
        rows = [(obj, index == 0) for index, obj in enumerate(found)]
    else:
        rows = [(obj, True) for obj in chosen]
    parts = [] if multiple else [mark_safe(f'<option value="">{EMPTY_LABEL}</option>')]
    parts.append(
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((obj.pk, " selected" if selected else "", source.label(obj)) for obj, selected in rows),
        )
    )
    if q.strip() and not found:
        parts.append(format_html('<option value="" disabled>{}</option>', _("No match for “%(q)s”") % {"q": q}))
    return HttpResponse("".join(str(part) for part in parts))
