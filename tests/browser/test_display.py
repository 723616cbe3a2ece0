"""Display in a real browser (issue 15 item 12): long names wrap instead of widening the page, a title too long is
refused with a message (the browser no longer cuts it), and a date is typed as 2024-05-06 in the Chinese interface."""

import pytest

from events.models import FollowUp
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, ParticipantFactory

pytestmark = pytest.mark.browser

LONG = "Delegation" + "X" * 280  # no space to break at


def test_long_names_wrap_without_widening_the_page(login):
    page = login("officer")
    entity = EntityFactory(name="Daegu" + "Y" * 190)
    event = EventFactory(title=LONG)
    ParticipantFactory(event=event, entity=entity)
    FollowUpFactory(owner=page.user, title=LONG, entity=entity, event=event)
    page.set_viewport_size({"width": 1366, "height": 900})
    for url in ("/followups/?show=all", "/events/", f"/events/{event.pk}/", "/entities/", entity.get_absolute_url()):
        page.goto(url)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, (url, width)


def test_a_title_too_long_is_refused_with_a_message_and_a_date_typed_the_chinese_way(login):
    page = login("officer", locale="zh-hans")
    page.goto("/followups/")
    page.click("#new-followup summary")
    assert page.get_attribute("#followup-form input[name=title]", "maxlength") is None
    assert page.get_attribute("#followup-form input[name=due_date]", "type") == "text"
    page.fill("#followup-form input[name=title]", "长" * 301)
    page.fill("#followup-form input[name=due_date]", "2030-01-15")
    page.click("#followup-form button[type=submit]")
    page.wait_for_selector("#field-title .field-error")
    assert "300" in page.inner_text("#field-title .field-error")  # 确保该值最多有 300 个字符…
    assert page.input_value("#followup-form input[name=title]") == "长" * 301  # kept, not cut
    assert FollowUp.objects.count() == 0
