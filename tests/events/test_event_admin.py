"""The events models in the Django admin: listed with search and filters, history, participants inline."""

import pytest

from events.models import Event
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, NoteFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

MODELS = ("event", "participant", "followup", "note", "calendarfeed")


@pytest.mark.parametrize("model", MODELS)
def test_every_events_model_has_an_admin_with_search_and_history(page_as, model):
    event = ParticipantFactory().event
    FollowUpFactory(event=event)
    NoteFactory()
    client = page_as("admin")
    assert client.get(f"/admin/events/{model}/", {"q": "Delegation"}).status_code == 200
    assert client.get(f"/admin/events/{model}/add/").status_code == 200


def test_event_history_page_in_the_admin(page_as):
    event = EventFactory()
    assert page_as("admin").get(f"/admin/events/event/{event.pk}/history/").status_code == 200


def test_saving_an_event_in_the_admin_recounts_its_person_times(page_as):
    entity = EntityFactory()
    client = page_as("admin")
    response = client.post(
        "/admin/events/event/add/",
        {
            "kind": "visit_in",
            "status": "held",
            "title": "Admin-entered visit",
            "start_date": "2024-05-06",
            "end_date": "",
            "location": "",
            "level": "",
            "headcount": "0",
            "relations": "",
            "outcome": "",
            "notes": "",
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
            "participants-0-entity": entity.pk,
            "participants-0-role": "guest",
            "participants-0-headcount": "7",
            "participants-1-entity": "",
            "participants-1-role": "guest",
            "participants-1-headcount": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.headcount == 7 and event.participants.count() == 1


def test_changing_a_participant_in_the_admin_recounts_its_event(page_as):
    event = EventFactory(headcount=5, headcount_given=False)
    participant = ParticipantFactory(event=event, headcount=5)
    response = page_as("admin").post(
        f"/admin/events/participant/{participant.pk}/change/",
        {"event": event.pk, "entity": participant.entity_id, "role": "guest", "headcount": "9"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.headcount == 9
