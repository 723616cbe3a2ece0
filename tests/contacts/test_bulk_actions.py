"""Bulk actions on the entity list (issue 15, item 16): archive, bring back, tag and untag the ticked entities, each
written and recorded as by hand, all or nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from contacts.models import Entity
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def _bulk(page, ids, action, tag="", next_="/entities/?country=KR"):
    return page.post(reverse("contacts:bulk"), {"ids": ids, "action": action, "tag": tag, "next": next_})


def test_ticked_entities_are_tagged_untagged_archived_and_brought_back(page_as):
    page = page_as("officer")
    a, b, c = EntityFactory(tags=["asean"]), EntityFactory(), EntityFactory()
    response = _bulk(page, [a.pk, b.pk], "tag", "port")
    assert response.status_code == 302 and response["Location"] == "/entities/?country=KR"
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.tags, b.tags, c.tags) == (["asean", "port"], ["port"], [])
    assert b.history.first().history_user == page.user
    _bulk(page, [a.pk, b.pk], "untag", "port")
    assert list(Entity.objects.filter(pk__in=[a.pk, b.pk]).values_list("tags", flat=True)) in (
        [["asean"], []],
        [[], ["asean"]],
    )
    _bulk(page, [a.pk, c.pk], "archive")
    assert set(Entity.objects.filter(archived=True).values_list("pk", flat=True)) == {a.pk, c.pk}
    _bulk(page, [a.pk], "unarchive")
    assert not Entity.objects.get(pk=a.pk).archived
    assert "1 entity changed." in page.get("/entities/").content.decode()


def test_the_list_offers_the_checkboxes_to_officers_only(page_as, make_user):
    EntityFactory()
    assert 'id="bulk-form"' in page_as("officer").get("/entities/").content.decode()
    client = Client()
    client.force_login(make_user("viewer", username="reader"))
    assert 'id="bulk-form"' not in client.get("/entities/").content.decode()
    assert _bulk(client, [Entity.objects.get().pk], "archive").status_code == 403


@pytest.mark.parametrize(
    ("ids", "action", "tag", "reason"),
    [
        ([], "archive", "", "Choose at least one entity."),
        (["x"], "archive", "", "Choose entities from the list."),
        (["99999999999999999999"], "archive", "", "Choose entities from the list."),
        (None, "tag", "", "Give the tag to add or remove."),
        (None, "explode", "", "Unknown action."),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_change_nothing(page_as, ids, action, tag, reason):
    page = page_as("officer")
    entity = EntityFactory()
    response = _bulk(page, [entity.pk] if ids is None else ids, action, tag)
    assert response.status_code == 302
    assert reason in page.get("/entities/").content.decode()
    entity.refresh_from_db()
    assert not entity.archived and entity.tags == [] and entity.history.count() == 1


def test_a_vanished_entity_refuses_the_whole_action(page_as):
    page = page_as("officer")
    kept = EntityFactory()
    _bulk(page, [kept.pk, kept.pk + 1000], "archive")
    kept.refresh_from_db()
    assert not kept.archived
