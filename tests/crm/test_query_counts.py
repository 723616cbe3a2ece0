"""Every list, timeline, stats breakdown and the anniversaries cost the same queries for 3 rows and 300 (issue 11).

A request's queries must not grow with the rows it lists (no per-row query); the lists paginate (page size 50).
"""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import ParticipantRole
from events.stats import REPORT_BREAKDOWNS
from relations.models import Relation
from tests.factories import EntityFactory, EventFactory, HomeCityFactory, ParticipantFactory, RelationFactory

PAGINATED = ("/api/entities/", "/api/relations/", "/api/events/", "/api/anniversaries/?start=2026-01-01&end=2026-12-31")


def _grow(home, count: int, offset: int) -> None:
    """`count` partners, each with a signed tie to `home` and one held event with both of them this year."""
    for index in range(offset, offset + count):
        partner = EntityFactory(name=f"Partner {index}", country=("KR", "JP", "US")[index % 3])
        tie = RelationFactory(source=home, target=partner, established_on=date(2000 + index % 20, 1 + index % 12, 1))
        event = EventFactory(title=f"Visit {index}", start_date=date(date.today().year, 1 + index % 12, 1))
        event.relations.add(tie)
        ParticipantFactory(event=event, entity=partner, headcount=3)
        ParticipantFactory(event=event, entity=home, role=ParticipantRole.HOST)


def _urls(home, tie) -> list[str]:
    return [
        *PAGINATED,
        f"/api/entities/{home.pk}/timeline/",
        f"/api/entities/{home.pk}/timeline/?include=children",
        f"/api/relations/{tie.pk}/timeline/",
        *(f"/api/stats/?by={by}" for by in REPORT_BREAKDOWNS),
    ]


def _counts(api, urls) -> dict[str, int]:
    """Each request's queries, cold: the stats' per-year cache is emptied first, so that a cached answer (a query or
    two) is never compared with a computed one (tests/events/test_stats_api.py pins the cached counts)."""
    counts = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_list_timeline_breakdown_and_anniversaries_cost_the_same_for_3_rows_and_300(api_as):
    home = HomeCityFactory()
    _grow(home, 3, 0)
    tie = Relation.objects.filter(source=home).order_by("pk").first()
    api = api_as("viewer")
    urls = _urls(home, tie)
    _counts(api, urls)  # warm up the user's permission cache
    few = _counts(api, urls)
    _grow(home, 297, 3)
    many = _counts(api, urls)
    assert many == few
    for url in PAGINATED:
        page = api.get(url).json()
        assert page["count"] >= 300 and len(page["results"]) == 50 and page["next"]
