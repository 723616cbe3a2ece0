"""A delegation's roster and its protocol records (issue 15, item 17): named members with post and level filed on the
event without being entities first, promoted to a person when needed; gifts given and received with their value."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contacts.choices import EntityKind
from contacts.models import Entity
from events.choices import ParticipantRole, RosterRole
from events.models import Gift, RosterMember
from events.services import gift_create, roster_member_create, roster_member_promote
from tests.factories import EntityFactory, EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit():
    """An inbound visit of Daegu's delegation, hosted by our foreign-affairs office."""
    event = EventFactory(title="Daegu delegation")
    daegu = EntityFactory(name="대구", name_en="Daegu", name_zh="大邱", country="KR")
    office = EntityFactory(kind=EntityKind.ORGANISATION, name="宁波市外办", country="CN", domestic=True)
    ParticipantFactory(event=event, entity=daegu, role=ParticipantRole.GUEST, headcount=6)
    ParticipantFactory(event=event, entity=office, role=ParticipantRole.HOST, headcount=3)
    return {"event": event, "daegu": daegu, "office": office}


def test_a_member_is_named_with_post_and_level_and_the_write_is_attributed(visit, officer):
    member = roster_member_create(
        event=visit["event"], by=officer, role=RosterRole.GUEST, name=" Kim Min-jun ", post="Vice-mayor",
        level="vice_mayor_plus",
    )  # fmt: skip
    assert (member.name, member.post, member.get_level_display()) == (
        "Kim Min-jun",
        "Vice-mayor",
        "Vice-mayor and above (副市长级以上)",
    )
    assert member.history.get().history_user == officer
    assert member.entity is None


def test_promoting_a_guest_files_a_person_of_the_visiting_side_once(visit, officer):
    member = roster_member_create(event=visit["event"], by=officer, name="Kim Min-jun", post="Vice-mayor")
    person = roster_member_promote(member=member, by=officer)
    assert (person.kind, person.name, person.title, person.country.code) == (
        EntityKind.PERSON,
        "Kim Min-jun",
        "Vice-mayor",
        "KR",
    )
    assert person.parent == visit["daegu"] and not person.domestic
    member.refresh_from_db()
    assert member.entity == person and member.history.count() == 2
    assert roster_member_promote(member=member, by=officer) == person  # a second click files nobody new
    assert Entity.objects.filter(kind=EntityKind.PERSON).count() == 1


def test_promoting_an_interpreter_files_a_person_without_guessing_a_side(visit, officer):
    member = roster_member_create(event=visit["event"], by=officer, role=RosterRole.INTERPRETER, name="李娜")
    person = roster_member_promote(member=member, by=officer)
    assert person.parent is None and person.name == "李娜"


def test_gifts_refuse_a_value_no_office_gives(visit, officer):
    gift = gift_create(event=visit["event"], by=officer, direction="given", description="青瓷", value=Decimal("800"))
    assert gift.value == Decimal("800.00") and gift.history.get().history_user == officer
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        gift_create(event=visit["event"], by=officer, direction="given", description="Gold", value=Decimal("1e9"))
    assert "value" in refused.value.message_dict


# --- the API --------------------------------------------------------------------------------------------------------


def test_the_api_names_members_and_lists_one_events_roster(visit, api_as):
    api = api_as("officer")
    created = api.post(
        "/api/roster/", {"event": visit["event"].pk, "name": "Park Ji-won", "post": "Director", "role": "guest"}
    )
    assert created.status_code == 201, created.content
    other = EventFactory()
    RosterMember.objects.create(event=other, name="Somebody else")
    listed = api.get("/api/roster/", {"event": visit["event"].pk}).json()
    assert [row["name"] for row in listed["results"]] == ["Park Ji-won"]


def test_the_api_refuses_bad_input_naming_the_field(visit, api_as):
    api = api_as("officer")
    blank = api.post("/api/roster/", {"event": visit["event"].pk, "name": ""})
    assert blank.status_code == 400 and "name" in blank.json()
    huge = api.post(
        "/api/gifts/", {"event": visit["event"].pk, "direction": "received", "description": "x", "value": "99999999"}
    )
    assert huge.status_code == 400 and "value" in huge.json()
    unknown = api.post("/api/gifts/", {"event": visit["event"].pk, "direction": "sold", "description": "x"})
    assert unknown.status_code == 400 and "direction" in unknown.json()


