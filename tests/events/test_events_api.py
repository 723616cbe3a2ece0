"""/api/events/: list, create, retrieve, partial update, delete, filters, history, permissions, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Region
from events.models import Event, Participant
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, ParticipantFactory, RelationFactory

pytestmark = pytest.mark.django_db

URL = "/api/events/"


def _detail(event) -> str:
    return f"{URL}{event.pk}/"


def _payload(*participants, **fields) -> dict:
    return {
        "kind": "visit_in",
        "title": "Daegu city delegation",
        "start_date": "2024-05-06",
        "end_date": "2024-05-08",
        "level": "vice_mayor_plus",
        "participants": [{"entity": e.pk, "role": role, "headcount": n} for e, role, n in participants],
        **fields,
    }


def _row_errors(errors) -> dict:
    """The first participant row's errors (DRF keys list errors by index)."""
    rows = list(errors.values()) if isinstance(errors, dict) else [row for row in errors if row]
    return rows[0]


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- create, read, update, delete -------------------------------------------------------------------------------


def test_create_with_two_participants_counts_their_person_times(officer_api):
    daegu = EntityFactory(name="Daegu", name_zh="大邱", country="KR")
    ningbo = EntityFactory(name="Ningbo", country="CN", domestic=True)
    tie = RelationFactory(source=ningbo, target=daegu)
    response = officer_api.post(
        URL, _payload((daegu, "guest", 12), (ningbo, "host", 4), relations=[tie.pk]), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["headcount"] == 12 and body["headcount_given"] is False  # the host is not counted (issue 15)
    guest = next(p for p in body["participants"] if p["role"] == "guest")
    assert guest["headcount"] == 12
    assert guest["entity"] == {
        "id": daegu.pk,
        "kind": "city",
        "name": "Daegu",
        "name_zh": "大邱",
        "display_name": "Daegu",
        "country": "KR",
        "domestic": False,
        "url": f"http://testserver/api/entities/{daegu.pk}/",
    }
    assert body["relations"][0]["id"] == tie.pk and body["relations"][0]["target"]["name"] == "Daegu"
    event = Event.objects.get(pk=body["id"])
    assert event.participants.count() == 2 and list(event.relations.all()) == [tie]


def test_create_keeps_an_explicit_headcount(officer_api):
    response = officer_api.post(URL, _payload((EntityFactory(), "guest", 12), headcount=150), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["headcount"] == 150 and response.json()["headcount_given"] is True


def test_retrieve_shows_participants_inline(api_as):
    participant = ParticipantFactory(headcount=9)
    response = api_as("viewer").get(_detail(participant.event))
    assert response.status_code == 200
    assert response.json()["participants"][0]["entity"]["id"] == participant.entity_id


def test_partial_update_replaces_participants_and_recounts(officer_api):
    a, b = EntityFactory(), EntityFactory()
    created = officer_api.post(URL, _payload((a, "guest", 12)), format="json").json()
    response = officer_api.patch(
        f"{URL}{created['id']}/",
        {
            "participants": [
                {"entity": a.pk, "role": "guest", "headcount": 10},
                {"entity": b.pk, "role": "partner", "headcount": 5},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["headcount"] == 15
    assert Participant.objects.filter(event_id=created["id"]).count() == 2


def test_partial_update_of_one_field_keeps_the_participants(officer_api):
    created = officer_api.post(URL, _payload((EntityFactory(), "guest", 12)), format="json").json()
    response = officer_api.patch(f"{URL}{created['id']}/", {"outcome": "Signed a school-twinning MoU."}, format="json")
    assert response.status_code == 200
    assert response.json()["outcome"] == "Signed a school-twinning MoU."
    assert response.json()["headcount"] == 12 and len(response.json()["participants"]) == 1


def test_patching_headcount_to_null_returns_to_the_participants_sum(officer_api):
    created = officer_api.post(URL, _payload((EntityFactory(), "guest", 12), headcount=150), format="json").json()
    response = officer_api.patch(f"{URL}{created['id']}/", {"headcount": None}, format="json")
    assert response.status_code == 200
    assert (response.json()["headcount"], response.json()["headcount_given"]) == (12, False)


def test_put_is_not_offered(officer_api):
    event = EventFactory()
    assert officer_api.put(_detail(event), _payload(), format="json").status_code == 405


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("officer", 403), ("admin", 204)])
def test_only_admins_delete_events(api_as, role, expected):
    event = ParticipantFactory().event
    assert api_as(role).delete(_detail(event)).status_code == expected
    assert Event.objects.filter(pk=event.pk).exists() is (expected != 204)


def test_delete_is_refused_with_400_while_follow_ups_point_at_the_event(api_as):
    event = EventFactory()
    FollowUpFactory(event=event)
    response = api_as("admin").delete(_detail(event))
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


@pytest.mark.parametrize(("role", "expected"), [("viewer", 403), ("officer", 201), ("admin", 201)])
def test_creating_needs_an_officer(api_as, role, expected):
    assert api_as(role).post(URL, _payload((EntityFactory(), "guest", 1)), format="json").status_code == expected


def test_viewer_reads_but_does_not_change(api_as):
    event = EventFactory()
    viewer = api_as("viewer")
    assert viewer.get(URL).status_code == 200
    assert viewer.patch(_detail(event), {"title": "x"}, format="json").status_code == 403


def test_anonymous_gets_401(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, _payload(), format="json").status_code == 401


def test_unknown_event_is_404(officer_api):
    assert officer_api.get(f"{URL}999999/").status_code == 404
    assert officer_api.get(f"{URL}abc/").status_code == 404


# --- bad input: 400 naming the field ----------------------------------------------------------------------------


def test_end_before_start_is_400_naming_end_date(officer_api):
    response = officer_api.post(URL, _payload(end_date="2024-05-01"), format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()
    assert Event.objects.count() == 0


def test_patching_the_start_past_the_end_is_400_naming_end_date(officer_api):
    created = officer_api.post(URL, _payload(), format="json").json()
    response = officer_api.patch(f"{URL}{created['id']}/", {"start_date": "2024-06-01"}, format="json")
    assert response.status_code == 400 and "end_date" in response.json()


def test_negative_participant_headcount_is_400_naming_participants_and_headcount(officer_api):
    response = officer_api.post(URL, _payload((EntityFactory(), "guest", -4)), format="json")
    assert response.status_code == 400
    assert "headcount" in _row_errors(response.json()["participants"])
    assert Event.objects.count() == 0


def test_negative_person_times_is_400_naming_headcount(officer_api):
    response = officer_api.post(URL, _payload(headcount=-1), format="json")
    assert response.status_code == 400 and "headcount" in response.json()


@pytest.mark.parametrize("field", ["kind", "level", "status"])
def test_unknown_choice_is_400_naming_the_field(officer_api, field):
    response = officer_api.post(URL, _payload(**{field: "emperor"}), format="json")
    assert response.status_code == 400 and field in response.json()


def test_unknown_participant_entity_is_400_naming_participants_and_entity(officer_api):
    response = officer_api.post(
        URL, {**_payload(), "participants": [{"entity": 987654, "role": "guest", "headcount": 2}]}, format="json"
    )
    assert response.status_code == 400
    assert "entity" in _row_errors(response.json()["participants"])


def test_unknown_tie_is_400_naming_relations(officer_api):
    response = officer_api.post(URL, _payload(relations=[987654]), format="json")
    assert response.status_code == 400 and "relations" in response.json()


@pytest.mark.parametrize(
    ("field", "value"), [("start_date", "2024-13-45"), ("title", ""), ("participants", "x"), ("headcount", "many")]
)
def test_malformed_values_are_400_naming_the_field(officer_api, field, value):
    response = officer_api.post(URL, _payload(**{field: value}), format="json")
    assert response.status_code == 400 and field in response.json()


def test_same_entity_twice_in_one_role_is_400_naming_participants(officer_api):
    entity = EntityFactory()
    response = officer_api.post(URL, _payload((entity, "guest", 2), (entity, "guest", 3)), format="json")
    assert response.status_code == 400 and "participants" in response.json()


# --- filters ----------------------------------------------------------------------------------------------------


@pytest.fixture
def exchanges():
    daegu = EntityFactory(name="Daegu", country="KR")
    koper = EntityFactory(name="Koper", country="SI")
    bangkok = EntityFactory(name="Khon Kaen", country="TH")
    tie = RelationFactory(target=daegu)
    visit = EventFactory(
        kind="visit_in",
        level="ministerial",
        status="held",
        title="Daegu mayor visit",
        location="Ningbo Yinzhou",
        start_date=dt.date(2024, 3, 1),
    )
    ParticipantFactory(event=visit, entity=daegu)
    ParticipantFactory(event=visit, entity=koper, role="partner")
    visit.relations.add(tie)
    trip = EventFactory(
        kind="visit_out",
        level="vice_mayor_plus",
        status="planned",
        title="Trip to Slovenia",
        location="Koper",
        start_date=dt.date(2024, 9, 1),
    )
    ParticipantFactory(event=trip, entity=koper)
    camp = EventFactory(
        kind="education", level="other", status="held", title="Student camp", start_date=dt.date(2025, 7, 1)
    )
    ParticipantFactory(event=camp, entity=bangkok)
    return {"daegu": daegu, "koper": koper, "thai": bangkok, "tie": tie, "visit": visit, "trip": trip, "camp": camp}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "visit_in"}, {"visit"}),
        ({"level": "vice_mayor_plus"}, {"trip"}),
        ({"status": "planned"}, {"trip"}),
        ({"country": "SI"}, {"visit", "trip"}),
        ({"country": "th"}, {"camp"}),
        ({"start_date_after": "2024-06-01"}, {"trip", "camp"}),
        ({"start_date_before": "2024-06-01"}, {"visit"}),
        ({"start_date_after": "2024-01-01", "start_date_before": "2024-12-31"}, {"visit", "trip"}),
        ({"q": "slovenia"}, {"trip"}),
        ({"q": "yinzhou"}, {"visit"}),
    ],
)
def test_list_filters(api_as, exchanges, params, expected):
    assert _ids(api_as("viewer").get(URL, params)) == {exchanges[name].pk for name in expected}


