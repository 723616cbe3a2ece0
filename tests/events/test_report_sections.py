"""Apps above events add sections to the year's report through events.sections (they may not be imported here)."""

import pytest

from events import sections
from events.stats import row, year_report


@pytest.fixture
def section():
    calls = []

    def figures(*, year, until=None):
        calls.append((year, until))
        return {
            "tables": [
                {"key": "t", "title": "T", "units": ("a", "b"), "rows": [], "total": row(None, "x", (3, 4), (1, 2))}
            ]
        }

    registered = sections.register(
        sections.ReportSection(key="probe", title="Probe", figures=figures, summary=lambda f: ["Probe sentence."])
    )
    yield registered, calls
    sections._sections.pop("probe", None)


@pytest.mark.django_db
def test_a_registered_section_reaches_the_report_and_its_summary(section):
    _registered, calls = section
    report = year_report(year=2024)
    probe = next(s for s in report["sections"] if s["key"] == "probe")
    assert calls == [(2024, None)]
    assert probe["title"] == "Probe"
    assert probe["tables"][0]["total"]["batches"] == 3
    assert probe["tables"][0]["total"]["change_batches_pct"] == 200.0
    assert report["summary"][-1] == "Probe sentence."


def test_sections_are_ordered_and_replaced_by_key():
    try:
        sections.register(sections.ReportSection(key="z1", title="", figures=dict, summary=list, order=2))
        sections.register(sections.ReportSection(key="z0", title="", figures=dict, summary=list, order=1))
        sections.register(sections.ReportSection(key="z1", title="again", figures=dict, summary=list, order=0))
        keys = [s.key for s in sections.registered() if s.key.startswith("z")]
        assert keys == ["z1", "z0"]
        assert next(s for s in sections.registered() if s.key == "z1").title == "again"
    finally:
        sections._sections.pop("z0", None)
        sections._sections.pop("z1", None)
