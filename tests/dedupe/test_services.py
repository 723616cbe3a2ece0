"""dedupe.services: merging moves every kind of link to the survivor, merges ties that become duplicates, and is
undone from its record with everything back; "not a duplicate"."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from contacts.models import ContactPoint, Entity
from dedupe import services
from dedupe.models import Merge, NotDuplicate
from events.models import Event, FollowUp, Note, Participant
from relations.choices import ApprovalLevel, ApprovalOutcome, RelationKind, RelationStatus
from relations.models import ApprovalDecision, LayoutPlan, LayoutTarget, Relation, RelationStep, SuggestionDismissal
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind
from tests.factories import (
    ContactPointFactory,
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    HomeCityFactory,
    NoteFactory,
    ParticipantFactory,
    RelationFactory,
    RelationStepFactory,
)


def _state(*models):
    """Every row of the given models as a comparable set of (model, pk, column values)."""
    rows = set()
    for model in models:
        columns = [f.attname for f in model._meta.concrete_fields if f.name not in ("updated", "search_text")]
        for values in model.objects.values_list(*columns):
            rows.add((model.__name__, *(repr(v) for v in values)))
    return rows


LINKED = (
    Entity,
    ContactPoint,
    Relation,
    RelationStep,
    ApprovalDecision,
    Participant,
    Event,
    FollowUp,
    Note,
    LayoutPlan,
    LayoutTarget,
    SuggestionDismissal,
    ServiceEntry,
    ApecCard,
    NotDuplicate,
)


@pytest.fixture
def world(officer):
    """Aachen filed twice; the duplicate has one link of every kind, and a sister-city tie the survivor has too."""
    home = HomeCityFactory()
    survivor = EntityFactory(name="Aachen", country="DE", geonameid=3247449, aliases=["Aken"], tags=["tech"])
    ContactPointFactory(entity=survivor, kind="email", value="info@aachen.de")
    dup = EntityFactory(
        name="Aachen",
        name_zh="亚琛",
        country="DE",
        population=249_000,
        aliases=["Aix-la-Chapelle"],
        tags=["tech", "university"],
    )
    same_point = ContactPointFactory(entity=dup, kind="email", value="INFO@aachen.de")
    own_point = ContactPointFactory(entity=dup, kind="phone", value="+49 241 4320")
    # The same sister-city tie twice (the demo loader's mistake), each with its steps and approvals.
    kept_tie = RelationFactory(source=home, target=survivor, established_on=dt.date(2012, 6, 1))
    dup_tie = RelationFactory(source=home, target=dup, established_on=dt.date(2010, 5, 20), title="Twinning")
    RelationStepFactory(relation=kept_tie, date=dt.date(2011, 3, 1), to_status=RelationStatus.INTENT)
    RelationStepFactory(relation=dup_tie, date=dt.date(2009, 3, 1), to_status=RelationStatus.INTENT)
    RelationStepFactory(relation=dup_tie, date=dt.date(2010, 5, 20), from_status="intent", to_status="signed")
    ApprovalDecision.objects.create(
        relation=dup_tie, level=ApprovalLevel.PROVINCE, outcome=ApprovalOutcome.APPROVED, date=dt.date(2010, 1, 5)
    )
    ApprovalDecision.objects.create(
        relation=kept_tie, level=ApprovalLevel.CITY, outcome=ApprovalOutcome.APPROVED, date=dt.date(2009, 11, 2)
    )
    # A tie only the duplicate has (it is the source: a school of it with its own partner).
    partner = EntityFactory(name="Maastricht", country="NL")
    own_tie = RelationFactory(
        source=dup, target=partner, kind=RelationKind.FRIENDLY_EXCHANGE, status=RelationStatus.CONTACT
    )
    # Events: one both attended in the same role (one participation stays), one only the duplicate did.
    shared_event = EventFactory(headcount_given=False, headcount=7)
    ParticipantFactory(event=shared_event, entity=survivor, headcount=3)
    ParticipantFactory(event=shared_event, entity=dup, headcount=4)
    own_event = EventFactory()
    own_event.relations.add(dup_tie)
    shared_event.relations.add(kept_tie, dup_tie)
    ParticipantFactory(event=own_event, entity=dup, headcount=2)
    NoteFactory(entity=dup)
    NoteFactory(entity=None, relation=dup_tie)
    FollowUpFactory(entity=dup, owner=officer)
    FollowUpFactory(relation=dup_tie, owner=officer)
    EntityFactory(name="Aachen-Mitte", kind="district", country="DE", parent=dup)
    plan = LayoutPlan.objects.create(home=dup, name="Plan", start_year=2025, end_year=2030)
    LayoutTarget.objects.create(
        plan=LayoutPlan.objects.create(home=home, name="P", start_year=2025, end_year=2030), entity=dup
    )
    SuggestionDismissal.objects.create(home=dup, key="k", kind="city", reason="no", until=dt.date(2030, 1, 1))
    kind = ServiceKind.objects.order_by("pk").first()
    ServiceEntry.objects.create(kind=kind, date=dt.date(2025, 2, 3), applicant=dup)
    person = EntityFactory(name="Anna Schmidt", kind="person", country="DE")
    ApecCard.objects.create(
        holder=person, enterprise=dup, number="APEC-1", issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2029, 1, 1)
    )
    third = EntityFactory(name="Aalen", country="DE")
    NotDuplicate.objects.create(first=min(dup, third, key=lambda e: e.pk), second=max(dup, third, key=lambda e: e.pk))
    return {
        "home": home,
        "survivor": survivor,
        "dup": dup,
        "kept_tie": kept_tie,
        "dup_tie": dup_tie,
        "own_tie": own_tie,
        "shared_event": shared_event,
        "own_event": own_event,
        "plan": plan,
        "same_point": same_point,
        "own_point": own_point,
        "person": person,
    }


def test_merge_moves_every_link_to_the_survivor_and_undo_puts_everything_back(world, officer, admin_role_user):
    survivor, dup = world["survivor"], world["dup"]
    before = _state(*LINKED)
    dup_links = {rel.get_accessor_name() for rel in Entity._meta.related_objects}
    merge = services.entities_merge(
        survivor=survivor, merged=[dup], values={"population": dup.pk}, reason="Filed twice", by=officer
    )

    assert not Entity.objects.filter(pk=dup.pk).exists()
    survivor.refresh_from_db()
    # Fields: the survivor's, its blanks filled from the duplicate, a chosen one taken; names become aliases.
    assert (survivor.name, survivor.name_zh, survivor.population, survivor.geonameid) == (
        "Aachen",
        "亚琛",
        249_000,
        3247449,
    )
    assert survivor.aliases == ["Aken", "Aix-la-Chapelle"]
    assert survivor.tags == ["tech", "university"]
    # Contact points united: the same address once, the phone moved.
    assert sorted(survivor.contact_points.values_list("kind", "value")) == [
        ("email", "info@aachen.de"),
        ("phone", "+49 241 4320"),
    ]
    # Every other link points at the survivor now, and nothing at the duplicate.
    for relation in Entity._meta.related_objects:
        model, field = relation.related_model, relation.field.name
        assert not model.objects.filter(**{field: dup.pk}).exists(), f"{model.__name__}.{field} still at the duplicate"
    assert survivor.relations_out.get() == world["own_tie"]
    assert list(survivor.participations.order_by("event_id").values_list("event_id", "headcount")) == [
        (world["shared_event"].pk, 4),  # one participation, the larger headcount
        (world["own_event"].pk, 2),
    ]
    world["shared_event"].refresh_from_db()
    assert world["shared_event"].headcount == 4 + 0  # recounted from its one participation
    assert survivor.timeline_notes.count() == 1 and survivor.followups.count() == 1
    assert survivor.children.get().name == "Aachen-Mitte"
    assert survivor.layout_plans.get() == world["plan"]
    assert survivor.layout_targets.count() == 1 and survivor.suggestion_dismissals.count() == 1
    assert survivor.service_entries.count() == 1 and survivor.apec_cards_of_staff.count() == 1
    aalen = Entity.objects.get(name="Aalen")
    silenced = NotDuplicate.objects.get()  # "Aalen is not Aachen" carries over to the survivor
    assert {silenced.first_id, silenced.second_id} == {survivor.pk, aalen.pk} and silenced.first_id < silenced.second_id
    # The duplicate ties are one, with both ties' steps and approvals in date order, links and facts kept.
    assert not Relation.objects.filter(pk=world["dup_tie"].pk).exists()
    tie = Relation.objects.get(pk=world["kept_tie"].pk)
    assert [s.date for s in tie.steps.all()] == [dt.date(2009, 3, 1), dt.date(2010, 5, 20), dt.date(2011, 3, 1)]
    assert [a.date for a in tie.approvals.all()] == [dt.date(2009, 11, 2), dt.date(2010, 1, 5)]
    assert tie.established_on == dt.date(2010, 5, 20)  # the first signing
    assert tie.title == "Twinning"
    assert tie.timeline_notes.count() == 1 and tie.followups.count() == 1
    assert set(tie.events.all()) == {world["shared_event"], world["own_event"]}
    # History: the survivor's change and the duplicate's deletion carry the reason and the officer.
    last = survivor.history.first()
    assert last.history_user == officer and "Filed twice" in last.history_change_reason
    deleted = Entity.history.filter(id=dup.pk, history_type="-").get()
    assert deleted.history_user == officer and deleted.history_change_reason.startswith("Merge")
    assert merge.merged_ids == [dup.pk] and merge.survivor_id == survivor.pk and merge.merged_by == officer
    assert dup_links  # (the walk above covered every accessor)

    services.merge_undo(merge=merge, by=admin_role_user)

    assert _state(*LINKED) == before
    merge.refresh_from_db()
    assert merge.undone and merge.undone_by == admin_role_user
    assert Entity.objects.get(pk=dup.pk).history.first().history_change_reason.startswith("Undo of merge")
    assert set(Event.objects.get(pk=world["own_event"].pk).relations.all()) == {world["dup_tie"]}
    with pytest.raises(ValidationError):
        services.merge_undo(merge=merge, by=admin_role_user)


def test_merging_three_and_undoing_in_order(officer, admin_role_user):
    a, b, c = (EntityFactory(name=name, country="DE") for name in ("Köln", "Koeln", "Cologne"))
    first = services.entities_merge(survivor=a, merged=[b], by=officer)
    second = services.entities_merge(survivor=c, merged=[a], by=officer)
    # The first merge's survivor went in the second: that one is undone first.
    assert "undo" in services.merge_undo_refusal(first).lower()
    with pytest.raises(ValidationError):
        services.merge_undo(merge=first, by=admin_role_user)
    services.merge_undo(merge=second, by=admin_role_user)
    services.merge_undo(merge=first, by=admin_role_user)
    assert set(Entity.objects.values_list("name", flat=True)) == {"Köln", "Koeln", "Cologne"}
    three = services.entities_merge(survivor=a, merged=[b, c], values={"name_en": c.pk}, by=officer)
    a.refresh_from_db()
    assert a.aliases == ["Koeln", "Cologne"]
    assert Entity.objects.count() == 1 and three.merged_ids == [b.pk, c.pk]


def test_merge_refusals(officer):
    a = EntityFactory(name="Aachen", country="DE")
    b = EntityFactory(name="Aachen", country="DE")
    with pytest.raises(ValidationError) as caught:
        services.entities_merge(survivor=a, merged=[], by=officer)
    assert "merged" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.entities_merge(survivor=a, merged=[a], by=officer)
    RelationFactory(source=a, target=b, kind=RelationKind.FRIENDLY_EXCHANGE)
    with pytest.raises(ValidationError) as caught:
        services.entities_merge(survivor=a, merged=[b], by=officer)
    assert "ties two of these entities" in caught.value.message_dict["merged"][0]
    c = EntityFactory(name="Bonn", country="DE")
    d = EntityFactory(name="Bonn", country="DE", parent=c)
    with pytest.raises(ValidationError) as caught:
        services.entities_merge(survivor=d, merged=[c], by=officer)
    assert "parent" in caught.value.message_dict
    # Nor under a child of one (its children move to the survivor: the parents would loop).
    e = EntityFactory(name="Bonn-Mitte", kind="district", country="DE", parent=c)
    f = EntityFactory(name="Bonn", country="DE", parent=e)
    with pytest.raises(ValidationError) as caught:
        services.entities_merge(survivor=f, merged=[c], by=officer)
    assert "parent" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.entities_merge(survivor=c, merged=[d], values={"name": 999999}, by=officer)
    assert "name" in caught.value.message_dict
    assert Entity.objects.count() == 6 and not Merge.objects.exists()


def test_not_duplicate_is_one_ordered_record_per_pair(officer):
    a, b = EntityFactory(), EntityFactory()
    record = services.not_duplicate_mark(first=b, second=a, note="Two towns", by=officer)
    assert (record.first, record.second, record.decided_by) == (a, b, officer)
    assert services.not_duplicate_mark(first=a, second=b, by=officer) == record
    with pytest.raises(ValidationError):
        services.not_duplicate_mark(first=a, second=a, by=officer)
    services.not_duplicate_delete(record=record, by=officer)
    assert not NotDuplicate.objects.exists()


def test_the_walk_finds_every_table_that_refers_to_an_entity():
    """The merge moves links found on Entity's relations, not a list: a table added later is moved too."""
    from dedupe.services import _foreign_keys_to

    found = {(field.model, field.name) for field in _foreign_keys_to(Entity)}
    expected = {(rel.related_model, rel.field.name) for rel in Entity._meta.related_objects if not rel.many_to_many}
    assert expected <= found
    assert (Participant, "entity") in found and (ApecCard, "enterprise") in found and (Entity, "parent") in found
    assert not any(model.__name__.startswith("Historical") for model, _name in found)
    assert (Merge, "survivor") not in found  # a merge record keeps naming its survivor


