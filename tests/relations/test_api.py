"""`/api/relations/`: each endpoint and action, permissions by role, bad input as 400, history, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Entity
from relations.choices import RelationKind, RelationStatus
from relations.models import ApprovalDecision, Relation
from tests.factories import EntityFactory, EventFactory, HomeCityFactory
from tests.relations.conftest import START

S = RelationStatus
URL = "/api/relations/"
pytestmark = pytest.mark.django_db


def detail_url(relation, action: str = "") -> str:
    return f"{URL}{relation.pk}/{action + '/' if action else ''}"


# --- read -----------------------------------------------------------------------------------------------------


def test_list_shows_both_ends_briefly_and_the_allowed_next_steps(api_as, make_tie):
    relation = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    response = api_as("viewer").get(URL)
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["id"] == relation.pk and row["status"] == "signed"
    assert row["source"] == {
        "id": relation.source_id,
        "kind": "city",
        "name": "Ningbo",
        "name_zh": "宁波",
        "display_name": "Ningbo",
        "country": "CN",
        "domestic": True,
        "url": f"http://testserver/api/entities/{relation.source_id}/",
    }
    assert row["target"]["name_zh"] == "大邱" and row["target"]["country"] == "KR"
    assert row["allowed_next"] == ["upgraded", "dormant", "ended"]
    assert row["established_on"] == START.isoformat() and row["anniversary_base_date"] == START.isoformat()
    assert "steps" not in row


def test_retrieve_shows_the_steps_and_approvals_inline(api_as, make_tie, officer):
    relation = make_tie(status=S.APPLIED, by=officer, document_no="甬外〔2015〕8号")
    api_as("officer").post(
        detail_url(relation, "approvals"), {"level": "city", "outcome": "approved", "date": "2015-04-01"}, format="json"
    )
    body = api_as("viewer").get(detail_url(relation)).json()
    assert body["steps"][0]["to_status"] == "applied" and body["steps"][0]["document_no"] == "甬外〔2015〕8号"
    assert body["steps"][0]["recorded_by"] == officer.username
    assert body["approvals"][0]["level"] == "city" and body["approvals"][0]["recorded_by"] == "api-officer"
    assert body["allowed_next"] == ["approved", "returned", "ended"]


def test_retrieve_of_an_unknown_or_malformed_id_is_404(api_as):
    assert api_as("viewer").get(f"{URL}999999/").status_code == 404
    assert api_as("viewer").get(f"{URL}abc/").status_code == 404


# --- permissions ----------------------------------------------------------------------------------------------


def test_anonymous_requests_get_401(api_client, make_tie):
    relation = make_tie()
    assert api_client.get(URL).status_code == 401
    assert api_client.get(detail_url(relation, "history")).status_code == 401
    response = api_client.post(detail_url(relation, "advance"), {"status": "intent", "date": "2020-01-01"})
    assert response.status_code == 401


def test_a_viewer_reads_but_cannot_write_or_take_steps(api_as, make_tie, home, other_partner):
    relation = make_tie()
    viewer = api_as("viewer")
    assert viewer.get(URL).status_code == 200
    assert viewer.post(URL, {"kind": "sister_city", "source": home.pk, "target": other_partner.pk}).status_code == 403
    assert viewer.patch(detail_url(relation), {"notes": "x"}, format="json").status_code == 403
    assert (
        viewer.post(
            detail_url(relation, "advance"), {"status": "intent", "date": "2020-01-01"}, format="json"
        ).status_code
        == 403
    )
    assert viewer.post(detail_url(relation, "approvals"), {}, format="json").status_code == 403
    assert viewer.post(detail_url(relation, "upgrade"), {}, format="json").status_code == 403
    assert viewer.delete(detail_url(relation)).status_code == 403
    relation.refresh_from_db()
    assert relation.status == S.CONTACT


def test_a_user_without_a_role_cannot_read(make_user, make_tie):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(make_user(None, username="nobody"))
    assert client.get(URL).status_code == 403


# --- create / update / delete ---------------------------------------------------------------------------------


def test_an_officer_creates_a_tie_signed_long_ago(officer_api, home, partner):
    response = officer_api.post(
        URL,
        {
            "kind": "sister_city",
            "source": home.pk,
            "target": partner.pk,
            "status": "signed",
            "established_on": "1994-05-20",
            "document_no": "甬政〔1994〕5号",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "signed" and body["established_on"] == "1994-05-20"
    assert body["source"]["id"] == home.pk and body["target"]["id"] == partner.pk
    assert body["steps"][0]["date"] == "1994-05-20" and body["steps"][0]["document_no"] == "甬政〔1994〕5号"
    assert body["steps"][0]["recorded_by"] == "api-officer"


def test_create_defaults_to_first_contact(officer_api, home, partner):
    response = officer_api.post(
        URL, {"kind": "friendly_exchange", "source": home.pk, "target": partner.pk, "date": "2024-03-01"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "contact" and response.json()["steps"][0]["date"] == "2024-03-01"


def test_create_a_position_with_its_post_and_period(officer_api, partner):
    mayor = EntityFactory(kind="person", name="Kim", country="KR")
    response = officer_api.post(
        URL,
        {
            "kind": "position",
            "source": mayor.pk,
            "target": partner.pk,
            "title": "Mayor",
            "start_date": "2018-07-01",
            "end_date": "2022-06-30",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Mayor" and response.json()["end_date"] == "2022-06-30"


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"target": "self"}, "target", "different"),
        ({"kind": "twin_town"}, "kind", "valid choice"),
        ({"status": "married"}, "status", "valid choice"),
        (
            {"kind": "position", "title": "Mayor", "start_date": "2022-07-01", "end_date": "2018-06-30"},
            "end_date",
            "before the start",
        ),
        ({"status": "signed"}, "established_on", "signing date"),
        ({"established_on": "not-a-date"}, "established_on", "format"),
        ({"target": 999999}, "target", "does not exist"),
        ({"source": "abc"}, "source", "Incorrect type"),
    ],
    ids=[
        "self-tie",
        "unknown-kind",
        "unknown-status",
        "end-before-start",
        "signed-without-date",
        "bad-date",
        "unknown-target",
        "bad-source",
    ],
)
def test_create_refuses_bad_input_with_400_naming_the_field(officer_api, home, partner, payload, field, words):
    data = {"kind": "sister_city", "source": home.pk, "target": partner.pk, **payload}
    if data["target"] == "self":
        data["target"] = home.pk
    response = officer_api.post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert words in " ".join(response.json()[field])
    assert not Relation.objects.exists()


def test_create_refuses_a_duplicate_live_tie_naming_the_target(officer_api, make_tie, home, partner):
    make_tie(status=S.SIGNED)
    response = officer_api.post(URL, {"kind": "sister_city", "source": partner.pk, "target": home.pk}, format="json")
    assert response.status_code == 400
    assert "already a live tie" in response.json()["target"][0]


def test_partial_update_changes_details(officer_api, make_tie):
    relation = make_tie(status=S.SIGNED)
    response = officer_api.patch(
        detail_url(relation), {"notes": "Ceremony at the city hall", "established_on": "2015-03-02"}, format="json"
    )
    assert response.status_code == 200
    relation.refresh_from_db()
    assert relation.notes == "Ceremony at the city hall" and relation.established_on == dt.date(2015, 3, 2)


def test_partial_update_refuses_a_status_change_naming_the_allowed_steps(officer_api, make_tie):
    relation = make_tie(status=S.CONTACT)
    response = officer_api.patch(detail_url(relation), {"status": "signed"}, format="json")
    assert response.status_code == 400
    assert "(intent)" in response.json()["status"][0]


def test_put_is_not_offered(officer_api, make_tie):
    relation = make_tie()
    assert officer_api.put(detail_url(relation), {}, format="json").status_code == 405


def test_only_an_admin_deletes_a_tie(api_as, make_tie):
    relation = make_tie()
    assert api_as("officer").delete(detail_url(relation)).status_code == 403
    assert api_as("admin").delete(detail_url(relation)).status_code == 204
    assert not Relation.objects.exists()
    assert Relation.history.filter(history_type="-").get().history_user.username == "api-admin"


def test_deleting_a_tie_events_serve_is_refused_with_400(api_as, make_tie):
    relation = make_tie()
    EventFactory().relations.add(relation)
    response = api_as("admin").delete(detail_url(relation))
    assert response.status_code == 400
    assert "event" in response.json()["non_field_errors"][0]


# --- advance --------------------------------------------------------------------------------------------------


def test_advance_moves_the_tie_and_returns_it(officer_api, make_tie):
    relation = make_tie(status=S.CONTACT)
    response = officer_api.post(
        detail_url(relation, "advance"),
        {"status": "intent", "date": "2015-04-01", "note": "Mayor's letter", "document_no": "A-1"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "intent" and body["allowed_next"] == ["loi_signed", "ended"]
    assert body["steps"][-1] == {
        **body["steps"][-1],
        "from_status": "contact",
        "to_status": "intent",
        "date": "2015-04-01",
        "note": "Mayor's letter",
        "document_no": "A-1",
        "recorded_by": "api-officer",
    }


def test_advance_refuses_a_skipped_step_with_400_naming_the_allowed_steps(officer_api, make_tie):
    relation = make_tie(status=S.CONTACT)
    response = officer_api.post(
        detail_url(relation, "advance"), {"status": "signed", "date": "2015-04-01"}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["status"][0]
    assert "Allowed next steps" in message and "(intent)" in message and "(ended)" in message


def test_advance_refuses_an_unknown_status_naming_the_allowed_steps(officer_api, make_tie):
    relation = make_tie(status=S.CONTACT)
    response = officer_api.post(
        detail_url(relation, "advance"), {"status": "married", "date": "2015-04-01"}, format="json"
    )
    assert response.status_code == 400 and "(intent)" in response.json()["status"][0]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "intent"}, "date"),
        ({"status": "intent", "date": "1 April"}, "date"),
        ({"status": "intent", "date": "2015-02-01"}, "date"),
        ({"date": "2015-04-01"}, "status"),
    ],
)
def test_advance_refuses_missing_bad_or_early_dates_and_missing_status(officer_api, make_tie, payload, field):
    relation = make_tie(status=S.CONTACT)
    response = officer_api.post(detail_url(relation, "advance"), payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_advance_from_returned_to_intent_and_dormant_to_signed(officer_api, make_tie, other_partner):
    returned = make_tie(status=S.RETURNED)
    assert (
        officer_api.post(
            detail_url(returned, "advance"), {"status": "intent", "date": "2015-04-01"}, format="json"
        ).json()["status"]
        == "intent"
    )
    dormant = make_tie(status=S.DORMANT, target=other_partner)
    body = officer_api.post(
        detail_url(dormant, "advance"), {"status": "signed", "date": "2020-04-01"}, format="json"
    ).json()
    assert body["status"] == "signed" and body["established_on"] == START.isoformat()


@pytest.mark.parametrize("final", [S.UPGRADED, S.ENDED])
def test_advance_from_a_final_status_is_refused(officer_api, make_tie, final):
    relation = make_tie(status=final)
    response = officer_api.post(
        detail_url(relation, "advance"), {"status": "signed", "date": "2020-04-01"}, format="json"
    )
    assert response.status_code == 400 and "final" in response.json()["status"][0]


# --- approvals ------------------------------------------------------------------------------------------------


def test_approvals_record_a_decision_then_the_tie_can_be_approved(officer_api, make_tie):
    relation = make_tie(status=S.APPLIED)
    refused = officer_api.post(
        detail_url(relation, "advance"), {"status": "approved", "date": "2015-06-18"}, format="json"
    )
    assert refused.status_code == 400 and "approval" in refused.json()["status"][0]
    for level in ("city", "province"):  # the chain decides in order
        earlier = {"level": level, "outcome": "approved", "date": "2015-06-20"}
        assert officer_api.post(detail_url(relation, "approvals"), earlier, format="json").status_code == 201
    response = officer_api.post(
        detail_url(relation, "approvals"),
        {"level": "association", "outcome": "approved", "date": "2015-06-30", "document_no": "友协〔2015〕9号"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["level"] == "association" and response.json()["recorded_by"] == "api-officer"
    approved = officer_api.post(
        detail_url(relation, "advance"), {"status": "approved", "date": "2015-06-30"}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_a_returned_decision_sends_the_application_back(officer_api, make_tie):
    relation = make_tie(status=S.APPLIED)
    response = officer_api.post(
        detail_url(relation, "approvals"),
        {"level": "city", "outcome": "returned", "date": "2015-05-01"},
        format="json",
    )
    assert response.status_code == 201
    assert officer_api.get(detail_url(relation)).json()["status"] == "returned"


def test_approvals_are_refused_unless_applied_and_bad_levels_named(officer_api, make_tie, other_partner):
    signed = make_tie(status=S.SIGNED)
    response = officer_api.post(
        detail_url(signed, "approvals"), {"level": "city", "outcome": "approved", "date": "2015-05-01"}, format="json"
    )
    assert response.status_code == 400 and "status" in response.json()
    applied = make_tie(status=S.APPLIED, target=other_partner)
    response = officer_api.post(
        detail_url(applied, "approvals"), {"level": "emperor", "outcome": "maybe", "date": "2015-05-01"}, format="json"
    )
    assert response.status_code == 400 and {"level", "outcome"} <= set(response.json())
    assert not ApprovalDecision.objects.exists()


# --- upgrade --------------------------------------------------------------------------------------------------


def test_upgrade_returns_the_new_sister_city_tie_linked_to_the_old(officer_api, make_tie):
    old = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE, established_on=dt.date(2004, 10, 1))
    response = officer_api.post(
        detail_url(old, "upgrade"), {"date": "2014-10-01", "note": "10th anniversary"}, format="json"
    )
    assert response.status_code == 201
    new = response.json()
    assert new["kind"] == "sister_city" and new["status"] == "signed" and new["upgraded_from"] == old.pk
    assert new["established_on"] == "2004-10-01" and new["anniversary_base_date"] == "2004-10-01"
    assert new["steps"][0]["date"] == "2014-10-01"
    old_body = officer_api.get(detail_url(old)).json()
    assert old_body["status"] == "upgraded" and old_body["upgraded_to"] == new["id"]
    assert old_body["allowed_next"] == []


def test_upgrade_of_a_sister_city_or_unsigned_tie_is_refused(officer_api, make_tie, other_partner):
    sister = make_tie(status=S.SIGNED)
    response = officer_api.post(detail_url(sister, "upgrade"), {"date": "2020-01-01"}, format="json")
    assert response.status_code == 400 and "kind" in response.json()
    intent = make_tie(status=S.INTENT, kind=RelationKind.FRIENDLY_EXCHANGE, target=other_partner)
    response = officer_api.post(detail_url(intent, "upgrade"), {"date": "2020-01-01"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    assert officer_api.post(detail_url(intent, "upgrade"), {}, format="json").json().keys() == {"date"}


# --- history --------------------------------------------------------------------------------------------------


def test_history_lists_every_change_with_who_and_what(api_as, officer_api, home, partner):
    created = officer_api.post(
        URL, {"kind": "sister_city", "source": home.pk, "target": partner.pk, "date": "2015-01-01"}, format="json"
    ).json()
    officer_api.post(f"{URL}{created['id']}/advance/", {"status": "intent", "date": "2015-02-01"}, format="json")
    officer_api.patch(f"{URL}{created['id']}/", {"notes": "Met at the expo"}, format="json")
    history = api_as("viewer").get(f"{URL}{created['id']}/history/").json()
    assert [h["type"] for h in history] == ["changed", "changed", "created"]
    assert all(h["user"] == "api-officer" for h in history)
    notes_change = history[0]["changes"]
    assert {"field": "notes", "old": "", "new": "Met at the expo"} in notes_change
    step_change = {c["field"]: c for c in history[1]["changes"]}
    assert step_change["status"]["old"] == "contact" and step_change["status"]["new"] == "intent"
    # The reason reads in the reader's language (relations/reasons.py), not as the stored code.
    assert history[1]["reason"] == "lifecycle step: First contact (建立联系) → Preliminary intent (初步意向)"


# --- query counts ---------------------------------------------------------------------------------------------


def make_ties(n: int) -> None:
    """n ties to different partners; every third is the sister-city successor of an upgraded one."""
    home = Entity.objects.filter(domestic=True).first() or HomeCityFactory(name="Ningbo")
    previous = None
    for i in range(n):
        target = EntityFactory(country="JP")
        if previous is not None and i % 3 == 2:
            previous.status = S.UPGRADED
            previous.save()
            previous = Relation.objects.create(
                kind=RelationKind.SISTER_CITY,
                source=home,
                target=previous.target,
                status=S.SIGNED,
                established_on=dt.date(2000, 1, 1),
                upgraded_from=previous,
            )
        else:
            previous = Relation.objects.create(
                kind=RelationKind.FRIENDLY_EXCHANGE,
                source=home,
                target=target,
                status=S.SIGNED,
                established_on=dt.date(2000, 1, 1),
            )


def _count_list_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_queries_for_3_and_for_50_ties(api_as, django_assert_num_queries):
    client = api_as("viewer")
    make_ties(3)
    client.get(URL)  # the user's permissions are cached after the first request
    few = _count_list_queries(client, URL + "?page_size=100")
    make_ties(47)
    client.get(URL + "?page_size=100")  # the new count kept, as the first one was (core.versions.cached_count)
    with django_assert_num_queries(few):
        response = client.get(URL + "?page_size=100")
    assert response.json()["count"] == 50


def test_the_detail_costs_a_fixed_number_of_queries(api_as, make_tie, django_assert_max_num_queries):
    relation = make_tie(status=S.APPLIED)
    client = api_as("viewer")
    client.get(detail_url(relation))
    with django_assert_max_num_queries(8):
        client.get(detail_url(relation))


def test_the_list_row_answers_what_its_declared_fields_answer(make_tie):
    """RelationListSerializer builds its answer directly (a 50-row page costs less): it must stay what the fields
    say, for a tie, its upgrade and one without dates."""
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from relations.api.serializers import RelationListSerializer
    from relations.selectors import relation_brief_list

    first = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    second = Relation.objects.create(
        kind=RelationKind.SISTER_CITY, source=first.source, target=first.target, status=S.SIGNED, upgraded_from=first
    )
    make_tie(status=S.CONTACT, target=EntityFactory(name="Busan", country=""))
    request = APIRequestFactory().get(URL)
    rows = list(relation_brief_list())
    assert {row.pk for row in rows} >= {first.pk, second.pk} and len(rows) == 3
    for row in rows:
        serializer = RelationListSerializer(context={"request": request})
        assert serializer.to_representation(row) == serializers.ModelSerializer.to_representation(serializer, row)
    by_id = {row.pk: RelationListSerializer(row, context={"request": request}).data for row in rows}
    assert by_id[first.pk]["upgraded_to"] == second.pk and by_id[second.pk]["upgraded_from"] == first.pk
    assert by_id[second.pk]["anniversary_base_date"] == START.isoformat()
