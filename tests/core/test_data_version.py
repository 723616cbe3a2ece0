"""core.versions.data_version: the fingerprint the caches of figures, anniversaries, timelines and suggestions carry
moves on every write of what they read, deletes and link changes included."""

import pytest

from contacts.models import Entity
from core.versions import data_version
from events.models import Event
from tests.factories import EntityFactory, EventFactory, RelationFactory

pytestmark = pytest.mark.django_db


def test_the_version_moves_on_create_change_delete_and_links_and_stays_otherwise():
    def version():
        return data_version((Entity, Event), links=(Event.relations.through,))

    seen = [version()]
    assert version() == seen[-1]  # nothing written, nothing moves
    entity = EntityFactory(name="Aachen")
    seen.append(version())
    entity.name_zh = "亚琛"
    entity.save()
    seen.append(version())
    event = EventFactory()
    seen.append(version())
    tie = RelationFactory()
    Event.relations.through.objects.create(event=event, relation=tie)  # a link row written without history
    seen.append(version())
    Event.relations.through.objects.filter(event=event).delete()
    seen.append(version())
    entity.delete()
    seen.append(version())
    assert len(set(seen)) == len(seen)
