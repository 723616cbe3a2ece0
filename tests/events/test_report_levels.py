"""Issue 15 item 2: the level table apart by direction, levels in the order of their rank."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from events.choices import EventKind, EventLevel
from events.stats import year_report, year_stats
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _held(kind, level, headcount, when=date(2024, 5, 1)):
    return EventFactory(kind=kind, level=level, headcount=headcount, status="held", start_date=when, end_date=when)


def test_levels_are_ranked_vice_mayor_and_above_before_prefecture():
    values = list(EventLevel.values)
    assert values.index("national_leader") < values.index("ministerial") < values.index("vice_mayor_plus")
    assert values.index("vice_mayor_plus") < values.index("prefecture")
    _held(EventKind.VISIT_IN, EventLevel.PREFECTURE, 5)
    _held(EventKind.VISIT_IN, EventLevel.VICE_MAYOR_PLUS, 7)
    keys = [row["key"] for row in year_stats(year=2024, by="level")["rows"]]
    assert keys == ["vice_mayor_plus", "prefecture"]


def test_the_report_keeps_inbound_and_outbound_levels_apart():
    _held(EventKind.VISIT_IN, EventLevel.MINISTERIAL, 20)
    _held(EventKind.VISIT_OUT, EventLevel.MINISTERIAL, 6)
    _held(EventKind.VISIT_OUT, EventLevel.PREFECTURE, 4)
    report = year_report(year=2024)
    inbound = {row["key"]: (row["batches"], row["person_times"]) for row in report["inbound_levels"]["rows"]}
    outbound = {row["key"]: (row["batches"], row["person_times"]) for row in report["outbound_levels"]["rows"]}
    assert inbound == {"ministerial": (1, 20)}
    assert outbound == {"ministerial": (1, 6), "prefecture": (1, 4)}


def test_the_reports_page_and_export_show_one_level_table_per_direction(page_as):
    _held(EventKind.VISIT_IN, EventLevel.MINISTERIAL, 20)
    _held(EventKind.VISIT_OUT, EventLevel.PREFECTURE, 4)
    client = page_as("viewer")
    html = client.get("/reports/", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="table-level-inbound"' in html and 'id="table-level-outbound"' in html
    assert 'id="table-level"' not in html
    inbound = html.split('id="table-level-inbound"')[1].split("</details>")[0]
    assert "Ministerial" in inbound and "Prefecture" not in inbound
    response = client.get("/reports/export.xlsx", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en")
    workbook = load_workbook(io.BytesIO(response.content))
    outbound = [row[0] for row in workbook["Level (outbound)"].iter_rows(values_only=True)]
    assert "Prefecture (地厅级)" in outbound and "Ministerial / provincial (省部级)" not in outbound
