"""In Chromium: a tie's page loads its timeline, loads more on scrolling, filters by type, takes a note;
the follow-ups page marks one done with htmx; the dashboard panel shows my overdue follow-ups.
"""

import datetime as dt

import pytest
from django.utils import timezone

from events.timeline_views import TIMELINE_PAGE_SIZE
from tests.factories import EventFactory, FollowUpFactory, RelationFactory

pytestmark = pytest.mark.browser


def test_tie_page_timeline_scrolls_filters_and_takes_a_note(login):
    page = login("officer")
    user = page.user
    tie = RelationFactory()
    for n in range(TIMELINE_PAGE_SIZE + 5):
        event = EventFactory(title=f"Exchange {n:02d}", start_date=dt.date(2020, 1, 1) + dt.timedelta(days=n))
        event.relations.add(tie)

    page.goto(f"/relations/{tie.pk}/")
    page.wait_for_selector("#timeline .timeline-item")
    assert page.locator("#timeline").get_by_text("Exchange 24").is_visible()
    # Scrolling to the end loads the rest.
    page.locator("#timeline .timeline-more").scroll_into_view_if_needed()
    page.wait_for_selector('#timeline >> text="Exchange 00"')
    assert page.locator("#timeline .timeline-item[data-type=event]").count() == TIMELINE_PAGE_SIZE + 5

    page.fill("#timeline textarea[name=text]", "The partner asked for a youth camp.")
    page.click("#timeline .timeline-note-form button[type=submit]")
    page.wait_for_selector("#timeline .timeline-item[data-type=note]")
    assert "The partner asked for a youth camp." in page.locator("#timeline").inner_text()

    page.uncheck("#timeline input[name=type][value=event]")
    page.wait_for_function("() => !document.querySelector('#timeline .timeline-item[data-type=event]')")
    assert page.locator("#timeline .timeline-item[data-type=note]").count() == 1

    assert page.outside_requests == []
    assert tie.timeline_notes.get().author == user


def test_follow_up_marked_done_with_htmx_and_the_dashboard_panel(login, make_user):
    owner = make_user("officer", username="timeline-officer")
    late = FollowUpFactory(
        owner=owner, title="Send the photo album", due_date=timezone.localdate() - dt.timedelta(days=5)
    )
    page = login("officer", user=owner)
    panel = page.locator("#panel-followups")
    panel.get_by_text("Send the photo album").wait_for()
    assert "1 overdue" in panel.inner_text()
    page.goto("/followups/")
    row = page.locator("#followups tr[data-followup]", has_text="Send the photo album")
    assert row.count() == 1  # one list: the item shows once, its row updated in place
    row.get_by_role("button", name="Mark done").click()
    page.locator("#followups tr[data-followup] >> text=Reopen").wait_for()
    assert page.locator("#followups tr[data-followup]").count() == 1

    late.refresh_from_db()
    assert late.done_by == owner and late.done_at is not None
