"""Browser fixtures: Debian's Chromium driven by Playwright's Python API against Django's live server.

Every test that drives pages lives in this folder, so one browser per test session serves them all; the user
fixtures (make_user and the role users) come from tests/conftest.py.
"""

import os
import shutil

import pytest

# Skipped when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (CI sets it, so a missing browser fails).
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def _require_browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    # Playwright's sync API runs an event loop; Django refuses sync ORM calls inside one unless told.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser, live_server):
    """page_factory(locale="en") -> a fresh page in its own context; all contexts are closed afterwards."""
    contexts = []

    def _page(locale: str = "en"):
        context = browser.new_context(
            locale=locale, base_url=live_server.url, extra_http_headers={"Accept-Language": locale}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        # Fail loudly if a page tries to reach any host other than the live server.
        outside: list[str] = []
        page.on(
            "request",
            lambda req: (
                outside.append(req.url) if not req.url.startswith((live_server.url, "data:", "blob:")) else None
            ),
        )
        page.outside_requests = outside
        return page

    yield _page
    for context in contexts:
        context.close()


@pytest.fixture
def login(page_factory, make_user):
    """login(role) -> a page logged in through the real form as a fresh user of that role."""

    def _login(role: str = "officer", locale: str = "en", user=None):
        user = user or make_user(role, username=f"browser-{role}")
        page = page_factory(locale)
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "pw-" + user.username)
        page.click("#login-button")
        page.wait_for_selector("#logout-button", state="attached")
        page.user = user
        return page

    return _login
