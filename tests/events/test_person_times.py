"""Issue 15 item 1: person-times count the visiting side of an inbound visit and our travellers of an outbound one;
hosts and accompanying staff are recorded with their role but not counted, in the figures, summary and export."""

import io

import pytest
from openpyxl import load_workbook

from events.choices import EventKind, ParticipantRole
from events.counting import counted_roles, person_times
from events.exports import report_xlsx
from events.models import Event
from events.services import event_create, event_update
from events.stats import year_report, year_stats
from tests.events.test_event_pages import _form_data
from tests.factories import EntityFactory, HomeCityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _inbound(by, **fields):
    daegu, busan = EntityFactory(name="Daegu"), EntityFactory(name="Busan")
    ningbo = HomeCityFactory(name="Ningbo")
    return event_create(
        by=by,
        kind=EventKind.VISIT_IN,
        status="held",
        title="Daegu delegation",
        start_date="2024-05-06",
        participants=[
            {"entity": daegu, "role": "guest", "headcount": 5},
            {"entity": busan, "role": "guest", "headcount": 1},
            {"entity": ningbo, "role": "host", "headcount": 3},
        ],
        **fields,
    )


def test_inbound_person_times_count_the_guests_not_our_hosts():
    event = _inbound(UserFactory())
    assert event.headcount == 6  # 5 + 1 guests; the 3 hosts are recorded, not counted
    assert sorted(event.participants.values_list("role", "headcount")) == [("guest", 1), ("guest", 5), ("host", 3)]


def test_outbound_person_times_count_our_travellers_not_the_hosts_or_staff():
    ningbo, daegu, office = HomeCityFactory(), EntityFactory(), EntityFactory(domestic=True, country="CN")
    event = event_create(
        by=UserFactory(),
        kind=EventKind.VISIT_OUT,
        status="held",
        title="To Daegu",
        start_date="2024-05-06",
        participants=[
            {"entity": ningbo, "role": "delegation", "headcount": 4},
            {"entity": daegu, "role": "host", "headcount": 12},
            {"entity": office, "role": ParticipantRole.STAFF, "headcount": 2},
        ],
    )
    assert event.headcount == 4


def test_accompanying_staff_are_not_counted_in_other_exchanges_either():
    assert person_times(kind=EventKind.CULTURE, rows=[("guest", 30), ("staff", 4), ("host", 10), ("partner", 2)]) == 32


def test_an_edit_recounts_with_the_rule_when_the_kind_changes():
    by = UserFactory()
    event = _inbound(by)
    event = event_update(event=event, by=by, kind=EventKind.MEETING)
    assert event.headcount == 6
    rows = [
        {"entity": p.entity, "role": "staff" if p.headcount == 1 else p.role, "headcount": p.headcount}
        for p in event.participants.all()
    ]
    event = event_update(event=event, by=by, participants=rows)
    assert event.headcount == 5  # the one guest now listed as accompanying staff is no longer counted


def test_the_counted_roles_are_configurable_per_kind(settings):
    settings.CRM_PERSON_TIMES_ROLES = {EventKind.VISIT_IN: ["guest", "host"]}
    assert counted_roles(EventKind.VISIT_IN) == {"guest", "host"}
    assert _inbound(UserFactory()).headcount == 9


def test_a_host_with_a_blank_headcount_is_accepted_by_the_form(page_as):
    daegu, ningbo = EntityFactory(name="Daegu"), HomeCityFactory(name="Ningbo")
    client = page_as("officer")
    response = client.post("/events/new/", _form_data([(daegu, "guest", "12"), (ningbo, "host", "")]))
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.headcount == 12
    assert event.participants.get(role="host").headcount == 0


def test_a_host_with_a_null_headcount_is_accepted_by_the_api(officer_api):
    daegu, ningbo = EntityFactory(), HomeCityFactory()
    response = officer_api.post(
        "/api/events/",
        {
            "kind": "visit_in",
            "title": "Daegu",
            "start_date": "2024-05-06",
            "participants": [
                {"entity": daegu.pk, "role": "guest", "headcount": 7},
                {"entity": ningbo.pk, "role": "host", "headcount": None},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["headcount"] == 7


def test_figures_summary_and_export_count_the_guests_only():
    _inbound(UserFactory(), level="ministerial")
    assert year_stats(year=2024, by="kind")["total"]["person_times"] == 6
    report = year_report(year=2024)
    assert report["inbound_levels"]["total"]["person_times"] == 6
    assert any("(6 person-times)" in sentence for sentence in report["summary"]), report["summary"]
    sheet = load_workbook(io.BytesIO(report_xlsx(report))).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 6 in values and 9 not in values


def test_the_recount_command_corrects_events_counted_with_their_hosts():
    from django.core.management import call_command

    event = _inbound(UserFactory())
    Event.objects.filter(pk=event.pk).update(headcount=9)  # as counted before the rule
    call_command("recount_person_times", verbosity=0)
    event.refresh_from_db()
    assert event.headcount == 6
