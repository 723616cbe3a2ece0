"""core.versions.data_version: the fingerprint the caches of figures, anniversaries, timelines and suggestions carry
moves on every write of what they read, deletes and link changes included (a link's removal through the product
always writes its owner's history row)."""

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
    event.relations.remove(tie)  # a link removed: the event's history row (simple-history's m2m signal)
    seen.append(version())
    event.relations.add(tie)
    seen.append(version())
    entity.delete()
    seen.append(version())
    assert len(set(seen)) == len(seen)


def test_recent_answers_keep_the_last_few_and_forget_on_request():
    from django.core.cache import cache

    from core.versions import RecentAnswers, forget_recent

    recent = RecentAnswers(size=2)
    for key, answer in (("a", [1]), ("b", [2])):
        cache.set(key, answer)
        recent.keep(key, answer)
    assert recent.get("a") == [1]  # read: now the newest
    cache.set("c", [3])
    recent.keep("c", [3])
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == ([1], None, [3])
    cache.delete("a")  # the cache's entry gone (expired, culled, cleared): the kept copy goes with it
    assert recent.get("a") is None and recent.get("c") == [3]
    forget_recent()
    assert recent.get("c") is None


def test_cached_answer_is_computed_once_per_fingerprint_and_language():
    from django.utils import translation

    from core.versions import cached_answer

    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert cached_answer("t", (1,), (Entity,), compute) == {"n": 1}
    assert cached_answer("t", (1,), (Entity,), compute) == {"n": 1}
    assert cached_answer("t", (2,), (Entity,), compute) == {"n": 2}  # other parts, other answer
    with translation.override("zh-hans"):
        assert cached_answer("t", (1,), (Entity,), compute) == {"n": 3}
    EntityFactory(name="Aachen")
    assert cached_answer("t", (1,), (Entity,), compute) == {"n": 4}  # the data moved
