"""The trip pages and documents: apply through the form, decide with the buttons, the DOCX files carry the facts."""

import datetime as dt
import io

import pytest
from docx import Document

from contacts.choices import EntityKind
from tests.factories import EntityFactory, make_trip
from trips.choices import TripStatus
from trips.models import Trip
from trips.services import trip_approve, trip_check, trip_review_record, trip_travel


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.django_db
def test_apply_through_the_form_submit_be_refused_correct_and_pass(page_as):
    client = page_as("officer")
    unit = EntityFactory(kind=EntityKind.ORGANISATION, country="CN", domestic=True, name="Port Authority")
    leader = EntityFactory(kind=EntityKind.PERSON, country="CN", domestic=True, name="Li Hua")
    assert client.get("/trips/new/").status_code == 200
    data = {
        "title": "Port cooperation",
        "organiser": unit.pk,
        "kind": "self_organised",
        "category": "officials",
        "approving_level": "city",
        "start_date": "2024-05-01",
        "end_date": "2024-05-08",
        "purpose": "Port MoU",
        "payer": "own_unit",
        "leg1_country": "BE",
        "leg1_days": "4",
        "member1_person": leader.pk,
        "member1_post": "Director",
        "member1_level": "bureau",
    }
    response = client.post("/trips/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    trip = Trip.objects.get()
    assert (trip.headcount, trip.members.get().post, str(trip.legs.get().country)) == (1, "Director", "BE")
    refused = client.post(f"/trips/{trip.pk}/do/submit/", follow=True)
    assert "days by number of countries" in refused.content.decode()
    data["end_date"] = "2024-05-05"
    assert client.post(f"/trips/{trip.pk}/edit/", data).status_code == 302
    client.post(f"/trips/{trip.pk}/do/submit/")
    client.post(f"/trips/{trip.pk}/do/check/", {"check-outcome": "accepted"})
    page = client.post(
        f"/trips/{trip.pk}/do/approve/", {"approve-level": "city", "approve-approved": "yes"}, follow=True
    )
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED
    assert "Recorded by" in page.content.decode() and client.user.username in page.content.decode()
    assert client.get("/trips/?status=approved").content.decode().count("Port cooperation") == 1


@pytest.mark.django_db
def test_a_viewer_reads_the_pages_but_decides_nothing(page_as):
    trip = make_trip()
    client = page_as("viewer")
    assert client.get(f"/trips/{trip.pk}/").status_code == 200
    assert client.post(f"/trips/{trip.pk}/do/submit/").status_code == 403
    assert client.get("/trips/new/").status_code == 403


@pytest.mark.django_db
def test_the_application_and_the_request_carry_the_trip_s_facts(page_as):
    client = page_as("officer")
    trip = make_trip(
        title="赴德国经贸考察",
        invitation_from="亚琛市政府",
        budget=120000,
        organiser=EntityFactory(
            kind=EntityKind.ORGANISATION, country="CN", domestic=True, name="Commerce", name_zh="市商务局"
        ),
    )
    application = _text(client.get(f"/trips/{trip.pk}/application.docx").content)
    for fact in (
        "因公出国（境）团组申报表",
        "赴德国经贸考察",
        "市商务局",
        "德国（1天）",
        "2024年5月10日",
        "共5天",
        "Member 0",
        "Post 0",
        "县处级",
        "团长",
        "120,000.00",
    ):
        assert fact in application, fact
    request = _text(client.get(f"/trips/{trip.pk}/request.docx").content)
    assert "关于市商务局赴德国经贸考察赴德国的请示" in request
    assert "应亚琛市政府邀请" in request and "妥否，请批示" in request and "市人民政府" in request


@pytest.mark.django_db
def test_the_quarter_table_lists_the_reviewed_delegations(page_as):
    client = page_as("officer")
    trip = make_trip(by=client.user, submit=True, title="Delegation to Kyiv")
    trip_check(trip=trip, outcome="accepted", by=client.user)
    trip_approve(trip=trip, level="city", by=client.user)
    trip_travel(trip=trip, by=client.user)
    trip_review_record(trip=trip, by=client.user, scores={"discipline": 28, "duties": 27, "results": 36})
    page = client.get("/trips/quarter/?year=2024&quarter=2").content.decode()
    assert "Delegation to Kyiv" in page and "91" in page
    table = _text(client.get("/trips/quarter.docx?year=2024&quarter=2").content)
    assert "2024年第2季度因公出国（境）团组绩效考核汇总表" in table
    assert "Delegation to Kyiv" in table and "91" in table and "执行外事政策和遵守外事纪律28" in table
    assert dt.date(2024, 5, 10).isoformat() in table


@pytest.mark.django_db
def test_an_admin_s_uploaded_template_replaces_the_shipped_application_form(page_as):
    import io

    from docx import Document as NewDocument

    from core.models import DocumentTemplate

    replacement = NewDocument()
    replacement.add_paragraph("本单位专用申报表：{{ title }}，{{ organiser }}")
    buffer = io.BytesIO()
    replacement.save(buffer)
    DocumentTemplate.objects.create(name="trips/trip_application.docx", content=buffer.getvalue())
    client = page_as("officer")
    trip = make_trip(title="赴德国经贸考察")
    application = _text(client.get(f"/trips/{trip.pk}/application.docx").content)
    assert "本单位专用申报表：赴德国经贸考察" in application
    assert "因公出国（境）团组申报表" not in application
    # the other documents keep the shipped templates
    assert "妥否，请批示" in _text(client.get(f"/trips/{trip.pk}/request.docx").content)
