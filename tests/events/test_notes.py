"""Notes on an entity's or a tie's timeline: officers add them through the API and the service."""

import pytest
from django.core.exceptions import ValidationError

from events.models import Note
from events.services import note_create
from tests.factories import EntityFactory, RelationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("subject", ["entities", "relations"])
def test_officer_adds_a_note_that_appears_on_the_timeline(api_as, subject):
    record = EntityFactory() if subject == "entities" else RelationFactory()
    client = api_as("officer")
    response = client.post(
        f"/api/{subject}/{record.pk}/notes/", {"text": "  Met the consul at the fair.  "}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == "Met the consul at the fair."
    assert body["author"] == client.user.pk
    note = Note.objects.get(pk=body["id"])
    assert (note.entity if subject == "entities" else note.relation) == record
    assert note.history.get().history_user == client.user  # recorded in history with the user

    timeline = client.get(f"/api/{subject}/{record.pk}/timeline/?type=note").json()["results"]
    assert [(i["type"], i["title"], i["actor"]) for i in timeline] == [
        ("note", "Met the consul at the fair.", client.user.username)
    ]


@pytest.mark.parametrize("subject", ["entities", "relations"])
def test_viewer_cannot_add_a_note(api_as, subject):
    record = EntityFactory() if subject == "entities" else RelationFactory()
    response = api_as("viewer").post(f"/api/{subject}/{record.pk}/notes/", {"text": "Hello"}, format="json")
    assert response.status_code == 403
    assert not Note.objects.exists()


@pytest.mark.parametrize("payload", [{"text": ""}, {"text": "   "}, {}])
def test_empty_note_gets_400_naming_text(api_as, payload):
    entity = EntityFactory()
    response = api_as("officer").post(f"/api/entities/{entity.pk}/notes/", payload, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_note_on_a_missing_record_gets_404_and_anonymous_401(api_client, api_as, db):
    assert api_as("officer").post("/api/entities/999999/notes/", {"text": "x"}, format="json").status_code == 404
    assert api_as("officer").post("/api/relations/999999/notes/", {"text": "x"}, format="json").status_code == 404
    entity = EntityFactory()
    assert api_client.post(f"/api/entities/{entity.pk}/notes/", {"text": "x"}, format="json").status_code == 401


def test_note_create_refuses_a_note_about_nothing(officer):
    with pytest.raises(ValidationError):
        note_create(text="Orphan", author=officer)
    with pytest.raises(ValidationError) as error:
        note_create(text=" ", author=officer, entity=EntityFactory())
    assert "text" in error.value.message_dict
