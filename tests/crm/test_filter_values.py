"""Every API filter refuses a value it cannot use with a 400 naming it (issue 9, finding 9): `domestic=maybe` or
an unknown choice used to be ignored silently, answering the whole list as if the filter had not been given.
Walks the URL conf, so a new list endpoint or filter is checked too; free-text filters (CharFilter) take anything."""

import django_filters
import pytest

from tests.crm.test_conventions import API_ROUTES


def _filtered_lists():
    for path, pattern in API_ROUTES:
        cls = getattr(pattern.callback, "cls", None)
        actions = getattr(pattern.callback, "actions", None) or {}
        filterset = getattr(cls, "filterset_class", None)
        if filterset and actions.get("get") == "list":
            for name, declared in filterset.base_filters.items():
                if not isinstance(declared, django_filters.CharFilter):
                    yield path, name


FILTERS = sorted(set(_filtered_lists()))


def test_there_are_filters_to_check():
    names = {name for _path, name in FILTERS}
    assert {"domestic", "archived", "kind", "done", "overdue", "country"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_an_unusable_filter_value_is_a_400_naming_the_filter(api_as, path, name):
    response = api_as("admin").get(path, {name: "maybe-not"})
    assert response.status_code == 400, (path, name, response.status_code)
    assert name in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["true", "false", "True", "1", "0", "", "unknown"])
def test_yes_no_filters_take_true_false_one_zero_or_nothing(api_as, value):
    assert api_as("viewer").get("/api/entities/", {"domestic": value}).status_code == 200
    assert api_as("viewer").get("/api/followups/", {"done": value}).status_code == 200


@pytest.mark.django_db
def test_domestic_maybe_is_refused_with_a_clear_message(api_as):
    response = api_as("viewer").get("/api/entities/", {"domestic": "maybe"})
    assert response.status_code == 400
    assert response.json() == {"domestic": ["Give true or false (or leave the filter out)."]}


@pytest.mark.django_db
def test_an_unknown_ordering_is_a_400_naming_it(api_as):
    client = api_as("viewer")
    response = client.get("/api/entities/", {"ordering": "-name,password"})
    assert response.status_code == 400
    assert "password" in " ".join(response.json()["ordering"])
    assert client.get("/api/entities/", {"ordering": "-name,country"}).status_code == 200
    assert client.get("/api/events/", {"ordering": "nonsense"}).status_code == 400
