"""Registered report sections (events.sections) on the Reports page, in /api/stats/sections/ and as XLSX sheets,
whatever app registered them; and the year to date (`until=`) for the exchange figures."""

import datetime as dt
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from events import sections
from events.stats import row, year_report, year_stats
from tests.factories import EventFactory


@pytest.fixture
def probe_section():
    """A section as another app (trips) would register it: two tables, its own units, a permission."""

    def figures(*, year, until=None):
        extra = 1 if until is None else 0
        return {
            "tables": [
                {
                    "key": "submitted",
                    "title": "Probe trips",
                    "units": ("Batches", "Person-times"),
                    "rows": [row("self", "Self-organised", (4 + extra, 20), (2, 10))],
                    "total": row(None, "Total", (4 + extra, 20), (2, 10)),
                },
                {
                    "key": "=cmd",
                    "title": "Probe returns",
                    "units": ("Passports", "Reports"),
                    "rows": [row("x", "=HYPERLINK(1)", (3, 3), (0, 0))],
                    "total": row(None, "Total", (3, 3), (0, 0)),
                },
            ]
        }

    sections.register(
        sections.ReportSection(
            key="probe",
            title="Probe section",
            order=5,
            figures=figures,
            summary=lambda f: ["Probe sentence."],
            permission="events.view_event",
        )
    )
    yield
    sections._sections.pop("probe", None)


@pytest.mark.django_db
def test_the_reports_page_shows_every_section_table_with_last_year_and_the_change(page_as, probe_section):
    page = page_as("viewer").get("/reports/", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="section-probe"' in page and 'id="section-services"' in page
    assert 'id="table-probe-submitted"' in page and "Self-organised" in page
    assert "Passports 2023" in page and "Change in Reports" in page
    assert "+150.0%" in page  # 5 against 2 batches
    assert "Probe sentence." in page


@pytest.mark.django_db
def test_a_section_is_hidden_from_a_user_without_its_permission(client, make_user, probe_section):
    sections.register(
        sections.ReportSection(
            key="secret",
            title="Secret",
            figures=lambda **kw: {"tables": []},
            summary=lambda f: ["Hidden."],
            permission="auth.change_user",
        )
    )
    try:
        client.force_login(make_user("viewer"))
        page = client.get("/reports/", {"year": 2024}).content.decode()
        assert 'id="section-probe"' in page and "Hidden." not in page
        assert [s["key"] for s in year_report(year=2024)["sections"]].count("secret") == 1
    finally:
        sections._sections.pop("secret", None)


@pytest.mark.django_db
def test_the_api_lists_the_sections_with_their_tables_and_sentences(api_as, probe_section):
    response = api_as("viewer").get("/api/stats/sections/", {"year": 2024})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2024 and body["until"] is None
    probe = next(s for s in body["sections"] if s["key"] == "probe")
    assert probe["tables"][0]["rows"][0]["batches"] == 5
    assert probe["tables"][0]["total"]["change_batches_pct"] == 150.0
    assert probe["tables"][1]["units"] == ["Passports", "Reports"]
    assert probe["summary"] == ["Probe sentence."]
    assert "services" in [s["key"] for s in body["sections"]]
    to_date = api_as("viewer").get("/api/stats/sections/", {"year": 2024, "until": "2024-06-30"}).json()
    assert to_date["until"] == "2024-06-30"
    assert next(s for s in to_date["sections"] if s["key"] == "probe")["tables"][0]["total"]["batches"] == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"year": 2024, "until": "2023-06-30"}, {"year": 2024, "until": "June"}, {"year": "x"}]
)
def test_the_sections_api_refuses_a_bad_year_or_day_naming_the_field(api_as, params):
    response = api_as("viewer").get("/api/stats/sections/", params)
    assert response.status_code == 400
    assert set(response.json()) & {"year", "until"}


@pytest.mark.django_db
def test_the_xlsx_has_a_sheet_per_section_table_with_text_neutralised(page_as, probe_section):
    response = page_as("viewer").get("/reports/export.xlsx", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en")
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Probe trips", "Probe returns", "Services by kind"} <= set(workbook.sheetnames)
    trips = list(workbook["Probe trips"].iter_rows(values_only=True))
    assert trips[0][:3] == ("Probe trips", "Batches 2024", "Person-times 2024")
    assert trips[1] == ("Self-organised", 5, 20, 2, 10, 150.0, 100.0)
    returns = workbook["Probe returns"]
    assert returns["A2"].value == "=HYPERLINK(1)" and returns["A2"].data_type == "s" and returns["A2"].quotePrefix
    assert returns["D1"].value == "Passports 2023"


@pytest.mark.django_db
def test_the_year_to_date_compares_the_same_months_of_last_year():
    EventFactory(start_date=dt.date(2023, 3, 1), headcount=4)
    EventFactory(start_date=dt.date(2023, 12, 10), headcount=50)  # after the cut last year: left out
    EventFactory(start_date=dt.date(2024, 3, 1), headcount=6)
    EventFactory(start_date=dt.date(2024, 11, 30), headcount=7)
    whole = year_stats(year=2024, by="kind")["total"]
    assert (whole["batches"], whole["prev_batches"], whole["prev_person_times"]) == (2, 2, 54)
    to_date = year_stats(year=2024, by="kind", until=dt.date(2024, 11, 30))["total"]
    assert (to_date["batches"], to_date["person_times"], to_date["prev_batches"], to_date["prev_person_times"]) == (
        2,
        13,
        1,
        4,
    )
    assert to_date["change_person_times_pct"] == 225.0
    with translation.override("zh-hans"):
        first = year_report(year=2024, until=dt.date(2024, 11, 30))["summary"][0]
    assert "2024年11月30日" in first and "2023" in first


@pytest.mark.django_db
def test_stats_api_takes_until_and_refuses_a_day_of_another_year(api_as):
    EventFactory(start_date=dt.date(2024, 3, 1))
    EventFactory(start_date=dt.date(2024, 12, 1))
    client = api_as("viewer")
    body = client.get("/api/stats/", {"year": 2024, "until": "2024-06-30"}).json()
    assert body["until"] == "2024-06-30" and body["total"]["batches"] == 1
    refused = client.get("/api/stats/", {"year": 2024, "until": "2025-01-01"})
    assert refused.status_code == 400 and "until" in refused.json()


@pytest.mark.django_db
def test_the_reports_page_takes_until_and_refuses_a_bad_one(page_as):
    client = page_as("viewer")
    page = client.get("/reports/", {"year": 2024, "until": "2024-06-30"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "same months of 2023" in page.content.decode()
    assert "until=2024-06-30" in page.content.decode()  # the export keeps the year to date
    assert client.get("/reports/", {"year": 2024, "until": "2020-01-01"}).status_code == 400
    export = client.get("/reports/export.xlsx", {"year": 2024, "until": "2024-06-30"})
    assert 'filename="figures-2024-to-06-30.xlsx"' in export["Content-Disposition"]


@pytest.mark.django_db
def test_the_sections_api_costs_the_same_queries_for_few_or_many_services(api_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from servicedesk.models import ServiceEntry, ServiceKind

    client = api_as("viewer")
    client.get("/api/stats/sections/", {"year": 2024})  # warm the permission cache
    kind = ServiceKind.objects.get(code="translation")
    counts = []
    for extra in (3, 60):
        for n in range(extra):
            ServiceEntry.objects.create(kind=kind, date=dt.date(2024, 1, 1) + dt.timedelta(days=n))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/stats/sections/", {"year": 2024}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
