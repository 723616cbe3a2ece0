"""FilterSets of the expansion feature (the API's, and any page listing plans)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy

from core.filters import IdFilter, StaticFormMixin, YearFilter
from relations.models import LayoutPlan


class LayoutPlanFilterSet(StaticFormMixin, django_filters.FilterSet):
    home_id = IdFilter(field_name="home_id")
    year = YearFilter(method="filter_year", label=gettext_lazy("Plans covering this year"))
    q = django_filters.CharFilter(method="filter_q", label=gettext_lazy("Search"))

    class Meta:
        model = LayoutPlan
        fields = ("home_id", "year", "q")

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(notes__icontains=value))


def suggestions_filter(items: list[dict], *, country: str = "", countries: list[str] | None = None) -> list[dict]:
    """Suggestions (as dicts) about one country, or about any of `countries` (a region's members)."""
    if country:
        items = [i for i in items if (i.get("subject") or {}).get("country") == country]
    if countries is not None:
        wanted = set(countries)
        items = [i for i in items if (i.get("subject") or {}).get("country") in wanted]
    return items
