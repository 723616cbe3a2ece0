"""The map and the network show the names the API serves (`display_name`), in the request's language."""

import pytest
from django.utils import translation

from relations.expansion.kinds import Suggestion
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory


@pytest.mark.parametrize(("language", "source", "target"), [("en", "Ningbo", "Daegu"), ("zh-hans", "宁波", "大邱")])
def test_a_ties_ends_carry_their_display_name_in_the_requests_language(api_as, db, language, source, target):
    RelationFactory(source=HomeCityFactory(), target=EntityFactory(name="Daegu", name_zh="大邱"))
    response = api_as("viewer").get("/api/relations/", HTTP_ACCEPT_LANGUAGE=language)
    row = response.json()["results"][0]
    assert (row["source"]["display_name"], row["target"]["display_name"]) == (source, target)


@pytest.mark.parametrize(("language", "shown"), [("en", "Daegu"), ("zh-hans", "大邱 Daegu")])
def test_a_suggestions_subject_and_candidates_carry_their_display_name(language, shown):
    daegu = {"type": "city", "name": "Daegu", "name_zh": "大邱"}
    suggestion = Suggestion(
        kind="gap",
        key="country:KR",
        subject={"type": "country", "name": "Daegu", "name_zh": "大邱"},
        score=1.0,
        reasons=[],
        actions=["dismiss"],
        candidates=[daegu],
    )
    with translation.override(language):
        data = suggestion.as_dict()
    assert data["subject"]["display_name"] == shown and data["candidates"][0]["display_name"] == shown
    assert "display_name" not in suggestion.subject
