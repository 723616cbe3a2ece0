"""Filter pieces every app's FilterSet uses; imports no app.

Ids arrive as text from query strings; one larger than the database's integer would make SQLite raise
OverflowError and PostgreSQL a DataError (a 500), so ids are range-checked before any lookup.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

MAX_ID = 2**63 - 1


def valid_id(value) -> bool:
    text = str(value).strip()
    return text.isdigit() and 0 < int(text) <= MAX_ID


class IdField(forms.IntegerField):
    """A record id: a whole number the database can hold (a longer one is an error, not a crash)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """Filter on a foreign key's id without loading the record."""

    field_class = IdField


class SafeModelChoiceField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not valid_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class ModelIdFilter(django_filters.ModelChoiceFilter):
    """A record chosen by id (documented as an integer; an unknown or impossible id is a 400 naming the filter)."""

    field_class = SafeModelChoiceField
