"""The service desk's report section: figures per kind from a hand-built year, year to date, constant queries."""

import datetime as dt

import pytest
from django.utils import translation

from servicedesk.choices import EntryPeriod
from servicedesk.models import ServiceKind
from servicedesk.report import summary, year_figures
from servicedesk.services import service_month_record


def _record(year, month, code, batches, items):
    kind = ServiceKind.objects.get(code=code)
    service_month_record(month=dt.date(year, month, 1), totals={kind: (batches, items)}, by=None)


@pytest.mark.django_db
def test_consular_certification_figures_and_sentences_from_a_known_year():
    _record(2023, 3, "consular_certification", 7853, 14568)
    _record(2024, 3, "consular_certification", 4000, 8000)
    _record(2024, 9, "consular_certification", 4647, 8098)
    figures = year_figures(year=2024)
    row = next(r for r in figures["tables"][0]["rows"] if r["key"] == "consular_certification")
    assert (row["batches"], row["person_times"], row["prev_batches"], row["prev_person_times"]) == (
        8647,
        16098,
        7853,
        14568,
    )
    assert (row["change_batches_pct"], row["change_person_times_pct"]) == (10.1, 10.5)
    with translation.override("zh-hans"):
        zh = year_figures(year=2024)
        assert any("领事认证" in s and "10.1%" in s and "10.5%" in s for s in summary(zh))
    with translation.override("en"):
        assert any("Consular certification" in s and "up 10.1% and 10.5%" in s for s in summary(figures))


@pytest.mark.django_db
def test_year_to_date_cuts_both_years_at_the_same_day():
    _record(2023, 3, "translation", 10, 20)
    _record(2023, 11, "translation", 5, 5)
    _record(2024, 3, "translation", 12, 30)
    row = next(
        r for r in year_figures(year=2024, until=dt.date(2024, 6, 30))["tables"][0]["rows"] if r["key"] == "translation"
    )
    assert (row["batches"], row["prev_batches"]) == (12, 10)


@pytest.mark.django_db
def test_a_running_total_counts_its_highest_entry_not_the_sum():
    _record(2024, 1, "apec_held", 0, 500)
    _record(2024, 6, "apec_held", 0, 529)
    row = next(r for r in year_figures(year=2024)["tables"][0]["rows"] if r["key"] == "apec_held")
    assert row["person_times"] == 529


@pytest.mark.django_db
@pytest.mark.parametrize("months", [3, 12])
def test_the_figures_cost_the_same_queries_whatever_the_entries(django_assert_num_queries, months):
    for code in ("translation", "private_visa", "invitation"):
        for month in range(1, months + 1):
            _record(2024, month, code, month, month * 2)
    with django_assert_num_queries(2):
        year_figures(year=2024)
    assert EntryPeriod.MONTH
