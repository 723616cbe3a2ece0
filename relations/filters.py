"""One FilterSet for ties, used by the API (`/api/relations/`) and the list page (`/relations/`)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.filters import CountryCodeField
from contacts.search import query_terms
from core.filters import IdFilter, StaticFormMixin
from core.forms import DateInput
from relations.choices import CLOSED_STATUSES, RelationKind, RelationStatus
from relations.models import Relation


def region_countries(code: str) -> list[str] | None:
    # Imported when used: the regions (continents, sub-regions, blocs) belong to contacts.
    from contacts.selectors import region_countries as contacts_region_countries

    return contacts_region_countries(code)


class CountryCodeFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField


class RegionCodeField(forms.CharField):
    """A region code (continent, UN M49 sub-region, bloc); cleans to (code, member country codes)."""

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        members = region_countries(code.strip())
        if members is None:
            raise ValidationError(_("Unknown region “%(code)s”."), code="unknown_region", params={"code": code})
        return (code.strip(), list(members))


class RegionCodeFilter(django_filters.CharFilter):
    field_class = RegionCodeField


def _region_widget_choices() -> list:
    # Read only when the page's filter form is rendered (the API never renders it, so costs no query there).
    from contacts.selectors import region_choices

    return [("", "---------"), *region_choices()]


class RelationFilterSet(StaticFormMixin, django_filters.FilterSet):
    """Filters on ties; `country` and `region` are the partner's (the target's)."""

    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q", help_text=_("Any name, alias or pinyin of either end, or the post held.")
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=RelationKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=RelationStatus.choices)
    live = django_filters.ChoiceFilter(
        label=_("live"),
        method="filter_live",
        empty_label=_("All"),
        choices=[("true", _("Live ties")), ("false", _("Upgraded or ended"))],
        help_text=_("true: ties not upgraded or ended; false: the others."),
    )
    entity = IdFilter(
        label=_("entity"),
        method="filter_entity",
        widget=forms.HiddenInput,
        help_text=_("Id of an entity at either end."),
    )
    source_id = IdFilter(label=_("source"), field_name="source_id", widget=forms.HiddenInput)
    target_id = IdFilter(label=_("target"), field_name="target_id", widget=forms.HiddenInput)
    country = CountryCodeFilter(
        label=_("partner country"),
        field_name="target__country",
        help_text=_("ISO 3166-1 alpha-2 code of the partner's country."),
    )
    region = RegionCodeFilter(
        label=_("partner region"),
        method="filter_region",
        widget=forms.Select(choices=_region_widget_choices),
        help_text=_("Region code: continent, UN M49 sub-region or bloc (e.g. asean)."),
    )
    established_after = django_filters.DateFilter(
        label=_("signed from"),
        field_name="established_on",
        lookup_expr="gte",
        widget=DateInput(),
    )
    established_before = django_filters.DateFilter(
        label=_("signed until"),
        field_name="established_on",
        lookup_expr="lte",
        widget=DateInput(),
    )

    class Meta:
        model = Relation
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        match = Q()
        for term in query_terms(value):
            match |= (
                Q(source__search_text__contains=term) | Q(target__search_text__contains=term) | Q(title__icontains=term)
            )
        return queryset.filter(match) if match else queryset

    def filter_live(self, queryset, name, value):
        closed = [s.value for s in CLOSED_STATUSES]
        return queryset.exclude(status__in=closed) if value == "true" else queryset.filter(status__in=closed)

    def filter_entity(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))

    def filter_region(self, queryset, name, value):
        _code, members = value
        return queryset.filter(target__country__in=members)
