"""events.services: one event is one batch; its person-times are the participants' sum unless given."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from contacts.models import Entity
from events.models import Event, Participant
from events.selectors import event_list, event_totals
from events.services import event_create, event_delete, event_headcount_refresh, event_update
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, ParticipantFactory, RelationFactory

pytestmark = pytest.mark.django_db

START = dt.date(2024, 5, 6)


def _visit(by, participants, **fields):
    fields = {"kind": "visit_in", "title": "Daegu delegation", "start_date": START, **fields}
    return event_create(by=by, participants=participants, **fields)


def test_event_create_sums_the_guests_headcounts_into_person_times(officer):
    daegu, ningbo = EntityFactory(name="Daegu"), EntityFactory(name="Ningbo", country="CN", domestic=True)
    event = _visit(
        officer,
        [{"entity": daegu, "role": "guest", "headcount": 12}, {"entity": ningbo.pk, "role": "host", "headcount": 4}],
    )
    assert event.headcount == 12  # the host is recorded, not counted (issue 15)
    assert event.headcount_given is False
    assert sorted(event.participants.values_list("entity__name", "role", "headcount")) == [
        ("Daegu", "guest", 12),
        ("Ningbo", "host", 4),
    ]


def test_event_create_keeps_an_explicit_headcount(officer):
    event = _visit(officer, [{"entity": EntityFactory(), "role": "guest", "headcount": 12}], headcount=55)
    assert event.headcount == 55
    assert event.headcount_given is True


def test_event_create_links_the_ties_it_serves(officer):
    tie = RelationFactory()
    event = _visit(officer, [], relations=[tie.pk])
    assert list(event.relations.all()) == [tie]


def test_event_create_refuses_an_end_before_the_start_naming_end_date(officer):
    with pytest.raises(ValidationError) as caught:
        _visit(officer, [], end_date=START - dt.timedelta(days=1))
    assert set(caught.value.message_dict) == {"end_date"}
    assert Event.objects.count() == 0


def test_event_create_refuses_a_negative_participant_headcount_naming_participants(officer):
    entity = EntityFactory()
    with pytest.raises(ValidationError) as caught:
        _visit(officer, [{"entity": entity, "role": "guest", "headcount": -3}])
    errors = caught.value.message_dict
    assert list(errors) == ["participants"]
    assert "headcount" in errors["participants"][0]
    assert Event.objects.count() == 0 and Participant.objects.count() == 0


def test_event_create_refuses_a_negative_person_times_naming_headcount(officer):
    with pytest.raises(ValidationError) as caught:
        _visit(officer, [], headcount=-1)
    assert list(caught.value.message_dict) == ["headcount"]


@pytest.mark.parametrize("field", ["kind", "level"])
def test_event_create_refuses_an_unknown_kind_or_level(officer, field):
    with pytest.raises(ValidationError) as caught:
        _visit(officer, [], **{field: "emperor"})
    assert field in caught.value.message_dict


def test_event_create_refuses_an_unknown_participant_entity_and_writes_nothing(officer):
    entity = EntityFactory()
    with pytest.raises(ValidationError) as caught:
        _visit(
            officer,
            [{"entity": entity, "role": "guest", "headcount": 2}, {"entity": 987654, "role": "guest", "headcount": 2}],
        )
    assert "987654" in caught.value.message_dict["participants"][0]
    assert Event.objects.count() == 0 and Participant.objects.count() == 0


def test_event_create_refuses_an_unknown_role(officer):
    with pytest.raises(ValidationError) as caught:
        _visit(officer, [{"entity": EntityFactory(), "role": "emperor", "headcount": 2}])
    assert "role" in caught.value.message_dict["participants"][0]


def test_event_create_refuses_the_same_entity_twice_in_one_role(officer):
    entity = EntityFactory()
    with pytest.raises(ValidationError) as caught:
        _visit(
            officer,
            [{"entity": entity, "role": "guest", "headcount": 2}, {"entity": entity, "role": "guest", "headcount": 3}],
        )
    assert "participants" in caught.value.message_dict


def test_event_create_refuses_an_unknown_tie(officer):
    with pytest.raises(ValidationError) as caught:
        _visit(officer, [], relations=[424242])
    assert "relations" in caught.value.message_dict


def test_event_create_records_the_user_in_history(officer):
    event = _visit(officer, [{"entity": EntityFactory(), "role": "guest", "headcount": 3}])
    record = event.history.get()
    assert record.history_type == "+" and record.history_user == officer
    assert Participant.history.get().history_user == officer


def test_event_update_replaces_participants_keeping_the_rows_that_stay(officer):
    daegu, busan, ningbo = EntityFactory(name="Daegu"), EntityFactory(name="Busan"), EntityFactory(name="Ningbo")
    event = _visit(
        officer,
        [{"entity": daegu, "role": "guest", "headcount": 12}, {"entity": busan, "role": "guest", "headcount": 5}],
    )
    kept = event.participants.get(entity=daegu)
    event = event_update(
        event=event,
        by=officer,
        participants=[
            {"entity": daegu, "role": "guest", "headcount": 14},
            {"entity": ningbo, "role": "host", "headcount": 3},
        ],
    )
    assert event.headcount == 14  # the host is recorded, not counted (issue 15)
    rows = {p.entity.name: p for p in event.participants.select_related("entity")}
    assert set(rows) == {"Daegu", "Ningbo"}
    assert rows["Daegu"].pk == kept.pk and rows["Daegu"].headcount == 14
    reason = event.history.order_by("-history_id").first().history_change_reason
    assert "Busan" in reason and "Ningbo" in reason


def test_event_update_without_participants_leaves_them_alone(officer):
    event = _visit(officer, [{"entity": EntityFactory(), "role": "guest", "headcount": 12}])
    event = event_update(event=event, by=officer, title="Daegu youth delegation")
    assert event.title == "Daegu youth delegation"
    assert event.participants.count() == 1 and event.headcount == 12


def test_event_update_keeps_a_given_headcount_until_it_is_cleared(officer):
    entity = EntityFactory()
    event = _visit(officer, [{"entity": entity, "role": "guest", "headcount": 12}], headcount=150)
    event = event_update(event=event, by=officer, participants=[{"entity": entity, "role": "guest", "headcount": 20}])
    assert event.headcount == 150
    event = event_update(event=event, by=officer, headcount=None)
    assert (event.headcount, event.headcount_given) == (20, False)


def test_event_update_refuses_an_end_before_the_start_and_changes_nothing(officer):
    event = _visit(officer, [], end_date=START + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as caught:
        event_update(event=event, by=officer, start_date=START + dt.timedelta(days=5))
    assert "end_date" in caught.value.message_dict
    event.refresh_from_db()
    assert event.start_date == START


def test_event_update_replaces_the_ties_and_records_it(officer):
    old, new = RelationFactory(), RelationFactory()
    event = _visit(officer, [], relations=[old])
    event = event_update(event=event, by=officer, relations=[new.pk])
    assert list(event.relations.all()) == [new]
    latest = event.history.order_by("-history_id").first()
    assert latest.history_user == officer and "tie" in latest.history_change_reason


def test_event_delete_removes_the_participants_and_keeps_them_in_history(admin_role_user):
    event = _visit(admin_role_user, [{"entity": EntityFactory(), "role": "guest", "headcount": 3}])
    event_delete(event=event, by=admin_role_user)
    assert not Event.objects.exists() and not Participant.objects.exists()
    deleted = Event.history.filter(history_type="-").get()
    assert deleted.history_user == admin_role_user and deleted.title == "Daegu delegation"
    assert Participant.history.filter(history_type="-").count() == 1
    assert Entity.objects.count() == 1


def test_event_delete_is_refused_while_follow_ups_point_at_it(admin_role_user):
    event = _visit(admin_role_user, [{"entity": EntityFactory(), "role": "guest", "headcount": 3}])
    FollowUpFactory(event=event, owner=admin_role_user)
    with pytest.raises(ProtectedError):
        event_delete(event=event, by=admin_role_user)
    assert Event.objects.filter(pk=event.pk).exists() and event.participants.count() == 1


def test_event_headcount_refresh_recounts_unless_given(officer):
    event = EventFactory(headcount=0, headcount_given=False)
    ParticipantFactory(event=event, headcount=7)
    ParticipantFactory(event=event, headcount=8)
    assert event_headcount_refresh(event=event).headcount == 15
    given = EventFactory(headcount=99, headcount_given=True)
    ParticipantFactory(event=given, headcount=7)
    assert event_headcount_refresh(event=given).headcount == 99


def test_event_totals_count_batches_and_person_times_of_a_filtered_set():
    EventFactory(headcount=12, kind="visit_in")
    EventFactory(headcount=30, kind="visit_in")
    EventFactory(headcount=5, kind="visit_out")
    assert event_totals(event_list().filter(kind="visit_in")) == {"batches": 2, "person_times": 42}
    assert event_totals(event_list().none()) == {"batches": 0, "person_times": 0}
