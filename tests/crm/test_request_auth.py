"""crm.auth: the token check and the permission backend, one query each per request, with knox's and Django's
answers."""

from datetime import timedelta

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from crm.auth import PermissionBackend


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _auth_queries(token: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert _client(token).get("/api/auth/tokens/").status_code == 200
    return [q["sql"] for q in queries.captured_queries if "knox_authtoken" in q["sql"]]


def test_a_request_reads_its_own_token_only_however_many_the_user_has(officer):
    _instance, token = AuthToken.objects.create(user=officer)
    few = _auth_queries(token)
    for _ in range(20):
        AuthToken.objects.create(user=officer, expiry=timedelta(hours=-1))  # expired, swept at the next login
    many = _auth_queries(token)
    # The token looked up by its key, and the list view's own read of the active ones: no sweep of the others.
    assert len(few) == len(many) == 2
    assert AuthToken.objects.filter(user=officer).count() == 21


def test_an_expired_token_presented_is_refused_and_deleted(officer):
    instance, token = AuthToken.objects.create(user=officer)
    AuthToken.objects.filter(pk=instance.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert _client(token).get("/api/entities/").status_code == 401
    assert not AuthToken.objects.filter(pk=instance.pk).exists()


def test_a_token_without_expiry_keeps_working(officer):
    instance, token = AuthToken.objects.create(user=officer, expiry=None)
    assert instance.expiry is None
    assert _client(token).get("/api/entities/").status_code == 200


@pytest.mark.parametrize("role", ["viewer", "officer", "admin"])
def test_the_backend_grants_what_djangos_grants_in_one_query(make_user, role):
    user = make_user(role)
    user.user_permissions.add(Permission.objects.get(codename="view_user"))  # one of the user's own
    with CaptureQueriesContext(connection) as queries:
        ours = PermissionBackend().get_all_permissions(user)
        again = PermissionBackend().get_all_permissions(user)  # kept on the user for the request
    assert len(queries) == 1 and again is ours
    fresh = type(user).objects.get(pk=user.pk)
    assert ours == ModelBackend().get_all_permissions(fresh)
    assert "auth.view_user" in ours and ("contacts.view_entity" in ours)
    assert ("contacts.add_entity" in ours) == (role != "viewer")


def test_superusers_hold_every_permission_and_inactive_users_none(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x-pw-long-enough")
    assert len(PermissionBackend().get_all_permissions(root)) == Permission.objects.count()
    gone = django_user_model.objects.create_user("gone", password="x-pw-long-enough", is_active=False)
    gone.user_permissions.add(Permission.objects.get(codename="view_user"))
    assert PermissionBackend().get_all_permissions(gone) == set()
    assert not gone.has_perm("auth.view_user")
