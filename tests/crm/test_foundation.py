"""The foundation: health, token, anonymous access, roles, languages, production settings, no outside hosts."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from crm.roles import ROLE_NAMES, role_permissions

ROOT = Path(__file__).resolve().parents[2]


def test_health_needs_no_login_and_reports_the_database(client, db):
    response = client.get("/api/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["version"]


def test_token_endpoint_gives_a_token_that_authenticates(api_client, officer):
    response = api_client.post(
        "/api/auth/token/", {"username": officer.username, "password": "pw-officer-user"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/schema/").status_code == 200


def test_token_endpoint_refuses_bad_credentials_with_400(api_client, officer):
    response = api_client.post("/api/auth/token/", {"username": officer.username, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    missing = api_client.post("/api/auth/token/", {"username": officer.username}, format="json")
    assert missing.status_code == 400
    assert "password" in missing.json()


def test_anonymous_api_request_gets_401(api_client, db):
    assert api_client.get("/api/schema/").status_code == 401
    response = api_client.get("/api/docs/")
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/", "/profile/", "/accounts/password/"])
def test_anonymous_page_request_redirects_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_open_to_anonymous_users(client, db):
    assert client.get("/accounts/login/").status_code == 200


def test_role_groups_exist_with_growing_permissions(db):
    assert set(Group.objects.filter(name__in=ROLE_NAMES).values_list("name", flat=True)) == set(ROLE_NAMES)
    viewer = set(role_permissions("viewer").values_list("codename", flat=True))
    officer = set(role_permissions("officer").values_list("codename", flat=True))
    admin = set(role_permissions("admin").values_list("codename", flat=True))
    assert "view_entity" in viewer and "add_entity" not in viewer
    assert {"view_entity", "add_entity", "change_entity"} <= officer and "delete_entity" not in officer
    assert {"delete_entity", "delete_relation", "delete_event", "change_user"} <= admin
    assert viewer < officer < admin


def test_the_role_groups_hold_their_permissions_as_migrated(db):
    # No test syncs the roles: the post_migrate sync of the test database must already have given each its own.
    for name in ROLE_NAMES:
        held = set(Group.objects.get(name=name).permissions.values_list("pk", flat=True))
        assert held == set(role_permissions(name).values_list("pk", flat=True)), name


def test_demo_users_are_created_idempotently(db):
    from demo.users import DEMO_USERS, demo_users_ensure

    demo_users_ensure()
    users = demo_users_ensure()
    assert [u.username for u in users] == [name for name, *_ in DEMO_USERS]
    admin = users[0]
    assert admin.is_staff and admin.has_perm("contacts.delete_entity")
    assert not users[2].has_perm("contacts.add_entity")


def test_login_page_is_chinese_for_a_chinese_browser(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans"' in content
    assert "登录" in content


def test_login_page_is_english_for_an_english_browser(client, db):
    content = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en"' in content
    assert "Log in" in content
    assert "登录" not in content


def test_language_choice_sticks_over_the_browser_default(client, db):
    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    content = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans"' in content


def test_logged_in_user_sees_the_shell_and_can_log_out(page_as):
    client = page_as("viewer")
    content = client.get("/").content.decode()
    for label in ("Dashboard", "Entities", "Relations", "Events", "Calendar", "Reports", "Expansion"):
        assert label in content
    assert 'id="logout-button"' in content
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_admin_link_shown_to_admins_only(page_as):
    assert "/admin/" not in page_as("officer").get("/").content.decode()


def test_password_change_page_changes_the_password(page_as):
    client = page_as("officer")
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw-page-officer", "new_password1": "a-New-passw0rd!", "new_password2": "a-New-passw0rd!"},
    )
    assert response.status_code == 302
    client.user.refresh_from_db()
    assert client.user.check_password("a-New-passw0rd!")


def _run_python(code: str, env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra)
    env["DJANGO_SETTINGS_MODULE"] = "crm.settings"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_refuse_a_missing_secret_key():
    result = _run_python("import django; django.setup()", {"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 60 + "-production-test-key-with-enough-entropy",
            "DJANGO_ALLOWED_HOSTS": "crm.example.org",
        },
    )
    assert result.returncode == 0, result.stderr + result.stdout


OUTSIDE = re.compile(
    r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|"""
    r"""(?:import|fetch)\s*\(?\s*["'](?:https?:)?//""",
    re.IGNORECASE,
)


def test_no_page_loads_anything_from_an_outside_host():
    offenders = []
    for folder in ("templates", "static"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".css", ".js", ".mjs", ".svg"}:
                text = path.read_text(encoding="utf-8", errors="ignore")
                if OUTSIDE.search(text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
