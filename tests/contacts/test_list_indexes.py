"""The entity list, filtered by kind and country or by country and sorted by name (its ordering), reads its page's
ids in order from an index (migration contacts 0006, issue 11): no sort of every match (3,337 Japanese cities took
6 ms of a 16 ms list at 100,000 entities)."""

import pytest
from django.db import connection

from contacts.models import Entity
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def plan_of(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A tiny table: make the planner show it can walk the index in order rather than sort.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"kind": "city", "country": "JP"}, "contacts_entity_kind_ctry_name"),
        ({"country": "JP"}, "contacts_entity_country_name"),
    ],
)
def test_the_page_is_read_in_order_from_an_index(filters, index):
    EntityFactory.create_batch(3, kind="city", country="JP")
    page = Entity.objects.filter(**filters).order_by("name", "id").values("pk")[:50]
    plan = plan_of(page)
    if connection.vendor == "sqlite":
        assert index in plan and "TEMP B-TREE" not in plan, plan
    else:  # on a table this small the planner may pick either index; what counts is that neither needs a sort
        assert "Index" in plan and "Sort" not in plan, plan


def test_an_entitys_distinct_events_are_counted_from_an_index():
    """The list's events count per row (migration events 0007): COUNT(DISTINCT event) of an entity's participations
    from the (entity, event) index, without reading the participations' rows."""
    from django.db.models import Count

    from events.models import Participant

    counted = Participant.objects.filter(entity_id=1).values("entity").annotate(n=Count("event", distinct=True))
    plan = plan_of(counted.values("n"))
    if connection.vendor == "sqlite":
        assert "COVERING INDEX events_participant_ent_evt" in plan, plan
    else:
        assert "events_participant_ent_evt" in plan or "Index Only Scan" in plan, plan
