"""The reads a lower app receives from a higher one: every provider is registered, and answers as the direct
ORM read through the reverse accessors did before the read moved up (the accessors are used here, in tests only)."""

import datetime as dt

import pytest

from contacts import providers as contacts_providers
from contacts import selectors as contacts_selectors
from contacts.models import Entity
from core.providers import Provider
from events.choices import EventStatus
from relations import providers as relations_providers
from relations.expansion.world import world_load
from relations.selectors import relation_events
from tests.factories import (
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    HomeCityFactory,
    ParticipantFactory,
    RelationFactory,
    UserFactory,
)


@pytest.mark.parametrize("module", [contacts_providers, relations_providers], ids=["contacts", "relations"])
def test_every_declared_provider_is_registered_by_a_higher_app(module):
    declared = [value for value in vars(module).values() if isinstance(value, Provider)]
    assert declared
    assert [p.name for p in declared if not p.registered] == []


@pytest.fixture
def ties_and_events(db):
    home = HomeCityFactory()
    daegu, busan = EntityFactory(name="Daegu"), EntityFactory(name="Busan")
    to_daegu = RelationFactory(source=home, target=daegu)
    from_busan = RelationFactory(source=busan, target=home)
    held = EventFactory(start_date=dt.date(2024, 4, 10))
    planned = EventFactory(start_date=dt.date(2030, 1, 10), status=EventStatus.PLANNED)
    older = EventFactory(start_date=dt.date(2020, 6, 1))
    for event in (held, planned, older):
        event.relations.add(to_daegu)
    held.relations.add(from_busan)
    for event in (held, older):
        ParticipantFactory(event=event, entity=home)
    ParticipantFactory(event=held, entity=home, role="host")  # a second role in one event
    FollowUpFactory(relation=to_daegu, anniversary_on=dt.date(2030, 5, 20), owner=UserFactory())
    return {"home": home, "daegu": daegu, "to_daegu": to_daegu, "from_busan": from_busan}


def test_contacts_reads_give_what_the_accessors_gave(ties_and_events):
    home = ties_and_events["home"]
    ties = contacts_selectors.entity_ties(home)
    assert {t.pk for t in ties} == {t.pk for t in [*home.relations_out.all(), *home.relations_in.all()]}
    assert [p.pk for p in contacts_selectors.entity_recent_events(home)] == [
        p.pk for p in home.participations.order_by("-event__start_date", "-event_id")
    ]
    links = contacts_selectors.entity_links(home)
    assert links["ties"] == home.relations_out.count() + home.relations_in.count() == 2
    assert links["events"] == home.participations.order_by().values("event").distinct().count() == 2
    counted = contacts_selectors.entity_list(counts=True).get(pk=home.pk)
    assert (counted.ties_count, counted.events_count) == (2, 2)
    assert Entity.objects.get(pk=ties_and_events["daegu"].pk).relations_in.count() == 1


def test_relations_reads_give_what_the_accessors_gave(ties_and_events):
    to_daegu = ties_and_events["to_daegu"]
    assert list(relation_events(to_daegu)) == list(to_daegu.events.order_by("-start_date", "-id"))
    assert relations_providers.relation_events_count(to_daegu) == to_daegu.events.count() == 3
    world = world_load(ties_and_events["home"], today=dt.date(2026, 1, 1))
    assert world.event_dates == {
        to_daegu.pk: [dt.date(2020, 6, 1), dt.date(2024, 4, 10)],
        ties_and_events["from_busan"].pk: [dt.date(2024, 4, 10)],
    }
    assert world.planned == {(to_daegu.pk, dt.date(2030, 5, 20))}


def test_held_exchange_dates_read_in_chunks_give_the_same_dates(
    ties_and_events, monkeypatch, django_assert_num_queries
):
    from events import selectors as event_selectors
    from relations.models import Relation

    ties = Relation.objects.filter(pk__in=[ties_and_events["to_daegu"].pk, ties_and_events["from_busan"].pk])
    whole = event_selectors.held_exchange_dates(ties, dt.date(2026, 1, 1))
    assert whole == {
        ties_and_events["to_daegu"].pk: [dt.date(2020, 6, 1), dt.date(2024, 4, 10)],
        ties_and_events["from_busan"].pk: [dt.date(2024, 4, 10)],
    }
    monkeypatch.setattr(event_selectors, "ID_CHUNK", 1)
    with django_assert_num_queries(1 + 3):  # the links, then each of the three events on its own
        assert event_selectors.held_exchange_dates(ties, dt.date(2026, 1, 1)) == whole
    assert event_selectors.held_exchange_dates(ties, dt.date(2021, 1, 1)) == {
        ties_and_events["to_daegu"].pk: [dt.date(2020, 6, 1)]
    }
