"""Optimistic locking in the API: detail answers carry an ETag; a write with a stale If-Match gets 412 (finding 1).

The mixin lives in core.api (VersionedMixin) and is used by the entity, tie, event, follow-up, region and layout-plan
viewsets; the concurrent
case (10 writers holding one version: one 200, nine 412) runs against gunicorn in .ci/production-check.
"""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from contacts.models import Entity, Region
from events.models import Event, FollowUp
from relations.choices import RelationStatus
from relations.models import LayoutPlan, Relation
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db

KINDS = {
    "entities": (EntityFactory, {"notes": "first"}, {"notes": "second"}, Entity),
    "relations": (RelationFactory, {"notes": "first"}, {"notes": "second"}, Relation),
    "events": (EventFactory, {"title": "First title"}, {"title": "Second title"}, Event),
}


def _region():
    return Region.objects.create(code="test-bloc", kind="bloc", name="Test bloc", countries=["KR"])


def _layout_plan():
    return LayoutPlan.objects.create(home=HomeCityFactory(), name="Layout", start_year=2021, end_year=2030)


# Follow-ups, regions and layout plans (issue 9 item A2): (factory, first change, second change, model, lookup
# field, role of the two writers: regions are written by admins only).
MORE_KINDS = {
    "followups": (FollowUpFactory, {"title": "First title"}, {"title": "Second title"}, FollowUp, "pk", "officer"),
    "regions": (_region, {"name": "First name"}, {"name": "Second name"}, Region, "code", "admin"),
    "layout-plans": (_layout_plan, {"notes": "first"}, {"notes": "second"}, LayoutPlan, "pk", "officer"),
}


@pytest.fixture(params=sorted(KINDS))
def kind(request):
    return request.param


def _etag(response) -> str:
    assert response.status_code == 200, response.content
    assert response.has_header("ETag"), dict(response.headers)
    return response["ETag"]


def test_a_detail_answer_carries_an_etag_that_changes_on_every_write(api_as, kind):
    factory, first, second, _model = KINDS[kind]
    record = factory()
    client = api_as("officer")
    url = f"/api/{kind}/{record.pk}/"
    before = _etag(client.get(url))
    assert _etag(client.get(url)) == before  # stable while nothing changes
    after = _etag(client.patch(url, first, format="json", HTTP_IF_MATCH=before))
    assert after != before
    assert _etag(client.get(url)) == after


def test_a_stale_if_match_is_refused_with_412_and_nothing_is_lost(api_as, kind):
    factory, first, second, model = KINDS[kind]
    record = factory()
    alice, bob = api_as("officer"), api_as("admin")
    url = f"/api/{kind}/{record.pk}/"
    version = _etag(alice.get(url))
    assert bob.get(url)["ETag"] == version  # both loaded the same version
    current = _etag(alice.patch(url, first, format="json", HTTP_IF_MATCH=version))

    response = bob.patch(url, second, format="json", HTTP_IF_MATCH=version)
    assert response.status_code == 412, response.content
    assert response["ETag"] == current
    body = response.json()
    assert body["etag"] == current and body["changed_by"] == alice.user.username
    assert alice.user.username in body["detail"]
    field, value = next(iter(first.items()))
    assert getattr(model.objects.get(pk=record.pk), field) == value  # alice's change stands

    assert bob.delete(url, HTTP_IF_MATCH=version).status_code == 412
    assert model.objects.filter(pk=record.pk).exists()
    assert bob.patch(url, second, format="json", HTTP_IF_MATCH=current).status_code == 200


