"""FilterSets of the duplicates API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, StaticFormMixin
from dedupe.models import NotDuplicate


class NotDuplicateFilterSet(StaticFormMixin, django_filters.FilterSet):
    entity = IdFilter(method="filter_entity", label=_("Pairs with this entity (either side)"))

    class Meta:
        model = NotDuplicate
        fields = ["entity"]

    def filter_entity(self, queryset, name, value):
        return queryset.filter(Q(first_id=value) | Q(second_id=value)) if value else queryset
