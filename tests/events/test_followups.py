"""Follow-ups: services, the /api/followups/ endpoint, its filters, overdue, done and reopen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import FollowUp
from events.selectors import followups_overdue
from events.services import followup_create, followup_mark_done, followup_reopen, followup_update
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, RelationFactory, UserFactory

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    """The office's date when the test runs, not when the module was imported (a suite may cross midnight)."""
    return timezone.localdate()


def past() -> dt.date:
    return today() - dt.timedelta(days=3)


def future() -> dt.date:
    return today() + dt.timedelta(days=30)


# --- services -----------------------------------------------------------------------------------------------------


def test_followup_create_makes_the_creator_the_owner_and_records_history(officer):
    followup = followup_create(title=" Invite the mayor ", due_date=future(), by=officer)
    assert followup.owner == officer
    assert followup.title == "Invite the mayor"
    assert followup.history.get().history_user == officer


def test_followup_create_refuses_a_missing_title(officer):
    with pytest.raises(ValidationError) as error:
        followup_create(title="", due_date=future(), by=officer)
    assert "title" in error.value.message_dict


def test_followup_mark_done_records_who_and_when_once(officer, make_user):
    other = make_user("officer", username="other-officer")
    followup = FollowUpFactory(owner=officer)
    before = timezone.now()
    followup_mark_done(followup=followup, by=other)
    followup.refresh_from_db()
    assert followup.done_by == other
    assert before <= followup.done_at <= timezone.now()
    first = followup.done_at
    followup_mark_done(followup=followup, by=officer)  # again: the first record stands
    followup.refresh_from_db()
    assert (followup.done_by, followup.done_at) == (other, first)
    followup_reopen(followup=followup, by=officer)
    followup.refresh_from_db()
    assert followup.done_at is None and followup.done_by is None


def test_followup_update_refuses_fields_it_does_not_own(officer):
    followup = FollowUpFactory(owner=officer)
    with pytest.raises(TypeError):
        followup_update(followup=followup, done_at=timezone.now())
    followup_update(followup=followup, title="New title", by=officer)
    assert FollowUp.objects.get(pk=followup.pk).title == "New title"


def test_overdue_means_open_and_past_its_due_date(officer):
    late = FollowUpFactory(owner=officer, due_date=past())
    FollowUpFactory(owner=officer, due_date=future())
    FollowUpFactory(owner=officer, due_date=today())  # due today is not yet overdue
    done_late = FollowUpFactory(owner=officer, due_date=past())
    followup_mark_done(followup=done_late, by=officer)
    assert list(followups_overdue()) == [late]


# --- API ----------------------------------------------------------------------------------------------------------


