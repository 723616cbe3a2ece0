"""The trips' report section from a hand-built year: the figures, last year's and the change, officials apart,
destinations and regions, year to date, the sentences in both languages, constant queries."""

import datetime as dt

import pytest
from django.utils import translation

from contacts.choices import EntityKind, RegionKind
from contacts.models import Region
from events import sections
from tests.factories import EntityFactory
from trips.choices import StepKind, TripStatus
from trips.models import Trip, TripLeg, TripStep
from trips.report import summary, year_figures


def _trip(
    unit,
    start,
    *,
    status=TripStatus.BACK,
    people=1,
    category="officials",
    kind="self_organised",
    countries=("DE",),
    steps=(),
):
    trip = Trip.objects.create(
        title="T",
        organiser=unit,
        start_date=start,
        end_date=start + dt.timedelta(days=4),
        status=status,
        headcount=people,
        category=category,
        kind=kind,
    )
    for n, code in enumerate(countries):
        TripLeg.objects.create(trip=trip, order=n, country=code, days=1)
    for kind_ in (StepKind.SUBMITTED, *steps):
        TripStep.objects.create(trip=trip, kind=kind_, date=start)
    return trip


@pytest.fixture
def year(db):
    """2024: 4 approved (7 person-times; officials 2 trips, 3 person-times), 1 refused (2), 1 postponed (1), one
    of the approved had its members changed; 2023: 2 approved (4), both officials (4)."""
    unit = EntityFactory(kind=EntityKind.ORGANISATION, country="CN", domestic=True)
    _trip(unit, dt.date(2024, 2, 1), people=1)
    _trip(unit, dt.date(2024, 5, 1), people=2, countries=("DE", "FR"), steps=(StepKind.MEMBERS_CHANGED,))
    _trip(unit, dt.date(2024, 8, 1), people=3, category="private_enterprise", kind="enterprise", countries=("JP",))
    _trip(
        unit,
        dt.date(2024, 11, 1),
        people=1,
        category="school",
        kind="study",
        countries=("HK",),
        status=TripStatus.APPROVED,
    )
    _trip(unit, dt.date(2024, 3, 1), people=2, status=TripStatus.REFUSED)
    _trip(unit, dt.date(2024, 4, 1), people=1, status=TripStatus.POSTPONED, steps=(StepKind.POSTPONED,))
    _trip(unit, dt.date(2023, 3, 1), people=2)
    _trip(unit, dt.date(2023, 9, 1), people=2)
    return unit


def _table(figures, key):
    return next(t for t in figures["tables"] if t["key"] == key)


def _row(figures, table, key):
    return next(r for r in _table(figures, table)["rows"] if r["key"] == key)


def test_the_decisions_of_a_known_year(year):
    figures = year_figures(year=2024)
    pick = lambda key: (lambda r: (r["batches"], r["person_times"]))(_row(figures, "trips_status", key))  # noqa: E731
    assert pick("submitted") == (6, 10)
    assert pick("approved") == (4, 7)
    assert pick("refused") == (2 - 1, 2)
    assert pick("postponed") == (1, 1)
    assert pick("changed") == (1, 2)
    approved = _row(figures, "trips_status", "approved")
    assert (approved["prev_batches"], approved["prev_person_times"]) == (2, 4)
    assert (approved["change_batches_pct"], approved["change_person_times_pct"]) == (100.0, 75.0)


def test_kinds_categories_destinations_and_regions(year):
    figures = year_figures(year=2024)
    officials = _row(figures, "trips_category", "officials")
    assert (officials["batches"], officials["person_times"], officials["prev_batches"]) == (2, 3, 2)
    assert _row(figures, "trips_kind", "enterprise")["person_times"] == 3
    germany = _row(figures, "trips_country", "DE")
    assert (germany["batches"], germany["person_times"], germany["prev_batches"]) == (2, 3, 2)
    assert "Hong Kong" in _row(figures, "trips_country", "HK")["label"]
    Region.objects.update_or_create(
        code="europe-test", defaults={"kind": RegionKind.CONTINENT, "name": "Europe T", "countries": ["DE", "FR"]}
    )
    europe = _row(year_figures(year=2024), "trips_region", "europe-test")
    assert (europe["batches"], europe["person_times"]) == (2, 3)  # the trip to Germany and France counts once


def test_year_to_date_cuts_both_years_on_the_same_day(year):
    figures = year_figures(year=2024, until=dt.date(2024, 6, 30))
    approved = _row(figures, "trips_status", "approved")
    assert (approved["batches"], approved["prev_batches"]) == (2, 1)


def test_the_sentences_in_both_languages(year):
    with translation.override("zh-hans"):
        zh = summary(year_figures(year=2024))
    assert zh[0].startswith("全年共审批因公出国（境）团组4批7人次")
    assert "其中党政人员出国2批3人次" in zh[0] and "同比分别增长100.0%和75.0%" in zh[0]
    assert "报送的6批团组中" in zh[1] and "1批2人次未获同意" in zh[1] and "1批团组进行人员调整" in zh[1]
    with translation.override("en"):
        en = summary(year_figures(year=2024))
    assert en[0].startswith("In the year we approved 4 outbound delegations (7 person-times), up 100.0% and 75.0%")
    assert "party and government officials 2 (3 person-times)" in en[0]


def test_the_section_is_registered_in_the_year_s_report(year):
    built = {s["key"]: s for s in sections.build(year=2024)}
    assert "trips" in built and built["trips"]["summary"]


@pytest.mark.parametrize("count", [3, 30])
def test_the_figures_cost_the_same_queries_whatever_the_trips(db, django_assert_num_queries, count):
    unit = EntityFactory(kind=EntityKind.ORGANISATION, country="CN", domestic=True)
    for n in range(count):
        _trip(unit, dt.date(2024, 1 + n % 12, 1), people=1 + n % 3, countries=("DE", "FR") if n % 2 else ("JP",))
    continents = Region.objects.filter(kind=RegionKind.CONTINENT).count()
    with django_assert_num_queries(5 + 1 + continents):
        year_figures(year=2024)


def test_the_section_is_shown_only_to_those_who_may_read_trips(year, make_user):
    from django.contrib.auth.models import Permission

    officer = make_user("officer", username="reader")
    assert "trips" in {s["key"] for s in sections.build(year=2024, user=officer)}
    stranger = make_user(None, username="stranger")
    stranger.user_permissions.add(Permission.objects.get(codename="view_event"))
    assert "trips" not in {s["key"] for s in sections.build(year=2024, user=stranger)}
    stranger = type(stranger).objects.get(pk=stranger.pk)  # a fresh permission cache
    stranger.user_permissions.add(Permission.objects.get(codename="view_trip", content_type__app_label="trips"))
    stranger = type(stranger).objects.get(pk=stranger.pk)
    assert "trips" in {s["key"] for s in sections.build(year=2024, user=stranger)}