def test_without_if_match_writes_proceed_as_before_and_star_matches_any_version(api_as, kind):
    factory, first, second, _model = KINDS[kind]
    record = factory()
    client = api_as("officer")
    url = f"/api/{kind}/{record.pk}/"
    assert client.patch(url, first, format="json").status_code == 200
    assert client.patch(url, second, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert client.patch(url, first, format="json", HTTP_IF_MATCH='"stale", W/"older"').status_code == 412


def test_a_delete_with_the_current_version_succeeds(api_as):
    entity = EntityFactory()
    client = api_as("admin")
    version = _etag(client.get(f"/api/entities/{entity.pk}/"))
    assert client.delete(f"/api/entities/{entity.pk}/", HTTP_IF_MATCH=version).status_code == 204


def test_state_changing_actions_honour_if_match(api_as):
    tie = RelationFactory()
    client = api_as("officer")
    url = f"/api/relations/{tie.pk}/"
    version = _etag(client.get(url))
    client.patch(url, {"notes": "changed meanwhile"}, format="json")
    step = {"status": "dormant", "date": dt.date.today().isoformat()}
    response = client.post(f"{url}advance/", step, format="json", HTTP_IF_MATCH=version)
    assert response.status_code == 412
    assert Relation.objects.get(pk=tie.pk).status == tie.status
    fresh = _etag(client.get(url))
    response = client.post(f"{url}advance/", step, format="json", HTTP_IF_MATCH=fresh)
    assert response.status_code == 200, response.content
    assert response["ETag"] != fresh

    entity = EntityFactory()
    version = _etag(client.get(f"/api/entities/{entity.pk}/"))
    client.patch(f"/api/entities/{entity.pk}/", {"notes": "meanwhile"}, format="json")
    assert client.post(f"/api/entities/{entity.pk}/archive/", HTTP_IF_MATCH=version).status_code == 412


def test_a_missing_record_is_still_404_with_if_match(api_as):
    client = api_as("officer")
    assert client.patch("/api/entities/999999/", {"notes": "x"}, format="json", HTTP_IF_MATCH='"x"').status_code == 404
    assert client.patch("/api/entities/abc/", {"notes": "x"}, format="json").status_code == 404


def test_the_event_date_is_untouched_by_a_refused_write(api_as):
    event = EventFactory(start_date=dt.date(2025, 5, 1))
    client = api_as("officer")
    url = f"/api/events/{event.pk}/"
    version = _etag(client.get(url))
    client.patch(url, {"title": "Meanwhile"}, format="json")
    assert client.patch(url, {"start_date": "2025-06-01"}, format="json", HTTP_IF_MATCH=version).status_code == 412
    assert Event.objects.get(pk=event.pk).start_date == dt.date(2025, 5, 1)


def test_an_action_that_writes_only_other_rows_still_moves_the_version(api_as):
    tie = RelationFactory(status=RelationStatus.APPLIED, established_on=None)
    client = api_as("officer")
    url = f"/api/relations/{tie.pk}/"
    version = _etag(client.get(url))
    decision = {"level": "city", "outcome": "approved", "date": "2015-04-01"}
    response = client.post(f"{url}approvals/", decision, format="json", HTTP_IF_MATCH=version)
    assert response.status_code == 201, response.content
    assert response["ETag"] != version
    assert _etag(client.get(url)) == response["ETag"]
    again = {"level": "province", "outcome": "approved", "date": "2015-04-02"}
    assert client.post(f"{url}approvals/", again, format="json", HTTP_IF_MATCH=version).status_code == 412


def test_the_schema_documents_if_match_412_and_the_etag(api_as):
    schema = api_as("viewer").get("/api/schema/", HTTP_ACCEPT="application/json").json()
    patch = schema["paths"]["/api/entities/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    assert "412" in patch["responses"] and "ETag" in patch["responses"]["200"]["headers"]
    assert "412" in schema["paths"]["/api/relations/{id}/advance/"]["post"]["responses"]
    assert "ETag" in schema["paths"]["/api/events/{id}/"]["get"]["responses"]["200"]["headers"]
    assert "If-Match" not in str(schema["paths"]["/api/entities/"]["post"])  # create: no version yet
    for path in ("/api/followups/{id}/", "/api/regions/{code}/", "/api/layout-plans/{id}/"):
        assert "412" in schema["paths"][path]["patch"]["responses"], path
        assert "ETag" in schema["paths"][path]["get"]["responses"]["200"]["headers"], path
    for action in ("done", "reopen"):
        operation = schema["paths"][f"/api/followups/{{id}}/{action}/"]["post"]
        assert "412" in operation["responses"] and any(p["name"] == "If-Match" for p in operation["parameters"])


@pytest.fixture(params=sorted(MORE_KINDS))
def more_kind(request):
    return request.param


def test_followups_regions_and_layout_plans_carry_an_etag_and_refuse_stale_writes(api_as, make_user, more_kind):
    factory, first, second, model, lookup, role = MORE_KINDS[more_kind]
    record = factory()
    alice = api_as(role)
    bob = APIClient()
    bob.force_authenticate(make_user(role, username="bob"))
    url = f"/api/{more_kind}/{getattr(record, lookup)}/"
    version = _etag(alice.get(url))
    assert _etag(bob.get(url)) == version
    current = _etag(alice.patch(url, first, format="json", HTTP_IF_MATCH=version))
    assert current != version

    response = bob.patch(url, second, format="json", HTTP_IF_MATCH=version)
    assert response.status_code == 412, response.content
    assert response["ETag"] == current and response.json()["changed_by"] == alice.user.username
    field, value = next(iter(first.items()))
    assert getattr(model.objects.get(pk=record.pk), field) == value  # alice's change stands
    assert api_as("admin").delete(url, HTTP_IF_MATCH=version).status_code == 412  # only admins delete
    assert model.objects.filter(pk=record.pk).exists()
    assert _etag(bob.patch(url, second, format="json", HTTP_IF_MATCH=current)) != current


def test_followup_done_and_reopen_honour_if_match(api_as):
    followup = FollowUpFactory()
    client = api_as("officer")
    url = f"/api/followups/{followup.pk}/"
    version = _etag(client.get(url))
    client.patch(url, {"title": "Changed meanwhile"}, format="json")
    assert client.post(f"{url}done/", HTTP_IF_MATCH=version).status_code == 412
    assert FollowUp.objects.get(pk=followup.pk).done_at is None

    fresh = _etag(client.get(url))
    done = client.post(f"{url}done/", HTTP_IF_MATCH=fresh)
    assert done.status_code == 200, done.content
    assert done["ETag"] != fresh and FollowUp.objects.get(pk=followup.pk).done_at is not None
    assert client.post(f"{url}reopen/", HTTP_IF_MATCH=fresh).status_code == 412  # the version before "done"
    reopened = client.post(f"{url}reopen/", HTTP_IF_MATCH=done["ETag"])
    assert reopened.status_code == 200, reopened.content
    assert FollowUp.objects.get(pk=followup.pk).done_at is None
