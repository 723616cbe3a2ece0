"""Form plumbing every app uses; imports no app."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import model_to_dict
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versions import changed_at_text, last_writer, person_name, record_version, version_advance

if TYPE_CHECKING:
    from django.forms import BaseForm as _FormBase
else:
    _FormBase = object


class FormRenderer(DjangoTemplates):
    """Django's renderer, minus the `maxlength` attribute Django puts on text inputs: a browser silently cuts
    what is typed or pasted beyond it (issue 15 item 12), while the server's check says what is wrong."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if isinstance(widget, dict) and isinstance(widget.get("attrs"), dict) and "maxlength" in widget["attrs"]:
            widget["attrs"] = {k: v for k, v in widget["attrs"].items() if k != "maxlength"}
        return super().render(template_name, context, request=request)


class DateInput(forms.DateInput):
    """A date typed as 2024-05-06 (GB/T 7408, ISO 8601) in a text box, the same in every browser and language.

    Not `type="date"`: the browser draws that in its own locale, not the page's, so the Chinese interface showed
    mm/dd/yyyy (issue 15 item 12). The server accepts the interface language's other forms too (2024/05/06,
    05/06/2024 in English) and names the field when a date cannot be read."""

    input_type = "text"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        attrs = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": gettext_lazy("e.g. 2024-05-06"),
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format=format)


class ServiceFormMixin(_FormBase):
    """Puts a service's ValidationError on the fields it names (other names become form-wide errors)."""

    def add_service_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class VersionedFormMixin(_FormBase):
    """An edit form that carries the version of the record it was loaded with (a hidden field), so a save made
    from a stale copy does not overwrite someone else's change (issue 9, finding 1; the API's ETag is the same
    version, core.versions).

    The view locks the record, then calls `check_version(current)` before writing. When the record changed since
    the form was loaded, the form keeps everything the user typed, gains a form-wide error naming who changed it
    and when, marks each field whose saved value now differs from the input with `field.stale_now` (the other
    person's value, as text), and carries the current version: saving it again goes through.

    `record` is the record being edited (ModelForms default to their instance). A form that is not a ModelForm
    says how a record fills it by overriding `initial_for_record`.
    """

    version_field_name = "version"

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record if record is not None else getattr(self, "instance", None)
        self.fields[self.version_field_name] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.record is not None and self.record.pk is not None:
            self.initial[self.version_field_name] = record_version(self.record)
        self.stale = False
        self.checked = None

    def clean(self):
        cleaned = super().clean()
        # Not a field of the record: the services never see it.
        (cleaned if cleaned is not None else self.cleaned_data).pop(self.version_field_name, None)
        return cleaned

    @property
    def posted_version(self) -> str:
        return (self.data.get(self.add_prefix(self.version_field_name)) or "").strip() if self.is_bound else ""

    def initial_for_record(self, record) -> dict:
        """The form's values for `record` as it is saved now (what a fresh, unbound form would show)."""
        return model_to_dict(record, fields=[name for name in self.fields if name != self.version_field_name])

    def check_version(self, current) -> None:
        """Raise a ValidationError (form-wide) when `current`, the locked, freshly read record, is not the version
        the form was loaded with. A form posted without a version (an old page, a script) is not checked."""
        posted = self.posted_version
        version = record_version(current)
        self.checked = current, version
        if not posted or posted == version:
            return
        self.stale = True
        values = self.initial_for_record(current)
        for name, field in self.fields.items():
            if name == self.version_field_name or name not in values:
                continue
            if field.has_changed(values[name], self[name].data):
                field.stale_now = value_text(field, values[name])  # type: ignore[attr-defined]
        # The re-shown form carries the version it now reflects, so the next save goes through.
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data[self.add_prefix(self.version_field_name)] = version
        self.data = data
        getattr(self, "_bound_fields_cache", {}).pop(self.version_field_name, None)
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "%(user)s changed this record at %(time)s, after you opened this form. Nothing was saved; "
                    "what you typed is kept below, and “now:” beside a field shows the value saved now. "
                    "Check them, then save again."
                )
                % {"user": person_name(last_writer(current)) or _("someone"), "time": changed_at_text(current)}
            },
            code="stale",
        )

    def saved(self) -> None:
        """Call after the write: the record's version moves even when only rows beside it changed."""
        if self.checked is not None:
            version_advance(*self.checked)


def value_text(field: forms.Field, value) -> str:
    """A saved value as the form's field would name it to a reader ("—" when empty)."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        keys = [getattr(item, "pk", item) for item in value]
        assert field.queryset is not None
        return ", ".join(str(item) for item in field.queryset.filter(pk__in=keys)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        assert field.queryset is not None
        item = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(item) if item is not None else "—"
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:  # type: ignore[misc, union-attr]
            if isinstance(label, list | tuple):  # a group of choices
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        return str(labels.get(str(value), value))
    if isinstance(value, date | datetime):
        return formats.localize(value)
    prepared = field.prepare_value(value)
    return str(prepared) if prepared not in (None, "") else "—"
