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


def _settler(page, quiet_ms: int = 150, step_ms: int = 25):
    """page.settle(): wait until the page has loaded and no request of its own (scripts, htmx, fetch) has been in
    flight for `quiet_ms`. Playwright's "networkidle" waits for 500 ms of silence after every page; the live server on
    loopback answers in a few milliseconds, so a shorter silence sees the same settled page sooner."""
    in_flight: set = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))

    def settle(timeout_ms: int = 30_000) -> None:
        page.wait_for_load_state("load")
        quiet = waited = 0
        while quiet < quiet_ms:
            page.wait_for_timeout(step_ms)  # lets Playwright deliver the request events
            waited += step_ms
            quiet = 0 if in_flight else quiet + step_ms
            if waited > timeout_ms:
                raise TimeoutError(f"still loading after {timeout_ms} ms: {sorted(r.url for r in in_flight)}")

    return settle


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
        page.settle = _settler(page)
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
