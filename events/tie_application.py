"""结好请示: the application for establishing a friendship-city relation, generated in Chinese as DOCX from a tie,
its steps and its history of exchanges (core.documents; template events/documents/tie_application.docx, which an
admin may replace in the admin under Document templates)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from contacts.naming import display_name
from core.documents import render_docx
from events.choices import EventKind, EventStatus
from relations.choices import RelationKind
from relations.models import Relation

TEMPLATE = "events/tie_application.docx"
# What the request calls the relation it asks for (the interface's labels carry English).
TIE_NAMES = {
    RelationKind.SISTER_CITY: "友好城市",
    RelationKind.FRIENDLY_EXCHANGE: "友好交流城市",
    RelationKind.FRIENDLY_DISTRICT: "友好县区",
    RelationKind.FRIENDLY_SCHOOL: "友好学校",
    RelationKind.FRIENDLY_ENTERPRISE: "友好企业",
    RelationKind.FRIENDLY_ORGANISATION: "友好组织",
    RelationKind.COOPERATION: "合作",
}
# What an exchange was, in a request's words.
EVENT_NAMES = {
    EventKind.VISIT_IN: "来访",
    EventKind.VISIT_OUT: "出访",
    EventKind.MEETING: "会见会谈",
    EventKind.SIGNING: "签约",
    EventKind.ANNIVERSARY: "周年庆祝",
    EventKind.CULTURE: "文化交流",
    EventKind.EDUCATION: "教育交流",
    EventKind.SPORTS: "体育交流",
    EventKind.TRAINING: "培训",
    EventKind.SECONDMENT: "互派公务员",
    EventKind.INVESTMENT: "经贸投资",
    EventKind.CONFERENCE: "会议",
    EventKind.DONATION: "捐赠",
    EventKind.CORRESPONDENCE: "函电往来",
    EventKind.OTHER: "其他交流",
}
# The fields of exchange a request names when it argues for the tie.
FIELDS = {
    EventKind.INVESTMENT: "经贸",
    EventKind.EDUCATION: "教育",
    EventKind.CULTURE: "文化",
    EventKind.SPORTS: "体育",
    EventKind.TRAINING: "人才培训",
    EventKind.SECONDMENT: "人员互派",
    EventKind.VISIT_IN: "高层互访",
    EventKind.VISIT_OUT: "高层互访",
}


def _date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _city(name: str) -> str:
    """宁波 → 宁波市 (a name already ending in 市, 区, 县 or 州 stays as it is)."""
    return name if not name or name.endswith(("市", "区", "县", "州", "盟")) else f"{name}市"


def _population(value: int | None) -> str:
    if not value:
        return ""
    if value >= 10_000:
        return f"{round(value / 10_000, 1):g}万"
    return f"{value}人"


def tie_application_context(relation: Relation, *, today: dt.date) -> dict:
    """Everything the request states, in Chinese: the two sides, the partner's facts, the exchanges held for the tie
    (oldest first) and their totals, the steps of the tie so far. Three queries."""
    with translation.override("zh-hans"):
        home, partner = relation.source, relation.target
        home_name = display_name(home.name, home.name_zh, home.name_en, language="zh-hans")
        partner_name = display_name(partner.name, partner.name_zh, partner.name_en, language="zh-hans")
        events = list(
            relation.events.filter(status=EventStatus.HELD).order_by("start_date", "id")  # type: ignore[attr-defined]
        )
        steps = list(relation.steps.select_related("recorded_by").order_by("date", "id"))
        person_times = sum(event.headcount or 0 for event in events)
        if events:
            exchanges_summary = (
                f"自{events[0].start_date.year}年以来，双方共开展各类交流{len(events)}批{person_times}人次，主要有："
            )
        else:
            exchanges_summary = "双方尚无记录在案的交流活动。"
        fields = []
        for event in events:
            name = FIELDS.get(event.kind)
            if name and name not in fields:
                fields.append(name)
        shared = f"在{'、'.join(fields)}等领域交往密切" if fields else "具有开展友好交流的良好基础"
        return {
            "tie": {
                "kind": TIE_NAMES.get(relation.kind, str(relation.get_kind_display())),
                "status": str(relation.get_status_display()),
            },
            "shared": shared,
            "home": {"name": _city(home_name), "short": "我市"},
            "partner": {
                "name": partner_name,
                "country": str(partner.country.name) if partner.country else "",
                "population": _population(partner.population),
                "notes": partner.notes.strip(),
            },
            "addressee": f"{_city(home_name)}人民政府",
            "office": f"{_city(home_name)}人民政府外事办公室",
            "today": _date(today),
            "contact": "",
            "exchanges_summary": exchanges_summary,
            "events": [
                {
                    "date": _date(event.start_date),
                    "title": event.title,
                    "kind": EVENT_NAMES.get(event.kind, str(event.get_kind_display())),
                    "person_times": event.headcount or 0,
                    "outcome": event.outcome.strip(),
                }
                for event in events
            ],
            "person_times": person_times,
            "steps": [
                {
                    "date": _date(step.date),
                    "text": str(step.get_to_status_display()),
                    "document_no": step.document_no,
                    "note": step.note.strip(),
                }
                for step in steps
            ],
        }


def tie_application_docx(relation: Relation, *, today: dt.date) -> bytes:
    return render_docx(TEMPLATE, tie_application_context(relation, today=today))


def tie_application_filename(relation: Relation) -> str:
    partner = relation.target
    return f"关于与{display_name(partner.name, partner.name_zh, partner.name_en, language='zh-hans')}结好的请示.docx"


__all__ = ["tie_application_context", "tie_application_docx", "tie_application_filename"]
