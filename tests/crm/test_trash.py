"""Deleted records are listed for admins and restored from history, with what their delete cascaded to."""

import datetime as dt

import pytest

from crm.selectors import deleted_records
from crm.services import record_restore
from events.models import Event, Participant
from relations.models import Relation, RelationStep
from tests.factories import EntityFactory, EventFactory, ParticipantFactory, RelationFactory, RelationStepFactory


@pytest.mark.django_db
def test_a_deleted_event_comes_back_with_its_participants(admin_role_user):
    event = EventFactory(title="Daegu delegation")
    ParticipantFactory(event=event, headcount=12)
    ParticipantFactory(event=event, headcount=3)
    event_id = event.pk
    event.delete()
    assert not Event.objects.filter(pk=event_id).exists()

    [record] = [r for r in deleted_records() if r.model_label == "events.Event"]
    restored = record_restore(model_label=record.model_label, history_id=record.history_id, by=admin_role_user)

    assert restored.pk == event_id and restored.title == "Daegu delegation"
    assert sorted(Participant.objects.filter(event_id=event_id).values_list("headcount", flat=True)) == [3, 12]
    assert restored.history.first().history_user == admin_role_user
    assert not [r for r in deleted_records() if r.model_label == "events.Event"]


@pytest.mark.django_db
def test_a_deleted_tie_comes_back_with_its_steps(admin_role_user):
    tie = RelationFactory(established_on=dt.date(1996, 4, 1))
    RelationStepFactory(relation=tie)
    tie_id = tie.pk
    tie.delete()
    record = next(r for r in deleted_records() if r.model_label == "relations.Relation")
    record_restore(model_label="relations.Relation", history_id=record.history_id, by=admin_role_user)
    assert Relation.objects.get(pk=tie_id).established_on == dt.date(1996, 4, 1)
    assert RelationStep.objects.filter(relation_id=tie_id).count() == 1


@pytest.mark.django_db
def test_restoring_twice_or_an_unknown_type_is_refused(admin_role_user):
    from django.core.exceptions import ValidationError

    entity = EntityFactory(name="Koper")
    entity.delete()
    record = next(r for r in deleted_records() if r.model_label == "contacts.Entity")
    record_restore(model_label="contacts.Entity", history_id=record.history_id, by=admin_role_user)
    with pytest.raises(ValidationError):
        record_restore(model_label="contacts.Entity", history_id=record.history_id, by=admin_role_user)
    with pytest.raises(ValidationError):
        record_restore(model_label="auth.User", history_id=1, by=admin_role_user)


@pytest.mark.django_db
def test_trash_page_is_for_admins_and_restores(page_as):
    entity = EntityFactory(name="Bydgoszcz")
    entity_id = entity.pk
    entity.delete()
    client = page_as("admin")
    page = client.get("/trash/")
    assert page.status_code == 200 and "Bydgoszcz" in page.content.decode()
    history_id = page.context["records"][0].history_id
    response = client.post("/trash/", {"model": "contacts.Entity", "history_id": history_id}, follow=True)
    assert response.status_code == 200
    from contacts.models import Entity

    assert Entity.objects.filter(pk=entity_id, name="Bydgoszcz").exists()
    assert client.post("/trash/", {"model": "contacts.Entity", "history_id": "x"}).status_code == 302


@pytest.mark.django_db
def test_trash_page_is_refused_to_officers(page_as):
    assert page_as("officer").get("/trash/").status_code == 403