def test_merged_ties_keep_one_anniversary_plan_and_the_upgrade_chain_and_undo_splits_them(officer, admin_role_user):
    home = HomeCityFactory()
    survivor = EntityFactory(name="Koper", country="SI")
    dup = EntityFactory(name="Koper", country="SI")
    kept = RelationFactory(source=home, target=survivor, established_on=dt.date(2015, 4, 1))
    friendly = RelationFactory(
        source=home, target=dup, kind=RelationKind.FRIENDLY_EXCHANGE, status=RelationStatus.UPGRADED
    )
    upgraded = RelationFactory(source=home, target=dup, upgraded_from=friendly, established_on=dt.date(2015, 4, 1))
    date = dt.date(2025, 4, 1)
    FollowUpFactory(relation=kept, owner=officer, anniversary_on=date, title="10th (kept)")
    FollowUpFactory(relation=upgraded, owner=officer, anniversary_on=date, title="10th (dup)")
    before = _state(*LINKED)

    merge = services.entities_merge(survivor=survivor, merged=[dup], by=officer)

    kept.refresh_from_db()
    assert kept.upgraded_from == friendly  # the chain now leads to the kept tie
    assert Relation.objects.get(pk=friendly.pk).target == survivor
    assert list(FollowUp.objects.values_list("title", flat=True)) == ["10th (kept)"]  # one plan per anniversary
    assert not Relation.objects.filter(pk=upgraded.pk).exists()

    services.merge_undo(merge=merge, by=admin_role_user)
    assert _state(*LINKED) == before
