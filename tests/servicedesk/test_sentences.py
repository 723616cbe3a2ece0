"""The service desk's summary sentences in the office's words, in both languages, from a hand-built year."""

import datetime as dt

import pytest
from django.utils import translation

from servicedesk.models import ServiceKind
from servicedesk.report import summary, year_figures
from servicedesk.services import service_month_record


@pytest.fixture
def known_year(db):
    """2024 against 2023: consular certification as Ningbo's summary tells it, private visas down, cards held."""

    def record(year, month, code, batches, items):
        kind = ServiceKind.objects.get(code=code)
        service_month_record(month=dt.date(year, month, 1), totals={kind: (batches, items)}, by=None)

    record(2023, 6, "consular_certification", 7853, 14568)
    record(2024, 6, "consular_certification", 8647, 16098)
    record(2023, 6, "private_visa", 1000, 1200)
    record(2024, 6, "private_visa", 900, 1100)
    record(2023, 12, "apec_held", 0, 500)
    record(2024, 12, "apec_held", 0, 529)
    record(2024, 3, "translation", 40, 120)  # nothing last year


def _sentences(language):
    with translation.override(language):
        return summary(year_figures(year=2024))


def test_the_chinese_sentences_read_as_the_offices_write_them(known_year):
    assert _sentences("zh-hans") == [
        "共办理代办因私签证900批1100人次，同比分别下降10.0%和8.3%。",
        "共办理领事认证8647批16098份，同比分别增长10.1%和10.5%。",
        "APEC商务旅行卡累计持卡529张，同比增长5.8%。",
        "共办理翻译40批120份，上年无可比数据。",
    ]


def test_the_english_sentences_say_the_same(known_year):
    assert _sentences("en") == [
        "We handled Private visas handled: 900 batches, 1,100 person-times, down 10.0% and 8.3% on last year.",
        "We handled Consular certification: 8,647 batches, 16,098 documents, up 10.1% and 10.5% on last year.",
        "APEC business travel cards held: 529 cards in total, up 5.8% on last year.",
        "We handled Translations: 40 batches, 120 documents, with no figures for last year to compare.",
    ]


def test_a_mixed_change_names_each_measure(db):
    kind = ServiceKind.objects.get(code="invitation")
    service_month_record(month=dt.date(2023, 1, 1), totals={kind: (10, 50)}, by=None)
    service_month_record(month=dt.date(2024, 1, 1), totals={kind: (12, 40)}, by=None)
    with translation.override("zh-hans"):
        sentences = summary(year_figures(year=2024))
        assert sentences == ["共办理邀请外国人来华12批40人次，批次同比增长20.0%，数量同比下降20.0%。"]
    with translation.override("en"):
        assert summary(year_figures(year=2024)) == [
            "We handled Invitations of foreigners to China: 12 batches, 40 person-times, batches up 20.0% and items "
            "down 20.0% on last year."
        ]
