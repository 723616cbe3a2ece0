"""In Chromium: the Reports page draws its charts and shows the summary, the XLSX downloads; the dashboard's
anniversaries panel plans one with htmx; the profile shows the calendar feed address."""

from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from events.models import CalendarFeed, FollowUp
from relations.anniversaries import add_months
from tests.events.test_report_pages import INBOUND_EN
from tests.events.test_stats import build_world
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.browser


def test_reports_page_draws_the_charts_shows_the_summary_and_downloads_the_xlsx(login, tmp_path):
    build_world()
    page = login("viewer")
    page.goto("/reports/?year=2024")
    assert INBOUND_EN in page.locator("#report-summary").inner_text()
    for chart in ("year", "month", "kind", "level", "region", "country"):
        page.wait_for_function(f"() => !!document.getElementById('chart-{chart}').chart")
    assert page.locator("#table-kind tfoot").inner_text().split()[1:3] == ["5", "94"]
    with page.expect_download() as download_info:
        page.click("#report-export")
    target = tmp_path / "figures.xlsx"
    download_info.value.save_as(target)
    workbook = load_workbook(target)
    assert list(workbook["Kind"].iter_rows(values_only=True))[-1][:3] == ("Total", 5, 94)
    assert page.outside_requests == []


def test_dashboard_panel_lists_anniversaries_and_plans_one(login):
    today = timezone.localdate()
    on = add_months(today, 4)
    home = HomeCityFactory(name="Ningbo")
    tie = RelationFactory(
        source=home,
        target=EntityFactory(name="Nagaokakyo", name_en="Nagaokakyo"),
        established_on=date(on.year - 15, on.month, min(on.day, 28)),
    )
    page = login("officer")
    page.wait_for_selector("#panel-anniversaries .anniversary-row")
    row = page.locator("#panel-anniversaries .anniversary-row").first
    assert "Nagaokakyo – 15th anniversary of the sister-city tie" in row.inner_text()
    assert "milestone" in row.inner_text()
    row.locator("button", has_text="Plan").click()
    page.wait_for_selector("#panel-anniversaries .anniversary-planned")
    assert FollowUp.objects.filter(relation=tie).count() == 1
    page.reload()
    page.wait_for_selector("#panel-anniversaries .anniversary-planned")
    first = page.locator("#panel-anniversaries .anniversary-row").first
    assert first.locator(".anniversary-planned").count() == 1
    assert first.locator(".anniversary-plan-form").count() == 0
    # The next year's (16th, not a milestone) anniversary is still to plan, listed after the milestone.
    assert page.locator("#panel-anniversaries .anniversary-plan-form").count() == 1
    assert page.outside_requests == []


def test_profile_shows_the_calendar_feed_and_regenerates_it(login):
    page = login("viewer")
    page.goto("/profile/")
    page.wait_for_selector("#calendar-feed-urls input")
    secret = CalendarFeed.objects.get(user=page.user).secret
    assert secret in page.locator("#calendar-feed-urls input").first.input_value()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#calendar-feed-regenerate")
    page.wait_for_function(f"() => !document.querySelector('#calendar-feed-urls input').value.includes('{secret}')")
    assert CalendarFeed.objects.get(user=page.user).secret != secret


def test_every_chart_label_shows_values_show_on_hover_and_the_year_runs_against_last_year(login):
    """Issue 15 item 20: no category label skipped, both years' values in the tooltip, the running-total chart."""
    build_world()
    page = login("viewer")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/reports/?year=2024")
    for chart in ("year", "month", "kind", "level", "region", "country"):
        page.wait_for_function(f"() => !!document.getElementById('chart-{chart}').chart")
    for chart in ("kind", "level", "region", "country"):
        labels, ticks = page.evaluate(
            f"""(() => {{ const c = document.getElementById('chart-{chart}').chart;
                 return [c.data.labels.length, c.scales.y.ticks.length]; }})()"""
        )
        assert labels >= 1 and ticks == labels, chart
    months = page.evaluate("document.getElementById('chart-month').chart.scales.x.ticks.length")
    assert months == 12

    # The year's running totals end at the year's total (5 exchanges, 94 person-times) against 2023's.
    year = page.evaluate("document.getElementById('chart-year').chart.data.datasets.map(d => [d.label, d.data[11]])")
    assert ["2024 · Person-times so far", 94] in year and ["2024 · Batches so far", 5] in year

    # Hovering the first bar of "Per kind" shows both years' batches and person-times.
    point = page.evaluate(
        """(() => { const c = document.getElementById('chart-kind').chart;
             const bar = c.getDatasetMeta(1).data[0]; const box = c.canvas.getBoundingClientRect();
             return [box.left + bar.x - 2, box.top + bar.y]; })()"""
    )
    page.mouse.move(point[0], point[1])
    page.wait_for_function("() => document.getElementById('chart-kind').chart.tooltip.getActiveElements().length === 2")
    lines = page.evaluate("document.getElementById('chart-kind').chart.tooltip.body.map(b => b.lines.join(' '))")
    assert len(lines) == 2 and lines[0].startswith("2023 · Batches: ") and lines[1].startswith("2024 · Batches: ")
    assert all("Person-times" in line for line in lines)