def test_entity_filter_finds_events_of_any_participant_once(api_as, exchanges):
    found = _ids(api_as("viewer").get(URL, {"entity": exchanges["koper"].pk}))
    assert found == {exchanges["visit"].pk, exchanges["trip"].pk}
    response = api_as("viewer").get(URL, {"entity": exchanges["koper"].pk})
    assert response.json()["count"] == 2


def test_relation_filter_finds_the_events_serving_a_tie(api_as, exchanges):
    assert _ids(api_as("viewer").get(URL, {"relation": exchanges["tie"].pk})) == {exchanges["visit"].pk}


def test_region_filter_finds_events_with_a_participant_from_the_region(api_as, exchanges):
    Region.objects.update_or_create(
        code="test-asean", defaults={"kind": "bloc", "name": "ASEAN (test)", "countries": ["TH", "VN", "ID"]}
    )
    assert _ids(api_as("viewer").get(URL, {"region": "test-asean"})) == {exchanges["camp"].pk}


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("kind", "emperor"),
        ("level", "emperor"),
        ("status", "maybe"),
        ("entity", "987654"),
        ("entity", "abc"),
        ("country", "ZZ"),
        ("region", "atlantis"),
        ("relation", "987654"),
        ("start_date_after", "2024-02-30"),
        ("start_date_before", "soon"),
    ],
)
def test_bad_filter_values_are_400_naming_the_filter(api_as, param, value):
    response = api_as("viewer").get(URL, {param: value})
    assert response.status_code == 400, response.content
    assert param in response.json()


