"""A note's author or an admin deletes it, in the API and on the page; history keeps it and the trash restores it."""

import pytest
from rest_framework.test import APIClient

from crm.selectors import deleted_records
from crm.services import record_restore
from events.models import Note
from events.services import note_create
from tests.factories import EntityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_author_deletes_their_note_through_the_api_and_history_records_it(officer):
    note = note_create(text="Met the consul.", author=officer, entity=EntityFactory())
    response = _client(officer).delete(f"/api/notes/{note.pk}/")
    assert response.status_code == 204, response.content
    assert not Note.objects.filter(pk=note.pk).exists()
    deletion = Note.history.get(id=note.pk, history_type="-")
    assert deletion.history_user == officer


def test_another_officer_or_a_viewer_cannot_delete_it(officer, make_user, viewer):
    note = note_create(text="Mine.", author=officer, entity=EntityFactory())
    other = make_user("officer", username="other-officer")
    assert _client(other).delete(f"/api/notes/{note.pk}/").status_code == 403
    assert _client(viewer).delete(f"/api/notes/{note.pk}/").status_code == 403
    assert _client(viewer).get(f"/api/notes/{note.pk}/").json()["text"] == "Mine."
    assert Note.objects.filter(pk=note.pk).exists()
    assert APIClient().delete(f"/api/notes/{note.pk}/").status_code == 401


def test_an_admin_deletes_anyones_note_and_then_the_entity(officer, admin_role_user):
    entity = EntityFactory()
    note = note_create(text="A note that used to pin the entity.", author=officer, entity=entity)
    client = _client(admin_role_user)
    assert client.delete(f"/api/entities/{entity.pk}/").status_code == 400  # the note protects it
    assert client.delete(f"/api/notes/{note.pk}/").status_code == 204
    assert client.delete(f"/api/entities/{entity.pk}/").status_code == 204


def test_a_deleted_note_is_restored_from_the_trash_with_its_author_and_subject(officer, admin_role_user):
    tie = RelationFactory()
    note = note_create(text="Tie note.", author=officer, relation=tie)
    _client(officer).delete(f"/api/notes/{note.pk}/")
    record = next(r for r in deleted_records() if r.model_label == "events.Note")
    assert record.object_id == note.pk and record.deleted_by == officer.username
    restored = record_restore(model_label="events.Note", history_id=record.history_id, by=admin_role_user)
    assert (restored.pk, restored.text, restored.author, restored.relation) == (note.pk, "Tie note.", officer, tie)
    # The restored `created` time is issue 9's finding 6 (restore keeps timestamps), not covered here.


def test_the_timeline_page_offers_delete_to_the_author_and_deletes(page_as, make_user):
    city = EntityFactory()
    client = page_as("officer")
    note = note_create(text="Agreed on a youth exchange.", author=client.user, entity=city)
    html = client.get(f"/entities/{city.pk}/timeline/").content.decode()
    assert f"/entities/{city.pk}/timeline/notes/{note.pk}/delete/" in html
    response = client.post(f"/entities/{city.pk}/timeline/notes/{note.pk}/delete/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Agreed on a youth exchange." not in response.content.decode()
    assert not Note.objects.exists()


def test_the_timeline_page_does_not_offer_delete_to_another_officer(page_as, make_user):
    tie = RelationFactory()
    note = note_create(text="Someone else's.", author=make_user("officer", username="author"), relation=tie)
    client = page_as("officer")
    html = client.get(f"/relations/{tie.pk}/timeline/").content.decode()
    assert "Someone else&#x27;s." in html or "Someone else's." in html
    assert "/delete/" not in html
    assert client.post(f"/relations/{tie.pk}/timeline/notes/{note.pk}/delete/").status_code == 403
    assert Note.objects.filter(pk=note.pk).exists()


def test_an_admin_is_offered_delete_on_anyones_note(page_as, make_user):
    tie = RelationFactory()
    note = note_create(text="An officer's note.", author=make_user("officer", username="author"), relation=tie)
    client = page_as("admin")
    html = client.get(f"/relations/{tie.pk}/timeline/").content.decode()
    assert f"/relations/{tie.pk}/timeline/notes/{note.pk}/delete/" in html
    assert client.post(f"/relations/{tie.pk}/timeline/notes/{note.pk}/delete/").status_code == 200
    assert not Note.objects.exists()
