"""A list's count is kept under the fingerprint of the tables its query reads (core.versions.cached_count, issue 11):
the count of 83,000 events is the part of a page that grows with the database. Kept, it must still follow every
write that could change it, from any worker: creating, editing, deleting, restoring rows and linking or unlinking
them; and a query that reads a table no fingerprint follows is counted every time."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Entity
from core.versions import cached_count, tables_read
from crm.services import record_restore
from events.models import Event, Participant
from tests.factories import EntityFactory, EventFactory, ParticipantFactory, RelationFactory

pytestmark = pytest.mark.django_db


def counts_run(client, url: str, params: dict) -> tuple[int, int]:
    """(the list's count, how many COUNT queries the request ran)."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url, params).json()
    return body["count"], sum('COUNT(*) AS "__count"' in query["sql"] for query in queries.captured_queries)


def test_the_tables_a_query_reads_are_its_fingerprint():
    events = Event.objects.filter(kind="visit_in", participants__entity__country="JP", relations__isnull=False)
    models, links = tables_read(str(events.query))
    assert set(models) == {Event, Participant, Entity}
    assert links == (Event.relations.through,)
    # Users, permissions and history tables change without a history row of a tracked model: never fingerprinted.
    assert tables_read(str(get_user_model().objects.filter(is_active=True).query)) is None
    assert tables_read(str(Entity.history.filter(kind="city").query)) is None
    assert tables_read(str(Event.objects.filter(followups__owner__username="x").query)) is None


def test_a_count_is_read_once_then_kept_until_a_write(api_as):
    client = api_as("viewer")
    EventFactory.create_batch(3, kind="visit_in")
    params = {"kind": "visit_in"}
    assert counts_run(client, "/api/events/", params) == (3, 1)
    assert counts_run(client, "/api/events/", params) == (3, 0)  # kept
    assert counts_run(client, "/api/events/", {"kind": "visit_out"}) == (0, 1)  # another filter, another count
    EventFactory(kind="visit_in")
    assert counts_run(client, "/api/events/", params) == (4, 1)


def test_a_kept_count_follows_edits_deletes_and_restores(api_as, make_user):
    client = api_as("viewer")
    first, second = EventFactory.create_batch(2, kind="visit_in")
    params = {"kind": "visit_in"}
    assert counts_run(client, "/api/events/", params)[0] == 2
    first.kind = "visit_out"
    first.save()  # the newest id is unchanged: the history row moves the fingerprint
    assert counts_run(client, "/api/events/", params)[0] == 1
    deleted_pk = second.pk
    second.delete()
    assert counts_run(client, "/api/events/", params)[0] == 0
    deletion = Event.history.get(id=deleted_pk, history_type="-")
    record_restore(model_label="events.event", history_id=deletion.history_id, by=make_user("admin"))
    assert counts_run(client, "/api/events/", params)[0] == 1


def test_a_kept_count_through_a_join_follows_the_joined_rows(api_as):
    """Events with a participant from Japan: renaming the participant's country changes the answer."""
    client = api_as("viewer")
    tokyo = EntityFactory(country="JP")
    ParticipantFactory(event=EventFactory(), entity=tokyo)
    assert counts_run(client, "/api/events/", {"country": "JP"})[0] == 1
    tokyo.country = "KR"
    tokyo.save()
    assert counts_run(client, "/api/events/", {"country": "JP"})[0] == 0


def test_a_kept_count_through_a_link_table_follows_the_link(api_as):
    client = api_as("viewer")
    tie = RelationFactory()
    event = EventFactory()
    assert counts_run(client, "/api/events/", {"relation": tie.pk})[0] == 0
    event.relations.add(tie)
    assert counts_run(client, "/api/events/", {"relation": tie.pk})[0] == 1
    event.relations.remove(tie)  # the link's newest id is unchanged; the event's history row moves
    assert counts_run(client, "/api/events/", {"relation": tie.pk})[0] == 0


def test_rows_written_without_history_move_the_count_too():
    EventFactory(kind="visit_in")
    events = Event.objects.filter(kind="visit_in")
    assert cached_count(events) == 1
    Event.objects.bulk_create([Event(title="Bulk", kind="visit_in", start_date="2025-01-01")])  # no history row
    assert cached_count(events) == 2


def test_an_untracked_query_is_counted_every_time():
    users = get_user_model().objects.filter(is_active=True)
    with CaptureQueriesContext(connection) as queries:
        cached_count(users)
        cached_count(users)
    assert sum("COUNT(*)" in query["sql"] for query in queries.captured_queries) == 2


def test_the_event_lists_totals_are_kept_and_follow_a_headcount_edit(django_assert_num_queries):
    from events.selectors import event_totals

    event = EventFactory(headcount=10)
    EventFactory(headcount=5)
    assert event_totals(Event.objects.all()) == {"batches": 2, "person_times": 15}
    with django_assert_num_queries(1):  # the fingerprint only
        assert event_totals(Event.objects.all()) == {"batches": 2, "person_times": 15}
    event.headcount = 12
    event.save()
    assert event_totals(Event.objects.all()) == {"batches": 2, "person_times": 17}
