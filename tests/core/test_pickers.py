"""One searchable picker for every choice of an entity, tie, event or user (issue 15 item 8): a name typed and not
picked is a form error naming the field (the event form used to save without the tie typed into it), the follow-up
form no longer lists every entity, tie, event and user, and each options endpoint checks its permission."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.forms import FollowUpForm
from events.models import Event, FollowUp
from tests.events.test_event_pages import _form_data
from tests.factories import EntityFactory, EventFactory, RelationFactory, UserFactory

pytestmark = pytest.mark.django_db

FUTURE = dt.date.today() + dt.timedelta(days=30)


@pytest.fixture
def daegu_tie():
    home = EntityFactory(name="Ningbo", name_zh="宁波", country="CN", domestic=True)
    return RelationFactory(source=home, target=EntityFactory(name="Daegu", name_zh="大邱", country="KR"))


# --- the defect: a tie typed into the event form was silently dropped ------------------------------------------


def test_a_tie_typed_into_the_event_form_but_not_picked_is_refused_naming_the_field(page_as, daegu_tie):
    guest = EntityFactory(name="Busan")
    client = page_as("officer")
    data = {**_form_data([(guest, "guest", "5")]), "relations-search": "大邱"}
    response = client.post("/events/new/", data)
    assert response.status_code == 200  # the event form's convention: shown again with its errors
    assert Event.objects.count() == 0
    errors = " ".join(response.context["form"].errors["relations"])
    assert "大邱" in errors and "was typed" in errors
    html = response.content.decode()
    # The typed text is kept and the tie it finds is offered, unselected, one click away.
    assert 'value="大邱"' in html
    assert f'<option value="{daegu_tie.pk}">' in html


def test_a_tie_typed_and_picked_is_saved(page_as, daegu_tie):
    client = page_as("officer")
    data = {**_form_data([(EntityFactory(), "guest", "5")]), "relations-search": "daqiu", "relations": [daegu_tie.pk]}
    assert client.post("/events/new/", data).status_code == 302
    assert list(Event.objects.get().relations.all()) == [daegu_tie]


def test_an_entity_typed_into_an_empty_participant_row_is_not_skipped(page_as):
    EntityFactory(name="Daegu", name_zh="大邱")
    data = _form_data([(EntityFactory(), "guest", "5")], extra_rows=1)
    data["participants-1-entity-search"] = "大邱"
    response = page_as("officer").post("/events/new/", data)
    assert response.status_code == 200 and Event.objects.count() == 0
    assert "大邱" in " ".join(response.context["formset"].forms[1].errors["entity"])


def test_a_choice_that_the_typed_text_does_not_find_is_refused(page_as, daegu_tie):
    # Daegu chosen, then "zzzz" typed (no match, so the choice stayed): saying nothing would drop what was typed.
    data = {**_form_data([(daegu_tie.target, "guest", "5")]), "participants-0-entity-search": "zzzz"}
    response = page_as("officer").post("/events/new/", data)
    assert response.status_code == 200 and Event.objects.count() == 0
    assert "zzzz" in " ".join(response.context["formset"].forms[0].errors["entity"])


def test_a_single_picker_keeps_the_first_match_it_selected(page_as, daegu_tie):
    data = {**_form_data([(daegu_tie.target, "guest", "5")]), "participants-0-entity-search": "daqiu"}
    assert page_as("officer").post("/events/new/", data).status_code == 302


# --- the follow-up form: pickers, not selects of 189, 82 and 481 options -----------------------------------------


def test_the_follow_up_form_lists_only_what_is_chosen(page_as, daegu_tie):
    EntityFactory.create_batch(25)
    EventFactory.create_batch(5, title="Some event")
    UserFactory.create_batch(5)
    html = page_as("officer").get("/followups/").content.decode()
    for name, url in (
        ("entity", "/entities/options/"),
        ("relation", "/relations/options/"),
        ("event", "/events/options/"),
        ("owner", "/users/options/"),
    ):
        assert f'name="{name}-search"' in html and f'hx-get="{url}"' in html, name
    form = html.split('id="followup-form"')[1].split("</form>")[0]
    assert form.count("<option") == 4  # one "---------" per picker, nothing else


def test_an_officer_files_a_follow_up_for_an_event_and_another_officer(page_as, make_user, daegu_tie):
    colleague = make_user("officer", first_name="芳", last_name="王")
    event = EventFactory(title="Daegu delegation")
    client = page_as("officer")
    response = client.post(
        "/followups/",
        {
            "title": "Send the photos",
            "due_date": str(FUTURE),
            "owner": colleague.pk,
            "owner-search": "王",
            "event": event.pk,
            "relation": daegu_tie.pk,
            "relation-search": "",
        },
    )
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.owner, followup.event, followup.relation) == (colleague, event, daegu_tie)


def test_an_owner_typed_but_not_picked_is_refused(officer):
    form = FollowUpForm({"title": "x", "due_date": str(FUTURE), "owner-search": "nobody-by-this-name"}, user=officer)
    assert not form.is_valid()
    assert "nobody-by-this-name" in " ".join(form.errors["owner"])


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1"])
def test_an_impossible_id_is_a_form_error_not_a_crash(officer, value):
    form = FollowUpForm({"title": "x", "due_date": str(FUTURE), "event": value, "entity": value}, user=officer)
    assert not form.is_valid() and "event" in form.errors and "entity" in form.errors


# --- the options endpoints -------------------------------------------------------------------------------------


def test_the_event_picker_finds_events_by_a_participant_in_pinyin(page_as):
    from tests.factories import ParticipantFactory

    daegu = EntityFactory(name="Daegu", name_zh="大邱")
    found = ParticipantFactory(entity=daegu, event__title="代表团来访").event
    other = EventFactory(title="Something else")
    html = page_as("viewer").get("/events/options/", {"event-search": "daqiu"}).content.decode()
    assert f'<option value="{found.pk}" selected>' in html and f'value="{other.pk}"' not in html


def test_the_user_picker_finds_people_by_name_and_shows_their_name(page_as, make_user):
    wang = make_user("officer", username="wfang", first_name="芳", last_name="王")
    make_user("officer", username="gone", first_name="芳", is_active=False)
    html = page_as("officer").get("/users/options/", {"owner-search": "芳"}).content.decode()
    assert f'value="{wang.pk}"' in html and "wfang" not in html
    assert "gone" not in html


def test_a_multiple_picker_keeps_the_chosen_and_adds_the_matches(page_as, daegu_tie):
    kept = RelationFactory(target=EntityFactory(name="Aachen"))
    html = (
        page_as("officer")
        .get("/relations/options/", {"relations-search": "daqiu", "relations": kept.pk, "multiple": "1"})
        .content.decode()
    )
    assert f'<option value="{kept.pk}" selected>' in html and f'<option value="{daegu_tie.pk}">' in html


def test_the_entity_picker_narrows_to_our_own_people_when_the_field_does(page_as):
    ours = EntityFactory(name="Li Ming", kind="person", domestic=True)
    theirs = EntityFactory(name="Li Na", kind="person", domestic=False)
    html = page_as("officer").get("/entities/options/", {"q": "li", "domestic": "1", "people": "1"}).content.decode()
    assert f'value="{ours.pk}"' in html and f'value="{theirs.pk}"' not in html


@pytest.mark.parametrize(
    ("url", "role"),
    [
        ("/entities/options/", None),
        ("/relations/options/", None),
        ("/events/options/", None),
        ("/users/options/", None),
        ("/users/options/", "nobody"),
        ("/events/options/", "nobody"),
    ],
)
def test_the_options_need_a_login_and_the_permission(client, make_user, url, role):
    if role:
        client.force_login(make_user(None))
        assert client.get(url, {"q": "a"}).status_code == 403
    else:
        assert client.get(url, {"q": "a"})["Location"].startswith("/accounts/login/")


def test_a_post_to_an_options_endpoint_is_refused(page_as):
    assert page_as("officer").post("/users/options/", {"q": "a"}).status_code == 405


def _alpha_world(start: int, stop: int) -> None:
    for n in range(start, stop):
        home = EntityFactory(name=f"Alpha {n}", domestic=True)
        RelationFactory(source=home, target=EntityFactory(name=f"Alpha partner {n}"))
        EventFactory(title=f"Alpha visit {n}")
        UserFactory(username=f"alpha{n}", first_name="Alpha")


@pytest.mark.parametrize("url", ["/entities/options/", "/relations/options/", "/events/options/", "/users/options/"])
def test_the_options_cost_the_same_queries_for_3_or_30_matches(page_as, url):
    client = page_as("officer")
    client.get(url, {"q": "alpha"})  # the session and user, loaded once
    counts = []
    for start, stop in ((0, 3), (3, 30)):
        _alpha_world(start, stop)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": "alpha", "chosen": "1"})
        counts.append(len(queries))
    assert response.content.decode().count("<option") >= 20
    assert counts[0] == counts[1]


def test_the_follow_up_page_gives_each_picker_its_own_ids(page_as):
    import re

    html = page_as("officer").get("/followups/?show=all").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    # The filter's owner picker fills its own select, not the new follow-up form's.
    assert 'id="id_filter_owner-search"' in html and 'hx-target="#id_filter_owner"' in html
    assert 'hx-target="#id_owner"' in html
