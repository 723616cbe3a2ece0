"""Shared fixtures: one user per role, API clients authenticated as each, and a logged-in page client."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

ROLES = ("viewer", "officer", "admin")

# The longest modules run first, so that on several workers none of them is left running alone at the end of the
# suite while the other workers are idle. pytest-xdist's work stealing hands each worker a contiguous share of the
# collection and steals from the end of a share, so what comes first stays together on the first worker: the demo
# world's package (tests/demo/world/, one load of the demo for all its modules) leads. Whole modules move, so a
# module- or package-scoped fixture is still set up once.
LONGEST_FIRST = (
    "tests/demo/world/",
    "tests/crm/test_backup_drill.py",
    "tests/crm/test_query_counts.py",
    "tests/crm/test_production.py",
    "tests/crm/test_permission_matrix.py",
    "tests/relations/expansion/test_evaluate_suggestions.py",
    "tests/crm/test_foundation.py",
)


def _rank(nodeid: str) -> int:
    path = nodeid.split("::")[0]
    return next((n for n, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: _rank(item.nodeid))  # stable: the rest keep their order


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request or override in one test must not leak into the next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the token endpoint's throttle counts requests there, per address, and
    every test client comes from the same one; and without the answers a process keeps in front of it
    (core.versions.RecentAnswers). (Axes' lockout counts live in the database, reset like any table.)"""
    from django.core.cache import cache

    from core.versions import forget_recent

    cache.clear()
    forget_recent()
    yield


@pytest.fixture(autouse=True)
def _gazetteer_names_settled(monkeypatch):
    """Each test starts with no name corrections known and the gazetteer's periodic re-read of their fingerprint
    (one query every 30 s, for other workers' edits) switched off: that moment could fall inside one of a test's
    query counts and not the other. A correction saved or deleted in the test still reloads (the model's signal);
    tests of the periodic check set its period themselves."""
    import time

    from contacts import gazetteer

    monkeypatch.setattr(gazetteer, "NAMES_CHECK_SECONDS", 10**9)
    monkeypatch.setattr(gazetteer, "_names_checked", [time.monotonic(), ()])
    yield


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


# Not named admin_user: pytest-django's admin_user (and its admin_client) is a superuser, this one holds the admin role.
@pytest.fixture
def admin_role_user(make_user):
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
