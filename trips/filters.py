"""One FilterSet for trips, used by the API (`/api/trips/`) and the list page (`/trips/`)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.countries import country_choices
from contacts.models import Entity
from core.filters import BooleanFilter, ModelIdFilter, StaticFormMixin, YearFilter
from trips.choices import TravellerCategory, TripKind, TripStatus
from trips.models import ReviewCriterion, Trip, TripRules


class TripFilterSet(StaticFormMixin, django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=TripStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=TripKind.choices)
    category = django_filters.ChoiceFilter(label=_("traveller category"), choices=TravellerCategory.choices)
    country = django_filters.ChoiceFilter(
        label=_("country or region"), choices=lambda: country_choices(blank_label=False), method="filter_country"
    )
    organiser = ModelIdFilter(label=_("organising unit"), queryset=Entity.objects.filter(domestic=True))
    year = YearFilter(label=_("year"), field_name="start_date", lookup_expr="year")
    q = django_filters.CharFilter(label=_("search"), method="filter_q")

    class Meta:
        model = Trip
        fields = ("status", "kind", "category", "country", "organiser", "year", "q")

    def filter_country(self, queryset, name, value: str):
        return queryset.filter(legs__country=value).distinct() if value else queryset

    def filter_q(self, queryset, name, value: str):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(organiser__name__icontains=value)
            | Q(organiser__name_zh__icontains=value)
            | Q(purpose__icontains=value)
        )


class TripRulesFilterSet(StaticFormMixin, django_filters.FilterSet):
    year = YearFilter(label=_("year"))

    class Meta:
        model = TripRules
        fields = ("year",)


class ReviewCriterionFilterSet(StaticFormMixin, django_filters.FilterSet):
    active = BooleanFilter(label=_("active"))

    class Meta:
        model = ReviewCriterion
        fields = ("active",)
