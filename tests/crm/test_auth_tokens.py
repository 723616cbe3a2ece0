"""API tokens (issue 9, finding 7): a new expiring token per login, revoked by logout, by a password change and by
an admin; each user lists their own."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parents[2]


def _login(user) -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": "pw-" + user.username}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _as(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _works(token: str) -> bool:
    status = _as(token).get("/api/entities/").status_code
    assert status in (200, 401), status
    return status == 200


def test_each_login_gets_a_new_token_that_expires_after_the_ttl(officer):
    before = timezone.now()
    first, second = _login(officer), _login(officer)
    assert first != second
    assert _works(first) and _works(second)
    expiries = list(AuthToken.objects.filter(user=officer).values_list("expiry", flat=True))
    assert len(expiries) == 2
    for expiry in expiries:  # the default TTL is 10 hours
        assert before + timedelta(hours=10) <= expiry <= timezone.now() + timedelta(hours=10)


def test_the_token_response_names_its_expiry(officer):
    response = APIClient().post("/api/auth/token/", {"username": officer.username, "password": "pw-officer-user"})
    assert set(response.json()) == {"token", "expiry"}


def test_an_expired_token_no_longer_authenticates(officer):
    token = _login(officer)
    AuthToken.objects.filter(user=officer).update(expiry=timezone.now() - timedelta(seconds=1))
    assert not _works(token)


def test_a_login_clears_the_users_expired_tokens(officer, viewer):
    _login(officer)
    _login(viewer)
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    fresh = _login(officer)
    assert list(AuthToken.objects.filter(user=officer).values_list("token_key", flat=True)) == [fresh[:15]]
    assert AuthToken.objects.filter(user=viewer).count() == 1  # someone else's wait for their own next login


def test_tokens_are_not_stored_in_clear(officer):
    token = _login(officer)
    stored = AuthToken.objects.get(user=officer)
    assert token not in (stored.digest, stored.token_key) and token.startswith(stored.token_key)


def test_delete_revokes_the_token_in_use_and_no_other(officer):
    kept, revoked = _login(officer), _login(officer)
    assert _as(revoked).delete("/api/auth/token/").status_code == 204
    assert not _works(revoked)
    assert _works(kept)
    assert _as(revoked).delete("/api/auth/token/").status_code == 401


def test_delete_without_a_token_is_401(api_client, db):
    assert api_client.delete("/api/auth/token/").status_code == 401


def test_a_stale_token_header_does_not_stop_a_login(officer):
    stale = _login(officer)
    _as(stale).delete("/api/auth/token/")
    response = _as(stale).post("/api/auth/token/", {"username": officer.username, "password": "pw-officer-user"})
    assert response.status_code == 200


def test_logging_out_everywhere_revokes_every_token_of_the_user_only(officer, viewer):
    mine = [_login(officer), _login(officer)]
    theirs = _login(viewer)
    assert _as(mine[0]).delete("/api/auth/tokens/").status_code == 204
    assert not any(_works(t) for t in mine)
    assert _works(theirs)


def test_the_token_list_shows_the_users_own_active_tokens(officer, viewer):
    current, other = _login(officer), _login(officer)
    expired = _login(officer)
    AuthToken.objects.filter(token_key=expired[:15]).update(expiry=timezone.now() - timedelta(minutes=1))
    _login(viewer)
    response = _as(current).get("/api/auth/tokens/")
    assert response.status_code == 200
    rows = response.json()
    assert sorted(r["token_key"] for r in rows) == sorted([current[:15], other[:15]])
    assert {r["token_key"]: r["current"] for r in rows} == {current[:15]: True, other[:15]: False}
    assert all(set(r) == {"token_key", "created", "expiry", "current"} for r in rows)


def test_a_user_revokes_one_of_their_tokens_but_not_someone_elses(officer, viewer):
    mine, spare = _login(officer), _login(officer)
    theirs = _login(viewer)
    assert _as(mine).delete(f"/api/auth/tokens/{spare[:15]}/").status_code == 204
    assert not _works(spare) and _works(mine)
    assert _as(mine).delete(f"/api/auth/tokens/{theirs[:15]}/").status_code == 404
    assert _works(theirs)


def test_the_token_list_needs_a_login(api_client, db):
    assert api_client.get("/api/auth/tokens/").status_code == 401
    assert api_client.delete("/api/auth/tokens/").status_code == 401


def test_changing_the_password_on_the_page_revokes_every_token(client, officer):
    tokens = [_login(officer), _login(officer)]
    client.force_login(officer)
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw-officer-user", "new_password1": "a-new-long-pass-7", "new_password2": "a-new-long-pass-7"},
    )
    assert response.status_code == 302, response.content
    assert not any(_works(t) for t in tokens)
    assert not AuthToken.objects.filter(user=officer).exists()


def test_an_admin_setting_a_password_revokes_every_token(admin_client, officer):
    token = _login(officer)
    response = admin_client.post(
        f"/admin/auth/user/{officer.pk}/password/",
        {"password1": "a-new-long-pass-7", "password2": "a-new-long-pass-7", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    assert not _works(token)


def test_set_password_anywhere_revokes_every_token(officer, viewer):
    token, theirs = _login(officer), _login(viewer)
    officer.set_password("a-new-long-pass-7")
    officer.save()
    assert not _works(token)
    assert _works(theirs)


def test_the_password_page_says_tokens_are_revoked(client, officer):
    client.force_login(officer)
    assert "revokes every API token" in client.get("/accounts/password/").content.decode()


def test_an_admin_lists_a_users_active_tokens_and_revokes_one(client, admin_role_user, officer):
    token, other = _login(officer), _login(officer)
    client.force_login(admin_role_user)
    listing = client.get(f"/admin/knox/authtoken/?user__id__exact={officer.pk}&active=1")
    assert listing.status_code == 200
    assert token[:15] in listing.content.decode() and other[:15] in listing.content.decode()
    user_page = client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()
    assert f"?user__id__exact={officer.pk}&amp;active=1" in user_page and "2 active" in user_page
    digest = AuthToken.objects.get(token_key=token[:15]).digest
    response = client.post(f"/admin/knox/authtoken/{digest}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not _works(token) and _works(other)
    # Tokens are made by logging in only.
    assert client.get("/admin/knox/authtoken/add/").status_code == 403


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_only_admins_see_the_tokens_in_the_admin(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get("/admin/knox/authtoken/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_token_ttl_comes_from_the_environment():
    env = {**os.environ, "DJANGO_TOKEN_TTL_HOURS": "2.5"}
    code = "import crm.settings as s; print(s.REST_KNOX['TOKEN_TTL'].total_seconds())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "9000.0"
    env["DJANGO_TOKEN_TTL_HOURS"] = "0"
    refused = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0 and "DJANGO_TOKEN_TTL_HOURS" in refused.stderr
