from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.choices import EntityKind
from events.choices import EventKind
from imports.choices import ImportKind
from relations.choices import RelationKind, RelationStatus

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File (XLSX, or CSV in UTF-8 or GB18030)"))
    default_kind = forms.CharField(
        label=_("Kind for rows that give none"), required=False,
        help_text=_("e.g. sister_city for ties, city for entities, visit_in for events"),
    )  # fmt: skip
    default_status = forms.ChoiceField(
        label=_("Status for ties that give none"), required=False,
        choices=[("", "—"), *RelationStatus.choices],
    )  # fmt: skip
    default_source = forms.CharField(
        label=_("Our side, for ties that do not name it"), required=False, help_text=_("A name or #id, e.g. Ningbo")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB; split it."))
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("default_kind")
        valid = {ImportKind.TIES: RelationKind.values, ImportKind.EVENTS: EventKind.values,
                 ImportKind.ENTITIES: EntityKind.values}.get(data.get("kind"), [])  # fmt: skip
        if kind:
            if kind not in valid:
                self.add_error("default_kind", _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(valid)})
        return data

    def defaults(self) -> dict:
        data = self.cleaned_data
        values = {"kind": data.get("default_kind"), "status": data.get("default_status"),
                  "source": data.get("default_source")}  # fmt: skip
        if data.get("kind") == ImportKind.FOLLOWUPS:
            values = {}
        elif data.get("kind") != ImportKind.TIES:
            values = {"kind": values["kind"]}
        return {k: v for k, v in values.items() if v}


class MappingForm(forms.Form):
    """One select per header of the file: the column it fills, or nothing."""

    def __init__(self, *args, headers, columns, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(ignore)")), *((c.key, f"{c.label()} ({c.key})") for c in columns)]
        self.headers = [h for h in headers if h]
        for position, header in enumerate(self.headers):
            self.fields[f"col_{position}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=initial_mapping.get(header, "")
            )

    def initial_mapping(self) -> dict[str, str]:
        return {header: self.fields[f"col_{n}"].initial or "" for n, header in enumerate(self.headers)}

    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"col_{n}", "") for n, header in enumerate(self.headers)}
