"""In Chromium: a tie's page loads its timeline, loads more on scrolling, filters by type, takes a note;
the follow-ups page marks one done with htmx; the dashboard panel shows my overdue follow-ups.

Playwright's sync API cannot run twice at once in one thread, and tests/browser keeps a session-wide browser
open; so this module drives its own Chromium in a worker thread (no database access happens there).
"""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone

from events.timeline_views import TIMELINE_PAGE_SIZE
from tests.browser.conftest import CHROMIUM, _require_browser
from tests.factories import EventFactory, FollowUpFactory, RelationFactory

pytestmark = pytest.mark.browser

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def in_browser(live_server):
    """in_browser(user, steps) -> steps(page) run in a fresh Chromium, logged in through the form as `user`."""
    _require_browser()

    def _run(user, steps):
        def drive():
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
                try:
                    context = browser.new_context(locale="en", base_url=live_server.url,
                                                  extra_http_headers={"Accept-Language": "en"})
                    context.set_default_timeout(15_000)
                    page = context.new_page()
                    outside: list[str] = []
                    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(
                        (live_server.url, "data:", "blob:")) else None)
                    page.goto("/accounts/login/")
                    page.fill("#id_username", user.username)
                    page.fill("#id_password", "pw-" + user.username)
                    page.click("#login-button")
                    page.wait_for_url("**/")
                    steps(page)
                    assert outside == []
                finally:
                    browser.close()

        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(drive).result()

    return _run


def test_tie_page_timeline_scrolls_filters_and_takes_a_note(in_browser, make_user):
    user = make_user("officer", username="timeline-officer")
    tie = RelationFactory()
    for n in range(TIMELINE_PAGE_SIZE + 5):
        event = EventFactory(title=f"Exchange {n:02d}", start_date=dt.date(2020, 1, 1) + dt.timedelta(days=n))
        event.relations.add(tie)

    def steps(page):
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
        page.wait_for_function("!document.querySelector('#timeline .timeline-item[data-type=event]')")
        assert page.locator("#timeline .timeline-item[data-type=note]").count() == 1

    in_browser(user, steps)
    assert tie.timeline_notes.get().author == user


def test_follow_up_marked_done_with_htmx_and_the_dashboard_panel(in_browser, make_user):
    owner = make_user("officer", username="timeline-officer")
    late = FollowUpFactory(owner=owner, title="Send the photo album",
                           due_date=timezone.localdate() - dt.timedelta(days=5))

    def steps(page):
        panel = page.locator("#panel-followups")
        panel.get_by_text("Send the photo album").wait_for()
        assert "1 overdue" in panel.inner_text()
        page.goto("/followups/")
        row = page.locator("#my-followups tr[data-followup]", has_text="Send the photo album")
        row.get_by_role("button", name="Mark done").click()
        page.locator("#my-followups tr[data-followup] >> text=Reopen").wait_for()

    in_browser(owner, steps)
    late.refresh_from_db()
    assert late.done_by == owner and late.done_at is not None
