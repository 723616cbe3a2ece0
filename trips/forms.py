"""Forms of the trip pages. They only collect input: every rule is checked by the services they call."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.choices import EntityKind
from contacts.countries import country_choices
from contacts.forms import EntityMultiplePickerField, EntityPickerField
from contacts.models import Entity
from core.forms import DateInput, ServiceFormMixin
from trips.choices import ApprovingLevel, CadreLevel
from trips.models import ReviewCriterion, Trip

LEG_ROWS = 4
MEMBER_ROWS = 8


def _people():
    return Entity.objects.filter(kind=EntityKind.PERSON, domestic=True, archived=False).order_by("name")


class TripForm(ServiceFormMixin, forms.ModelForm):
    """The application: its facts, up to four destinations and eight members (the API takes any number)."""

    partners = EntityMultiplePickerField(
        label=_("partners to meet"),
        queryset=Entity.objects.filter(domestic=False).exclude(kind=EntityKind.PERSON),
        required=False,
        url_params={"domestic": "0", "people": "0"},
    )

    class Meta:
        model = Trip
        fields = (
            "title",
            "organiser",
            "kind",
            "category",
            "approving_level",
            "start_date",
            "end_date",
            "purpose",
            "agenda",
            "partners",
            "budget",
            "payer",
            "invitation_from",
            "invitation_ref",
            "invitation_text",
            "notes",
        )
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "invitation_text": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Our own units: a short list, so a plain select (the partners' pickers search instead).
        self.fields["organiser"].queryset = Entity.objects.filter(domestic=True, archived=False).exclude(
            kind=EntityKind.PERSON
        )
        people = _people()
        for n in range(1, LEG_ROWS + 1):
            self.fields[f"leg{n}_country"] = forms.ChoiceField(
                label=_("Destination %(n)s") % {"n": n}, choices=country_choices(), required=False
            )
            self.fields[f"leg{n}_days"] = forms.IntegerField(
                label=_("Days in destination %(n)s") % {"n": n}, min_value=1, max_value=366, required=False
            )
        for n in range(1, MEMBER_ROWS + 1):
            self.fields[f"member{n}_person"] = EntityPickerField(
                label=_("Member %(n)s") % {"n": n} if n > 1 else _("Leader"),
                queryset=people,
                required=False,
                url_params={"domestic": "1", "people": "1"},
            )
            self.fields[f"member{n}_post"] = forms.CharField(
                label=_("Post of member %(n)s") % {"n": n} if n > 1 else _("Leader's post"),
                max_length=200,
                required=False,
            )
            self.fields[f"member{n}_level"] = forms.ChoiceField(
                label=_("Level of member %(n)s") % {"n": n} if n > 1 else _("Leader's level"),
                choices=CadreLevel.choices,
                initial=CadreLevel.NONE,
                required=False,
            )
        trip = self.instance if self.instance.pk else None
        if trip is not None and not self.is_bound:
            for n, leg in enumerate(trip.legs.all()[:LEG_ROWS], start=1):
                self.initial[f"leg{n}_country"], self.initial[f"leg{n}_days"] = str(leg.country), leg.days
            for n, member in enumerate(trip.members.all()[:MEMBER_ROWS], start=1):
                self.initial[f"member{n}_person"] = member.person_id
                self.initial[f"member{n}_post"], self.initial[f"member{n}_level"] = member.post, member.level
            self.initial["partners"] = list(trip.partners.values_list("pk", flat=True))

    def legs(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"country": data.get(f"leg{n}_country"), "days": data.get(f"leg{n}_days") or 1}
            for n in range(1, LEG_ROWS + 1)
            if data.get(f"leg{n}_country")
        ]

    def members(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "person": data[f"member{n}_person"],
                "post": data.get(f"member{n}_post") or "",
                "level": data.get(f"member{n}_level") or CadreLevel.NONE,
                "leader": n == 1,
            }
            for n in range(1, MEMBER_ROWS + 1)
            if data.get(f"member{n}_person")
        ]

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "partners"}
        return {**data, "legs": self.legs(), "members": self.members(), "partners": list(self.cleaned_data["partners"])}


class CheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=(
            ("accepted", _("Accept")),
            ("returned", _("Return for changes")),
            ("refused", _("Refuse")),
            ("postponed", _("Postpone")),
        ),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(forms.Form):
    level = forms.ChoiceField(label=_("approving level"), choices=ApprovingLevel.choices)
    approved = forms.ChoiceField(
        label=_("Decision"),
        choices=(("yes", _("Approve")), ("no", _("Refuse"))),
        widget=forms.RadioSelect,
        initial="yes",
    )
    document_no = forms.CharField(label=_("Document number"), max_length=100, required=False)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DateForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())


class ReportForm(DateForm):
    report = forms.CharField(label=_("trip report"), widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class VisaForm(forms.Form):
    member = forms.ModelChoiceField(label=_("member"), queryset=Entity.objects.none())
    visa_days = forms.IntegerField(label=_("visa stay granted (days)"), min_value=1, max_value=366)

    def __init__(self, *args, trip=None, **kwargs):
        super().__init__(*args, **kwargs)
        if trip is not None:
            self.fields["member"].queryset = trip.members.select_related("person")
            self.fields["member"].label_from_instance = lambda m: str(m)


class DatesForm(ReasonForm):
    start_date = forms.DateField(label=_("departure"), widget=DateInput())
    end_date = forms.DateField(label=_("return"), widget=DateInput())


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(ReviewCriterion.objects.filter(active=True))
        for criterion in self.criteria:
            self.fields[f"score_{criterion.code}"] = forms.IntegerField(
                label=f"{criterion.label} (0–{criterion.max_score})", min_value=0, max_value=criterion.max_score
            )

    def scores(self) -> dict:
        return {c.code: self.cleaned_data[f"score_{c.code}"] for c in self.criteria}


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    quarter = forms.ChoiceField(label=_("Quarter"), choices=[(q, q) for q in range(1, 5)])
