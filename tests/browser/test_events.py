"""The event form in a real browser: htmx entity search, an added participant row, and the totals on the list."""

import pytest

from events.models import Event
from tests.factories import EntityFactory, RelationFactory

pytestmark = pytest.mark.browser


def test_officer_logs_a_visit_with_two_participants_found_by_search(login):
    daegu = EntityFactory(name="Daegu", name_zh="大邱", country="KR")
    ningbo = EntityFactory(name="Ningbo", name_zh="宁波", country="CN", domestic=True)
    EntityFactory.create_batch(5)
    tie = RelationFactory(source=ningbo, target=daegu)
    page = login("officer")

    page.goto(f"/events/new/?relation={tie.pk}")
    # The tie and its partner are prefilled.
    assert page.locator("#id_relations option:checked").inner_text().startswith("Ningbo")
    assert page.locator("#id_participants-0-entity option:checked").get_attribute("value") == str(daegu.pk)
    page.select_option("#id_kind", "visit_in")
    page.fill("#id_title", "Daegu city delegation")
    page.fill("#id_start_date", "2024-05-06")
    page.fill("#id_end_date", "2024-05-08")
    page.select_option("#id_level", "vice_mayor_plus")
    page.fill("#id_participants-0-headcount", "12")

    # Find the home city by its Chinese name in the second row.
    page.fill("input[name='participants-1-entity-search']", "宁波")
    page.wait_for_selector(f"#id_participants-1-entity option[value='{ningbo.pk}']", state="attached")
    page.select_option("#id_participants-1-entity", str(ningbo.pk))
    page.select_option("#id_participants-1-role", "host")
    page.fill("#id_participants-1-headcount", "4")

    # One more row through htmx, left blank: it is ignored.
    page.click("#add-participant")
    page.wait_for_selector("#id_participants-3-entity", state="attached")
    assert page.locator("#id_participants-TOTAL_FORMS").input_value() == "4"

    page.click("#save-event")
    page.wait_for_url("**/events/*/")
    event = Event.objects.get()
    # Issue 15 item 1: an inbound visit's person-times count the visitors (12), not our 4 hosts.
    assert (event.headcount, event.participants.count()) == (12, 2)
    assert page.locator("#event-headcount").inner_text().startswith("12")

    page.goto("/events/?country=KR")
    assert "Daegu city delegation" in page.locator("#event-table").inner_text()
    assert "12 person-times" in page.locator("#event-totals").inner_text()
    assert page.outside_requests == []


def test_the_form_shows_errors_next_to_the_fields(login):
    page = login("officer")
    page.goto("/events/new/")
    page.fill("#id_title", "Back to front")
    page.fill("#id_start_date", "2024-05-06")
    page.fill("#id_end_date", "2024-05-01")
    page.click("#save-event")
    assert "before the start date" in page.locator("#field-end_date .field-error").inner_text()
    assert Event.objects.count() == 0
