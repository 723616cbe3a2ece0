"""The permission matrix (issue 9's guard): every API route and page in the URL conf × anonymous, viewer, officer,
admin, with a real record filled in for each id.

Read from the URL conf, so a new route is in it without anyone adding it: a route whose ids this module cannot
fill, or that answers a role otherwise than the rules below, fails until it is given its expectation here.
The rules: anonymous users get 401 from the API and the login redirect from pages (except the PUBLIC routes);
a logged-in role reads every route (not 401/403, no login redirect) unless READ_DENIED says otherwise; a viewer's
POST is refused (403, or 405 where the route takes no POST) except on VIEWER_POSTS; nothing answers 500.
The Django admin is covered by its index only (its own permission system guards the rest).
"""

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from contacts.models import Region
from notifications.models import Notification
from relations.models import LayoutPlan
from tests.factories import EventFactory, FollowUpFactory, NoteFactory, RelationFactory, UserFactory, make_attachment

ROLES = ("viewer", "officer", "admin")
# Routes are named as the URL conf spells them, each parameter as <name>: "api/relations/<pk>/advance/".
# Route -> the status every role, anonymous included, gets on GET.
PUBLIC = {
    "api/health/": 200,
    "api/auth/token/": 405,  # POST only
    "accounts/login/": 200,
    "i18n/setlang/": 302,  # without a POST it only sends the user back
    "jsi18n/": 200,
    "calendar/<secret>.ics": 404,  # readable with the user's secret only; a made-up one is unknown
}
# The forms and actions that write: a viewer is refused them even on GET.
WRITES = {
    "api/relations/<pk>/advance/",
    "api/relations/<pk>/approvals/",
    "api/relations/<pk>/upgrade/",
    "api/entities/<pk>/notes/",
    "api/relations/<pk>/notes/",
    "entities/new/",
    "entities/<pk>/edit/",
    "relations/new/",
    "relations/<pk>/edit/",
    "events/new/",
    "events/<pk>/edit/",
    "events/participant-row/",
    "followups/<pk>/done/",
    "followups/<pk>/reopen/",
    "attachments/upload/",
}
# Route -> the logged-in roles refused on GET (403, or the login redirect for the Django admin).
READ_DENIED: dict[str, set[str]] = {
    **{route: {"viewer"} for route in WRITES},
    "admin/": {"viewer", "officer"},
    "trash/": {"viewer", "officer"},  # restoring deleted records is the admins'
    "events/<pk>/delete/": {"viewer", "officer"},  # deleting an event is the admins'
}
# Routes a viewer may POST to: their own session and settings (the Django admin answers with its login).
VIEWER_POSTS = {
    "accounts/login/",
    "accounts/logout/",
    "accounts/password/",
    "i18n/setlang/",
    "api/auth/token/",
    "profile/",
    "calendar/feed/",
    "admin/",
    # One's own notifications: a viewer marks them read too.
    "notifications/<pk>/read/",
    "notifications/read-all/",
    "api/notifications/<pk>/read/",
    "api/notifications/read-all/",
}
# Pages that answer a POST as a GET: they write nothing (the history check below holds them to it).
POST_AS_GET = {"", "entities/", "entities/options/", "entities/gazetteer/", "entities/<pk>/"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _routes() -> list[str]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") and route != "admin/":
            continue
        if "<drf_format_suffix" in route or "(?P<format>" in route:  # the same views again, as .json
            continue
        if _name(route) not in {_name(seen) for seen in routes}:
            routes.append(route)
    return routes


PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def _name(route: str) -> str:
    """A route as the tables above name it: regex anchors dropped, each parameter as <name>."""
    return PARAMETER.sub(lambda m: f"<{m.group(1) or m.group(2)}>", route).replace("^", "").replace("$", "")


ROUTES = _routes()


@pytest.fixture
def world(db):
    """One record of each kind a route names, linked as the pages expect (a note on the entity and on the tie)."""
    relation = RelationFactory()
    entity = relation.target
    event = EventFactory()
    followup = FollowUpFactory(entity=entity)
    plan = LayoutPlan.objects.create(home=relation.source, name="Plan", start_year=2026, end_year=2030)
    return {
        "entities": entity.pk,
        "relations": relation.pk,
        "events": event.pk,
        "followups": followup.pk,
        "layout-plans": plan.pk,
        "notes": NoteFactory(entity=entity).pk,
        "attachments": make_attachment(entity=entity).pk,
        # Someone else's: every matrix user is told it does not exist (404), which is neither 401 nor 403.
        "notifications": Notification.objects.create(
            recipient=UserFactory(), key="matrix", title_en="Reminder", title_zh="提醒"
        ).pk,
        "regions": Region.objects.order_by("code").values_list("code", flat=True).first(),
        "entities/note_pk": NoteFactory(entity=entity).pk,
        "relations/note_pk": NoteFactory(entity=None, relation=relation).pk,
        # A user reaches only their own tokens: another's (or a made-up) key is unknown to every role.
        "auth/token_key": "0123abcd",
    }


def _path(route: str, world: dict) -> str:
    """The request path for a route: each id becomes the world's record of the kind the route is about."""
    kind = _name(route).removeprefix("api/").split("/")[0]

    def fill(match):
        name = match.group(1) or match.group(2)
        if name == "secret":
            return "not-a-secret"
        key = kind if name in ("pk", "code") else f"{kind}/{name}"
        assert key in world, f"{route}: no record for <{name}>; add one to the world fixture"
        return str(world[key])

    return "/" + PARAMETER.sub(fill, route).replace("^", "").replace("$", "")


def _client(role, client, make_user):
    if role is not None:
        client.force_login(make_user(role, username=f"matrix-{role}"))
    return client


def _login_redirect(response) -> bool:
    return response.status_code == 302 and "/login/" in response.get("Location", "")


def test_the_matrix_covers_the_api_and_the_pages():
    assert sum(route.startswith("api/") for route in ROUTES) > 20
    assert sum(not route.startswith("api/") for route in ROUTES) > 30
    named = {_name(route) for route in ROUTES}
    gone = (set(PUBLIC) | set(READ_DENIED) | VIEWER_POSTS | POST_AS_GET) - named
    assert gone == set(), "expectations for routes that are gone"


@pytest.mark.django_db
def test_anonymous_users_get_the_login_or_401(client, world):
    wrong = []
    for route in ROUTES:
        name, path = _name(route), _path(route, world)
        response = client.get(path)
        if name in PUBLIC:
            ok = response.status_code == PUBLIC[name]
        elif name.startswith("api/"):
            ok = response.status_code in (401, 403)
        else:
            ok = _login_redirect(response)
        if not ok:
            wrong.append(f"{path} {response.status_code}")
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_what_it_may_and_nothing_answers_500(client, make_user, world, role):
    client = _client(role, client, make_user)
    wrong = []
    for route in ROUTES:
        name, path = _name(route), _path(route, world)
        response = client.get(path)
        if name in PUBLIC:
            ok = response.status_code == PUBLIC[name]
        elif role in READ_DENIED.get(name, ()):
            ok = response.status_code == 403 or _login_redirect(response)
        else:
            ok = response.status_code not in (401, 403) and not _login_redirect(response)
        if not ok or response.status_code >= 500:
            wrong.append(f"{path} {response.status_code}")
    assert wrong == []


def _history_rows() -> int:
    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


@pytest.mark.django_db
def test_a_viewer_can_write_nowhere(client, make_user, world):
    client = _client("viewer", client, make_user)
    before = _history_rows()
    wrong = []
    for route in ROUTES:
        name, path = _name(route), _path(route, world)
        if name in VIEWER_POSTS:
            continue
        response = client.post(path, {})
        expected = (200,) if name in POST_AS_GET else (403, 405)
        if response.status_code not in expected:
            wrong.append(f"{path} {response.status_code}")
    assert wrong == []
    assert _history_rows() == before
