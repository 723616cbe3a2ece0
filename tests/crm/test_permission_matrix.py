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
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from contacts.choices import EntityKind
from contacts.models import Region
from crm.models import SavedFilter
from dedupe.models import NotDuplicate
from dedupe.services import entities_merge
from events.models import Gift, RosterMember
from imports.models import ImportRecord
from notifications.models import Notification
from relations.models import LayoutPlan
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind
from tests.factories import (
    EntityFactory,
    EventFactory,
    FollowUpFactory,
    NoteFactory,
    RelationFactory,
    UserFactory,
    make_attachment,
    make_trip,
)
from trips.models import ReviewCriterion, TripRules

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
    *(
        f"api/trips/<pk>/{verb}/"
        for verb in (
            "submit",
            "check",
            "approve",
            "documents",
            "visa",
            "members",
            "dates",
            "travel",
            "back",
            "passports",
            "report",
            "review",
            "cancel",
        )
    ),
    "trips/new/",
    "trips/<pk>/edit/",
    "trips/<pk>/do/<verb>/",
    "services/new/",
    "services/month/",
    "services/apec-cards/new/",
    "entities/merge/",
    "imports/new/",
    "attachments/upload/",
}
# Route -> the logged-in roles refused on GET (403, or the login redirect for the Django admin).
READ_DENIED: dict[str, set[str]] = {
    **{route: {"viewer"} for route in WRITES},
    "admin/": {"viewer", "officer"},
    "trash/": {"viewer", "officer"},  # restoring deleted records is the admins'
    "events/<pk>/delete/": {"viewer", "officer"},  # deleting an event is the admins'
    "api/merges/<pk>/undo/": {"viewer", "officer"},  # officers merge, admins undo
}
# Routes a viewer may POST to: their own session and settings (the Django admin answers with its login).
VIEWER_POSTS = {
    "filters/save/",  # a saved filter is the user's own
    "filters/<pk>/delete/",
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
POST_AS_GET = {"", "entities/", "entities/gazetteer/", "entities/<pk>/"}


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
    merge = entities_merge(survivor=EntityFactory(name="Aachen"), merged=[EntityFactory(name="Aachen")])
    not_duplicate = NotDuplicate.objects.create(first=EntityFactory(), second=EntityFactory())
    event = EventFactory()
    followup = FollowUpFactory(entity=entity)
    plan = LayoutPlan.objects.create(home=relation.source, name="Plan", start_year=2026, end_year=2030)
    entry = ServiceEntry.objects.create(kind=ServiceKind.objects.get(code="translation"), date=date(2026, 1, 5))
    holder = EntityFactory(kind=EntityKind.PERSON, name="Card Holder", country="CN", domestic=True)
    card = ApecCard.objects.create(holder=holder, number="M-1", issued_on=date(2025, 1, 1), expires_on=date(2030, 1, 1))
    return {
        "entities": entity.pk,
        "relations": relation.pk,
        "events": event.pk,
        "followups": followup.pk,
        "layout-plans": plan.pk,
        "notes": NoteFactory(entity=entity).pk,
        "roster": RosterMember.objects.create(event=event, name="Kim Min-jun", post="Mayor").pk,
        "filters": SavedFilter.objects.create(
            owner=get_user_model().objects.create_user("filter-owner"), page="contacts:list", name="KR"
        ).pk,
        "gifts": Gift.objects.create(event=event, direction="given", description="Celadon vase").pk,
        "trips": make_trip().pk,
        "trips/verb": "submit",
        "trip-rules": TripRules.objects.values_list("pk", flat=True).first(),
        "trip-criteria": ReviewCriterion.objects.values_list("pk", flat=True).first(),
        "merges": merge.pk,
        "not-duplicates": not_duplicate.pk,
        "attachments": make_attachment(entity=entity).pk,
        # Someone else's: every matrix user is told it does not exist (404), which is neither 401 nor 403.
        "notifications": Notification.objects.create(
            recipient=UserFactory(), key="matrix", title_en="Reminder", title_zh="提醒"
        ).pk,
        "regions": Region.objects.order_by("code").values_list("code", flat=True).first(),
        "entities/note_pk": NoteFactory(entity=entity).pk,
        "entities/fmt": "xlsx",
        "relations/fmt": "csv",
        "events/fmt": "xlsx",
        "followups/fmt": "csv",
        "trips/fmt": "xlsx",
        "imports": ImportRecord.objects.create(kind="entities", file_name="e.csv", content=b"name\nAachen\n").pk,
        "imports/kind": "ties",
        "relations/note_pk": NoteFactory(entity=None, relation=relation).pk,
        # A user reaches only their own tokens: another's (or a made-up) key is unknown to every role.
        "auth/token_key": "0123abcd",
        # The service desk's routes are about three kinds of record under one prefix (services/...).
        "services": entry.pk,
        "services/entries": entry.pk,
        "services/kinds": entry.kind_id,
        "services/apec-cards": card.pk,
    }


def _path(route: str, world: dict) -> str:
    """The request path for a route: each id becomes the world's record of the kind the route is about."""
    parts = _name(route).removeprefix("api/").split("/")
    kind = parts[0]
    if len(parts) > 1 and f"{parts[0]}/{parts[1]}" in world:  # services/apec-cards/<pk>/: an APEC card
        kind = f"{parts[0]}/{parts[1]}"

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
