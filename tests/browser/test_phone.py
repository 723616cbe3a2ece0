"""At 390 px, a phone's width (issue 15 item 18): every main page fits without the page itself scrolling sideways
(tables scroll inside their box), the header collapses behind a menu button, the calendar lists its days with
whole words, and the event form's selects are not cut."""

import pytest

from tests.browser.main_pages import build_world, main_pages
from tests.factories import FollowUpFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def on_phone(login, owner, locale):
    page = login("admin", locale=locale, user=owner)
    page.set_default_timeout(60_000)  # the suggestions page computes for a while on a busy machine
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("locale", ["en", "zh-hans"])
def test_every_main_page_fits_a_phone_without_sideways_scrolling(login, make_user, locale):
    owner = make_user("admin", username="browser-admin")
    world = build_world(owner)
    # A title as long as the field allows once made /followups/ 2,769 px wide.
    FollowUpFactory(owner=owner, title="Prepare the delegation's programme " * 8, event=world["event"])
    page = on_phone(login, owner, locale)
    too_wide = {}
    for path in main_pages(world):
        assert page.goto(path).status == 200, path
        page.settle()
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            too_wide[path] = width
    assert too_wide == {}


def test_the_header_collapses_behind_a_menu_button(login, make_user):
    owner = make_user("admin", username="browser-admin")
    page = on_phone(login, owner, "zh-hans")
    page.goto("/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 90  # it took 200 px
    assert not page.locator("#main-nav").is_visible()
    assert page.locator("#menu-toggle").get_attribute("aria-expanded") == "false"

    page.click("#menu-toggle")
    assert page.locator("#main-nav").is_visible()
    assert page.locator("#menu-toggle").get_attribute("aria-expanded") == "true"
    assert page.locator("#logout-button").count() == 1
    page.click("#main-nav a[href='/calendar/']")
    page.wait_for_url("**/calendar/")
    assert not page.locator("#main-nav").is_visible()  # a new page starts closed

    page.set_viewport_size({"width": 1366, "height": 800})  # at desktop width: no button, the menu shown
    assert not page.locator("#menu-toggle").is_visible()
    assert page.locator("#main-nav").is_visible()


def test_the_calendar_keeps_words_whole_and_the_event_form_selects_are_not_cut(login, make_user):
    owner = make_user("admin", username="browser-admin")
    world = build_world(owner)
    page = on_phone(login, owner, "zh-hans")
    page.goto("/calendar/")
    items = page.locator("#calendar-grid .calendar-item")
    assert items.count() >= 1
    for index in range(items.count()):
        box = items.nth(index).bounding_box()
        assert box["width"] > 250, box  # one character per line was about 45 px wide
    assert page.locator("#calendar-grid td:not(.is-empty) .calendar-weekday").first.is_visible()

    page.goto(f"/events/{world['event'].pk}/edit/")
    role = page.locator("#id_participants-0-role")
    assert role.bounding_box()["width"] > 250
    label = role.evaluate("el => el.options[el.selectedIndex].text")
    assert len(label) >= 2  # it was cut to one character, 来
    entity = page.locator("#id_participants-0-entity")
    assert entity.bounding_box()["width"] > 250
