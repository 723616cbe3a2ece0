"""Forms of the entity pages. They collect input; the services (contacts.services) check every rule."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.choices import LOCALITY_KINDS, ContactPointKind, EntityKind
from contacts.countries import country_choices
from contacts.models import Entity
from contacts.selectors import entity_search
from contacts.services import ENTITY_FIELDS, ENTITY_FORM_FIELDS
from core.forms import ServiceFormMixin, VersionedFormMixin
from core.pickers import PickerChoiceField, PickerMultipleChoiceField, PickerSource


def entity_label(entity: Entity) -> str:
    """How an entity reads in a picker: its names, country and kind (enough to tell two Springfields apart)."""
    parts = [str(entity)]
    if entity.country:
        parts.append(str(entity.country.name))
    parts.append(str(entity.get_kind_display()))
    return " · ".join(parts)


# Every choice of an entity, on every form (issue 15 item 8): contacts:options answers with the matches.
ENTITIES = PickerSource(
    url_name="contacts:options",
    search=entity_search,
    label=entity_label,
    placeholder=_("Search by name, alias or pinyin…"),
)


class EntityPickerField(PickerChoiceField):
    """One entity, picked by searching any of its names."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Entity.objects.all() if queryset is None else queryset, source=ENTITIES, **kwargs)


class EntityMultiplePickerField(PickerMultipleChoiceField):
    """Any number of entities, picked by searching any of their names."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Entity.objects.all() if queryset is None else queryset, source=ENTITIES, **kwargs)


class ListTextField(forms.CharField):
    """A list of short texts typed one per line (or, with `separator`, on one line split by it)."""

    def __init__(self, *args, separator: str | None = None, **kwargs):
        self.separator = separator
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return (self.separator + " " if self.separator else "\n").join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        parts = text.split(self.separator) if self.separator else text.splitlines()
        items: list[str] = []
        for part in parts:
            part = part.strip()
            if part and part not in items:
                items.append(part)
        return items


class EntityForm(VersionedFormMixin, ServiceFormMixin, forms.ModelForm):
    """An entity's facts and names. Contact points are edited in the formset beside it."""

    aliases = ListTextField(
        label=_("aliases"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Other names and spellings, one per line; searched like the name."),
    )
    tags = ListTextField(label=_("tags"), separator=",", help_text=_("Separated by commas, e.g. port, Fortune 500."))
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    # Set by the "Save anyway" button shown beside possible duplicates (never a field of the record).
    confirm_duplicate = forms.BooleanField(required=False)  # not rendered: only the button sends it

    class Meta:
        model = Entity
        fields = ENTITY_FORM_FIELDS
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.NumberInput(attrs={"step": "any", "min": -90, "max": 90}),
            "longitude": forms.NumberInput(attrs={"step": "any", "min": -180, "max": 180}),
        }
        field_classes = {"parent": EntityPickerField}
        help_texts = {
            "parent": _(
                "The city a district, school or firm belongs to; a person's organisation. Type a name, "
                "alias or pinyin to search."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()

    def _post_clean(self):
        # No model validation here (it would also change the instance being edited): entity_create and
        # entity_update run full_clean() and the rules across rows, and their errors come back on the fields.
        pass

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields if name in ENTITY_FIELDS}


class ContactPointForm(forms.Form):
    """One contact point row; an empty row is ignored."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", "---------"), *ContactPointKind.choices], required=False)
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. office, mobile, mayor's office")}),
    )
    value = forms.CharField(label=_("Value"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("value") and not data.get("kind"):
            self.add_error("kind", _("Say what this is (email, phone, address …)."))
        return data


ContactPointFormSet = forms.formset_factory(ContactPointForm, extra=2, can_delete=True)


def contact_points_from(formset) -> list[dict]:
    """The rows of a valid contact point formset as service input (deleted and empty rows left out)."""
    points = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("value"):
            continue
        point = {"kind": data["kind"], "label": data.get("label", ""), "value": data["value"]}
        if data.get("id"):
            point["id"] = data["id"]
        points.append(point)
    return points


class GazetteerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("City"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("Name in any language, e.g. Daegu, 大邱, Koper"),
            }
        ),
    )
    country = forms.ChoiceField(label=_("country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(_("Any country"))


class GazetteerAddForm(forms.Form):
    geonameid = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[(k.value, k.label) for k in LOCALITY_KINDS], initial=EntityKind.CITY, required=False
    )
    domestic = forms.BooleanField(label=_("domestic"), required=False)

    def clean_kind(self):
        return self.cleaned_data.get("kind") or EntityKind.CITY