def test_api_create_defaults_the_owner_to_the_requesting_user(api_as):
    client = api_as("officer")
    entity = EntityFactory()
    response = client.post(
        "/api/followups/", {"title": "Send the album", "due_date": str(future()), "entity": entity.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == client.user.pk
    assert body["owner_name"] == client.user.username
    assert body["entity"] == entity.pk and body["entity_name"] == str(entity)
    assert body["done_at"] is None and body["overdue"] is False
    assert FollowUp.objects.get(pk=body["id"]).history.get().history_user == client.user


def test_api_create_for_another_owner_and_reject_bad_input(api_as):
    client = api_as("officer")
    colleague = UserFactory(username="colleague")
    response = client.post(
        "/api/followups/", {"title": "Book the hall", "due_date": str(future()), "owner": colleague.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["owner"] == colleague.pk
    bad = client.post("/api/followups/", {"title": "", "due_date": "soon", "entity": 999999}, format="json")
    assert bad.status_code == 400
    assert {"title", "due_date", "entity"} <= set(bad.json())


def test_api_update_and_delete_by_role(api_as, officer):
    followup = FollowUpFactory(owner=officer)
    response = api_as("officer").patch(f"/api/followups/{followup.pk}/", {"title": "Changed"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Changed"
    assert api_as("viewer").patch(f"/api/followups/{followup.pk}/", {"title": "x"}, format="json").status_code == 403
    assert api_as("officer").delete(f"/api/followups/{followup.pk}/").status_code == 403
    assert api_as("admin").delete(f"/api/followups/{followup.pk}/").status_code == 204
    assert not FollowUp.objects.filter(pk=followup.pk).exists()


def test_api_done_records_who_and_when_and_reopen_clears_it(api_as, officer):
    followup = FollowUpFactory(owner=officer, due_date=past())
    client = api_as("officer")
    response = client.post(f"/api/followups/{followup.pk}/done/")
    assert response.status_code == 200
    body = response.json()
    assert body["done_by"] == client.user.pk and body["done_by_name"] == client.user.username
    assert body["done_at"] and body["overdue"] is False
    followup.refresh_from_db()
    assert followup.done_by == client.user and followup.done_at is not None

    history = client.get(f"/api/followups/{followup.pk}/history/").json()
    assert any(c["field"] == "done_by" for entry in history for c in entry["changes"])

    reopened = client.post(f"/api/followups/{followup.pk}/reopen/").json()
    assert reopened["done_at"] is None and reopened["done_by"] is None and reopened["overdue"] is True
    assert api_as("viewer").post(f"/api/followups/{followup.pk}/done/").status_code == 403
    assert client.post("/api/followups/999999/done/").status_code == 404


def test_api_filters(api_as, officer, make_user):
    other = make_user("officer", username="other-officer")
    entity, relation, event = EntityFactory(), RelationFactory(), EventFactory()
    mine_late = FollowUpFactory(owner=officer, due_date=past(), entity=entity, title="Late letter")
    mine_soon = FollowUpFactory(owner=officer, due_date=future(), relation=relation)
    theirs_done = FollowUpFactory(owner=other, due_date=past(), event=event)
    followup_mark_done(followup=theirs_done, by=other)
    client = api_as("viewer")

    def ids(query):
        response = client.get(f"/api/followups/?{query}")
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids(f"owner={officer.pk}") == {mine_late.pk, mine_soon.pk}
    assert ids(f"due_before={today()}") == {mine_late.pk, theirs_done.pk}
    assert ids(f"due_after={today()}") == {mine_soon.pk}
    assert ids("done=true") == {theirs_done.pk}
    assert ids("done=false") == {mine_late.pk, mine_soon.pk}
    assert ids("overdue=true") == {mine_late.pk}
    assert ids("overdue=false") == {mine_soon.pk, theirs_done.pk}
    assert ids(f"entity={entity.pk}") == {mine_late.pk}
    assert ids(f"relation={relation.pk}") == {mine_soon.pk}
    assert ids(f"event={event.pk}") == {theirs_done.pk}
    assert ids("q=late") == {mine_late.pk}
    assert ids(f"owner={officer.pk}&overdue=true") == {mine_late.pk}


@pytest.mark.parametrize(
    ("query", "field"), [("due_before=someday", "due_before"), ("owner=999999", "owner"), ("entity=abc", "entity")]
)
def test_api_bad_filter_values_get_400(api_as, query, field):
    response = api_as("viewer").get(f"/api/followups/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_api_permissions(api_client, api_as, officer):
    FollowUpFactory(owner=officer)
    assert api_client.get("/api/followups/").status_code == 401
    assert api_as("viewer").get("/api/followups/").status_code == 200
    response = api_as("viewer").post("/api/followups/", {"title": "x", "due_date": str(future())}, format="json")
    assert response.status_code == 403


def test_api_list_costs_the_same_queries_for_3_and_50(api_as, officer, django_assert_num_queries):
    client = api_as("viewer")
    relation = RelationFactory()

    def make(count):
        for n in range(count):
            followup = FollowUpFactory(
                owner=officer,
                entity=EntityFactory(),
                relation=relation,
                event=EventFactory(),
                due_date=past() + dt.timedelta(days=n),
            )
            if n % 2:
                followup_mark_done(followup=followup, by=officer)

    make(3)
    client.get("/api/followups/")
    with django_assert_num_queries(2):
        assert client.get("/api/followups/").json()["count"] == 3
    make(47)
    with django_assert_num_queries(2):
        assert len(client.get("/api/followups/").json()["results"]) == 50


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_list_row_answers_what_its_declared_fields_answer(officer, language):
    """FollowUpListSerializer builds its answer directly (a 50-row page costs less): it must stay what the fields
    say, for a follow-up on an entity, on a tie, on an event, done and overdue."""
    from django.utils import translation
    from rest_framework import serializers

    from events.api.serializers import FollowUpListSerializer
    from events.selectors import followup_brief_list

    tie = RelationFactory(target=EntityFactory(name="Daegu", name_zh="大邱"))
    FollowUpFactory(owner=officer, entity=EntityFactory(name="Busan", name_zh="釜山"), due_date=past())
    FollowUpFactory(owner=officer, relation=tie, anniversary_on=future())
    followup_mark_done(followup=FollowUpFactory(owner=officer, event=EventFactory(title="Visit")), by=officer)
    with translation.override(language):
        rows = list(followup_brief_list())
        assert len(rows) == 3
        for row in rows:
            serializer = FollowUpListSerializer(context={})
            assert serializer.to_representation(row) == serializers.ModelSerializer.to_representation(serializer, row)
            assert "notes" not in serializer.to_representation(row)
