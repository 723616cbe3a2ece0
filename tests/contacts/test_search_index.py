"""`q=` at scale (issue 11): on PostgreSQL a pg_trgm GIN index serves the search (migration contacts 0004); on
SQLite the same query scans the one column. Both give the same results: this module runs on either database (the
suite runs on SQLite, and on PostgreSQL with DATABASE_URL), and its expectations do not depend on which."""

import pytest
from django.db import connection

from contacts.models import Entity
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/entities/"


@pytest.fixture
def names(db):
    return {
        "daegu": EntityFactory(name="대구", name_en="Daegu", name_zh="大邱", country="KR"),
        "nagaokakyo": EntityFactory(name="Nagaokakyō", name_zh="长冈京", country="JP"),
        "aachen": EntityFactory(name="Aachen", name_zh="亚琛", country="DE", aliases=["Aix-la-Chapelle"]),
        "ningbo": EntityFactory(name="宁波", name_en="Ningbo", country="CN", domestic=True),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("daegu", {"daegu"}),
        ("DAE", {"daegu"}),
        ("大邱", {"daegu"}),
        ("daqiu", {"daegu"}),  # pinyin of the Chinese name
        ("nagaokakyo", {"nagaokakyo"}),
        ("chapelle", {"aachen"}),  # an alias
        ("ningbo", {"ningbo"}),
        ("亚", {"aachen"}),
        ("a", {"daegu", "nagaokakyo", "aachen"}),  # one letter: a trigram index cannot serve it, the answer is alike
        ("zz", set()),
    ],
)
def test_q_finds_the_same_entities_on_either_database(api_as, names, query, expected):
    body = api_as("viewer").get(URL, {"q": query, "page_size": 100}).json()
    found = {key for key, entity in names.items() if entity.pk in {row["id"] for row in body["results"]}}
    assert found == expected


def test_postgresql_searches_through_the_trigram_index(names):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'contacts_entity_search_trgm'")
        (definition,) = cursor.fetchone()
        assert "gin" in definition and "gin_trgm_ops" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show it can use the index
        sql, params = Entity.objects.filter(search_text__contains="daegu").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "contacts_entity_search_trgm" in plan


def test_sqlite_scans_the_narrow_index_not_the_rows(names):
    """SQLite cannot serve LIKE '%term%' from an index; it scans the (name, search_text) index of migration 0005
    for the count and for the page (in the list's order), not every entity's whole row."""
    if connection.vendor != "sqlite":
        pytest.skip("the covering index exists on SQLite only")
    queries = {
        "count": Entity.objects.filter(search_text__contains="daegu").values("pk"),
        "page": Entity.objects.filter(search_text__contains="daegu").order_by("name", "id").values("pk")[:50],
    }
    with connection.cursor() as cursor:
        for name, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "COVERING INDEX contacts_entity_name_search" in plan, (name, plan)
