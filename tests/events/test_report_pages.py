"""The Reports page (tables, chart data, the summary in sentences) and its XLSX export."""

import io
from datetime import date

import pytest
from django.utils import translation
from openpyxl import load_workbook

from events.choices import EventLevel
from events.stats import year_report
from tests.factories import EntityFactory, EventFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

INBOUND_EN = (
    "In 2024 we received 3 inbound delegations (38 person-times), of which 1 (20) at ministerial level, "
    "1 (15) at vice-mayor level and above, up 200.0% in batches and 280.0% in person-times on last year."
)
INBOUND_ZH = (
    "2024年全年共接待来访团组3批38人次，其中省部级1批20人次、副市长级以上1批15人次，"
    "批次和人次同比分别增长200.0%和280.0%。"
)


def test_report_page_shows_the_summary_sentence_in_english(page_as, stats_world):
    response = page_as("viewer").get("/reports/", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    summary = response.context["report"]["summary"]
    assert summary[0] == INBOUND_EN
    assert summary[1] == (
        "We sent 1 outbound delegation (6 person-times), batches unchanged and person-times up 50.0% on last year."
    )
    assert summary[2].startswith("Altogether 5 exchanges were recorded (94 person-times), including ")
    assert summary[3] == (
        "Our partners came from 4 countries; the most frequent: South Korea (2), South Africa (1), "
        "Germany (1), Japan (1)."
    )
    html = response.content.decode()
    assert INBOUND_EN in html
    assert 'id="chart-month"' in html and "vendor/chart.umd.min.js" in html
    assert 'id="chart-data"' in html
    assert "/reports/export.xlsx?year=2024" in html


def test_report_page_shows_the_summary_sentence_in_chinese(page_as, stats_world):
    response = page_as("viewer").get("/reports/", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    summary = response.context["report"]["summary"]
    assert summary[0] == INBOUND_ZH
    assert summary[1] == "全年共派出出访团组1批6人次，批次与上年持平，人次同比增长50.0%。"
    assert summary[3] == "交往对象来自4个国家，往来最多的是韩国（2批）、南非（1批）、德国（1批）、日本（1批）。"
    assert INBOUND_ZH in response.content.decode()


def test_summary_counts_diplomatic_officials_by_country_in_the_offices_words(db):
    for when, country, level, headcount in (
        (date(2025, 3, 1), "KR", EventLevel.CONSUL_GENERAL, 4),
        (date(2025, 4, 1), "JP", EventLevel.CONSULAR, 3),
        (date(2025, 5, 1), "JP", EventLevel.AMBASSADOR, 5),
        (date(2024, 5, 1), "JP", EventLevel.CONSULAR, 2),
    ):
        event = EventFactory(start_date=when, end_date=when, level=level, headcount=headcount)
        ParticipantFactory(event=event, entity=EntityFactory(kind="consulate", country=country))
    with translation.override("zh-hans"):
        summary = year_report(year=2025)["summary"]
    assert summary[1] == (
        "共接待2国驻华使领馆官员3批12人次，其中大使率团1批5人次、总领事率团1批4人次，"
        "批次和人次同比分别增长200.0%和500.0%。"
    )
    with translation.override("en"):
        summary = year_report(year=2025)["summary"]
    assert summary[1] == (
        "We received consular and diplomatic officials from 2 countries in 3 batches "
        "(12 person-times), of which 1 (5) led by ambassadors, 1 (4) led by consuls-general, "
        "up 200.0% in batches and 500.0% in person-times on last year."
    )


def test_report_page_of_an_empty_year_says_so(page_as, db):
    response = page_as("viewer").get("/reports/", {"year": 1990}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["report"]["summary"] == ["No exchanges were recorded in 1990."]


def test_report_page_and_export_refuse_a_bad_year(page_as, db):
    client = page_as("viewer")
    page = client.get("/reports/", {"year": "twenty"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "Enter a year such as 2024." in page.content.decode()
    assert client.get("/reports/export.xlsx", {"year": "99999"}).status_code == 400


def test_reports_need_login_and_a_role(client, make_user, db):
    assert client.get("/reports/").status_code == 302
    client.force_login(make_user(None, username="nobody"))
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/export.xlsx").status_code == 403


def test_export_opens_with_openpyxl_with_the_right_numbers(page_as, stats_world):
    response = page_as("viewer").get("/reports/export.xlsx", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="figures-2024.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:10] == [
        "Summary",
        "Kind",
        "Level (inbound)",  # the level table apart by direction (issue 15)
        "Level (outbound)",
        "Country",
        "Region",
        "Partner",
        "Domestic unit",
        "Month",
        "Foreign and HK, Macao, Taiwan",
    ]
    # Then a sheet per table of each registered section (events.sections): the service desk's, the trips' ...
    assert "Services by kind" in workbook.sheetnames[10:]
    assert "Approved trips by kind" in workbook.sheetnames[10:]
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True)]
    assert summary[0][0] == "Figures for 2024"
    assert INBOUND_EN in [row[0] for row in summary]
    assert ("All exchanges: batches", 5, 2, 150.0) in summary
    assert ("Inbound visits: person-times", 38, 10, 280.0) in summary
    kind = list(workbook["Kind"].iter_rows(values_only=True))
    assert kind[0] == (
        "Kind",
        "Batches 2024",
        "Person-times 2024",
        "Batches 2023",
        "Person-times 2023",
        "Change in batches (%)",
        "Change in person-times (%)",
    )
    assert ("Inbound visit (来访)", 3, 38, 1, 10, 200.0, 280.0) in kind
    assert ("Culture week / festival / exhibition", 1, 50, 0, 0, None, None) in kind
    assert kind[-1] == ("Total", 5, 94, 2, 14, 150.0, 571.4)
    country = {row[0]: row[1:] for row in workbook["Country"].iter_rows(min_row=2, values_only=True)}
    assert country["South Korea"] == (2, 26, 2, 14, 0.0, 85.7)
    assert country["Total"][:2] == (5, 94)
    month = list(workbook["Month"].iter_rows(min_row=2, values_only=True))
    assert len(month) == 13 and month[3] == ("April", 2, 21, 0, 0, None, None)
    assert isinstance(month[3][1], int)


def test_export_sheet_names_follow_the_language(page_as, stats_world):
    response = page_as("viewer").get("/reports/export.xlsx", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:5] == ["综述", "类别", "级别（来访）", "级别（出访）", "国家"]


def test_the_year_against_last_year_chart_gets_running_totals_by_month(page_as, stats_world):
    """Issue 15 item 20: the chart of the year against last year, month by month, from the month breakdown."""
    response = page_as("viewer").get("/reports/", {"year": 2024})
    data = response.context["chart_data"]
    month, running = data["month"], data["running"]
    assert running["labels"] == month["labels"] and len(running["labels"]) == 12
    for key in ("batches", "prev_batches", "person_times", "prev_person_times"):
        expected, total = [], 0
        for value in month[key]:
            total += value
            expected.append(total)
        assert running[key] == expected, key
    assert (running["batches"][-1], running["person_times"][-1]) == (5, 94)  # the year's total
    assert running["batches"][2] == 1 and running["batches"][3] == 3  # March: one, April: two more
    assert running["prev_batches"][-1] == sum(month["prev_batches"])


def test_this_years_running_totals_stop_at_the_current_month(page_as, stats_world):
    from django.utils import timezone

    today = timezone.localdate()
    EventFactory(start_date=date(today.year, 1, 2), headcount=7)
    data = page_as("viewer").get("/reports/", {"year": today.year}).context["chart_data"]["running"]
    assert data["batches"][: today.month] == [1] * today.month
    assert data["batches"][today.month :] == [None] * (12 - today.month)
    assert None not in data["prev_batches"]


def test_report_page_shows_30_rows_a_table_and_says_how_many_more(page_as, db):
    """A province's partners would make an 8 MB page: each table shows its first rows and a "more rows" line that
    links to the XLSX export, which has them all; the page costs the same queries for 31 partners and 60."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.report_views import REPORT_TABLE_ROWS

    def add(count: int):
        for _index in range(count):
            ParticipantFactory(
                event=EventFactory(start_date=date(2024, 3, 1), headcount=1), entity=EntityFactory(country="KR")
            )

    add(REPORT_TABLE_ROWS + 1)
    client = page_as("viewer")
    client.get("/reports/", {"year": 2024})
    cache.clear()  # both measured requests compute the figures (a cached report costs far fewer queries)
    with CaptureQueriesContext(connection) as few:
        html = client.get("/reports/", {"year": 2024, "lang": "en"}).content.decode()
    partners = html.split('id="table-partner"')[1].split("</details>")[0]
    assert partners.count("<tr>") == 1 + REPORT_TABLE_ROWS + 1  # header, rows, total
    assert "1 more row is in the XLSX export" in partners and "export.xlsx?year=2024" in partners
    add(29)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        html = client.get("/reports/", {"year": 2024, "lang": "en"}).content.decode()
    assert len(few) == len(many)
    partners = html.split('id="table-partner"')[1].split("</details>")[0]
    assert partners.count("<tr>") == 1 + REPORT_TABLE_ROWS + 1
    assert "30 more rows are in the XLSX export" in partners
    workbook = load_workbook(io.BytesIO(client.get("/reports/export.xlsx", {"year": 2024, "lang": "en"}).content))
    sheet = workbook["Partner"]
    assert sheet.max_row == 1 + 60 + 1  # every partner in the export
