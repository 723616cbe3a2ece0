"""Every writing viewset calls its services one way (core.api.ServiceWritesMixin), with the same answers."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.api import ServiceWritesMixin
from tests.factories import RelationFactory

WRITE_ACTIONS = {"create", "update", "partial_update", "destroy"}
APPS = ("contacts.", "relations.", "events.")


def _viewsets(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _viewsets(entry.url_patterns)
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "actions", None):
            yield entry.callback.cls, set(entry.callback.actions.values())


def test_every_writing_viewset_of_the_apps_writes_through_the_mixin():
    writing = {
        cls
        for cls, actions in _viewsets(get_resolver().url_patterns)
        if actions & WRITE_ACTIONS
        and cls.__module__.startswith(APPS)
        # The expansion API is left out while it moves into relations/expansion/.
        and "expansion" not in cls.__module__
    }
    assert writing, "no writing viewset found: the walk over the URLs is broken"
    assert {cls.__name__ for cls in writing if not issubclass(cls, ServiceWritesMixin)} == set()


@pytest.mark.django_db
def test_a_relation_cannot_be_replaced_with_put(api_as):
    relation = RelationFactory()
    response = api_as("officer").put(f"/api/relations/{relation.pk}/", {}, format="json")
    assert response.status_code == 405
