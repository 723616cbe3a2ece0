"""A restore from "Deleted records" brings back everything the delete removed (issue 9, finding 6): every field,
`created`/`updated` to the microsecond, the children the delete cascaded to and an event's links to ties."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contacts.models import ContactPoint, Entity
from contacts.services import entity_delete
from crm.selectors import deleted_records
from crm.services import record_restore
from events.models import Event, FollowUp, Note, Participant
from events.services import event_create, event_delete, event_update, followup_delete, note_delete
from relations.models import Relation, RelationStep
from relations.services import relation_delete
from tests.factories import (
    ContactPointFactory,
    EntityFactory,
    FollowUpFactory,
    NoteFactory,
    RelationFactory,
    RelationStepFactory,
)

pytestmark = pytest.mark.django_db


def _age(*records, days: int = 400) -> None:
    """Give records created/updated times well before today, with microseconds, as real data has."""
    for number, record in enumerate(records):
        created = timezone.now() - dt.timedelta(days=days, microseconds=123457 + number)
        type(record).objects.filter(pk=record.pk).update(created=created, updated=created + dt.timedelta(hours=3))
        record.refresh_from_db()


def _snapshot(model, **filters) -> list[dict]:
    """Every column of the rows that match, in a stable order."""
    columns = [field.attname for field in model._meta.concrete_fields]
    return list(model.objects.filter(**filters).order_by("pk").values(*columns))


def _restore(model_label: str, object_id: int, by):
    record = next(r for r in deleted_records() if r.model_label == model_label and r.object_id == object_id)
    return record_restore(model_label=model_label, history_id=record.history_id, by=by)


def test_an_entity_comes_back_with_every_field_its_times_and_its_contact_points(admin_role_user):
    entity = EntityFactory(name="Koper", name_zh="科佩尔", country="SI")
    ContactPointFactory(entity=entity)
    ContactPointFactory(entity=entity, kind="phone", value="+386 5 6646 100")
    _age(entity, *entity.contact_points.all())
    before = (_snapshot(Entity, pk=entity.pk), _snapshot(ContactPoint, entity_id=entity.pk))

    entity_delete(entity=entity, by=admin_role_user)
    _restore("contacts.Entity", before[0][0]["id"], admin_role_user)

    assert (_snapshot(Entity, pk=before[0][0]["id"]), _snapshot(ContactPoint, entity_id=before[0][0]["id"])) == before


def test_a_tie_comes_back_with_every_field_its_times_and_its_steps(admin_role_user):
    tie = RelationFactory(established_on=dt.date(1996, 4, 1))
    RelationStepFactory(relation=tie)
    _age(tie, *tie.steps.all())
    before = (_snapshot(Relation, pk=tie.pk), _snapshot(RelationStep, relation_id=tie.pk))

    relation_delete(relation=tie, by=admin_role_user)
    _restore("relations.Relation", before[0][0]["id"], admin_role_user)

    assert (
        _snapshot(Relation, pk=before[0][0]["id"]),
        _snapshot(RelationStep, relation_id=before[0][0]["id"]),
    ) == before


def test_an_event_comes_back_with_its_participants_its_ties_and_its_times(admin_role_user):
    daegu, ningbo = EntityFactory(name="Daegu"), EntityFactory(name="Ningbo", domestic=True)
    sister, school = RelationFactory(source=ningbo, target=daegu), RelationFactory()
    event = event_create(
        by=admin_role_user,
        kind="visit_in",
        title="Daegu delegation",
        start_date=dt.date(2025, 5, 6),
        participants=[
            {"entity": daegu, "role": "guest", "headcount": 12},
            {"entity": ningbo, "role": "host", "headcount": 4},
        ],
        relations=[sister],
    )
    assert event.history.count() == 1  # the new event's links are in its one "created" row
    event = event_update(event=event, by=admin_role_user, relations=[sister, school], outcome="MoU on youth camps")
    _age(event, *event.participants.all())
    event_id = event.pk
    before = (
        _snapshot(Event, pk=event_id),
        _snapshot(Participant, event_id=event_id),
        sorted(event.relations.values_list("pk", flat=True)),
    )

    event_delete(event=Event.objects.get(pk=event_id), by=admin_role_user)
    assert not Event.relations.through.objects.filter(event_id=event_id).exists()
    restored = _restore("events.Event", event_id, admin_role_user)

    after = (
        _snapshot(Event, pk=event_id),
        _snapshot(Participant, event_id=event_id),
        sorted(Event.objects.get(pk=event_id).relations.values_list("pk", flat=True)),
    )
    assert after == before and after[2] == sorted([sister.pk, school.pk])
    # One history row says who restored it; it holds the restored times and links too.
    row = restored.history.order_by("-history_date", "-history_id").first()
    assert row.history_type == "+" and row.history_user == admin_role_user
    assert (row.created, row.updated) == (before[0][0]["created"], before[0][0]["updated"])
    assert sorted(row.relations.values_list("relation_id", flat=True)) == after[2]


def test_an_event_whose_tie_is_gone_is_not_restored_without_it(admin_role_user):
    tie = RelationFactory()
    event = event_create(
        by=admin_role_user, kind="meeting", title="Talks", start_date=dt.date(2025, 1, 9), relations=[tie]
    )
    event_id, tie_id = event.pk, tie.pk
    event_delete(event=event, by=admin_role_user)
    relation_delete(relation=tie, by=admin_role_user)
    with pytest.raises(ValidationError, match="Restore that record first"):
        _restore("events.Event", event_id, admin_role_user)
    assert not Event.objects.filter(pk=event_id).exists()
    _restore("relations.Relation", tie_id, admin_role_user)
    _restore("events.Event", event_id, admin_role_user)
    assert list(Event.objects.get(pk=event_id).relations.values_list("pk", flat=True)) == [tie_id]


def test_a_tie_deleted_in_the_admin_comes_back_with_its_links_to_events(admin_role_user):
    tie, other = RelationFactory(), RelationFactory()
    event = event_create(
        by=admin_role_user, kind="meeting", title="Talks", start_date=dt.date(2025, 1, 9), relations=[tie, other]
    )
    tie_id = tie.pk
    tie.delete()  # as the Django admin does: the link to the event goes with it, unrecorded in the event's history
    assert list(event.relations.values_list("pk", flat=True)) == [other.pk]
    _restore("relations.Relation", tie_id, admin_role_user)
    assert sorted(event.relations.values_list("pk", flat=True)) == sorted([tie_id, other.pk])


def test_a_follow_up_comes_back_as_it_was(admin_role_user):
    tie = RelationFactory()
    followup = FollowUpFactory(relation=tie, owner=admin_role_user, notes="Ask for the gift list.")
    FollowUp.objects.filter(pk=followup.pk).update(done_at=timezone.now() - dt.timedelta(days=3, microseconds=7))
    _age(followup)
    before = _snapshot(FollowUp, pk=followup.pk)

    followup_delete(followup=followup, by=admin_role_user)
    _restore("events.FollowUp", before[0]["id"], admin_role_user)

    assert _snapshot(FollowUp, pk=before[0]["id"]) == before


def test_a_note_comes_back_as_it_was(admin_role_user):
    note = NoteFactory(author=admin_role_user, text="Called the partner's international office.")
    _age(note)
    before = _snapshot(Note, pk=note.pk)

    note_delete(note=note, by=admin_role_user)
    _restore("events.Note", before[0]["id"], admin_role_user)

    assert _snapshot(Note, pk=before[0]["id"]) == before


def test_the_migration_gives_events_filed_before_it_their_links_in_history(admin_role_user):
    from importlib import import_module

    from django.apps import apps

    tie = RelationFactory()
    event = event_create(by=admin_role_user, kind="meeting", title="Talks", start_date=dt.date(2025, 1, 9))
    Event.relations.through.objects.create(event=event, relation=tie)  # as before links were kept in history
    newest = event.history.order_by("-history_date", "-history_id").first()
    assert not newest.relations.exists()

    import_module("events.migrations.0002_event_relations_history").record_current_links(apps, None)

    assert list(newest.relations.values_list("relation_id", flat=True)) == [tie.pk]


def test_tie_changes_stay_out_of_the_field_changes_and_in_the_reason(admin_role_user):
    from core.history import history_entries

    tie = RelationFactory()
    event = event_create(by=admin_role_user, kind="meeting", title="Talks", start_date=dt.date(2025, 1, 9))
    event = event_update(event=event, by=admin_role_user, relations=[tie])
    newest, oldest = history_entries(event)
    assert event.history.count() == 2 and "tie added" in newest["reason"]
    assert "relations" not in {change["field"] for change in newest["changes"]}
