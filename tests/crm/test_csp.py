"""The Content-Security-Policy (issue 9, finding 11): sent on pages, API answers and the login page; strict
(no 'unsafe-inline' anywhere but the two API documentation viewers' styles); and no template holds code the policy
would refuse. tests/browser/test_csp.py opens every main page in Chromium and fails on any violation."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import EntityFactory

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_the_login_page_and_an_anonymous_api_answer_carry_the_strict_policy(client):
    assert policy(client.get("/accounts/login/")) == STRICT
    response = client.get("/api/entities/")
    assert response.status_code in (401, 403)
    assert policy(response) == STRICT


@pytest.mark.parametrize("path", ["/", "/entities/", "/relations/", "/events/", "/reports/", "/no-such-page/"])
def test_pages_carry_the_strict_policy(page_as, path):
    response = page_as("officer").get(path)
    assert response.status_code in (200, 404)
    assert policy(response) == STRICT


def test_api_answers_carry_the_strict_policy(officer_api):
    entity = EntityFactory()
    for path in ("/api/entities/", f"/api/entities/{entity.pk}/", "/api/schema/"):
        response = officer_api.get(path)
        assert response.status_code == 200, path
        assert policy(response) == STRICT, path


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_only_the_api_viewers_may_add_styles_and_still_run_no_inline_script(page_as, path):
    response = page_as("viewer").get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    assert {k: v for k, v in directives.items() if k not in ("style-src", "worker-src")} == {
        k: v for k, v in STRICT.items() if k != "style-src"
    }
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), "an inline <script> on the API documentation page"
    assert "<style" not in html and "fonts.googleapis.com" not in html


def test_the_admin_gets_no_exception(client, admin_user):
    client.force_login(admin_user)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{admin_user.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == STRICT, path


# What the policy refuses, as it would appear in a template: a <script> without src, a <style> element, a style=""
# attribute, an on*= handler, htmx's hx-on (evaluated code) and javascript: links.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|hx-on|javascript:",
    re.IGNORECASE,
)


def project_templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / "templates", *(p for p in base.glob("*/templates") if p.is_dir())]
    folders += [p for p in base.glob("*/*/templates") if p.is_dir() and ".venv" not in p.parts]
    return sorted(f for folder in folders for f in folder.rglob("*.html"))


def test_no_template_holds_inline_code():
    templates = project_templates()
    assert len(templates) > 40
    found = []
    for template in templates:
        text = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.S)  # comments may name what is refused
        for match in INLINE_CODE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{template.relative_to(settings.BASE_DIR)}:{line}: {match.group(0)}")
    assert found == [], "inline code the Content-Security-Policy refuses:\n" + "\n".join(found)
