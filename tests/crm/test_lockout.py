"""Login lockout and throttling (issue 9, finding 8): django-axes on the login form and the token endpoint, per user
and per address; a DRF throttle on the token endpoint; an admin unlocks."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

LIMIT = 5  # AXES_FAILURE_LIMIT's default


def _token(user, password=None, address="127.0.0.1", username=None):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/auth/token/",
        {"username": username or user.username, "password": password or "pw-" + user.username},
        format="json",
    )


def _form(client, user, password=None, **extra):
    return client.post(
        "/accounts/login/", {"username": user.username, "password": password or "pw-" + user.username}, **extra
    )


def test_the_token_endpoint_locks_a_user_out_after_five_failures_even_with_the_right_password(officer):
    statuses = [_token(officer, "wrong").status_code for _ in range(LIMIT)]
    assert statuses == [400] * (LIMIT - 1) + [429]  # the failure that reaches the limit is answered as a lockout
    response = _token(officer)
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.json()["detail"]


def test_four_failures_do_not_lock(officer):
    for _ in range(LIMIT - 1):
        assert _token(officer, "wrong").status_code == 400
    assert _token(officer).status_code == 200


def test_logging_in_as_oneself_does_not_clear_the_count_of_guesses_at_someone_else(officer, make_user):
    guesser = make_user("viewer", username="guesser")
    for _ in range(LIMIT - 1):
        assert _token(officer, "wrong", address="10.3.3.3").status_code == 400
    assert _token(guesser, address="10.3.3.3").status_code == 200
    assert _token(officer, "wrong", address="10.3.3.3").status_code == 429


def test_the_count_expires_after_the_cooloff(officer):
    for _ in range(LIMIT):
        _token(officer, "wrong")
    assert _token(officer).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _token(officer).status_code == 200


def test_the_login_form_locks_a_user_out_with_a_clear_message(client, officer):
    for _ in range(LIMIT):
        _form(client, officer, "wrong")
    response = _form(client, officer)
    assert response.status_code == 429
    html = response.content.decode()
    assert 'id="lockout-message"' in html and "Too many failed login attempts" in html
    assert 'name="username"' in html  # the login page itself, not a bare error
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_the_lockout_message_is_in_chinese_for_a_chinese_browser(client, officer):
    for _ in range(LIMIT):
        _form(client, officer, "wrong", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = _form(client, officer, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "登录失败次数过多" in html and "15 分钟" in html
    response = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans").post(
        "/api/auth/token/", {"username": officer.username, "password": "pw-officer-user"}, format="json"
    )
    assert response.status_code == 429 and "登录失败次数过多" in response.json()["detail"]


def test_failures_on_the_form_and_the_api_count_together(client, officer):
    for _ in range(3):
        _form(client, officer, "wrong")
    for _ in range(2):
        _token(officer, "wrong")
    assert _token(officer).status_code == 429


def test_a_username_is_locked_from_every_address(officer):
    for n in range(LIMIT):
        _token(officer, "wrong", address=f"10.0.0.{n + 1}")
    assert _token(officer, address="10.0.9.9").status_code == 429


def test_an_address_is_locked_for_every_username(make_user):
    victim = make_user("viewer", username="victim")
    for n in range(LIMIT):
        assert _token(victim, "wrong", address="10.0.0.7", username=f"guess-{n}").status_code in (400, 429)
    assert _token(victim, address="10.0.0.7").status_code == 429
    assert _token(victim, address="10.0.0.8").status_code == 200  # the user is not locked elsewhere


def test_the_attempts_are_logged(officer):
    for _ in range(2):
        _token(officer, "wrong", address="10.1.1.1")
    attempt = AccessAttempt.objects.get(username=officer.username)
    assert attempt.failures_since_start == 2 and attempt.ip_address == "10.1.1.1"
    assert AccessFailureLog.objects.filter(username=officer.username).count() == 2


@pytest.mark.parametrize(
    "reset", [["axes_reset_username", "officer-user"], ["axes_reset"]], ids=["axes_reset_username", "axes_reset"]
)
def test_an_admin_command_unlocks(officer, reset):
    for _ in range(LIMIT):
        _token(officer, "wrong")
    assert _token(officer).status_code == 429
    call_command(*reset, verbosity=0)
    assert _token(officer).status_code == 200


def test_an_admin_unlocks_in_the_admin(client, officer, admin_role_user):
    for _ in range(LIMIT):
        _token(officer, "wrong")
    assert _token(officer).status_code == 429
    client.force_login(admin_role_user)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and officer.username in listing.content.decode()
    ids = list(AccessAttempt.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )
    assert response.status_code == 302
    assert _token(officer).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_only_admins_see_the_attempts(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get("/admin/axes/accessattempt/").status_code == 302


def test_the_token_endpoint_is_throttled_per_address(officer, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "auth-token", "3/minute")
    assert [_token(officer).status_code for _ in range(3)] == [200, 200, 200]
    throttled = _token(officer)
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert _token(officer, address="10.2.2.2").status_code == 200


def test_the_throttle_rate_has_a_default(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth-token"] == "20/minute"


def test_the_admin_login_is_locked_too(client, admin_role_user):
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": admin_role_user.username, "password": "wrong"})
    response = client.post(
        "/admin/login/", {"username": admin_role_user.username, "password": "pw-" + admin_role_user.username}
    )
    assert response.status_code == 429 and "Too many failed login attempts" in response.content.decode()
    assert client.get("/admin/").status_code == 302
