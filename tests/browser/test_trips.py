"""In Chromium: apply for a trip, be refused for too many days, correct it, have it accepted and approved, mark it
travelled and back, hand back the passports and file the report, and see the figures move on the Reports page."""

import pytest

from contacts.choices import EntityKind
from events.models import Event
from tests.factories import EntityFactory
from trips.models import Trip


def pick(page, select: str, name: str, pk: int) -> None:
    page.fill(f"{select}-search", name)
    page.wait_for_selector(f"{select} option[value='{pk}']", state="attached")
    page.select_option(select, str(pk))


pytestmark = pytest.mark.browser


def test_a_trip_from_application_to_report_moves_the_figures(login):
    unit = EntityFactory(kind=EntityKind.ORGANISATION, name="Commerce Bureau", country="CN", domestic=True)
    leader = EntityFactory(kind=EntityKind.PERSON, name="Zhang San", country="CN", domestic=True)
    member = EntityFactory(kind=EntityKind.PERSON, name="Li Si", country="CN", domestic=True)
    page = login("officer")
    page.goto("/reports/?year=2024")
    assert "outbound delegations" not in page.locator("#report-summary").inner_text()

    page.click("nav >> text=Trips abroad")
    page.click("#new-trip")
    page.fill("#id_title", "Trade mission to Germany")
    page.select_option("#id_organiser", str(unit.pk))
    page.fill("#id_start_date", "2024-05-06")
    page.fill("#id_end_date", "2024-05-12")
    page.fill("#id_purpose", "Meet the investment agency of Aachen.")
    page.select_option("#id_leg1_country", "DE")
    page.fill("#id_leg1_days", "4")
    pick(page, "#id_member1_person", "Zhang San", leader.pk)  # searchable pickers (issue 15 item 8)
    page.fill("#id_member1_post", "Director")
    page.select_option("#id_member1_level", "bureau")
    pick(page, "#id_member2_person", "Li Si", member.pk)
    page.click("#save-trip")
    page.wait_for_selector("#trip-status")
    page.click("#do-submit")
    refusal = page.locator(".message-error").first.inner_text()
    assert "days by number of countries" in refusal and "at most 5 days" in refusal and "lasts 7" in refusal

    page.click("#edit-trip")
    page.fill("#id_end_date", "2024-05-10")
    page.click("#save-trip")
    page.click("#do-submit")
    assert "Submitted" in page.locator("#trip-status").inner_text()
    page.check("#id_check-outcome_0")
    page.click("#do-check")
    page.click("#do-approve")
    assert "Approved" in page.locator("#trip-status").inner_text()
    assert page.locator("#trip-steps li").count() == 3
    page.click("#do-travel")
    assert "Travelled" in page.locator("#trip-status").inner_text()
    page.click("#do-back")
    page.fill("#id_passports-date", "2024-05-12")
    page.click("#do-passports")
    page.fill("#id_report-date", "2024-05-20")
    page.fill("#id_report-report", "An agreement on a joint investment desk.")
    page.click("#do-report")
    page.wait_for_selector("#report-filed")
    trip = Trip.objects.get()
    assert trip.event == Event.objects.get() and trip.event.headcount == 2

    page.goto("/reports/?year=2024")
    summary = page.locator("#report-summary").inner_text()
    assert "In the year we approved 1 outbound delegations (2 person-times)" in summary
    assert "party and government officials 1 (2 person-times)" in summary
    assert "Passports were handed back on time for 100% of the delegations back" in summary
    assert page.outside_requests == []
