"""Forms of the service desk's pages; the views hand the cleaned data to servicedesk.services, which checks again."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.forms import EntityPickerField
from core.forms import ServiceFormMixin, VersionedFormMixin
from events.forms import DATE_WIDGET
from servicedesk.models import MAX_COUNT, ApecCard, ServiceEntry, ServiceKind


def _entity_field(label, *, required: bool, help_text=""):
    return EntityPickerField(label=label, required=required, help_text=help_text)


class ServiceEntryForm(ServiceFormMixin, VersionedFormMixin, forms.ModelForm):
    applicant = _entity_field(_("Applicant"), required=False, help_text=_("The enterprise, unit or person served."))

    class Meta:
        model = ServiceEntry
        fields = ("kind", "period", "date", "applicant", "batches", "items", "note")
        widgets = {"date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = ServiceKind.objects.filter(active=True)
        if self.instance.pk:
            kinds = ServiceKind.objects.filter(active=True) | ServiceKind.objects.filter(pk=self.instance.kind_id)
        self.fields["kind"].queryset = kinds.order_by("order", "code")

    def _post_clean(self):
        # The service validates (and attributes) the write: no model validation here, or a month's totals dated
        # the 15th would be refused before the service moves them to the 1st.
        pass

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MonthTotalsForm(forms.Form):
    """A month's totals, one pair of fields per active kind: batches_<code> and items_<code>."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("The totals are dated the month's first day; a kind's earlier totals for it are replaced."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        for kind in self.kinds:
            self.fields[f"batches_{kind.code}"] = forms.IntegerField(
                label=_("%(kind)s: batches") % {"kind": kind.label}, min_value=0, max_value=MAX_COUNT, required=False
            )
            self.fields[f"items_{kind.code}"] = forms.IntegerField(
                label=_("%(kind)s: %(unit)s") % {"kind": kind.label, "unit": kind.get_unit_display()},
                min_value=0,
                max_value=MAX_COUNT,
                required=False,
            )

    def rows(self):
        """(kind, batches field, items field) for the template's table."""
        return [(kind, self[f"batches_{kind.code}"], self[f"items_{kind.code}"]) for kind in self.kinds]

    def totals(self) -> dict:
        return {
            kind: (self.cleaned_data.get(f"batches_{kind.code}") or 0, self.cleaned_data.get(f"items_{kind.code}") or 0)
            for kind in self.kinds
        }

    @staticmethod
    def initial_for(month: dt.date, kinds, entries) -> dict:
        initial: dict = {"month": month}
        by_kind = {entry.kind_id: entry for entry in entries}
        for kind in kinds:
            if kind.pk in by_kind:
                initial[f"batches_{kind.code}"] = by_kind[kind.pk].batches
                initial[f"items_{kind.code}"] = by_kind[kind.pk].items
        return initial


class ApecCardForm(ServiceFormMixin, VersionedFormMixin, forms.ModelForm):
    holder = _entity_field(_("Holder"), required=True, help_text=_("The person holding the card."))
    enterprise = _entity_field(_("Enterprise"), required=False)

    class Meta:
        model = ApecCard
        fields = ("number", "holder", "enterprise", "issued_on", "expires_on", "note")
        widgets = {"issued_on": DATE_WIDGET, "expires_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
