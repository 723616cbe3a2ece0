"""The list endpoints' exports (`GET /api/<list>/export/?format=xlsx|csv`) and the trip list page's: the list's
filters and permissions, the import's columns, text never a formula, and a round trip through the import."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contacts.models import ContactPoint, Entity
from events.models import Event, FollowUp
from imports import services
from imports.choices import ImportKind, RowStatus
from relations.models import Relation
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, make_trip
from tests.imports.test_exports import _snapshot, _world

pytestmark = pytest.mark.django_db

LISTS = ("entities", "relations", "events", "followups", "trips")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_api_exports_of_entities_and_ties_reimport_unchanged_and_into_an_empty_database(api_as, officer, fmt):
    _world()
    before = _snapshot()
    api = api_as("viewer")
    entities = api.get("/api/entities/export/", {"format": fmt})
    ties = api.get("/api/relations/export/", {"format": fmt})
    assert entities.status_code == ties.status_code == 200
    assert entities["Content-Disposition"] == f'attachment; filename="entities.{fmt}"'
    assert entities["Content-Type"] == (XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")
    for kind, content in ((ImportKind.ENTITIES, entities.content), (ImportKind.TIES, ties.content)):
        report = services.import_preview(kind=kind, content=content, file_name=f"x.{fmt}")
        assert {row.status for row in report.rows} == {RowStatus.UNCHANGED}, report.messages()
    Relation.objects.all().delete()
    ContactPoint.objects.all().delete()
    Entity.objects.filter(parent__isnull=False).delete()
    Entity.objects.all().delete()
    services.import_file(kind=ImportKind.ENTITIES, content=entities.content, file_name=f"e.{fmt}", by=officer)
    services.import_file(kind=ImportKind.TIES, content=ties.content, file_name=f"t.{fmt}", by=officer)
    assert _snapshot() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_api_exports_of_events_and_followups_reimport_unchanged(api_as, officer, fmt):
    aachen = EntityFactory(name="Aachen", country="DE")
    event = EventFactory(title="=cmd|' /C calc'!A0", headcount=40, headcount_given=True)
    FollowUpFactory(title="@report", owner=officer, entity=aachen, event=event)
    api = api_as("viewer")
    for path, kind in (("/api/events/export/", ImportKind.EVENTS), ("/api/followups/export/", ImportKind.FOLLOWUPS)):
        response = api.get(path, {"format": fmt})
        assert response.status_code == 200
        report = services.import_preview(kind=kind, content=response.content, file_name=f"x.{fmt}", by=officer)
        assert len(report.rows) == 1
        assert {row.status for row in report.rows} == {RowStatus.UNCHANGED}, report.messages()


def test_api_export_takes_the_lists_filters_and_ordering(api_as):
    EntityFactory(name="Aachen", country="DE")
    EntityFactory(name="Bonn", country="DE")
    EntityFactory(name="Gumi", country="KR")
    api = api_as("viewer")
    rows = _rows(api.get("/api/entities/export/", {"country": "DE", "ordering": "-name"}).content)
    assert [row[2] for row in rows[1:]] == ["Bonn", "Aachen"]
    # every record the filters select, not one page of them
    assert len(_rows(api.get("/api/entities/export/", {"page_size": 1}).content)) == 4


def test_api_export_writes_formula_like_text_as_text(api_as):
    EntityFactory(name='=HYPERLINK("http://evil.example")', country="DE", notes="+1")
    response = api_as("viewer").get("/api/entities/export/")  # XLSX unless asked otherwise
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.value == '=HYPERLINK("http://evil.example")' and cell.data_type == "s" and cell.quotePrefix
    text = api_as("viewer").get("/api/entities/export/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1" in text


def test_api_export_answers_csv_by_the_accept_header(api_as):
    EntityFactory(name="Aachen", country="DE")
    response = api_as("viewer").get("/api/entities/export/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("name", LISTS)
def test_api_export_refuses_anonymous_users_and_bad_input_in_json(api_client, api_as, name):
    assert api_client.get(f"/api/{name}/export/").status_code == 401
    api = api_as("viewer")
    assert api.get(f"/api/{name}/export/").status_code == 200
    response = api.get(f"/api/{name}/export/", {"format": "pdf"})
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    response = api.get(f"/api/{name}/export/", {"ordering": "no_such_field"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "ordering" in response.json()


def test_api_export_needs_the_view_permission_of_its_list(api_as, make_user):
    from rest_framework.test import APIClient

    nobody = make_user(role=None, username="nobody")
    api = APIClient()
    api.force_authenticate(nobody)
    response = api.get("/api/relations/export/")
    assert response.status_code == 403 and response["Content-Type"] == "application/json"


def test_api_export_refuses_a_wrong_filter_with_its_field(api_as):
    response = api_as("viewer").get("/api/events/export/", {"start_date_after": "2019-02-30"})
    assert response.status_code == 400 and "start_date_after" in response.json()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_trip_list_page_and_endpoint_export_their_filtered_selection(client, api_as, viewer, fmt):
    make_trip(title="=Trade mission", countries=("DE", "FR"))
    make_trip(title="Study tour", countries=("JP",))
    client.force_login(viewer)
    page = client.get(reverse("trips:trip-list"))
    assert reverse("trips:trip-export", args=["xlsx"]) in page.content.decode()
    response = client.get(reverse("trips:trip-export", args=[fmt]) + "?country=DE")
    assert response.status_code == 200
    api = api_as("viewer").get("/api/trips/export/", {"format": fmt, "country": "DE"})
    assert api.content == response.content or fmt == "xlsx"  # a workbook carries its time of writing
    if fmt == "xlsx":
        rows = _rows(response.content)
        assert rows[0][:2] == ("编号 / ID", "团组名称 / Title")
        assert [(row[1], row[9]) for row in rows[1:]] == [("=Trade mission", "DE (1) | FR (1)")]
        assert _rows(api.content) == rows
    else:
        text = response.content.decode("utf-8-sig")
        assert "'=Trade mission" in text and "Study tour" not in text


def test_the_trip_export_page_needs_a_login_and_knows_its_formats(client, viewer):
    url = reverse("trips:trip-export", args=["xlsx"])
    assert client.get(url).status_code == 302
    client.force_login(viewer)
    assert client.get(reverse("trips:trip-export", args=["pdf"])).status_code == 404


def test_api_export_costs_the_same_queries_for_3_and_30_records(api_as, django_assert_max_num_queries):
    api = api_as("viewer")
    for n in range(3):
        EventFactory(title=f"Event {n}")
    with django_assert_max_num_queries(12) as small:
        api.get("/api/events/export/")
    for n in range(27):
        EventFactory(title=f"More {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(_rows(api.get("/api/events/export/").content)) == 31
    assert Event.objects.count() == 30 and FollowUp.objects.count() == 0


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_approval_decisions_of_the_listed_ties_export_from_the_page_and_the_api(client, api_as, viewer, fmt):
    import datetime as dt

    from relations.models import ApprovalDecision
    from tests.factories import RelationFactory

    kept = RelationFactory(target=EntityFactory(name="Aachen", country="DE"))
    other = RelationFactory(target=EntityFactory(name="Gumi", country="KR"))
    ApprovalDecision.objects.create(relation=kept, level="province", outcome="approved", date=dt.date(2024, 3, 1),
                                    document_no="省外办〔2024〕3号", note="=1+1")  # fmt: skip
    ApprovalDecision.objects.create(relation=kept, level="city", outcome="approved", date=dt.date(2024, 1, 5))
    ApprovalDecision.objects.create(relation=other, level="city", outcome="returned", date=dt.date(2024, 2, 1))
    client.force_login(viewer)
    assert reverse("relations:approvals-export", args=["csv"]) in client.get(reverse("relations:list")).content.decode()
    page = client.get(reverse("relations:approvals-export", args=[fmt]) + "?country=DE")
    api = api_as("viewer").get("/api/relations/approvals/export/", {"format": fmt, "country": "DE"})
    assert page.status_code == api.status_code == 200
    assert api["Content-Disposition"] == f'attachment; filename="approvals.{fmt}"'
    if fmt == "xlsx":
        rows = _rows(page.content)
        assert rows == _rows(api.content)
        assert rows[0][:3] == ("编号 / ID", "关系编号 / Tie", "类型 / Kind")
        assert [(row[5], row[7]) for row in rows[1:]] == [("city", "2024-01-05"), ("province", "2024-03-01")]
        assert rows[2][9] == "=1+1" and rows[2][8] == "省外办〔2024〕3号"
    else:
        text = page.content.decode("utf-8-sig")
        assert text == api.content.decode("utf-8-sig")
        assert "'=1+1" in text and "returned" not in text


def test_an_export_asked_for_a_type_it_cannot_make_answers_406_in_json(api_as):
    response = api_as("viewer").get("/api/relations/approvals/export/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 406 and response["Content-Type"] == "application/json"
    response = api_as("viewer").get("/api/entities/export/", HTTP_ACCEPT="application/json")
    assert response.status_code == 406 and response["Content-Type"] == "application/json"
