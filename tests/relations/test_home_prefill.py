"""A tie started from a foreign partner's page has our side filled in with the home city (issue 15 item 10)."""

import re

from tests.factories import EntityFactory


def _selected(html: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {name} picker"
    chosen = re.search(r'<option value="(\d+)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else None


def test_a_tie_started_from_a_foreign_city_has_the_home_city_on_our_side(page_as, home, partner):
    html = page_as("officer").get(f"/relations/new/?target={partner.pk}").content.decode()
    assert _selected(html, "source") == str(home.pk)
    assert _selected(html, "target") == str(partner.pk)


def test_the_entity_page_button_leads_there(page_as, home, partner):
    client = page_as("officer")
    assert f"/relations/new/?target={partner.pk}" in client.get(f"/entities/{partner.pk}/").content.decode()


def test_the_home_city_follows_the_setting(page_as, home, partner, settings):
    other = EntityFactory(name="Cixi", kind="city", country="CN", domestic=True)
    settings.CRM_HOME_ENTITY = "Cixi"
    html = page_as("officer").get(f"/relations/new/?target={partner.pk}").content.decode()
    assert _selected(html, "source") == str(other.pk)


def test_a_person_or_a_domestic_start_is_not_prefilled(page_as, home, partner):
    person = EntityFactory(name="Kim", kind="person", country="KR")
    html = page_as("officer").get(f"/relations/new/?target={person.pk}").content.decode()
    assert _selected(html, "source") is None
