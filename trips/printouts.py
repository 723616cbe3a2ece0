"""The documents an office produces from a trip, in Chinese, as DOCX (docxtpl): the application form
(因公出国（境）团组申报表), its covering request (请示) and the quarter's performance table.

The templates are in trips/documents/ (built by scripts/build_trip_docx.py) and rendered by core.documents, so an
admin's uploaded replacement (Django admin → Document templates, named trips/trip_application.docx,
trips/trip_request.docx or trips/trip_quarter.docx, with the same {{ tags }}) is used instead, as for the tie's
结好请示.
"""

from __future__ import annotations

from django.utils import timezone, translation

from contacts.naming import entity_display_name
from core.documents import render_docx
from trips.models import ReviewCriterion, Trip


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _render(name: str, context: dict) -> bytes:
    return render_docx(f"trips/{name}", context)


def trip_context(trip: Trip) -> dict:
    """The trip's facts in Chinese, as the templates' tags name them."""
    with translation.override("zh-hans"):
        legs = list(trip.legs.all())
        members = list(trip.members.all())
        leader = next((m for m in members if m.leader), members[0] if members else None)

        def place(leg) -> str:
            name = str(leg.country.name)
            if leg.city is not None:
                name += entity_display_name(leg.city, language="zh-hans")
            return f"{name}（{leg.days}天）"

        return {
            "number": f"{trip.start_date.year}-{trip.pk:04d}",
            "title": trip.title,
            "organiser": entity_display_name(trip.organiser, language="zh-hans"),
            "kind": trip.get_kind_display(),
            "category": trip.get_category_display(),
            "approving_level": trip.get_approving_level_display(),
            "countries": "、".join(dict.fromkeys(str(leg.country.name) for leg in legs)),
            "destinations": "、".join(place(leg) for leg in legs),
            "start_date": _date(trip.start_date),
            "end_date": _date(trip.end_date),
            "days": trip.days,
            "leader": f"{entity_display_name(leader.person, language='zh-hans')}（{leader.post}）"
            if leader and leader.post
            else (entity_display_name(leader.person, language="zh-hans") if leader else ""),
            "headcount": len(members),
            "members": [
                {
                    "name": entity_display_name(m.person, language="zh-hans"),
                    "post": m.post,
                    "level": m.get_level_display(),
                    "role": "团长" if m.leader else "团员",
                }
                for m in members
            ],
            "purpose": trip.purpose,
            "agenda": trip.agenda,
            "partners": "、".join(entity_display_name(p, language="zh-hans") for p in trip.partners.all()) or "—",
            "invitation_from": trip.invitation_from or "—",
            "invitation_ref": trip.invitation_ref or "—",
            "budget": f"{trip.budget:,.2f}" if trip.budget is not None else "—",
            "payer": trip.get_payer_display(),
            "addressee": "市人民政府" if trip.approving_level == "city" else "省人民政府外事办公室",
            "today": _date(timezone.localdate()),
        }


def application_docx(trip: Trip) -> bytes:
    return _render("trip_application.docx", trip_context(trip))


def request_docx(trip: Trip) -> bytes:
    return _render("trip_request.docx", trip_context(trip))


def active_criteria() -> list[ReviewCriterion]:
    return list(ReviewCriterion.objects.filter(active=True))


def quarter_rows(reviews) -> list[dict]:
    """The quarter's table rows (reviews from trips.selectors.quarter_reviews)."""
    criteria = active_criteria()
    rows = []
    for number, review in enumerate(reviews, start=1):
        trip = review.trip
        members = list(trip.members.all())
        leader = next((m for m in members if m.leader), None)
        rows.append(
            {
                "number": number,
                "trip": trip,
                "title": trip.title,
                "leader": entity_display_name(leader.person) if leader else "",
                "organiser": entity_display_name(trip.organiser),
                "dates": f"{trip.start_date:%Y-%m-%d} – {trip.end_date:%Y-%m-%d}",
                "score_list": [(c.label, review.scores.get(c.code)) for c in criteria],
                "scores": "；".join(f"{c.label}{review.scores.get(c.code, '—')}" for c in criteria),
                "total": review.total,
            }
        )
    return rows


def quarter_docx(*, year: int, quarter: int) -> bytes:
    from trips.selectors import quarter_reviews

    with translation.override("zh-hans"):
        rows = quarter_rows(quarter_reviews(year=year, quarter=quarter))
        criteria = active_criteria()
        for row in rows:
            row.pop("trip")
            row.pop("score_list")
        context = {
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "criteria": "、".join(f"{c.label}（{c.max_score}分）" for c in criteria),
            "count": len(rows),
            "average": f"{sum(r['total'] for r in rows) / len(rows):.1f}" if rows else "—",
            "office": "市人民政府外事办公室",
            "today": _date(timezone.localdate()),
        }
        return _render("trip_quarter.docx", context)
