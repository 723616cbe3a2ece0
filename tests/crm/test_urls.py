"""URLs are named, namespaced per app and reversed: no page route outside a namespace, no literal path in a template,
and the records link to their own pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import EventFactory, FollowUpFactory, RelationFactory

ROOT = Path(__file__).resolve().parents[2]
# Django's own pages keep Django's names: the auth views, the language switch, the admin.
UNNAMESPACED_PAGES = ("accounts/", "i18n/", "jsi18n/", "admin/", "api/")
LITERAL_PATH = re.compile(r"""(?:href|action|hx-get|hx-post|hx-put|hx-patch|hx-delete|src)=["']/""")


def _pages(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _pages(entry.url_patterns, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace


def test_every_page_route_is_in_its_apps_namespace():
    routes = [
        (route, namespace)
        for route, namespace in _pages(get_resolver().url_patterns)
        if not route.startswith(UNNAMESPACED_PAGES)
    ]
    assert len(routes) > 30
    assert [route for route, namespace in routes if namespace is None] == []
    assert {namespace for _route, namespace in routes} == {
        "crm",
        "contacts",
        "relations",
        "events",
        "expansion",
        "trips",
        "servicedesk",
        "dedupe",
        "imports",
        "attachments",
        "notifications",
    }


def test_no_template_holds_a_literal_site_path():
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]] + list(ROOT.glob("*/templates"))
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in folders
        for path in folder.rglob("*.html")
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if LITERAL_PATH.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_records_link_to_their_pages():
    relation = RelationFactory()
    event = EventFactory()
    followup = FollowUpFactory()
    assert relation.source.get_absolute_url() == f"/entities/{relation.source.pk}/"
    assert relation.get_absolute_url() == f"/relations/{relation.pk}/"
    assert event.get_absolute_url() == f"/events/{event.pk}/"
    assert followup.get_absolute_url() == f"/followups/{followup.pk}/"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "shown"), [("viewer", False), ("officer", False), ("admin", True)])
def test_the_admin_menu_entries_follow_the_users_permissions(page_as, role, shown):
    """The Admin and Deleted-records entries are gated on `perms` (auth.change_user), not on a role name."""
    html = page_as(role).get("/").content.decode()
    assert ('href="/admin/"' in html) is shown
    assert ('href="/trash/"' in html) is shown
