"""The record end to end, as an officer does it: file a partner city from the gazetteer, tie it to the home
city, walk the tie to signed, log a visit with two participants, and find the visit on the partner's page."""

import pytest

from contacts.models import Entity
from events.models import Event
from relations.choices import RelationStatus
from relations.models import Relation
from tests.factories import HomeCityFactory

pytestmark = pytest.mark.browser


def test_gazetteer_city_tied_signed_visited_and_seen_on_its_page(login):
    home = HomeCityFactory()
    page = login("officer")

    # 1. The gazetteer: search Aachen, add it to the file.
    page.goto("/entities/gazetteer/")
    page.fill("#gazetteer-form input[name=q]", "Aachen")
    row = page.locator("#gazetteer-table tr[data-geonameid]", has_text="Aachen").first
    row.wait_for()
    row.locator("button.add-to-file").click()
    page.wait_for_selector("#entity-name")
    aachen = Entity.objects.get(name="Aachen")
    assert (aachen.country, aachen.domestic) == ("DE", False)
    assert aachen.latitude and aachen.population and aachen.geonameid
    assert page.url.endswith(f"/entities/{aachen.pk}/")

    # 2. Tie it to the home city.
    page.goto(f"/relations/new/?source={home.pk}&target={aachen.pk}")
    page.select_option("#id_kind", "sister_city")
    page.fill("#id_date", "2025-03-01")
    page.click("#relation-form button[type=submit]")
    page.wait_for_selector("#relation-status.status-contact")
    tie = Relation.objects.get(source=home, target=aachen)

    # 3. Walk it to signed, one allowed step at a time (the approval is recorded on the way).
    def step(status, date):
        page.fill("#advance-form input[name=date]", date)
        page.click(f"#advance-form button[data-step={status}]")
        page.wait_for_selector(f"#relation-status.status-{status}")

    step("intent", "2025-03-10")
    step("loi_signed", "2025-04-01")
    step("applied", "2025-05-01")
    page.click("#approval summary")
    page.select_option("#approval-form select[name=level]", "city")  # the chain decides in order (issue 15 item 4)
    page.fill("#approval-form input[name=date]", "2025-06-18")
    page.click("#approval-form button[type=submit]")
    page.wait_for_selector("#approvals table")
    step("approved", "2025-06-30")
    step("signed", "2025-09-12")
    tie.refresh_from_db()
    assert tie.status == RelationStatus.SIGNED and str(tie.established_on) == "2025-09-12"

    # 4. Log a visit serving the tie, with two participants.
    page.goto(f"/events/new/?relation={tie.pk}")
    page.select_option("#id_kind", "visit_in")
    page.fill("#id_title", "Aachen city delegation")
    page.fill("#id_start_date", "2025-10-20")
    page.fill("#id_end_date", "2025-10-22")
    page.select_option("#id_level", "vice_mayor_plus")
    page.fill("#id_participants-0-headcount", "9")
    page.fill("input[name='participants-1-entity-search']", "宁波")
    page.wait_for_selector(f"#id_participants-1-entity option[value='{home.pk}']", state="attached")
    page.select_option("#id_participants-1-entity", str(home.pk))
    page.select_option("#id_participants-1-role", "host")
    page.fill("#id_participants-1-headcount", "3")
    page.click("#save-event")
    page.wait_for_url("**/events/*/")
    visit = Event.objects.get(title="Aachen city delegation")
    # Issue 15 item 1: the visitors' 9 person-times; our 3 hosts are recorded, not counted.
    assert (visit.headcount, visit.participants.count()) == (9, 2)
    assert list(visit.relations.all()) == [tie]

    # 5. The partner's page shows the visit (recent events and its timeline).
    page.goto(f"/entities/{aachen.pk}/")
    assert "Aachen city delegation" in page.locator("#recent-events").inner_text()
    page.wait_for_selector("#timeline >> text=Aachen city delegation")
    assert page.outside_requests == []
