"""The demo's service desk: a year of services from the seeds' figures, so the demo year's summary reads with them."""

import datetime as dt
import random

from django.db.models import Sum
from django.utils import translation

from demo import world
from demo.users import demo_load
from events.stats import year_report
from servicedesk.models import ApecCard, ServiceEntry
from servicedesk.selectors import apec_cards_expiring


def test_the_months_add_up_to_each_years_figures():
    for year, figures in world.SERVICE_YEARS.items():
        rows = world.service_months(year)
        for code, (batches, items) in figures.items():
            mine = [row for row in rows if row[1] == code]
            assert len(mine) == world.SERVICE_LAST_MONTH[year]
            if code == "apec_held":
                assert max(row[3] for row in mine) == items
            else:
                assert (sum(row[2] for row in mine), sum(row[3] for row in mine)) == (batches, items)
    assert world.split_over_months(7, 3, random.Random(1)) == world.split_over_months(7, 3, random.Random(1))


def test_the_demo_ledger_holds_the_seeds_figures(demo, db):
    consular = ServiceEntry.objects.filter(kind__code="consular_certification", date__year=2025)
    assert consular.aggregate(b=Sum("batches"), i=Sum("items")) == {"b": 8647, "i": 16098}
    assert not ServiceEntry.objects.filter(date__gte=dt.date(2026, 11, 1)).exists()  # the month is not over


def test_the_demo_years_summary_reads_with_the_services(demo, db):
    with translation.override("zh-hans"):
        summary = year_report(year=2025)["summary"]
    assert "共办理领事认证8647批16098份，同比分别增长10.1%和10.5%。" in summary
    assert "共办理代办因私签证4575批7478人次，同比分别增长11.5%和8.5%。" in summary
    assert any(s.startswith("APEC商务旅行卡累计持卡529张") for s in summary)


def test_the_demo_register_has_cards_expiring_soon(demo, db):
    assert ApecCard.objects.count() == len(world.APEC_CARDS)
    soon = [card.number for card in apec_cards_expiring(today=world.DEMO_TODAY)]
    assert soon == ["APEC-CHN-330200-0002", "APEC-CHN-330200-0004"]


def test_loading_again_writes_no_service(demo, db):
    before = (ServiceEntry.history.count(), ApecCard.history.count())
    demo_load()
    assert (ServiceEntry.history.count(), ApecCard.history.count()) == before
