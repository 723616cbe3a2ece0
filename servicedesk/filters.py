"""FilterSets of the service desk's ledger and APEC register, shared by the API and the pages."""

import datetime as dt

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from contacts.forms import ENTITIES
from contacts.models import Entity
from core.filters import BooleanFilter, ModelIdFilter, StaticFormMixin
from core.pickers import SearchPicker
from events.forms import DATE_WIDGET
from servicedesk.choices import EntryPeriod, ServiceUnit
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind


class MonthField(forms.CharField):
    """A month as YYYY-MM (the first day of it)."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise ValidationError(_("Enter the month as YYYY-MM, for example 2026-11."), code="invalid") from None


@extend_schema_field(OpenApiTypes.STR)
class MonthFilter(filters.Filter):
    field_class = MonthField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(date__year=value.year, date__month=value.month)


class ServiceEntryFilterSet(StaticFormMixin, filters.FilterSet):
    kind = filters.ModelChoiceFilter(
        label=_("Kind"),
        queryset=ServiceKind.objects.all(),
        to_field_name="code",
        help_text=_("A kind's code, e.g. consular_certification."),
    )
    period = filters.ChoiceFilter(label=_("One service or a month"), choices=EntryPeriod.choices)
    month = MonthFilter(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month"}),
        help_text=_("Entries dated in this month (YYYY-MM)."),
    )
    applicant = ModelIdFilter(
        label=_("Applicant"),
        queryset=Entity.objects.all(),
        help_text=_("Entries of this applicant (an entity's id)."),
        widget=SearchPicker(source=ENTITIES),
    )
    date_after = filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DATE_WIDGET, help_text=_("On or after.")
    )
    date_before = filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DATE_WIDGET, help_text=_("On or before.")
    )

    class Meta:
        model = ServiceEntry
        fields = ("kind", "period", "month", "applicant", "date_after", "date_before")


class ApecCardFilterSet(StaticFormMixin, filters.FilterSet):
    holder = ModelIdFilter(label=_("Holder"), queryset=Entity.objects.all(), help_text=_("A person's id."))
    enterprise = ModelIdFilter(label=_("Enterprise"), queryset=Entity.objects.all(), help_text=_("An entity's id."))
    expires_after = filters.DateFilter(
        label=_("Expires from"), field_name="expires_on", lookup_expr="gte", widget=DATE_WIDGET
    )
    expires_before = filters.DateFilter(
        label=_("Expires by"), field_name="expires_on", lookup_expr="lte", widget=DATE_WIDGET
    )

    class Meta:
        model = ApecCard
        fields = ("holder", "enterprise", "expires_after", "expires_before")


class ServiceKindFilterSet(StaticFormMixin, filters.FilterSet):
    active = BooleanFilter(label=_("Active"), help_text=_("Only kinds in use (true) or retired (false)."))
    unit = filters.ChoiceFilter(label=_("Unit"), choices=ServiceUnit.choices)

    class Meta:
        model = ServiceKind
        fields = ("active", "unit")
