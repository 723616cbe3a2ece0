"""Event pages: list with filters and totals, detail, create / edit with participants, delete, choosers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, ParticipantFactory, RelationFactory

pytestmark = pytest.mark.django_db


def _form_data(rows=(), extra_rows: int = 1, **fields) -> dict:
    data = {
        "kind": "visit_in",
        "status": "held",
        "title": "Daegu city delegation",
        "start_date": "2024-05-06",
        "end_date": "2024-05-08",
        "location": "Ningbo",
        "level": "vice_mayor_plus",
        "headcount": "",
        "outcome": "",
        "notes": "",
        **fields,
    }
    total = len(rows) + extra_rows
    data.update(
        {
            "participants-TOTAL_FORMS": str(total),
            "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000",
        }
    )
    for index in range(total):
        entity, role, headcount = rows[index] if index < len(rows) else ("", "guest", "")
        data.update(
            {
                f"participants-{index}-entity": getattr(entity, "pk", entity),
                f"participants-{index}-role": role,
                f"participants-{index}-headcount": headcount,
            }
        )
    return data


# --- list -------------------------------------------------------------------------------------------------------


def test_list_shows_events_and_the_batches_and_person_times_of_the_filtered_set(page_as):
    daegu = EntityFactory(name="Daegu", country="KR")
    visit = EventFactory(kind="visit_in", title="Daegu mayor visit", headcount=55)
    ParticipantFactory(event=visit, entity=daegu)
    EventFactory(kind="visit_in", title="Busan port delegation", headcount=12)
    EventFactory(kind="visit_out", title="Trip to Koper", headcount=6)
    client = page_as("viewer")

    everything = client.get("/events/")
    assert everything.status_code == 200
    assert everything.context["totals"] == {"batches": 3, "person_times": 73}

    inbound = client.get("/events/", {"kind": "visit_in"})
    assert inbound.context["totals"] == {"batches": 2, "person_times": 67}
    html = inbound.content.decode()
    assert "Daegu mayor visit" in html and "Busan port delegation" in html and "Trip to Koper" not in html

    by_country = client.get("/events/", {"country": "KR"})
    assert [e.title for e in by_country.context["events"]] == ["Daegu mayor visit"]


def test_list_shows_filter_errors_instead_of_everything(page_as):
    EventFactory(title="Daegu mayor visit")
    response = page_as("viewer").get("/events/", {"start_date_after": "2024-02-30", "region": "atlantis"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Daegu mayor visit" not in html
    assert 'class="field-error"' in html
    assert set(response.context["filter"].errors) == {"start_date_after", "region"}


def test_list_paginates(page_as):
    for day in range(30):
        EventFactory(start_date=dt.date(2024, 1, 1) + dt.timedelta(days=day))
    client = page_as("viewer")
    first = client.get("/events/")
    assert len(first.context["events"]) == 25 and first.context["totals"]["batches"] == 30
    assert len(client.get("/events/", {"page": 2}).context["events"]) == 5
    assert client.get("/events/", {"page": "nonsense"}).status_code == 200


def test_list_page_costs_the_same_for_3_and_50_events(page_as, django_assert_num_queries):
    client = page_as("viewer")

    def make(n):
        for _ in range(n):
            event = EventFactory()
            for role in ("guest", "host", "partner"):
                ParticipantFactory(event=event, role=role)
            event.relations.add(RelationFactory())

    make(3)
    with CaptureQueriesContext(connection) as three:
        assert client.get("/events/").status_code == 200
    make(47)
    with django_assert_num_queries(len(three.captured_queries)):
        response = client.get("/events/")
    assert response.context["totals"]["batches"] == 50 and len(response.context["events"]) == 25


# --- detail -----------------------------------------------------------------------------------------------------


def test_detail_shows_participants_ties_level_outcome_and_history(page_as, officer):
    from events.services import event_create

    daegu = EntityFactory(name="Daegu", name_zh="大邱")
    tie = RelationFactory(target=daegu)
    event = event_create(
        by=officer,
        kind="visit_in",
        title="Daegu mayor visit",
        start_date=dt.date(2024, 5, 6),
        level="vice_mayor_plus",
        outcome="Agreed a culture week.",
        relations=[tie],
        participants=[{"entity": daegu, "role": "guest", "headcount": 12}],
    )
    response = page_as("viewer").get(f"/events/{event.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Daegu",
        "Guest delegation",
        "12",
        "Vice-mayor and above",
        "Agreed a culture week.",
        f"/relations/{tie.pk}/",
        "History of changes",
        officer.username,
    ):
        assert text in html, text


def test_detail_of_an_unknown_event_is_404(page_as):
    assert page_as("viewer").get("/events/999999/").status_code == 404


# --- create / edit ----------------------------------------------------------------------------------------------


def test_officer_logs_a_visit_with_two_participants_through_the_form(page_as):
    daegu, ningbo = EntityFactory(name="Daegu"), EntityFactory(name="Ningbo", country="CN", domestic=True)
    tie = RelationFactory(source=ningbo, target=daegu)
    client = page_as("officer")
    assert client.get("/events/new/").status_code == 200
    response = client.post(
        "/events/new/", {**_form_data([(daegu, "guest", "12"), (ningbo, "host", "4")]), "relations": [tie.pk]}
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/events/{event.pk}/"
    assert event.headcount == 12 and event.headcount_given is False  # the host is recorded, not counted (issue 15)
    assert sorted(event.participants.values_list("entity__name", "headcount")) == [("Daegu", 12), ("Ningbo", 4)]
    assert list(event.relations.all()) == [tie]
    assert event.history.get().history_user == client.user


def test_an_explicit_person_times_in_the_form_wins(page_as):
    client = page_as("officer")
    client.post("/events/new/", _form_data([(EntityFactory(), "guest", "12")], headcount="150"))
    assert Event.objects.get().headcount == 150


def test_the_form_shows_field_errors(page_as):
    client = page_as("officer")
    response = client.post("/events/new/", _form_data(title="", end_date="2024-05-01"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "end_date"}
    html = response.content.decode()
    assert 'id="field-end_date"' in html and "The end date cannot be before the start date." in html
    assert Event.objects.count() == 0


def test_the_form_shows_participant_row_errors(page_as):
    entity = EntityFactory()
    response = page_as("officer").post(
        "/events/new/", _form_data([(entity, "guest", "-3"), (987654, "guest", "2"), (entity, "emperor", "1")])
    )
    assert response.status_code == 200
    rows = response.context["formset"].errors
    assert "headcount" in rows[0] and "entity" in rows[1] and "role" in rows[2]
    assert 'class="participant-row has-error"' in response.content.decode()
    assert Event.objects.count() == 0


def test_the_form_refuses_the_same_entity_twice_in_one_role(page_as):
    entity = EntityFactory()
    response = page_as("officer").post("/events/new/", _form_data([(entity, "guest", "3"), (entity, "guest", "2")]))
    assert response.status_code == 200 and Event.objects.count() == 0
    assert "entity" in response.context["formset"].errors[1]


def test_blank_extra_rows_are_ignored(page_as):
    page_as("officer").post("/events/new/", _form_data([(EntityFactory(), "guest", "3")], extra_rows=3))
    assert Event.objects.get().participants.count() == 1


def test_the_form_is_prefilled_from_an_entity_and_a_tie(page_as):
    daegu = EntityFactory(name="Daegu")
    tie = RelationFactory(target=daegu)
    client = page_as("officer")
    response = client.get("/events/new/", {"relation": tie.pk})
    assert response.context["form"].initial["relations"] == [tie.pk]
    assert response.context["formset"].initial == [{"entity": daegu.pk, "role": "guest"}]
    html = response.content.decode()
    assert f'<option value="{daegu.pk}" selected>' in html and f'<option value="{tie.pk}" selected>' in html
    other = EntityFactory(name="Busan")
    assert client.get("/events/new/", {"entity": other.pk}).context["formset"].initial[0]["entity"] == other.pk
    assert client.get("/events/new/", {"entity": "abc", "relation": "999999"}).status_code == 200


def test_the_entity_chooser_renders_only_the_chosen_entity(page_as):
    others = EntityFactory.create_batch(30)
    chosen = EntityFactory(name="Daegu")
    html = page_as("officer").get("/events/new/", {"entity": chosen.pk}).content.decode()
    assert f'<option value="{chosen.pk}" selected>' in html
    assert not any(f">{entity.name}" in html for entity in others)


def test_editing_replaces_the_participants(page_as, officer):
    from events.services import event_create

    a, b = EntityFactory(name="Daegu"), EntityFactory(name="Busan")
    event = event_create(
        by=officer,
        kind="visit_in",
        title="Visit",
        start_date=dt.date(2024, 5, 6),
        participants=[{"entity": a, "role": "guest", "headcount": 12}],
    )
    client = page_as("officer")
    page = client.get(f"/events/{event.pk}/edit/")
    assert page.status_code == 200 and page.context["formset"].initial[0]["headcount"] == 12
    data = _form_data([(a, "guest", "10"), (b, "guest", "5")], title="Visit")
    data["participants-0-DELETE"] = "on"
    response = client.post(f"/events/{event.pk}/edit/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert list(event.participants.values_list("entity__name", flat=True)) == ["Busan"]
    assert event.headcount == 5


@pytest.mark.parametrize(
    "url", ["/events/new/", "/events/{pk}/edit/", "/events/{pk}/delete/", "/events/participant-row/"]
)
def test_viewers_may_not_open_the_write_pages(page_as, url):
    event = EventFactory()
    client = page_as("viewer")
    assert client.get(url.format(pk=event.pk)).status_code == 403


def test_viewers_may_not_post_an_event(page_as):
    response = page_as("viewer").post("/events/new/", _form_data([(EntityFactory(), "guest", "3")]))
    assert response.status_code == 403 and Event.objects.count() == 0


def test_anonymous_users_are_sent_to_the_login_page(client):
    assert client.get("/events/")["Location"].startswith("/accounts/login/")


def test_participant_row_adds_a_row_and_bumps_the_total(page_as):
    client = page_as("officer")
    html = client.get("/events/participant-row/", {"participants-TOTAL_FORMS": "3"}).content.decode()
    assert 'name="participants-3-entity"' in html
    assert 'name="participants-TOTAL_FORMS" value="4"' in html and 'hx-swap-oob="true"' in html
    assert client.get("/events/participant-row/", {"participants-TOTAL_FORMS": "x"}).status_code == 200


# --- delete -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), [("officer", 403), ("admin", 302)])
def test_only_admins_delete_through_the_page(page_as, role, expected):
    event = ParticipantFactory().event
    response = page_as(role).post(f"/events/{event.pk}/delete/")
    assert response.status_code == expected
    assert Event.objects.filter(pk=event.pk).exists() is (expected == 403)


def test_deleting_an_event_with_follow_ups_is_refused_with_a_message(page_as):
    event = EventFactory()
    FollowUpFactory(event=event)
    client = page_as("admin")
    response = client.post(f"/events/{event.pk}/delete/", follow=True)
    assert Event.objects.filter(pk=event.pk).exists()
    assert "follow-ups" in response.content.decode()


# --- choosers ---------------------------------------------------------------------------------------------------


def test_entity_chooser_finds_by_any_name_and_keeps_the_choice_when_nothing_matches(page_as):
    daegu = EntityFactory(name="Daegu", name_zh="大邱")
    nagaokakyo = EntityFactory(name="Nagaokakyō")
    client = page_as("officer")
    found = client.get("/entities/options/", {"participants-0-entity-search": "daqiu"}).content.decode()
    assert f'<option value="{daegu.pk}" selected>' in found
    accents = client.get("/entities/options/", {"participants-0-entity-search": "nagaokakyo"})
    assert f'value="{nagaokakyo.pk}"' in accents.content.decode()
    nothing = client.get(
        "/entities/options/", {"participants-0-entity-search": "zzzz", "participants-0-entity": daegu.pk}
    ).content.decode()
    assert f'<option value="{daegu.pk}" selected>' in nothing and "No match" in nothing


def test_relation_chooser_keeps_the_chosen_ties_and_adds_matches(page_as):
    kept = RelationFactory(target=EntityFactory(name="Daegu"))
    match = RelationFactory(target=EntityFactory(name="Busan"))
    html = (
        page_as("officer")
        .get("/relations/options/", {"relations-search": "busan", "relations": kept.pk, "multiple": "1"})
        .content.decode()
    )
    assert f'<option value="{kept.pk}" selected>' in html and f'<option value="{match.pk}">' in html


def test_the_filter_form_starts_blank_and_an_empty_submission_lists_everything(page_as):
    EventFactory.create_batch(2)
    client = page_as("viewer")
    form = client.get("/events/").context["filter"].form
    for name in ("kind", "level", "country", "region"):
        assert str(form[name]).split("</option>")[0].endswith('<option value="" selected>---------'), name
    empty = {
        name: ""
        for name in (
            "q",
            "kind",
            "level",
            "status",
            "entity",
            "country",
            "region",
            "relation",
            "start_date_after",
            "start_date_before",
        )
    }
    assert client.get("/events/", empty).context["totals"]["batches"] == 2
