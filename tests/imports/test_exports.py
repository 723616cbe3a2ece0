"""Exports of the entity and tie lists: the import's columns, the list's filters, text never a formula, and a round
trip (export, import into an empty database) that reproduces the records."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contacts.models import ContactPoint, Entity
from imports import services
from imports.choices import ImportKind, RowStatus
from relations.models import Relation
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db

ENTITY_FIELDS = ("kind", "name", "name_zh", "name_en", "aliases", "title", "country", "domestic", "parent_id",
                 "latitude", "longitude", "population", "geonameid", "website", "tags", "notes",
                 "archived")  # fmt: skip
RELATION_FIELDS = ("kind", "source_id", "target_id", "status", "status_since", "established_on", "start_date",
                   "end_date", "title", "notes")  # fmt: skip


def _world():
    home = HomeCityFactory()
    district = EntityFactory(kind="district", name="Haishu", name_zh="海曙区", country="CN", parent=home, domestic=True)
    partner = EntityFactory(name="=HYPERLINK(\"http://evil.example\")", country="DE", aliases=["A", "B"], tags=["x"],
                            latitude=50.7, longitude=6.1, population=250_000, notes="line one\nline two")  # fmt: skip
    ContactPoint.objects.create(entity=partner, kind="email", label="office", value="info@example.de")
    # as relation_create files them: the status has its date
    RelationFactory(source=home, target=partner, notes="=1+2", title="@home", status_since=dt.date(2010, 5, 20))
    RelationFactory(source=district, target=EntityFactory(name="Gumi", country="KR"), kind="friendly_district",
                    status="contact", established_on=None, status_since=dt.date(2025, 3, 1))  # fmt: skip


def _snapshot():
    entities = list(Entity.objects.order_by("pk").values_list("pk", *ENTITY_FIELDS))
    points = list(ContactPoint.objects.order_by("pk").values_list("entity_id", "kind", "label", "value"))
    relations = list(Relation.objects.order_by("pk").values_list("pk", *RELATION_FIELDS))
    return entities, points, relations


def test_the_entity_list_exports_its_filtered_selection_with_the_template_headers(client, officer):
    _world()
    client.force_login(officer)
    response = client.get(reverse("contacts:export", args=["xlsx"]) + "?country=DE")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号 / ID", "类别 / Kind", "名称 / Name")
    assert [row[2] for row in rows[1:]] == ['=HYPERLINK("http://evil.example")']
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type == "s" and cell.quotePrefix  # text, never a formula


def test_the_tie_list_exports_csv_with_formula_text_neutralised(client, officer):
    _world()
    client.force_login(officer)
    response = client.get(reverse("relations:export", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("编号 / ID,类型 / Kind,本方 / Our side")
    assert "'=1+2" in text and "'@home" in text


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_database_reproduces_the_records(client, officer, fmt):
    _world()
    before = _snapshot()
    client.force_login(officer)
    entities_file = client.get(reverse("contacts:export", args=[fmt]) + "?archived=").content
    ties_file = client.get(reverse("relations:export", args=[fmt])).content
    # re-importing into the same database changes nothing
    report = services.import_preview(kind=ImportKind.ENTITIES, content=entities_file, file_name=f"e.{fmt}")
    assert {row.status for row in report.rows} == {RowStatus.UNCHANGED}, report.messages()
    report = services.import_preview(kind=ImportKind.TIES, content=ties_file, file_name=f"t.{fmt}")
    assert {row.status for row in report.rows} == {RowStatus.UNCHANGED}, report.messages()
    Relation.objects.all().delete()
    ContactPoint.objects.all().delete()
    Entity.objects.filter(parent__isnull=False).delete()
    Entity.objects.all().delete()
    services.import_file(kind=ImportKind.ENTITIES, content=entities_file, file_name=f"e.{fmt}", by=officer)
    services.import_file(kind=ImportKind.TIES, content=ties_file, file_name=f"t.{fmt}", by=officer)
    assert _snapshot() == before
