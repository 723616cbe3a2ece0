"""Page forms carry the version they were loaded with (issue 9, finding 1, the page half; the API half is
tests/crm/test_versioning.py). Two people open the same edit form and both save: the second save does not
overwrite; the form comes back with who changed the record and when, the other person's values beside the
fields that differ, and everything the second person typed. Saving that form again goes through."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from contacts.models import Entity
from events.models import Event, FollowUp
from relations.models import Relation
from tests.factories import (
    ContactPointFactory,
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    ParticipantFactory,
    RelationFactory,
)

pytestmark = pytest.mark.django_db


def _entity():
    entity = EntityFactory(notes="as filed")
    ContactPointFactory(entity=entity)
    return entity


def _event():
    event = EventFactory(location="Town hall")
    ParticipantFactory(event=event)
    return event


# kind -> (make the record, the edit URL name, alice's field and value, bob's field and value)
KINDS = {
    "entity": (_entity, "contacts:edit", ("notes", "Alice's note"), ("title", "Bob's title")),
    "relation": (
        lambda: RelationFactory(notes="as filed"),
        "relations:edit",
        ("notes", "Alice's note"),
        ("title", "Bob's title"),
    ),
    "event": (_event, "events:event-update", ("location", "Alice's hall"), ("title", "Bob's title")),
    "followup": (
        lambda: FollowUpFactory(notes="as filed"),
        "events:followup",
        ("notes", "Alice's note"),
        ("title", "Bob's title"),
    ),
}
MODELS = {"entity": Entity, "relation": Relation, "event": Event, "followup": FollowUp}


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return request.param


def _form_data(*forms) -> dict:
    """What a browser posts for the forms as rendered (a formset's management form included)."""
    data: dict = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data.update(_form_data(form.management_form, *form.forms))
            continue
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = str(value)
    return data


def _load(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    forms = [context["form"]] + [context[name] for name in ("formset",) if context.get(name) is not None]
    data = _form_data(*forms)
    assert data.get("version"), "the edit form carries the version it was loaded with"
    return data


@pytest.fixture
def people(make_user):
    alice = make_user("officer", username="alice", first_name="Alice", last_name="Wang")
    bob = make_user("admin", username="bob", first_name="Bob", last_name="Li")
    clients = []
    for user in (alice, bob):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_a_stale_save_comes_back_with_who_and_when_and_overwrites_nothing(people, kind):
    make, url_name, (a_field, a_value), (b_field, b_value) = KINDS[kind]
    record = make()
    url = reverse(url_name, args=[record.pk])
    alice, bob = people
    alice_data, bob_data = _load(alice, url), _load(bob, url)
    before = {a_field: alice_data[a_field], b_field: bob_data[b_field]}

    response = alice.post(url, {**alice_data, a_field: a_value})
    assert response.status_code == 302, response.content.decode()
    response = bob.post(url, {**bob_data, b_field: b_value})
    assert response.status_code in (200, 400)  # the form again, not a redirect

    saved = MODELS[kind].objects.get(pk=record.pk)
    assert getattr(saved, a_field) == a_value  # alice's change stands
    assert getattr(saved, b_field) == before[b_field]  # bob's did not overwrite anything yet
    form = response.context["form"]
    assert form.stale
    page = response.content.decode()
    when = formats.date_format(timezone.localtime(saved.updated), "SHORT_DATETIME_FORMAT")
    message = " ".join(form.non_field_errors())
    assert "Alice Wang" in message and when in message and "alice" not in message
    assert "Alice Wang" in page
    assert form.fields[a_field].stale_now == a_value  # alice's value beside the field
    assert "now:" in page and a_value.replace("'", "&#x27;") in page
    assert form[b_field].value() == b_value  # bob's input is kept

    again = _form_data(form, *([response.context["formset"]] if response.context.get("formset") else []))
    assert again["version"] != bob_data["version"]
    response = bob.post(url, again)
    assert response.status_code == 302, response.content.decode()
    assert getattr(MODELS[kind].objects.get(pk=record.pk), b_field) == b_value


def test_the_stale_message_is_in_chinese_in_the_chinese_interface(people):
    record = RelationFactory()
    url = reverse("relations:edit", args=[record.pk])
    alice, bob = people
    alice_data, bob_data = _load(alice, url), _load(bob, url)
    assert alice.post(url, {**alice_data, "notes": "A"}).status_code == 302
    bob.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        response = bob.post(url, {**bob_data, "title": "B"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    message = " ".join(response.context["form"].non_field_errors())
    assert "Alice Wang" in message and "修改" in message
    assert "现为" in response.content.decode()


def test_a_change_beside_the_record_moves_its_version(people):
    """Changing only an entity's contact points still refuses a copy loaded before it."""
    entity = _entity()
    url = reverse("contacts:edit", args=[entity.pk])
    alice, bob = people
    alice_data, bob_data = _load(alice, url), _load(bob, url)
    assert alice.post(url, {**alice_data, "contacts-0-label": "front desk"}).status_code == 302
    response = bob.post(url, {**bob_data, "title": "Bob's title"})
    assert response.status_code == 400 and response.context["form"].stale
    assert Entity.objects.get(pk=entity.pk).title == ""
    assert "front desk" in response.context["formset"].stale_now  # alice's contact points beside bob's rows
    assert response.context["form"]["title"].value() == "Bob's title"


def test_a_stale_event_form_shows_the_participants_saved_now(people):
    event = _event()
    url = reverse("events:event-update", args=[event.pk])
    alice, bob = people
    alice_data, bob_data = _load(alice, url), _load(bob, url)
    assert alice.post(url, {**alice_data, "participants-0-headcount": "17"}).status_code == 302
    response = bob.post(url, {**bob_data, "title": "Bob's title"})
    assert response.status_code == 200 and response.context["form"].stale
    assert "17" in response.context["formset"].stale_now
    assert Event.objects.get(pk=event.pk).participants.get().headcount == 17


def test_a_form_posted_without_a_version_is_saved_as_before(people):
    record = RelationFactory()
    url = reverse("relations:edit", args=[record.pk])
    alice, _bob = people
    data = _load(alice, url)
    del data["version"]
    assert alice.post(url, {**data, "title": "No version"}).status_code == 302
    assert Relation.objects.get(pk=record.pk).title == "No version"
