"""The timeline API: one chronology merging events, lifecycle steps, changes, follow-ups and notes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.choices import EntityKind
from core.history import attribute
from events.models import Event, FollowUp, Note
from events.timeline import Timeline
from relations.choices import ApprovalLevel, ApprovalOutcome, RelationStatus
from relations.models import ApprovalDecision
from tests.factories import (
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    NoteFactory,
    ParticipantFactory,
    RelationFactory,
    RelationStepFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def set_history_date(record, history_type: str, when: dt.datetime) -> None:
    record.history.filter(history_type=history_type).update(history_date=when)


def change(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    attribute(record, user)
    record.save()


@pytest.fixture
def daegu(officer):
    """A partner city with one of each kind of item, on known, distinct days."""
    city = EntityFactory(name="Daegu", name_zh="大邱", population=7_618_000)
    set_history_date(city, "+", at(dt.date(2019, 1, 5)))
    change(city, officer, population=7_700_000)
    set_history_date(city, "~", at(dt.date(2024, 2, 1)))

    event = EventFactory(title="Daegu mayor's visit", start_date=dt.date(2024, 4, 10))
    ParticipantFactory(event=event, entity=city)
    tie = RelationFactory(target=city)
    RelationStepFactory(
        relation=tie,
        from_status=RelationStatus.APPROVED,
        to_status=RelationStatus.SIGNED,
        date=dt.date(2024, 3, 15),
        document_no="NB-2024-7",
    )
    FollowUpFactory(entity=city, title="Send the photo album", due_date=dt.date(2024, 5, 20), owner=officer)
    done = FollowUpFactory(relation=tie, title="Thank-you letter", due_date=dt.date(2024, 1, 10), owner=officer)
    FollowUp.objects.filter(pk=done.pk).update(done_at=at(dt.date(2024, 1, 20)), done_by=officer)
    note = NoteFactory(entity=city, text="The mayor likes calligraphy.", author=officer)
    Note.objects.filter(pk=note.pk).update(created=at(dt.date(2024, 6, 1)))
    city.tie = tie
    return city


def items_of(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_entity_timeline_merges_all_five_types_newest_first(api_as, daegu):
    response = api_as("viewer").get(f"/api/entities/{daegu.pk}/timeline/")
    items = items_of(response)
    assert response.json()["count"] == 7
    assert [(i["date"], i["type"]) for i in items] == [
        ("2024-06-01", "note"),
        ("2024-05-20", "followup"),
        ("2024-04-10", "event"),
        ("2024-03-15", "relation_step"),
        ("2024-02-01", "change"),
        ("2024-01-20", "followup"),
        ("2019-01-05", "change"),
    ]
    assert set(items[0]) == {"date", "type", "title", "summary", "actor", "url"}


def test_change_items_read_as_sentences_with_the_user(api_as, daegu):
    items = items_of(api_as("viewer").get(f"/api/entities/{daegu.pk}/timeline/?type=change"))
    assert items[0]["summary"] == "population 7,618,000 → 7,700,000, by officer-user"
    assert items[0]["actor"] == "officer-user"
    assert items[0]["url"] == f"/entities/{daegu.pk}/"
    # The creation is one line, not a list of every initial value.
    assert items[1]["title"] == "Entity created"
    assert "population" not in items[1]["summary"]


def test_items_say_what_and_who(api_as, daegu, officer):
    items = {i["type"] + i["date"]: i for i in items_of(api_as("viewer").get(f"/api/entities/{daegu.pk}/timeline/"))}
    event = items["event2024-04-10"]
    assert event["title"] == "Daegu mayor's visit"
    assert "10 person-times" in event["summary"]
    assert "Daegu" in event["actor"]
    assert event["url"].startswith("/events/")
    step = items["relation_step2024-03-15"]
    assert step["title"] == "Agreement signed (签署协议)"
    assert "NB-2024-7" in step["summary"]
    assert step["url"] == f"/relations/{daegu.tie.pk}/"
    done = items["followup2024-01-20"]
    assert done["title"] == "Thank-you letter"
    assert done["actor"] == "officer-user"
    assert "Done by officer-user" in done["summary"]
    open_one = items["followup2024-05-20"]
    assert "Overdue since" in open_one["summary"]
    note = items["note2024-06-01"]
    assert note["title"] == "The mayor likes calligraphy."
    assert note["actor"] == "officer-user"


def test_relation_timeline_shows_the_ties_own_items(api_as, daegu, officer):
    tie = daegu.tie
    event = EventFactory(title="Signing ceremony", start_date=dt.date(2024, 3, 15))
    event.relations.add(tie)
    EventFactory(title="Unrelated visit")
    change(tie, officer, status=RelationStatus.DORMANT)
    NoteFactory(entity=None, relation=tie, text="Tie note")
    ApprovalDecision.objects.create(
        relation=tie,
        level=ApprovalLevel.PROVINCE,
        outcome=ApprovalOutcome.APPROVED,
        date=dt.date(2024, 3, 1),
        document_no="ZW-88",
        recorded_by=officer,
    )
    items = items_of(api_as("viewer").get(f"/api/relations/{tie.pk}/timeline/"))
    titles = {i["title"] for i in items}
    assert {
        "Signing ceremony",
        "Agreement signed (签署协议)",
        "Thank-you letter",
        "Tie note",
        "Provincial foreign-affairs office: Approved",
    } <= titles
    approval = next(i for i in items if i["title"].startswith("Provincial"))
    assert (approval["type"], approval["date"], approval["actor"]) == ("relation_step", "2024-03-01", "officer-user")
    assert "ZW-88" in approval["summary"]
    assert "Unrelated visit" not in titles
    assert "The mayor likes calligraphy." not in titles  # a note on the entity, not on the tie
    changed = [i for i in items if i["type"] == "change" and i["title"].startswith("Changed")]
    assert changed and "status Agreement signed (签署协议) → Dormant, by officer-user" in changed[0]["summary"]


def test_include_children_adds_what_the_children_did(api_as, daegu):
    school = EntityFactory(name="Daegu Foreign Language School", kind=EntityKind.SCHOOL, parent=daegu)
    camp = EventFactory(title="Student camp", start_date=dt.date(2024, 7, 1))
    ParticipantFactory(event=camp, entity=school)
    school_tie = RelationFactory(target=school)
    RelationStepFactory(relation=school_tie, date=dt.date(2024, 7, 2))
    NoteFactory(entity=school, text="School note")
    client = api_as("viewer")

    plain = {i["title"] for i in items_of(client.get(f"/api/entities/{daegu.pk}/timeline/"))}
    assert "Student camp" not in plain and "School note" not in plain

    items = items_of(client.get(f"/api/entities/{daegu.pk}/timeline/?include=children"))
    camp_item = next(i for i in items if i["title"] == "Student camp")
    assert camp_item["actor"] == "Daegu Foreign Language School"
    assert any(i["type"] == "relation_step" and i["date"] == "2024-07-02" for i in items)
    assert any(i["title"] == "School note" for i in items)
    assert "Daegu mayor's visit" in {i["title"] for i in items}


@pytest.mark.parametrize("query", ["type=event,note", "type=event&type=note"])
def test_type_filter_accepts_a_comma_list_or_repeats(api_as, daegu, query):
    items = items_of(api_as("viewer").get(f"/api/entities/{daegu.pk}/timeline/?{query}"))
    assert {i["type"] for i in items} == {"event", "note"}
    assert len(items) == 2


def test_date_filters_bound_the_timeline(api_as, daegu):
    items = items_of(
        api_as("viewer").get(f"/api/entities/{daegu.pk}/timeline/?date_after=2024-02-01&date_before=2024-05-20")
    )
    assert [i["date"] for i in items] == ["2024-05-20", "2024-04-10", "2024-03-15", "2024-02-01"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("type=visit", "type"),
        ("date_after=2024-13-01", "date_after"),
        ("date_before=yesterday", "date_before"),
        ("date_after=2024-05-01&date_before=2024-01-01", "date_before"),
        ("include=grandchildren", "include"),
    ],
)
def test_bad_filters_get_400_naming_the_field(api_as, daegu, query, field):
    response = api_as("viewer").get(f"/api/entities/{daegu.pk}/timeline/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_timeline_pages_do_not_repeat_or_skip_items(api_as, daegu):
    client = api_as("viewer")
    everything = items_of(client.get(f"/api/entities/{daegu.pk}/timeline/"))
    paged = []
    for page in (1, 2, 3):
        paged += items_of(client.get(f"/api/entities/{daegu.pk}/timeline/?page_size=3&page={page}"))
    assert paged == everything
    assert client.get(f"/api/entities/{daegu.pk}/timeline/?page_size=3&page=9").status_code == 404


def test_timeline_permissions_and_missing_subjects(api_client, api_as, daegu, make_user):
    assert api_client.get(f"/api/entities/{daegu.pk}/timeline/").status_code == 401
    nobody = make_user(None, username="nobody")
    api_client.force_authenticate(nobody)
    assert api_client.get(f"/api/entities/{daegu.pk}/timeline/").status_code == 403
    assert api_as("viewer").get("/api/entities/999999/timeline/").status_code == 404
    assert api_as("viewer").get("/api/relations/999999/timeline/").status_code == 404


def build_items(city, user, per_type: int) -> None:
    """`per_type` items of each of the five types on the city's timeline, on spread-out days."""
    tie = RelationFactory(target=city)
    start = dt.date(2015, 1, 1)
    for n in range(per_type):
        day = start + dt.timedelta(days=7 * n)
        ParticipantFactory(entity=city, event=EventFactory(start_date=day))
        ParticipantFactory(event=EventFactory(start_date=day))  # someone else's event: not on this timeline
        RelationStepFactory(relation=tie, date=day + dt.timedelta(days=1))
        FollowUpFactory(entity=city, owner=user, due_date=day + dt.timedelta(days=2))
        NoteFactory(entity=city, author=user)
        change(city, user, population=1000 + n)


