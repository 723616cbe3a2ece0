"""core.middleware: the benchmark's X-Query-Count header, off unless CRM_QUERY_COUNT_HEADER (issue 11)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_header_is_off_by_default(db):
    assert "X-Query-Count" not in Client().get("/api/health/")


def test_the_header_counts_the_statements_of_the_request(settings, page_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CRM_QUERY_COUNT_HEADER = True
    assert Client().get("/api/health/")["X-Query-Count"] == "1"  # health runs one SELECT 1
    client = page_as("viewer")
    client.handler.load_middleware()  # the setting is read when the middleware is built
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/entities/")
    assert int(response["X-Query-Count"]) == len(queries) > 1
