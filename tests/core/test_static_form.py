"""core.filters.StaticFormMixin: a FilterSet's form class built once, the same validation and labels as before,
and a FilterSet whose filter reads the request keeps building its form each time."""

import django_filters
import pytest
from django.http import QueryDict
from django.utils import translation

from contacts.filters import EntityFilterSet
from contacts.models import Entity
from core.filters import StaticFormMixin
from tests.factories import EntityFactory


def test_the_form_class_is_built_once_and_each_form_is_its_own():
    first, second = EntityFilterSet(QueryDict("kind=city")), EntityFilterSet(QueryDict("kind=planet"))
    assert type(first.form) is type(second.form)
    assert first.form is not second.form and first.form.fields["kind"] is not second.form.fields["kind"]
    assert first.is_valid() and not second.is_valid() and "kind" in second.errors
    first.form.fields["kind"].label = "changed on one form"
    assert EntityFilterSet(QueryDict("")).form.fields["kind"].label != "changed on one form"


@pytest.mark.django_db
def test_the_kept_form_filters_and_speaks_the_request_language():
    EntityFactory(name="Daegu", kind="city", country="KR")
    EntityFactory(name="Hanyang University", kind="school", country="KR")
    assert [e.name for e in EntityFilterSet(QueryDict("kind=city&country=kr")).qs] == ["Daegu"]
    with translation.override("zh-hans"):
        chinese = str(EntityFilterSet(QueryDict("")).form.fields["kind"].label)
    with translation.override("en"):
        english = str(EntityFilterSet(QueryDict("")).form.fields["kind"].label)
    assert english == "kind" and chinese != english


class _PerRequest(StaticFormMixin, django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(queryset=lambda request: Entity.objects.filter(name=request.GET["only"]))

    class Meta:
        model = Entity
        fields = ["parent"]


def test_a_filterset_reading_the_request_builds_its_form_each_time(rf):
    one = _PerRequest(QueryDict(""), request=rf.get("/", {"only": "a"}))
    two = _PerRequest(QueryDict(""), request=rf.get("/", {"only": "b"}))
    assert type(one.form) is not type(two.form)
    assert _PerRequest not in StaticFormMixin._form_classes