def test_ordering_by_headcount(api_as):
    small, big = EventFactory(headcount=3), EventFactory(headcount=300)
    rows = api_as("viewer").get(URL, {"ordering": "-headcount"}).json()["results"]
    assert [r["id"] for r in rows] == [big.pk, small.pk]


# --- history ----------------------------------------------------------------------------------------------------


def test_history_shows_who_changed_what_through_the_api(officer_api):
    entity = EntityFactory(name="Daegu")
    created = officer_api.post(URL, _payload((entity, "guest", 12)), format="json").json()
    officer_api.patch(
        f"{URL}{created['id']}/",
        {"title": "Daegu youth delegation", "participants": [{"entity": entity.pk, "role": "guest", "headcount": 20}]},
        format="json",
    )
    response = officer_api.get(f"{URL}{created['id']}/history/")
    assert response.status_code == 200
    newest, oldest = response.json()
    assert oldest["type"] == "created" and oldest["user"] == officer_api.user.username
    assert newest["user"] == officer_api.user.username
    changed = {c["field"]: (c["old"], c["new"]) for c in newest["changes"]}
    assert changed["title"] == ("Daegu city delegation", "Daegu youth delegation")
    assert changed["headcount"] == (12, 20)
    assert "Daegu" in newest["reason"]


def test_history_needs_view_permission(api_client, api_as):
    event = EventFactory()
    assert api_client.get(f"{_detail(event)}history/").status_code == 401
    assert api_as("viewer").get(f"{_detail(event)}history/").status_code == 200