def test_timeline_costs_the_same_queries_for_10_and_500_items(api_as, django_assert_num_queries):
    from django.core.cache import cache

    client = api_as("viewer")
    user = UserFactory()
    small, large = EntityFactory(), EntityFactory()
    build_items(small, user, 2)
    build_items(large, user, 100)
    client.get(f"/api/entities/{small.pk}/timeline/")  # warm the permission cache of the user
    cache.clear()  # each read below is a first read (a read again comes from the cache: see the next test)
    with CaptureQueriesContext(connection) as small_queries:
        response = client.get(f"/api/entities/{small.pk}/timeline/")
    assert response.json()["count"] == 10 + 1  # and the creation line of the record
    assert len(small_queries) <= 16
    with django_assert_num_queries(len(small_queries)):
        response = client.get(f"/api/entities/{large.pk}/timeline/")
    assert response.json()["count"] == 500 + 1
    assert len(response.json()["results"]) == 50
    with django_assert_num_queries(len(small_queries)):
        client.get(f"/api/entities/{large.pk}/timeline/?page=5&include=children")


def test_a_timeline_read_again_comes_from_the_cache_until_anything_it_shows_changes(api_as, officer):
    from events.services import note_create

    client = api_as("viewer")
    entity = EntityFactory()
    build_items(entity, UserFactory(), 3)
    first = client.get(f"/api/entities/{entity.pk}/timeline/").json()
    with CaptureQueriesContext(connection) as again_queries:
        again = client.get(f"/api/entities/{entity.pk}/timeline/").json()
    assert again == first
    # The entity and the data's version; the count and the page come from the cache.
    assert not any(q["sql"].startswith("SELECT COUNT") for q in again_queries.captured_queries)
    note_create(entity=entity, text="Called the mayor's office", author=officer)
    after = client.get(f"/api/entities/{entity.pk}/timeline/").json()
    assert after["count"] == first["count"] + 1 and "Called the mayor's office" in str(after["results"][0])
    # An event renamed elsewhere (another worker's cache would be as stale): the version moves with its history row.
    event = Event.objects.filter(participants__entity=entity).order_by("-start_date", "-id").first()
    event.title = "Renamed visit"
    event.save()
    assert "Renamed visit" in str(client.get(f"/api/entities/{entity.pk}/timeline/?types=event").json())


def test_timeline_object_slices_like_a_list(daegu):
    timeline = Timeline(entity=daegu)
    assert len(timeline) == 7
    assert timeline[0].type == "note"
    assert [i.date for i in timeline[5:7]] == [dt.date(2024, 1, 20), dt.date(2019, 1, 5)]
    assert timeline[7:9] == []
    with pytest.raises(ValueError):
        Timeline()
