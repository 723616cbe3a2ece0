"""Forms of the tie pages. They only collect input: every rule is checked by the services they call."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.forms import EntityPickerField
from core.filters import valid_id
from core.forms import DateInput, ServiceFormMixin, VersionedFormMixin
from core.pickers import PickerChoiceField, PickerMultipleChoiceField, PickerSource
from relations.choices import ApprovalLevel, ApprovalOutcome, RelationStatus
from relations.models import Relation
from relations.selectors import relation_search
from relations.services import status_label


def as_id(value) -> int | None:
    """An id from user input, or None when it is not a whole number the database can hold."""
    text = str(value if value is not None else "").strip()
    return int(text) if valid_id(text) else None


def relation_label(relation: Relation) -> str:
    """How a tie reads in a picker: both ends and its kind (Relation's own name)."""
    return str(relation)


# Every choice of a tie, on every form (issue 15 item 8): relations:options answers with the matches.
RELATIONS = PickerSource(
    url_name="relations:options",
    search=relation_search,
    label=relation_label,
    placeholder=_("Search ties by either partner's name…"),
)


class RelationPickerField(PickerChoiceField):
    """One tie, picked by searching either end's names."""

    def __init__(self, queryset=None, **kwargs):
        queryset = Relation.objects.select_related("source", "target") if queryset is None else queryset
        super().__init__(queryset, source=RELATIONS, **kwargs)


class RelationMultiplePickerField(PickerMultipleChoiceField):
    """Any number of ties, picked by searching either end's names."""

    def __init__(self, queryset=None, **kwargs):
        queryset = Relation.objects.select_related("source", "target") if queryset is None else queryset
        super().__init__(queryset, source=RELATIONS, **kwargs)


class RelationEditForm(VersionedFormMixin, ServiceFormMixin, forms.ModelForm):
    """A tie's details; the status is not here (it moves only by the lifecycle's steps)."""

    class Meta:
        model = Relation
        fields = ("kind", "source", "target", "established_on", "title", "start_date", "end_date", "notes")
        widgets = {
            "established_on": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"source": EntityPickerField, "target": EntityPickerField}
        labels = {"source": _("Our side"), "target": _("Partner")}
        help_texts = {
            "source": _("Our side (or the person). Type a name, alias or pinyin to search."),
            "target": _("The partner. Type a name, alias or pinyin to search."),
        }

    def _post_clean(self):
        # No model validation here: relation_create / relation_update run full_clean() and the rules across rows,
        # and their errors are put back on the fields (add_service_errors).
        pass

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class RelationCreateForm(RelationEditForm):
    """A new tie, at any status: an office also enters ties signed long ago, with their signing date."""

    status = forms.ChoiceField(
        label=_("Starting status"),
        choices=RelationStatus.choices,
        initial=RelationStatus.CONTACT,
        help_text=_("Where the tie stands today; afterwards it moves only step by step."),
    )
    date = forms.DateField(
        label=_("Date of the starting status"),
        required=False,
        widget=DateInput(),
        help_text=_("When the tie reached its starting status (a signed tie: defaults to the signing date)."),
    )
    document_no = forms.CharField(label=_("Document number"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note on the starting status"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = (
        "kind",
        "source",
        "target",
        "status",
        "established_on",
        "date",
        "document_no",
        "note",
        "title",
        "start_date",
        "end_date",
        "notes",
    )

    def service_arguments(self) -> dict:
        data = super().service_arguments()
        data.update(
            status=self.cleaned_data["status"],
            on=self.cleaned_data.get("date"),
            document_no=self.cleaned_data.get("document_no", ""),
            note=self.cleaned_data.get("note", ""),
        )
        return data


class StepFieldsForm(ServiceFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    document_no = forms.CharField(label=_("Document number"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AdvanceForm(StepFieldsForm):
    """One step along the lifecycle: the page shows one submit button per allowed next status."""

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = [(s, status_label(s)) for s in allowed if s != RelationStatus.UPGRADED]

    def clean(self):
        # The status comes from the submit button pressed (one per allowed step), not from a field.
        cleaned = super().clean()
        cleaned["status"] = (self.data.get("status") or "").strip()
        if not cleaned["status"]:
            raise ValidationError(_("Choose the next step."))
        return cleaned


class ApprovalForm(StepFieldsForm):
    """One level's decision on the application."""

    level = forms.ChoiceField(label=_("Level"), choices=ApprovalLevel.choices)
    outcome = forms.ChoiceField(label=pgettext_lazy("approval", "Outcome"), choices=ApprovalOutcome.choices)

    field_order = ("level", "outcome", "date", "document_no", "note")

    def __init__(self, *args, next_level: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_level:
            self.fields["level"].initial = next_level


class StepRedateForm(ServiceFormMixin, forms.Form):
    """The corrected date of one recorded step."""

    step = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Corrected date"), widget=DateInput())


class UpgradeForm(StepFieldsForm):
    """The upgrade to a sister city: dated by the new agreement's signing."""