def test_a_stale_edit_of_a_gift_is_refused_with_412(visit, api_as):
    api = api_as("officer")
    gift = api.post("/api/gifts/", {"event": visit["event"].pk, "direction": "received", "description": "Tea"})
    url = f"/api/gifts/{gift.json()['id']}/"
    etag = api.get(url)["ETag"]
    assert api.patch(url, {"value": "300"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = api.patch(url, {"description": "Green tea"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Gift.objects.get().description == "Tea"


def test_an_edit_cannot_move_a_member_to_another_event(visit, api_as):
    api = api_as("officer")
    member = RosterMember.objects.create(event=visit["event"], name="Kim")
    moved = api.patch(f"/api/roster/{member.pk}/", {"event": EventFactory().pk, "post": "Mayor"})
    assert moved.status_code == 200
    member.refresh_from_db()
    assert (member.event, member.post) == (visit["event"], "Mayor")


def test_promote_through_the_api_and_a_viewer_may_only_read(visit, api_as):
    member = RosterMember.objects.create(event=visit["event"], name="Kim Min-jun")
    viewer = api_as("viewer")
    assert viewer.get("/api/roster/").status_code == 200
    assert viewer.post(f"/api/roster/{member.pk}/promote/").status_code == 403
    assert viewer.post("/api/gifts/", {"event": visit["event"].pk, "direction": "given"}).status_code == 403
    promoted = api_as("officer").post(f"/api/roster/{member.pk}/promote/")
    assert promoted.status_code == 200 and promoted.json()["entity_name"] == "Kim Min-jun"


@pytest.mark.parametrize("url", ["/api/roster/", "/api/gifts/"])
def test_lists_cost_the_same_queries_for_3_and_30_rows(visit, api_as, django_assert_max_num_queries, url):
    api = api_as("officer")
    person = EntityFactory(kind=EntityKind.PERSON, name="On file")

    def fill(count):
        for n in range(count):
            RosterMember.objects.create(event=visit["event"], name=f"Member {n}", entity=person)
            Gift.objects.create(event=visit["event"], direction="given", description=f"Gift {n}")

    fill(3)
    api.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    few_queries = len(few.captured_queries)  # read now: the next request empties the connection's log
    fill(27)
    api.get(url)  # the count kept, as it was for the 3 rows (core.versions.cached_count)
    with django_assert_max_num_queries(few_queries):
        assert len(api.get(url).json()["results"]) == 30


# --- the event's page -----------------------------------------------------------------------------------------------


def test_an_officer_adds_a_name_and_a_gift_on_the_events_page_and_removes_them(visit, page_as):
    page = page_as("officer")
    event = visit["event"]
    added = page.post(
        reverse("events:roster-add", args=[event.pk]),
        {"roster-role": "guest", "roster-name": "Kim Min-jun", "roster-post": "Vice-mayor", "roster-level": ""},
    )
    assert added.status_code == 302 and added["Location"].endswith("#roster")
    page.post(
        reverse("events:gift-add", args=[event.pk]),
        {
            "gift-direction": "given",
            "gift-description": "青瓷花瓶",
            "gift-counterpart": "Kim Min-jun",
            "gift-value": "1200",
        },
    )
    shown = page.get(event.get_absolute_url()).content.decode()
    assert "Kim Min-jun" in shown and "青瓷花瓶" in shown and "1,200.00" in shown
    member, gift = RosterMember.objects.get(), Gift.objects.get()
    page.post(reverse("events:roster-delete", args=[member.pk]))
    page.post(reverse("events:gift-delete", args=[gift.pk]))
    assert not RosterMember.objects.exists() and not Gift.objects.exists()
    assert RosterMember.history.filter(history_type="-").count() == 1  # in history: the trash restores it


def test_a_bad_name_comes_back_as_a_form_error_and_writes_nothing(visit, page_as):
    page = page_as("officer")
    refused = page.post(reverse("events:roster-add", args=[visit["event"].pk]), {"roster-role": "guest"})
    assert refused.status_code == 400
    assert 'id="field-roster-name"' in refused.content.decode() and "has-error" in refused.content.decode()
    assert not RosterMember.objects.exists()


def test_promoting_from_the_page_opens_the_new_persons_page(visit, page_as):
    member = RosterMember.objects.create(event=visit["event"], name="Kim Min-jun")
    response = page_as("officer").post(reverse("events:roster-promote", args=[member.pk]))
    member.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == member.entity.get_absolute_url()


def test_a_viewer_sees_the_roster_but_no_forms_and_cannot_post(visit, page_as):
    RosterMember.objects.create(event=visit["event"], name="Kim Min-jun")
    page = page_as("viewer")
    shown = page.get(visit["event"].get_absolute_url()).content.decode()
    assert "Kim Min-jun" in shown and 'id="roster-form"' not in shown and 'id="gift-form"' not in shown
    refused = page.post(reverse("events:roster-add", args=[visit["event"].pk]), {"roster-name": "X"})
    assert refused.status_code == 403 and RosterMember.objects.count() == 1


def test_an_officer_removes_a_row_through_the_api_as_on_the_page_and_a_viewer_cannot(visit, api_as):
    member = RosterMember.objects.create(event=visit["event"], name="Kim")
    assert api_as("viewer").delete(f"/api/roster/{member.pk}/").status_code == 403
    assert api_as("officer").delete(f"/api/roster/{member.pk}/").status_code == 204
    assert not RosterMember.objects.exists()
