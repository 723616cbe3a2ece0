"""Conventions every endpoint and page keeps (NetBox-style: catches a new route that forgets one)."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.viewsets import ModelViewSet

OPEN_API_ROUTES = {"api/health/", "api/auth/token/"}
OPEN_PAGES = {"accounts/login/", "i18n/setlang/", "jsi18n/"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete(route: str) -> str | None:
    """A request path for a route: ids become 1, format suffixes and optional groups are dropped."""
    route = route.replace("^", "").replace("\\.(?P<format>[a-z0-9]+)/?$", "").rstrip("$")
    if "(?P<format>" in route or "<drf_format_suffix" in route:
        return None
    route = re.sub(r"<(?:int:|str:|slug:)?(\w+)>", "1", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    if any(ch in route for ch in "()[]?*+\\"):
        return None
    return "/" + route


def _routes():
    seen = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        path = _concrete(route)
        if path and path not in seen and not path.startswith("/admin/") and not path.startswith("/static/"):
            seen.add(path)
            yield path, pattern


API_ROUTES = [(p, pat) for p, pat in _routes() if p.startswith("/api/") and p[1:] not in OPEN_API_ROUTES]
PAGE_ROUTES = [
    (p, pat) for p, pat in _routes() if not p.startswith("/api/") and p[1:] not in OPEN_PAGES and not p.endswith(".ics")
]


def test_the_route_lists_are_not_empty():
    assert len(API_ROUTES) > 15 and len(PAGE_ROUTES) > 15


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p, _ in API_ROUTES])
def test_every_api_route_refuses_anonymous_users(api_client, path):
    for method in ("get", "post"):
        response = getattr(api_client, method)(path)
        assert response.status_code in (401, 405), (method, path, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p, _ in PAGE_ROUTES])
def test_every_page_sends_anonymous_users_to_the_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"], (path, response.status_code)


def test_every_model_viewset_declares_a_filterset():
    missing = []
    for path, pattern in API_ROUTES:
        cls = getattr(pattern.callback, "cls", None)
        if cls and issubclass(cls, ModelViewSet) and getattr(pattern.callback, "actions", {}).get("get") == "list":
            if not getattr(cls, "filterset_class", None):
                missing.append(path)
    assert missing == []


GARBAGE = {
    "page": "999999",
    "page_size": "-3",
    "kind": "nonsense",
    "status": "nonsense",
    "level": "x",
    "country": "ZZ",
    "region": "atlantis",
    "entity": "99999999999999999999999",
    "relation": "abc",
    "owner": "-1",
    "home": "abc",
    "start_date_after": "2024-13-45",
    "start_date_before": "yesterday",
    "due_before": "x",
    "done": "maybe",
    "q": "'; DROP TABLE contacts_entity; --",
    "year": "twenty",
    "by": "color",
    "start": "x",
    "end": "y",
    "center": "1e9",
    "depth": "-1",
    "tag": "%",
    "archived": "perhaps",
    "include": "everything",
    "type": "x",
}


# Routes that build the whole OpenAPI schema on every request. The schema depends on the API version, the language
# and whether it is public, and none of the garbage names (no `version`, no `lang`) changes those: it is built once
# for the module and handed back for the other requests, instead of being rebuilt for each of them.
SCHEMA_ROUTES = {"/api/schema/"}


@pytest.fixture(scope="module")
def schema_built_once():
    original = SchemaGenerator.get_schema
    built: dict = {}

    def get_schema(self, request=None, public=False):
        key = (self.api_version, public, translation.get_language())
        if key not in built:
            built[key] = original(self, request=request, public=public)
        return built[key]

    with mock.patch.object(SchemaGenerator, "get_schema", get_schema):
        yield built


def _garbage_pass(client, path):
    response = client.get(path, GARBAGE)
    assert response.status_code < 500, (path, response.status_code)
    for name, value in GARBAGE.items():
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p, _ in API_ROUTES if "/1/" not in p and p not in SCHEMA_ROUTES])
def test_no_api_list_answers_garbage_parameters_with_a_server_error(api_as, path):
    _garbage_pass(api_as("admin"), path)


@pytest.mark.django_db
@pytest.mark.parametrize("path", sorted(SCHEMA_ROUTES))
def test_the_schema_answers_garbage_parameters_without_a_server_error(api_as, schema_built_once, path):
    assert path in {p for p, _ in API_ROUTES}
    _garbage_pass(api_as("admin"), path)
    assert len(schema_built_once) == 1  # built for real once, on the first request


@pytest.mark.django_db
@pytest.mark.parametrize("path", [p for p, _ in PAGE_ROUTES if "/1/" not in p])
def test_no_page_answers_garbage_parameters_with_a_server_error(page_as, path):
    client = page_as("admin")
    for name, value in GARBAGE.items():
        response = client.get(path, {name: value})
        assert response.status_code < 500, (path, name, response.status_code)


TESTS = Path(__file__).resolve().parent.parent
APP_TEST_FOLDERS = {
    "attachments",
    "browser",
    "contacts",
    "core",
    "crm",
    "dedupe",
    "demo",
    "events",
    "imports",
    "notifications",
    "relations",
    "servicedesk",
    "trips",
}


def test_the_tests_mirror_the_apps_and_browser_tests_live_in_one_place():
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders - {"__pycache__"} <= APP_TEST_FOLDERS
    drives_a_browser = re.compile(r"pytest\.mark\.browser|\blive_server\b|\bpage_factory\b|\(login\b|, login\b")
    elsewhere = [
        str(path.relative_to(TESTS))
        for path in TESTS.rglob("test_*.py")
        if path.parent.name != "browser"
        and path != Path(__file__).resolve()
        and drives_a_browser.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []


def test_pre_commit_runs_the_ruff_that_the_dev_lock_pins():
    root = TESTS.parent
    pinned = re.search(r"^ruff==(\S+)", (root / "requirements" / "dev.txt").read_text(encoding="utf-8"), re.M)
    hooks = re.findall(r"ruff==([^\"'\s\]]+)", (root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert pinned and hooks and set(hooks) == {pinned.group(1)}
