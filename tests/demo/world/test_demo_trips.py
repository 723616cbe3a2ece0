"""The demo's outbound trips: Wujiang's year from the seeds (85 submitted; 5 batches / 21 person-times refused, 2 / 4
postponed, 2 member changes), each trip taken through the services, so the trips pages and the Reports page read
with real-looking figures."""

from django.utils import translation

from demo import trips as demo_trips
from demo.users import demo_load
from events.models import Event
from trips.choices import StepKind, TripStatus
from trips.models import Trip, TripStep
from trips.report import year_figures


def test_the_plans_are_the_seeds_figures():
    plans = demo_trips.year_plans(2025)
    assert len(plans) == 85
    refused = [p for p in plans if p.outcome == "refused"]
    postponed = [p for p in plans if p.outcome == "postponed"]
    assert (len(refused), sum(p.people for p in refused)) == (5, 21)
    assert (len(postponed), sum(p.people for p in postponed)) == (2, 4)
    assert sum(p.members_changed for p in plans) == 2
    assert all(1 <= p.people <= 6 for p in plans)
    assert demo_trips.year_plans(2025) == plans  # deterministic


def test_the_demo_year_of_trips_reads_in_the_figures(demo, db):
    trips_2025 = Trip.objects.filter(start_date__year=2025)
    assert trips_2025.count() == 85
    assert trips_2025.filter(status=TripStatus.REFUSED).count() == 5
    assert TripStep.objects.filter(trip__start_date__year=2025, kind=StepKind.MEMBERS_CHANGED).count() == 2
    back = trips_2025.filter(status=TripStatus.BACK)
    assert back.count() == 78
    # one exchange counted once: each trip that took place is one outbound event
    assert Event.objects.filter(kind="visit_out", pk__in=back.values("event_id")).count() == 78
    assert not back.filter(report_filed_on__isnull=True).exists()
    assert not back.filter(passports_returned_on__isnull=True).exists()
    figures = year_figures(year=2025)
    after = next(t for t in figures["tables"] if t["key"] == "trips_after")
    assert {row["key"]: row["rate"] for row in after["rows"]} == {"passports": 100.0, "reports": 100.0}
    with translation.override("zh-hans"):
        from trips.report import summary

        text = "".join(summary(figures))
    assert "因公出国" in text and "85" in text


def test_a_second_load_adds_no_trip(demo, db):
    before = Trip.objects.count()
    _users, created = demo_load()
    assert Trip.objects.count() == before and not created.get("trips")