# --- query counts -----------------------------------------------------------------------------------------------


def _events_with_participants_and_ties(n: int) -> None:
    for _ in range(n):
        event = EventFactory()
        for role in ("guest", "host", "partner"):
            ParticipantFactory(event=event, role=role)
        event.relations.add(RelationFactory(), RelationFactory())


def test_list_costs_the_same_for_3_and_50_events(api_as, django_assert_num_queries):
    client = api_as("viewer")
    client.get(URL)  # warm the permission cache of the user
    _events_with_participants_and_ties(3)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(URL).json()["results"]) == 3
    _events_with_participants_and_ties(47)
    with django_assert_num_queries(len(three.captured_queries)):
        assert len(client.get(URL).json()["results"]) == 50


def test_the_list_shows_participants_and_the_ties_by_id_and_a_row_as_its_fields_say(api_as):
    """The list's brief shape: participants inline, the ties served by id; the event's own answer has the ties with
    both ends. The row and each participant are built directly, and answer what their declared fields answer."""
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from events.api.serializers import EventListSerializer, ParticipantSerializer
    from events.selectors import event_brief_list

    tie = RelationFactory()
    event = EventFactory()
    event.relations.add(tie)
    ParticipantFactory(event=event, entity=tie.target, headcount=4)
    client = api_as("viewer")
    [row] = client.get(URL).json()["results"]
    assert row["relations"] == [tie.pk] and "notes" not in row
    assert [(p["entity"]["id"], p["headcount"]) for p in row["participants"]] == [(tie.target_id, 4)]
    assert client.get(_detail(event)).json()["relations"][0]["target"]["id"] == tie.target_id
    for participant in Participant.objects.select_related("entity"):
        serializer = ParticipantSerializer(context={})
        assert serializer.to_representation(participant) == serializers.ModelSerializer.to_representation(
            serializer, participant
        )
    EventFactory(end_date=None, location="", level="")
    context = {"request": APIRequestFactory().get(URL)}
    for listed in event_brief_list():
        serializer = EventListSerializer(context=context)
        assert serializer.to_representation(listed) == serializers.ModelSerializer.to_representation(serializer, listed)
    # A page reads its participants and tie ids for all its events at once (events.selectors.attach_listed): the
    # same rows as each event read alone, in the same order.
    second = RelationFactory()
    event.relations.add(second)
    ParticipantFactory(event=event, entity=second.source, headcount=0, role="guest")
    page = EventListSerializer(list(event_brief_list().order_by("id")), many=True, context=context).data
    alone = [EventListSerializer(row, context=context).data for row in event_brief_list().order_by("id")]
    assert page == alone and page[0]["relations"] == sorted([tie.pk, second.pk])
    assert [p["entity"]["id"] for p in page[0]["participants"]] == [tie.target_id, second.source_id]
