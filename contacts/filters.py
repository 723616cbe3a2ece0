"""One FilterSet for entities, used by the API (`/api/entities/`) and the list page (`/entities/`)."""

import json

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from contacts.choices import EntityKind, RegionKind
from contacts.countries import country_choices, country_codes
from contacts.models import Entity, Region
from contacts.search import query_terms
from contacts.selectors import region_choices, region_countries
from core.filters import BooleanFilter, IdFilter, StaticFormMixin, YesNoAnySelect


def json_list_contains(queryset: QuerySet, field: str, item: str) -> QuerySet:
    """Rows whose JSON list `field` holds the string `item`, on PostgreSQL (jsonb @>) and on SQLite (text match).

    SQLite has no JSON containment; a JSON-encoded string, quotes included, only matches a whole list item.
    """
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(**{f"{field}__contains": [item]})
    alias = f"_{field}_text"
    return queryset.alias(**{alias: Cast(field, TextField())}).filter(**{f"{alias}__contains": json.dumps(item)})


class CountryCodeField(forms.ChoiceField):
    """An ISO 3166-1 alpha-2 code in either case, offered by localised country name."""

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = country_choices
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def valid_value(self, value) -> bool:
        # The codes, not the localised grouped choices: Django would rebuild and walk the 250 named countries on
        # every request (a third of a filtered list's filtering).
        return value in country_codes()


class AnyYesNo(YesNoAnySelect):
    """Any / yes / no, sending true/false as the API does."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("unknown", _("Any")), ("true", _("Yes")), ("false", _("No")))


@extend_schema_field(OpenApiTypes.STR)
class CountryCodeFilter(django_filters.ChoiceFilter):
    field_class = CountryCodeField


class RegionCodeField(forms.ChoiceField):
    """A region code (continent, UN M49 sub-region, bloc) or a country code; cleans to the member countries.

    The choices (for the page's <select>) are read only when rendered; validation asks region_countries.
    """

    def __init__(self, *args, **kwargs):
        kwargs["choices"] = lambda: [("", "---------"), *region_choices()]
        super().__init__(*args, **kwargs)

    def validate(self, value):
        forms.Field.validate(self, value)

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        members = region_countries(code)
        if members is None:
            raise ValidationError(
                _(
                    "Unknown region “%(code)s”: give a continent, UN M49 sub-region or bloc code "
                    "(e.g. eastern-asia, asean, eu) or a country code."
                ),
                code="unknown_region",
                params={"code": code},
            )
        return members


@extend_schema_field(OpenApiTypes.STR)
class RegionCodeFilter(django_filters.Filter):
    field_class = RegionCodeField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class EntityFilterSet(StaticFormMixin, django_filters.FilterSet):
    """Filters on entities; every one also drives the list page's filter form."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        help_text=_("Any name or alias, in any script, without accents, or in pinyin (daqiu finds 大邱)."),
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=EntityKind.choices)
    country = CountryCodeFilter(label=_("country"), help_text=_("ISO 3166-1 alpha-2 code, e.g. KR."))
    region = RegionCodeFilter(
        field_name="country",
        label=_("region"),
        help_text=_("Continent, UN M49 sub-region or bloc code (eastern-asia, asean, eu, brics …), or a country code."),
    )
    domestic = BooleanFilter(
        label=_("domestic"), widget=AnyYesNo, help_text=_("true: our own side; false: foreign partners.")
    )
    tag = django_filters.CharFilter(label=_("tag"), method="filter_tag", help_text=_("Entities carrying this tag."))
    archived = BooleanFilter(label=_("archived"), widget=AnyYesNo)
    parent_id = IdFilter(field_name="parent_id", label=_("parent"), help_text=_("Id of the parent entity."))

    class Meta:
        model = Entity
        fields = ["q", "kind", "country", "region", "domestic", "tag", "archived", "parent_id"]

    def filter_q(self, queryset, name, value):
        terms = query_terms(value)
        if not terms:
            return queryset
        match = Q()
        for term in terms:
            match |= Q(search_text__contains=term)
        return queryset.filter(match)

    def filter_tag(self, queryset, name, value):
        value = (value or "").strip()
        return json_list_contains(queryset, "tags", value) if value else queryset


class RegionFilterSet(StaticFormMixin, django_filters.FilterSet):
    """Filters on regions: by kind, and by a member country."""

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=RegionKind.choices)
    country = CountryCodeFilter(
        label=_("country"), method="filter_country", help_text=_("Regions this country belongs to.")
    )

    class Meta:
        model = Region
        fields = ["kind", "country"]

    def filter_country(self, queryset, name, value):
        return json_list_contains(queryset, "countries", value) if value else queryset
