"""events.stats: the year's batches and person-times by each breakdown, against the year before."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from contacts.models import Region
from events.choices import EventKind, EventLevel, EventStatus
from events.stats import BY_CHOICES, change_pct, year_stats
from tests.factories import EntityFactory, EventFactory, HomeCityFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _ensure_regions():
    for code, name, name_zh, countries in (
        ("asia", "Asia", "亚洲", ["KR", "JP", "CN"]),
        ("europe", "Europe", "欧洲", ["DE", "FR"]),
        ("africa", "Africa", "非洲", ["ZA"]),
    ):
        region, created = Region.objects.get_or_create(
            code=code, defaults={"kind": "continent", "name": name, "name_zh": name_zh, "countries": countries}
        )
        if not created and not set(countries) <= set(region.countries):
            region.countries = sorted(set(region.countries) | set(countries))
            region.save()


def _event(when, kind=EventKind.VISIT_IN, level="", headcount=10, status=EventStatus.HELD, parts=()):
    event = EventFactory(kind=kind, level=level, headcount=headcount, status=status, start_date=when, end_date=when)
    for entity, role in parts:
        ParticipantFactory(event=event, entity=entity, role=role, headcount=0)
    return event


def build_world() -> dict:
    """2024 against 2023, small enough to count by hand (see the expected figures in each test)."""
    _ensure_regions()
    ningbo = HomeCityFactory(name="Ningbo")
    school = EntityFactory(name="Ningbo No. 1 School", name_zh="宁波一中", kind="school", country="CN", domestic=True)
    daegu = EntityFactory(name="대구", name_en="Daegu", name_zh="大邱", country="KR")
    busan = EntityFactory(name="Busan", name_zh="釜山", country="KR")
    aachen = EntityFactory(name="Aachen", name_zh="亚琛", country="DE")
    chiba = EntityFactory(name="Chiba", name_zh="千叶", country="JP")
    mogale = EntityFactory(name="Mogale", name_zh="莫哈林", country="ZA")
    # 2024
    _event(
        date(2024, 3, 5),
        level=EventLevel.MINISTERIAL,
        headcount=20,
        parts=[(daegu, "guest"), (daegu, "partner"), (ningbo, "host")],
    )
    _event(
        date(2024, 4, 9),
        level=EventLevel.VICE_MAYOR_PLUS,
        headcount=15,
        parts=[(aachen, "guest"), (chiba, "guest"), (ningbo, "host")],
    )
    _event(
        date(2024, 4, 20),
        kind=EventKind.VISIT_OUT,
        headcount=6,
        parts=[(ningbo, "delegation"), (daegu, "host"), (busan, "host")],
    )
    _event(date(2024, 10, 1), kind=EventKind.CULTURE, headcount=50, parts=[(mogale, "guest"), (school, "host")])
    _event(date(2024, 12, 31), level=EventLevel.OTHER, headcount=3)  # nobody recorded
    _event(date(2024, 6, 1), headcount=100, status=EventStatus.PLANNED, parts=[(daegu, "guest")])  # not counted
    _event(date(2024, 6, 2), headcount=100, status=EventStatus.CANCELLED, parts=[(daegu, "guest")])  # not counted
    _event(date(2025, 1, 1), headcount=100, parts=[(daegu, "guest")])  # next year: not counted
    # 2023
    _event(date(2023, 3, 1), level=EventLevel.MINISTERIAL, headcount=10, parts=[(daegu, "guest"), (ningbo, "host")])
    _event(
        date(2023, 5, 1), kind=EventKind.VISIT_OUT, level=EventLevel.PREFECTURE, headcount=4, parts=[(busan, "host")]
    )
    _event(date(2022, 5, 1), headcount=1000, parts=[(daegu, "guest")])  # two years back: not counted
    return {"daegu": daegu, "busan": busan, "ningbo": ningbo, "school": school}


def _rows(result):
    return {
        row["key"]: (
            row["batches"],
            row["person_times"],
            row["prev_batches"],
            row["prev_person_times"],
            row["change_batches_pct"],
            row["change_person_times_pct"],
        )
        for row in result["rows"]
    }


def test_change_pct_is_none_when_last_year_was_zero():
    assert change_pct(5, 0) is None
    assert change_pct(0, 0) is None
    assert change_pct(3, 2) == 50.0
    assert change_pct(0, 4) == -100.0
    assert change_pct(20, 14) == 42.9


def test_by_kind_counts_held_events_only_with_the_change_on_last_year(stats_world):
    result = year_stats(year=2024, by="kind")
    assert result["year"] == 2024 and result["by"] == "kind"
    assert _rows(result) == {
        "visit_in": (3, 38, 1, 10, 200.0, 280.0),
        "visit_out": (1, 6, 1, 4, 0.0, 50.0),
        "culture": (1, 50, 0, 0, None, None),  # absent last year: prev 0, no division by zero
    }
    total = result["total"]
    assert (total["batches"], total["person_times"], total["prev_batches"], total["prev_person_times"]) == (
        5,
        94,
        2,
        14,
    )
    assert (total["change_batches_pct"], total["change_person_times_pct"]) == (150.0, 571.4)


def test_by_level_keeps_a_level_seen_only_last_year_and_groups_blank_levels(stats_world):
    rows = _rows(year_stats(year=2024, by="level"))
    assert rows == {
        "ministerial": (1, 20, 1, 10, 0.0, 100.0),
        "vice_mayor_plus": (1, 15, 0, 0, None, None),
        "prefecture": (0, 0, 1, 4, -100.0, -100.0),
        "other": (1, 3, 0, 0, None, None),
        None: (2, 56, 0, 0, None, None),
    }
    result = year_stats(year=2024, by="level")
    assert [row["key"] for row in result["rows"]] == [
        "ministerial",
        "vice_mayor_plus",
        "prefecture",
        "other",
        None,
    ]  # by rank (issue 15)


def test_by_country_counts_an_event_once_per_country_and_once_in_the_total(stats_world):
    result = year_stats(year=2024, by="country")
    assert _rows(result) == {
        "KR": (2, 26, 2, 14, 0.0, 85.7),  # Daegu and Busan in one event count once for Korea
        "DE": (1, 15, 0, 0, None, None),
        "JP": (1, 15, 0, 0, None, None),  # the same event as DE: once in each row …
        "ZA": (1, 50, 0, 0, None, None),
        None: (1, 3, 0, 0, None, None),  # no foreign participant recorded
    }
    assert result["total"]["batches"] == 5 and result["total"]["person_times"] == 94  # … and once in the total
    assert result["rows"][0]["key"] == "KR"
    assert result["rows"][-1]["key"] is None


def test_by_partner_counts_a_partner_in_two_roles_once(stats_world):
    rows = _rows(year_stats(year=2024, by="partner"))
    daegu, busan = stats_world["daegu"].pk, stats_world["busan"].pk
    assert rows[daegu] == (2, 26, 1, 10, 100.0, 160.0)
    assert rows[busan] == (1, 6, 1, 4, 0.0, 50.0)
    assert rows[None] == (1, 3, 0, 0, None, None)
    assert stats_world["ningbo"].pk not in rows


def test_by_domestic_unit_uses_our_own_participants(stats_world):
    rows = _rows(year_stats(year=2024, by="domestic_unit"))
    assert rows == {
        stats_world["ningbo"].pk: (3, 41, 1, 10, 200.0, 310.0),
        stats_world["school"].pk: (1, 50, 0, 0, None, None),
        None: (1, 3, 1, 4, 0.0, -25.0),
    }


def test_by_region_groups_countries_by_continent(stats_world):
    rows = _rows(year_stats(year=2024, by="region"))
    assert rows["asia"] == (3, 41, 2, 14, 50.0, 192.9)
    assert rows["europe"] == (1, 15, 0, 0, None, None)
    assert rows["africa"] == (1, 50, 0, 0, None, None)
    assert rows[None] == (1, 3, 0, 0, None, None)


def test_overlapping_blocs_count_an_event_in_each_once_and_the_rest_as_not_specified(db):
    """Blocs overlap: an event with a Korean and a Japanese guest counts once in a bloc holding both and once in a
    bloc holding one; an event with only a German guest is in no bloc ("not specified"), as is one with nobody."""
    Region.objects.filter(kind="bloc").delete()  # the shipped blocs aside: two of our own
    Region.objects.create(code="rcep", kind="bloc", name="RCEP", name_zh="区域全面经济伙伴关系", countries=["KR", "JP"])
    Region.objects.create(code="apt", kind="bloc", name="ASEAN+3 (part)", name_zh="东盟与中日韩", countries=["JP"])
    korea, japan, germany = (EntityFactory(country=code) for code in ("KR", "JP", "DE"))
    _event(date(2024, 2, 1), headcount=7, parts=[(korea, "guest"), (japan, "guest"), (korea, "partner")])
    _event(date(2024, 3, 1), headcount=5, parts=[(germany, "guest")])
    _event(date(2024, 4, 1), headcount=2)
    _event(date(2023, 4, 1), headcount=4, parts=[(japan, "guest")])
    rows = _rows(year_stats(year=2024, by="region", region_kind="bloc"))
    assert rows["rcep"] == (1, 7, 1, 4, 0.0, 75.0)
    assert rows["apt"] == (1, 7, 1, 4, 0.0, 75.0)
    assert rows[None] == (2, 7, 0, 0, None, None)


def test_by_month_lists_all_twelve_months(stats_world):
    result = year_stats(year=2024, by="month")
    assert [row["key"] for row in result["rows"]] == list(range(1, 13))
    rows = _rows(result)
    assert rows[3] == (1, 20, 1, 10, 0.0, 100.0)
    assert rows[4] == (2, 21, 0, 0, None, None)
    assert rows[5] == (0, 0, 1, 4, -100.0, -100.0)
    assert rows[1] == (0, 0, 0, 0, None, None)


def test_filters_by_direction_kind_and_region(stats_world):
    inbound = _rows(year_stats(year=2024, by="country", direction="inbound"))
    assert inbound == {
        "KR": (1, 20, 1, 10, 0.0, 100.0),
        "DE": (1, 15, 0, 0, None, None),
        "JP": (1, 15, 0, 0, None, None),
        None: (1, 3, 0, 0, None, None),
    }
    outbound = year_stats(year=2024, by="kind", direction="outbound")
    assert _rows(outbound) == {"visit_out": (1, 6, 1, 4, 0.0, 50.0)}
    europe = year_stats(year=2024, by="kind", region="europe")
    assert _rows(europe) == {"visit_in": (1, 15, 0, 0, None, None)}
    korea = year_stats(year=2024, by="kind", region="KR")
    assert korea["total"]["batches"] == 2 and korea["total"]["prev_batches"] == 2
    culture = _rows(year_stats(year=2024, by="level", kind="culture"))
    assert culture == {None: (1, 50, 0, 0, None, None)}


def test_filter_by_levels(stats_world):
    senior = year_stats(year=2024, by="kind", level=[EventLevel.MINISTERIAL, EventLevel.VICE_MAYOR_PLUS])
    assert _rows(senior) == {"visit_in": (2, 35, 1, 10, 100.0, 250.0)}
    assert year_stats(year=2024, by="kind", level="ministerial")["total"]["batches"] == 1


def test_labels_follow_the_interface_language(stats_world):
    with translation.override("zh-hans"):
        country = {row["key"]: row["label"] for row in year_stats(year=2024, by="country")["rows"]}
        partner = {row["key"]: row["label"] for row in year_stats(year=2024, by="partner")["rows"]}
        region = {row["key"]: row["label"] for row in year_stats(year=2024, by="region")["rows"]}
    assert country["KR"] == "韩国" and partner[stats_world["daegu"].pk] == "大邱" and region["asia"] == "亚洲"
    with translation.override("en"):
        country = {row["key"]: row["label"] for row in year_stats(year=2024, by="country")["rows"]}
        partner = {row["key"]: row["label"] for row in year_stats(year=2024, by="partner")["rows"]}
        kind = {row["key"]: row["label"] for row in year_stats(year=2024, by="kind")["rows"]}
    assert country["KR"] == "South Korea" and country[None] == "Not specified"
    assert partner[stats_world["daegu"].pk] == "Daegu"
    assert kind["visit_in"] == "Inbound visit (来访)"


def test_a_year_without_events_gives_empty_rows_and_zero_totals(db):
    result = year_stats(year=1999, by="country")
    assert result["rows"] == []
    assert result["total"]["batches"] == 0 and result["total"]["change_batches_pct"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"by": "colour"}, "by"),
        ({"by": "kind", "kind": "picnic"}, "kind"),
        ({"by": "kind", "direction": "sideways"}, "direction"),
        ({"by": "kind", "region": "atlantis"}, "region"),
        ({"by": "region", "region_kind": "planet"}, "region_kind"),
        ({"by": "kind", "level": "emperor"}, "level"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(db, params, field):
    with pytest.raises(ValidationError) as error:
        year_stats(year=2024, **params)
    assert field in error.value.message_dict


def _make_many(count):
    home = HomeCityFactory(name="Many home")
    for index in range(count):
        partner = EntityFactory(country=("KR", "JP", "DE", "FR", "ZA")[index % 5])
        _event(
            date(2024 - index % 2, 1 + index % 12, 1 + index % 28),
            level=EventLevel.values[index % 9],
            headcount=index,
            parts=[(partner, "guest"), (home, "host")],
        )


@pytest.mark.parametrize("by", BY_CHOICES)
def test_each_breakdown_costs_the_same_queries_for_few_and_many_events(db, by):
    _ensure_regions()
    _make_many(3)
    with CaptureQueriesContext(connection) as few:
        year_stats(year=2024, by=by)
    _make_many(60)
    with CaptureQueriesContext(connection) as many:
        result = year_stats(year=2024, by=by)
    assert len(few) == len(many) <= 4
    assert result["total"]["batches"] + result["total"]["prev_batches"] == 63
