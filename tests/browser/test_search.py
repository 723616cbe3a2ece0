"""In Chromium: the header's search box finds a city by pinyin, in both languages (issue 15 item 15)."""

import pytest

from tests.factories import EntityFactory, EventFactory, HomeCityFactory, ParticipantFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "zh-hans"])
def test_the_header_search_finds_a_city_by_pinyin(login, locale):
    home = HomeCityFactory()
    daegu = EntityFactory(name="Daegu", name_zh="大邱", name_en="Daegu", country="KR")
    EntityFactory(name="Busan", name_zh="釜山", name_en="Busan", country="KR")
    event = EventFactory(title="Mayor's delegation")
    ParticipantFactory(event=event, entity=daegu)
    ParticipantFactory(event=event, entity=home)

    page = login("viewer", locale=locale)
    page.goto("/relations/")
    page.fill("#header-search input[name=q]", "daqiu")
    page.press("#header-search input[name=q]", "Enter")
    page.wait_for_selector("#search-entities")
    entities = page.locator("#search-entities .search-hits a")
    assert entities.count() == 1
    assert entities.inner_text() == ("大邱" if locale == "zh-hans" else "Daegu")
    assert page.locator("#search-events .search-hits a").inner_text() == "Mayor's delegation"
    entities.click()
    page.wait_for_url(f"**/entities/{daegu.pk}/")
    assert page.outside_requests == []
