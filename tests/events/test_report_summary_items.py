"""Issue 15 item 3: the summary's 「其中…」 names what an office names (levels, partners, consular officials) and
skips empty items (no 「周年庆祝2批0人次」)."""

from datetime import date

import pytest
from django.utils import translation

from events.choices import EventKind, EventLevel
from events.stats import year_report
from tests.factories import EntityFactory, EventFactory, HomeCityFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _held(kind, headcount, *, level="", partner=None, when=date(2024, 5, 1)):
    event = EventFactory(kind=kind, level=level, headcount=headcount, status="held", start_date=when, end_date=when)
    if partner is not None:
        ParticipantFactory(event=event, entity=partner, role="guest", headcount=headcount)
    return event


@pytest.fixture
def world():
    HomeCityFactory(name="Ningbo")
    daegu = EntityFactory(name="Daegu", name_zh="大邱", country="KR")
    aachen = EntityFactory(name="Aachen", name_zh="亚琛", country="DE")
    _held(EventKind.VISIT_IN, 20, level=EventLevel.MINISTERIAL, partner=daegu)
    _held(EventKind.VISIT_IN, 0, level=EventLevel.PREFECTURE, partner=aachen)  # no person-times: not named
    _held(EventKind.VISIT_OUT, 6, level=EventLevel.VICE_MAYOR_PLUS, partner=daegu)
    _held(EventKind.ANNIVERSARY, 0, partner=aachen)
    _held(EventKind.ANNIVERSARY, 0, partner=aachen)


def test_the_summary_names_levels_and_partners_and_skips_empty_items(world):
    with translation.override("zh-hans"):
        summary = year_report(year=2024)["summary"]
    text = "".join(summary)
    assert "0人次" not in text.replace("20人次", "")  # no empty item (「周年庆祝2批0人次」, 「地厅级1批0人次」)
    assert "周年" not in text
    assert "其中省部级1批20人次" in summary[0]
    assert "其中副市长级以上1批6人次" in summary[1]  # the outbound sentence names our delegations' levels
    assert "与大邱往来2批26人次" in summary[2]  # the main partners, not a pick of kinds


def test_the_english_summary_names_the_main_partners(world):
    with translation.override("en"):
        summary = year_report(year=2024)["summary"]
    assert "including with Daegu 2 (26)" in summary[2]
    assert "Anniversary" not in " ".join(summary)
