"""Shared fixtures: one user per role, API clients authenticated as each, and a logged-in page client."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

ROLES = ("viewer", "officer", "admin")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request or override in one test must not leak into the next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_user(db):
    # The role groups are synced by crm's post_migrate handler: once when the test database is migrated and again
    # after each flush a transactional test ends with; a test never needs to sync them itself.

    def _make(role: str | None = "officer", username: str | None = None, **extra):
        User = get_user_model()
        username = username or f"{role or 'nobody'}-user"
        user = User.objects.create_user(username=username, password="pw-" + username, **extra)
        if role:
            user.groups.add(Group.objects.get(name=role))
            if role == "admin":
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        return user

    return _make


@pytest.fixture
def viewer(make_user):
    return make_user("viewer")


@pytest.fixture
def officer(make_user):
    return make_user("officer")


@pytest.fixture
def admin_user(make_user):
    return make_user("admin")


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as(make_user):
    """api_as("officer") -> an APIClient authenticated as a fresh user of that role."""
    cache: dict = {}

    def _client(role: str = "officer"):
        if role not in cache:
            client = APIClient()
            user = make_user(role, username=f"api-{role}")
            client.force_authenticate(user)
            client.user = user
            cache[role] = client
        return cache[role]

    return _client


@pytest.fixture
def officer_api(api_as):
    return api_as("officer")


@pytest.fixture
def page_as(client, make_user):
    """page_as("viewer") -> Django's test client logged in as a fresh user of that role."""

    def _login(role: str = "officer"):
        user = make_user(role, username=f"page-{role}")
        client.force_login(user)
        client.user = user
        return client

    return _login


# Browser tests: Debian's Chromium driven by Playwright's Python API against Django's live server.
# Skipped when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (CI sets it, so a missing browser fails).
# One browser per test session, shared by every test module that drives pages.
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
