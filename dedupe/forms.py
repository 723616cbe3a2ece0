"""Forms of the duplicates pages: the filters, and the merge form (survivor, each field's value, the reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.choices import EntityKind
from contacts.countries import country_choices
from contacts.models import Entity
from dedupe.services import MERGE_FIELDS


class DuplicateFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False)
    country = forms.ChoiceField(label=_("country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *EntityKind.choices]
        self.fields["country"].choices = country_choices(_("Any country"))


def field_label(name: str) -> str:
    if name == "coordinates":
        return str(_("coordinates"))
    return str(Entity._meta.get_field(name).verbose_name)


def field_value(entity: Entity, name: str) -> str:
    """A field's value as the merge form shows it ("" when blank)."""
    if name == "coordinates":
        if entity.latitude is None:
            return ""
        return f"{entity.latitude:.4f}, {entity.longitude:.4f}"
    if name == "parent":
        return str(entity.parent) if entity.parent_id else ""
    if name in ("kind",):
        return entity.get_kind_display()
    if name == "country":
        return entity.country.name if entity.country else ""
    if name in ("domestic", "archived"):
        return str(_("yes")) if getattr(entity, name) else str(_("no"))
    value = getattr(entity, name)
    return "" if value in (None, "") else str(value)


class MergeForm(forms.Form):
    """Which entity survives and, for each field where they differ, whose value it keeps."""

    survivor = forms.TypedChoiceField(label=_("Keep this record"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. filed twice by the 2019 import")}),
    )

    def __init__(self, *args, entities: list[Entity], **kwargs):
        super().__init__(*args, **kwargs)
        self.entities = entities
        choices = [(e.pk, f"#{e.pk}") for e in entities]
        self.fields["survivor"].choices = choices
        self.fields["survivor"].initial = entities[0].pk if entities else None
        self.rows = []
        for name in MERGE_FIELDS:
            values = [field_value(e, name) for e in entities]
            if len(set(values)) <= 1:
                continue  # the same everywhere: nothing to choose
            first_filled = next((e.pk for e, v in zip(entities, values, strict=True) if v), entities[0].pk)
            self.fields[f"value_{name}"] = forms.TypedChoiceField(
                label=field_label(name), coerce=int, choices=choices, initial=first_filled, widget=forms.RadioSelect
            )
            self.rows.append({"name": name, "label": field_label(name), "field": f"value_{name}", "values": values})

    def merge_arguments(self) -> dict:
        data = self.cleaned_data
        survivor = next(e for e in self.entities if e.pk == data["survivor"])
        return {
            "survivor": survivor,
            "merged": [e for e in self.entities if e.pk != survivor.pk],
            "values": {row["name"]: data[row["field"]] for row in self.rows if data.get(row["field"])},
            "reason": data.get("reason", ""),
        }
