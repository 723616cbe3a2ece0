"""Sections of the year's report supplied by apps above events (outbound trips, the service desk, ...).

events owns the year's report (the Reports page, `/api/stats/`, the XLSX export and the summary paragraph), but
half of what an office reports is not exchanges: the trips it approved and the services it handled. Those apps
sit above events (they read its tables), so events may not import them. Each registers a `ReportSection` in its
`AppConfig.ready()` instead, and the report asks every registered section for its figures:

    # trips/apps.py, in ready()
    from events import sections
    sections.register(sections.ReportSection(key="trips", title=_("Outbound trips"), order=10,
                                             figures=trips.report.year_figures, summary=trips.report.summary))

A section's `figures(year=..., until=...)` returns `{"tables": [table, ...]}` where each table is
`{"key", "title", "units": (first, second), "rows": [row, ...], "total": row}` and each row has the shape of
`events.stats.row()` (current and previous year's two measures and their change). `until` (a date within
`year`, or None for the whole year) asks for the year to date, compared with the same months of last year.
`summary(figures)` returns the section's sentences of the summary paragraph, in the active language. Each
section costs a constant number of queries, whatever the number of records. `permission` (e.g.
"trips.view_trip"), when set, is what a user needs to see the section on the Reports page, in the API and the XLSX.

The Reports page, `GET /api/stats/sections/` and the XLSX export show every registered section without knowing it:
each table with its rows, its total, last year's figures and the change (a sheet per table in the workbook).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: Any  # a lazy translation
    figures: Callable[..., dict]
    summary: Callable[[dict], list[str]]
    order: int = 100
    permission: str = ""

    def visible_to(self, user) -> bool:
        return user is None or not self.permission or user.has_perm(self.permission)


_sections: dict[str, ReportSection] = {}


def register(section: ReportSection) -> ReportSection:
    """Add (or, registering the same key again, replace) a section."""
    _sections[section.key] = section
    return section


def registered() -> list[ReportSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def build(*, year: int, until: date | None = None, user=None) -> list[dict]:
    """Every registered section's figures and sentences for `year` (the ones `user` may read, when given):
    `[{"key", "title", "tables", "figures", "summary"}]`."""
    built = []
    for section in registered():
        if not section.visible_to(user):
            continue
        figures = section.figures(year=year, until=until)
        built.append(
            {
                "key": section.key,
                "title": str(section.title),
                "tables": figures.get("tables", []),
                "figures": figures,
                "summary": section.summary(figures),
            }
        )
    return built
