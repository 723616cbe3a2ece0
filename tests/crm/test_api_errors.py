"""API errors are always JSON, a server error included; pages keep Django's HTML error pages (issue 9, finding 11)."""

import pytest
from django.test import Client

from crm.api_views import HealthView

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_health(monkeypatch):
    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HealthView, "get", explode)


def test_an_unhandled_error_in_the_api_answers_json_500(broken_health, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/api/health/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "A server error occurred."}
    assert "boom" not in response.content.decode()


def test_an_unknown_api_address_answers_json_404(page_as):
    response = page_as("officer").get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_pages_keep_html_error_pages(page_as):
    response = page_as("officer").get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
