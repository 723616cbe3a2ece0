"""Importing entities and ties from XLSX and CSV (UTF-8, GB18030): preview, row errors in both languages, upsert,
all or nothing, ambiguous matches refused, undo as a whole."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from contacts.models import ContactPoint, Entity
from imports import services
from imports.choices import ImportKind, ImportStatus, RowStatus
from imports.models import ImportRecord
from relations.models import Relation, RelationStep
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ENTITIES_CSV = "类别,名称,中文名称,国家,联系方式\n城市,Aachen,,德国,email: info@aachen.de\ncity,Daegu,,KR,\n"


def test_read_table_takes_utf8_gb18030_and_xlsx_alike():
    rows = [["名称", "国家"], ["亚琛", "德国"]]
    for content in (
        csv_bytes("名称,国家\n亚琛,德国\n"),
        csv_bytes("\ufeff名称,国家\n亚琛,德国\n"),
        csv_bytes("名称,国家\n亚琛,德国\n", "gb18030"),
        xlsx_bytes(rows),
    ):
        dataset = services.read_table(content, "x.xlsx" if content[:2] == b"PK" else "x.csv")
        assert dataset.headers == ["名称", "国家"]
        assert list(dataset[0]) == ["亚琛", "德国"]


def test_read_table_takes_any_line_end_and_line_breaks_inside_quoted_cells():
    for text in ("名称,国家\r亚琛,德国\r", "名称,国家\r\n亚琛,德国\r\n", '名称,国家\n"亚\r琛",德国\n'):
        dataset = services.read_table(csv_bytes(text), "x.csv")
        assert dataset.headers == ["名称", "国家"]
        assert [cell.replace("\r", "") for cell in dataset[0]] == ["亚琛", "德国"]


def test_a_csv_file_the_reader_refuses_is_a_file_error_not_a_crash():
    huge = "名称\n" + "x" * (200 * 1024) + "\n"  # past the csv module's 128 KiB field limit
    with pytest.raises(ValidationError) as error:
        services.read_table(csv_bytes(huge), "x.csv")
    assert "file" in error.value.message_dict


def test_preview_writes_nothing_and_says_new_for_each_row(officer):
    report = services.import_preview(kind=ImportKind.ENTITIES, content=csv_bytes(ENTITIES_CSV), by=officer)
    assert report.ok
    assert [row.status for row in report.rows] == [RowStatus.NEW, RowStatus.NEW]
    assert [row.number for row in report.rows] == [2, 3]
    assert not Entity.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_import_entities_from_csv_fills_from_the_gazetteer_and_attributes_history(officer, encoding):
    record, report = services.import_file(
        kind=ImportKind.ENTITIES, content=csv_bytes(ENTITIES_CSV, encoding), file_name="partners.csv", by=officer
    )
    assert report.counts["new"] == 2
    aachen = Entity.objects.get(name="Aachen")
    assert aachen.country == "DE"
    assert aachen.name_zh == "亚琛"  # the gazetteer's standard Chinese name
    assert aachen.latitude is not None and aachen.population
    assert list(aachen.contact_points.values_list("kind", "value")) == [("email", "info@aachen.de")]
    row = aachen.history.first()
    assert row.history_user == officer
    assert row.history_change_reason == f"import #{record.pk}: partners.csv"
    assert record.status == ImportStatus.DONE and record.user == officer


def test_importing_the_same_file_again_finds_every_row_unchanged_then_updates_what_changed(officer):
    services.import_file(kind=ImportKind.ENTITIES, content=csv_bytes(ENTITIES_CSV), file_name="a.csv", by=officer)
    again = services.import_preview(kind=ImportKind.ENTITIES, content=csv_bytes(ENTITIES_CSV), by=officer)
    assert [row.status for row in again.rows] == [RowStatus.UNCHANGED, RowStatus.UNCHANGED]
    changed = ENTITIES_CSV.replace("city,Daegu,,KR,", "city,Daegu,,KR,phone: +82 53 120")
    _record, report = services.import_file(
        kind=ImportKind.ENTITIES, content=csv_bytes(changed), file_name="b.csv", by=officer
    )
    assert [row.status for row in report.rows] == [RowStatus.UNCHANGED, RowStatus.UPDATE]
    assert Entity.objects.count() == 2
    assert Entity.objects.get(name="Daegu").contact_points.get().value == "+82 53 120"


def test_a_row_matches_by_chinese_name_and_by_pinyin_folded_name(officer):
    daegu = EntityFactory(name="대구", name_zh="大邱", name_en="Daegu", country="KR")
    content = csv_bytes("类别,名称,国家,备注\ncity,大邱,KR,one\ncity,DAEGU,KR,two\n")
    report = services.import_preview(kind=ImportKind.ENTITIES, content=content, by=officer)
    assert [row.status for row in report.rows] == [RowStatus.UPDATE, RowStatus.UPDATE]
    assert Entity.objects.get(pk=daegu.pk).notes == ""  # a preview writes nothing


def test_a_row_that_matches_two_records_is_refused_naming_both(officer):
    first = EntityFactory(name="Springfield", country="US")
    second = EntityFactory(name="Springfield", country="US")
    content = csv_bytes("类别,名称,国家\ncity,Springfield,US\n")
    report = services.import_preview(kind=ImportKind.ENTITIES, content=content, by=officer)
    [row] = report.rows
    assert row.status == RowStatus.ERROR
    assert f"#{first.pk}" in row.messages[0] and f"#{second.pk}" in row.messages[0]


def test_an_id_column_updates_that_record(officer):
    entity = EntityFactory(name="Old name", country="KR")
    content = csv_bytes(f"编号 / ID,类别 / Kind,名称 / Name,国家 / Country\n{entity.pk},city,New name,KR\n")
    services.import_file(kind=ImportKind.ENTITIES, content=content, file_name="ids.csv", by=officer)
    entity.refresh_from_db()
    assert entity.name == "New name"


def test_row_errors_name_the_row_and_column_in_both_languages(officer):
    content = csv_bytes("对方城市,国家,类型,状态,结好时间\nAachen,德国,友好城市,已结好,2019-02-30\n")
    HomeCityFactory()
    kwargs = {"kind": ImportKind.TIES, "content": content, "by": officer, "defaults": {"source": "Ningbo"}}
    with translation.override("zh-hans"):
        report = services.import_preview(**kwargs)
    assert report.rows[0].messages == ["第2行：结好时间“2019-02-30”不是有效日期"]
    with translation.override("en"):
        report = services.import_preview(**kwargs)
    assert report.rows[0].messages == ["Row 2: 结好时间 “2019-02-30” is not a valid date"]


def test_a_file_with_one_bad_row_writes_nothing(officer):
    content = xlsx_bytes([["类别", "名称", "国家", "纬度", "经度"], ["city", "Aachen", "DE", 50.7, 6.1],
                          ["city", "Nowhere", "DE", 95, 6]])  # fmt: skip
    with pytest.raises(services.ImportRefused) as refused:
        services.import_file(kind=ImportKind.ENTITIES, content=content, file_name="bad.xlsx", by=officer)
    assert [row.status for row in refused.value.report.rows] == [RowStatus.NEW, RowStatus.ERROR]
    assert "Row 3, 纬度" in refused.value.report.rows[1].messages[0]
    assert not Entity.objects.exists()
    assert not ImportRecord.objects.exists()


def test_a_file_without_the_required_column_is_refused_before_any_row():
    report = services.import_preview(kind=ImportKind.ENTITIES, content=csv_bytes("国家\nDE\n"))
    assert not report.ok and report.rows == []
    assert "Name" in report.file_errors[0]


def test_ties_import_files_missing_places_from_the_gazetteer_with_defaults_and_a_first_step(officer):
    home = HomeCityFactory()
    content = csv_bytes(
        "本方,对方城市,国家,结好时间,文号,状态\n"
        "Ningbo,Aachen,Germany,1998-05-20,外办〔1998〕12号,已结好\n"
        "Ningbo,Daegu,韩国,,,\n"
    )
    record, report = services.import_file(
        kind=ImportKind.TIES,
        content=content,
        file_name="ties.csv",
        by=officer,
        defaults={"kind": "sister_city", "status": "contact"},
    )
    assert report.counts["new"] == 2
    aachen_tie = Relation.objects.get(target__name="Aachen")
    assert aachen_tie.source == home and aachen_tie.kind == "sister_city" and aachen_tie.status == "signed"
    assert aachen_tie.established_on == dt.date(1998, 5, 20)
    assert aachen_tie.target.name_zh == "亚琛" and aachen_tie.target.geonameid
    assert aachen_tie.steps.get().document_no == "外办〔1998〕12号"
    assert Relation.objects.get(target__name_en="Daegu").status == "contact"
    assert aachen_tie.history.first().history_change_reason == record.reason
    # the same file again: the ties are found by their two ends and kind
    again = services.import_preview(
        kind=ImportKind.TIES, content=content, by=officer, defaults={"kind": "sister_city", "status": "contact"}
    )
    assert [row.status for row in again.rows] == [RowStatus.UNCHANGED, RowStatus.UNCHANGED]


def test_ties_import_refuses_a_status_change(officer):
    tie = RelationFactory(target=EntityFactory(name="Gwangju", country="KR"))
    content = csv_bytes(
        f"编号,本方,对方,类型,状态,结好时间\n{tie.pk},#{tie.source_id},#{tie.target_id},sister_city,ended,2010-05-20\n"
    )
    report = services.import_preview(kind=ImportKind.TIES, content=content, by=officer)
    assert report.rows[0].status == RowStatus.ERROR
    assert "状态" in report.rows[0].messages[0]


def test_undo_removes_what_the_import_created_and_restores_what_it_changed(officer):
    daegu = EntityFactory(name="Daegu", country="KR", notes="before")
    ContactPoint.objects.create(entity=daegu, kind="email", value="old@daegu.kr")
    HomeCityFactory()
    services.import_file(
        kind=ImportKind.ENTITIES,
        content=csv_bytes("类别,名称,国家,备注,联系方式\ncity,Daegu,KR,after,email: new@daegu.kr\ncity,Aachen,DE,,\n"),
        file_name="e.csv",
        by=officer,
    )
    record, _report = services.import_file(
        kind=ImportKind.TIES,
        content=csv_bytes("本方,对方,国家,类型\nNingbo,Aachen,DE,sister_city\n"),
        file_name="t.csv",
        by=officer,
    )
    assert Relation.objects.count() == 1 and RelationStep.objects.count() == 1
    services.import_undo(record=record, by=officer)
    assert not Relation.objects.exists() and not RelationStep.objects.exists()
    record.refresh_from_db()
    assert record.status == ImportStatus.UNDONE
    entities_import = ImportRecord.objects.get(file_name="e.csv")
    services.import_undo(record=entities_import, by=officer)
    assert not Entity.objects.filter(name="Aachen").exists()
    daegu.refresh_from_db()
    assert daegu.notes == "before"
    assert list(daegu.contact_points.values_list("value", flat=True)) == ["old@daegu.kr"]
    assert daegu.history.first().history_change_reason == f"undo of import #{entities_import.pk}"


def test_undo_is_refused_when_a_record_changed_since(officer):
    record, _report = services.import_file(
        kind=ImportKind.ENTITIES, content=csv_bytes("类别,名称,国家\ncity,Aachen,DE\n"), file_name="e.csv", by=officer
    )
    aachen = Entity.objects.get(name="Aachen")
    aachen.notes = "edited by hand"
    aachen.save()
    with pytest.raises(ValidationError):
        services.import_undo(record=record, by=officer)
    assert Entity.objects.filter(name="Aachen").exists()
