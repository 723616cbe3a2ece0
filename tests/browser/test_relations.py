"""In a real browser: an officer ties a partner to the home city, walks the tie to signed, then upgrades it."""

import pytest

from relations.choices import RelationKind, RelationStatus
from relations.models import Relation
from tests.factories import EntityFactory, HomeCityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def take_step(page, status: str, date: str, document_no: str = "") -> None:
    page.fill("#advance-form input[name=date]", date)
    if document_no:
        page.fill("#advance-form input[name=document_no]", document_no)
    page.click(f"#advance-form button[data-step={status}]")
    page.wait_for_selector(f"#relation-status.status-{status}")


def test_an_officer_creates_a_tie_walks_it_to_signed_and_upgrades_it(login):
    home = HomeCityFactory(name="Ningbo")
    daegu = EntityFactory(name="Daegu", name_zh="大邱", country="KR")
    for i in range(40):
        EntityFactory(name=f"Other city {i}")
    page = login("officer")

    page.goto(f"/relations/new/?source={home.pk}")
    page.select_option("#id_kind", RelationKind.FRIENDLY_EXCHANGE)
    page.fill("#id_target-search", "大邱")
    page.wait_for_selector(f"#id_target option[value='{daegu.pk}']", state="attached")
    page.select_option("#id_target", str(daegu.pk))
    page.fill("#id_date", "2004-01-10")
    page.click("#relation-form button[type=submit]")
    page.wait_for_selector("#relation-status.status-contact")
    relation = Relation.objects.get()
    assert page.url.endswith(f"/relations/{relation.pk}/")

    # Only the allowed steps are offered; the chain is walked step by step.
    assert page.locator("#advance-form button[data-step]").evaluate_all("bs => bs.map(b => b.value)") == [
        "intent",
        "ended",
    ]
    take_step(page, "intent", "2004-02-01")
    take_step(page, "loi_signed", "2004-03-01", "LOI-1")
    take_step(page, "applied", "2004-04-01", "甬外〔2004〕7号")
    page.click("#approval summary")
    # The form offers the next level of the chain (the city government decides first).
    assert page.input_value("#approval-form select[name=level]") == "city"
    page.fill("#approval-form input[name=date]", "2004-06-30")
    page.click("#approval-form button[type=submit]")
    page.wait_for_selector("#approvals table")
    take_step(page, "approved", "2004-07-01")
    take_step(page, "signed", "2004-10-01")
    assert "2004" in page.inner_text("#established-on")
    assert page.locator("#lifecycle ol li").count() == 6

    page.fill("#upgrade-form input[name=date]", "2014-10-01")
    page.click("#upgrade-button")
    page.wait_for_selector("#facts >> text=Upgraded from")
    successor = Relation.objects.get(upgraded_from=relation)
    assert page.url.endswith(f"/relations/{successor.pk}/")
    assert successor.kind == RelationKind.SISTER_CITY and successor.status == RelationStatus.SIGNED
    assert str(successor.established_on) == "2004-10-01"
    assert page.outside_requests == []
