"""One rule for the home of every expansion endpoint (`home_check`): a foreign entity is refused with a 400 naming
`home`, by the API, the pages, the services and the `suggest` command alike, and nothing is written."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from relations.expansion.services import suggestion_accept, suggestion_dismiss
from relations.expansion.world import home_check
from relations.models import Relation, SuggestionDismissal
from tests.factories import EntityFactory, HomeCityFactory

DAEGU_GID = 1835329


@pytest.fixture
def daegu(db):
    HomeCityFactory()
    return EntityFactory(name="Daegu", country="KR", geonameid=DAEGU_GID)


def test_home_check_refuses_a_foreign_entity_and_nothing_at_all(daegu):
    home_check(HomeCityFactory(name="Ningbo 2"))
    for home in (daegu, None):
        with pytest.raises(ValidationError) as refused:
            home_check(home)
        assert list(refused.value.message_dict) == ["home"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/suggestions/", {}),
        ("get", "/api/suggestions/dismissed/", {}),
        ("get", "/api/layout/", {}),
        ("post", "/api/suggestions/dismiss/", {"key": "country:JP", "reason": "no"}),
        ("post", "/api/suggestions/accept/", {"key": f"city:{DAEGU_GID}"}),
    ],
)
def test_every_expansion_api_endpoint_refuses_a_foreign_home(api_as, daegu, method, path, body):
    client = api_as("admin")
    response = getattr(client, method)(path, {"home": daegu.pk, **body}, format="json" if method == "post" else None)
    assert response.status_code == 400
    assert "home" in response.json()
    assert not SuggestionDismissal.objects.exists() and not Relation.objects.exists()


def test_a_layout_plan_cannot_be_made_for_a_foreign_home(api_as, daegu):
    body = {"home": daegu.pk, "name": "Plan", "start_year": 2026, "end_year": 2030}
    response = api_as("admin").post("/api/layout-plans/", body, format="json")
    assert response.status_code == 400 and "home" in response.json()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/expansion/dismiss/", {"key": "country:JP", "reason": "no"}),
        ("/expansion/accept/", {"key": f"city:{DAEGU_GID}"}),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_the_pages_refuse_a_posted_foreign_home_and_write_nothing(page_as, daegu, path, body, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = page_as("admin").post(path, {"home": daegu.pk, **body}, headers=headers)
    assert response.status_code == 400
    assert 'data-field="home"' in response.content.decode()
    assert not SuggestionDismissal.objects.exists() and not Relation.objects.exists()


def test_the_services_refuse_a_foreign_home(daegu):
    with pytest.raises(ValidationError) as refused:
        suggestion_dismiss(home=daegu, key="country:JP", reason="no", by=None)
    assert "home" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        suggestion_accept(home=daegu, key=f"city:{DAEGU_GID}", by=None)
    assert "home" in refused.value.message_dict
    assert not SuggestionDismissal.objects.exists() and not Relation.objects.exists()


@pytest.mark.parametrize("by", ["id", "name"])
def test_the_suggest_command_refuses_a_foreign_home(daegu, by):
    with pytest.raises(CommandError, match="not ours"):
        call_command("suggest", "--home", str(daegu.pk) if by == "id" else "Daegu", verbosity=0)
