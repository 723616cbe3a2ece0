"""Importing events (with participants, headcounts and ties) and follow-ups from XLSX and CSV (UTF-8, GB18030):
preview, row errors in both languages, upsert, all or nothing, ambiguous matches refused, undo as a whole, and the
export of each list re-imported unchanged (round trip)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from events.models import Event, FollowUp, Participant
from imports import services
from imports.choices import ImportKind, ImportStatus, RowStatus
from imports.models import ImportRecord
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def world():
    home = HomeCityFactory()
    aachen = EntityFactory(name="Aachen", name_zh="亚琛", country="DE")
    tie = RelationFactory(source=home, target=aachen, status_since=dt.date(1986, 5, 20))  # as relation_create files it
    return home, aachen, tie


def _events_csv(home, aachen, tie) -> str:
    return (
        "类型,标题,开始日期,结束日期,级别,参与方,关联关系,备注\n"
        f'来访,Aachen delegation,2024-05-06,2024-05-08,vice_mayor_plus,"亚琛（来访团，6） | #{home.pk} (host, 3)",'
        f"#{tie.pk},first\n"
        f'出访,Mission to Aachen,2024/9/1,,,"#{home.pk} (delegation, 4)",,\n'
    )


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_events_import_with_participants_headcounts_and_ties_attributed_in_history(officer, world, encoding):
    home, aachen, tie = world
    content = _events_csv(*world).encode(encoding)
    preview = services.import_preview(kind=ImportKind.EVENTS, content=content, by=officer)
    assert [row.status for row in preview.rows] == [RowStatus.NEW, RowStatus.NEW], preview.messages()
    assert not Event.objects.exists()
    record, report = services.import_file(kind=ImportKind.EVENTS, content=content, file_name="ev.csv", by=officer)
    visit = Event.objects.get(title="Aachen delegation")
    assert (visit.kind, visit.level, visit.end_date) == ("visit_in", "vice_mayor_plus", dt.date(2024, 5, 8))
    assert set(visit.participants.values_list("entity_id", "role", "headcount")) == {
        (aachen.pk, "guest", 6),
        (home.pk, "host", 3),
    }
    assert visit.headcount == 6 and not visit.headcount_given  # the guests are counted, the hosts are not
    assert list(visit.relations.all()) == [tie]
    mission = Event.objects.get(title="Mission to Aachen")
    assert mission.start_date == dt.date(2024, 9, 1) and mission.headcount == 4
    history = visit.history.first()
    assert history.history_user == officer and history.history_change_reason == f"import #{record.pk}: ev.csv"
    assert Participant.objects.filter(event=visit).first().history.first().history_change_reason == record.reason


def test_events_reimport_is_unchanged_then_an_edit_updates_and_undo_restores(officer, world):
    home, aachen, tie = world
    content = _events_csv(*world).encode()
    services.import_file(kind=ImportKind.EVENTS, content=content, file_name="a.csv", by=officer)
    again = services.import_preview(kind=ImportKind.EVENTS, content=content, by=officer)
    assert [row.status for row in again.rows] == [RowStatus.UNCHANGED, RowStatus.UNCHANGED], again.messages()
    changed = content.decode().replace("亚琛（来访团，6）", "亚琛（来访团，9）").replace(f",#{tie.pk},first", ",,first")
    record, report = services.import_file(
        kind=ImportKind.EVENTS, content=changed.encode(), file_name="b.csv", by=officer
    )
    assert [row.status for row in report.rows] == [RowStatus.UPDATE, RowStatus.UNCHANGED]
    visit = Event.objects.get(title="Aachen delegation")
    assert visit.headcount == 9 and not visit.relations.exists()
    services.import_undo(record=record, by=officer)
    visit.refresh_from_db()
    assert visit.headcount == 6
    assert visit.participants.get(role="guest").headcount == 6
    assert list(visit.relations.all()) == [tie]


def test_undo_of_an_events_import_deletes_what_it_created(officer, world):
    record, _report = services.import_file(
        kind=ImportKind.EVENTS, content=_events_csv(*world).encode(), file_name="a.csv", by=officer
    )
    services.import_undo(record=record, by=officer)
    record.refresh_from_db()
    assert record.status == ImportStatus.UNDONE
    assert not Event.objects.exists() and not Participant.objects.exists()


def test_event_row_errors_name_the_row_and_column_in_both_languages(officer, world):
    content = "类型,标题,开始日期,参与方\n来访,Visit,2024-02-30,Nowhere（来访团，2）\n".encode()
    with translation.override("zh-hans"):
        report = services.import_preview(kind=ImportKind.EVENTS, content=content, by=officer)
    messages = report.rows[0].messages
    assert "第2行：开始日期“2024-02-30”不是有效日期" in messages
    assert any(m.startswith("第2行，参与方：") and "Nowhere" in m for m in messages), messages
    with translation.override("en"):
        report = services.import_preview(kind=ImportKind.EVENTS, content=content, by=officer)
    assert "Row 2: 开始日期 “2024-02-30” is not a valid date" in report.rows[0].messages


def test_an_events_file_with_one_bad_row_writes_nothing(officer, world):
    content = xlsx_bytes([["类型", "标题", "开始日期", "结束日期"], ["来访", "Good", "2024-05-01", None],
                          ["来访", "Bad", "2024-05-09", "2024-05-01"]])  # fmt: skip
    with pytest.raises(services.ImportRefused) as refused:
        services.import_file(kind=ImportKind.EVENTS, content=content, file_name="bad.xlsx", by=officer)
    assert [row.status for row in refused.value.report.rows] == [RowStatus.NEW, RowStatus.ERROR]
    assert "Row 3, 结束日期" in refused.value.report.rows[1].messages[0]
    assert not Event.objects.exists() and not ImportRecord.objects.exists()


def test_an_event_row_matching_two_events_or_an_ambiguous_participant_is_refused(officer, world):
    first = EventFactory(title="Culture week", start_date=dt.date(2024, 6, 1))
    second = EventFactory(title="Culture week", start_date=dt.date(2024, 6, 1))
    EntityFactory(name="Springfield", country="US")
    EntityFactory(name="Springfield", country="US")
    content = "类型,标题,开始日期\nculture,Culture week,2024-06-01\n".encode()
    [row] = services.import_preview(kind=ImportKind.EVENTS, content=content, by=officer).rows
    assert row.status == RowStatus.ERROR
    assert f"#{first.pk}" in row.messages[0] and f"#{second.pk}" in row.messages[0]
    content = "类型,标题,开始日期,参与方\nculture,Fair,2024-06-01,Springfield (guest)\n".encode()
    [row] = services.import_preview(kind=ImportKind.EVENTS, content=content, by=officer).rows
    assert row.status == RowStatus.ERROR and "several records" in row.messages[0]


def test_followups_import_upsert_errors_and_undo(officer, make_user, world):
    home, aachen, tie = world
    colleague = make_user("officer", username="wang")
    content = (
        "事项,截止日期,负责人,对象,关系,备注\n"
        f"Send the photos,2024-06-01,wang,亚琛,#{tie.pk},\n"
        "Thank-you letter,2024年6月3日,,,,\n"
    ).encode("gb18030")
    record, report = services.import_file(kind=ImportKind.FOLLOWUPS, content=content, file_name="f.csv", by=officer)
    assert report.counts["new"] == 2
    photos = FollowUp.objects.get(title="Send the photos")
    assert (photos.owner, photos.entity, photos.relation) == (colleague, aachen, tie)
    assert FollowUp.objects.get(title="Thank-you letter").owner == officer  # blank owner: the importing user
    assert photos.history.first().history_change_reason == record.reason
    again = services.import_preview(kind=ImportKind.FOLLOWUPS, content=content, by=officer)
    assert [row.status for row in again.rows] == [RowStatus.UNCHANGED, RowStatus.UNCHANGED], again.messages()
    edited = content.decode("gb18030").replace(
        "Thank-you letter,2024年6月3日,,,,", "Thank-you letter,2024年6月3日,,,,sent"
    )
    second, report = services.import_file(
        kind=ImportKind.FOLLOWUPS, content=edited.encode(), file_name="g.csv", by=officer
    )
    assert [row.status for row in report.rows] == [RowStatus.UNCHANGED, RowStatus.UPDATE]
    services.import_undo(record=second, by=officer)
    assert FollowUp.objects.get(title="Thank-you letter").notes == ""
    with pytest.raises(ValidationError, match="changed since the import"):
        services.import_undo(record=record, by=officer)  # the letter was changed (and changed back) since

    bad = "事项,截止日期,负责人\nCall,2024-06-01,nobody\n".encode()
    with translation.override("zh-hans"):
        [row] = services.import_preview(kind=ImportKind.FOLLOWUPS, content=bad, by=officer).rows
    assert row.messages == ["第2行：负责人“nobody”不是用户名"]


def test_a_followup_row_matching_two_followups_is_refused(officer):
    first = FollowUpFactory(title="Call back", due_date=dt.date(2024, 6, 1))
    second = FollowUpFactory(title="Call back", due_date=dt.date(2024, 6, 1))
    content = "事项,截止日期\nCall back,2024-06-01\n".encode()
    [row] = services.import_preview(kind=ImportKind.FOLLOWUPS, content=content, by=officer).rows
    assert row.status == RowStatus.ERROR
    assert f"#{first.pk}" in row.messages[0] and f"#{second.pk}" in row.messages[0]


EVENT_FIELDS = ("kind", "status", "title", "start_date", "end_date", "location", "level", "headcount",
                "headcount_given", "outcome", "notes")  # fmt: skip
FOLLOWUP_FIELDS = ("title", "due_date", "owner_id", "entity_id", "relation_id", "event_id", "anniversary_on",
                   "done_at", "done_by_id", "notes")  # fmt: skip


def _snapshot():
    events = list(Event.objects.order_by("pk").values_list("pk", *EVENT_FIELDS))
    participants = sorted(Participant.objects.values_list("event_id", "entity_id", "role", "headcount"))
    links = sorted(Event.relations.through.objects.values_list("event_id", "relation_id"))
    followups = list(FollowUp.objects.order_by("pk").values_list("pk", *FOLLOWUP_FIELDS))
    return events, participants, links, followups


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_event_and_followup_exports_reimport_identically(client, officer, world, fmt):
    home, aachen, tie = world
    services.import_file(kind=ImportKind.EVENTS, content=_events_csv(*world).encode(), file_name="e.csv", by=officer)
    visit = Event.objects.get(title="Aachen delegation")
    EventFactory(title="=cmd|' /C calc'!A0", headcount=40, headcount_given=True, notes="two\nlines")
    FollowUpFactory(title="Report", owner=officer, entity=aachen, event=visit, notes="@once",
                    done_at=timezone.now(), done_by=officer)  # fmt: skip
    FollowUpFactory(title="Plan the 40th", owner=officer, relation=tie, anniversary_on=dt.date(2026, 5, 20))
    before = _snapshot()
    client.force_login(officer)
    events_file = client.get(reverse("events:event-export", args=[fmt])).content
    followups_file = client.get(reverse("events:followup-export", args=[fmt]) + "?show=all").content
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(events_file)).active
        assert sheet.cell(row=1, column=1).value == "编号 / ID"
    for kind, content in ((ImportKind.EVENTS, events_file), (ImportKind.FOLLOWUPS, followups_file)):
        report = services.import_preview(kind=kind, content=content, file_name=f"x.{fmt}", by=officer)
        assert {row.status for row in report.rows} == {RowStatus.UNCHANGED}, report.messages()
    FollowUp.objects.all().delete()
    Participant.objects.all().delete()
    Event.objects.all().delete()
    services.import_file(kind=ImportKind.EVENTS, content=events_file, file_name=f"e.{fmt}", by=officer)
    services.import_file(kind=ImportKind.FOLLOWUPS, content=followups_file, file_name=f"f.{fmt}", by=officer)
    assert _snapshot() == before


def test_the_full_office_export_reimports_into_an_empty_database_identically(client, officer, world):
    from contacts.models import ContactPoint, Entity
    from relations.models import Relation
    from tests.imports.test_exports import _snapshot as ties_snapshot
    from tests.imports.test_exports import _world as ties_world

    home, aachen, tie = world
    ties_world()
    services.import_file(kind=ImportKind.EVENTS, content=_events_csv(*world).encode(), file_name="e.csv", by=officer)
    FollowUpFactory(title="Report", owner=officer, entity=aachen, relation=tie, notes="=1")
    before = ties_snapshot(), _snapshot()
    client.force_login(officer)
    response = client.get(reverse("imports:office-export"))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["entities", "ties", "events", "followups"]
    FollowUp.objects.all().delete()
    Event.objects.all().delete()
    Relation.objects.all().delete()
    ContactPoint.objects.all().delete()
    while Entity.objects.exists():
        Entity.objects.filter(children__isnull=True).delete()
    done = services.office_import(content=response.content, file_name="office.xlsx", by=officer)
    assert [record.kind for record, _report in done] == ["entities", "ties", "events", "followups"]
    after = ties_snapshot(), _snapshot()
    for old, new in zip([*before[0], *before[1]], [*after[0], *after[1]], strict=True):
        assert old == new, ([x for x in old if x not in new], [x for x in new if x not in old])
    assert after == before


def test_a_bad_row_in_any_sheet_of_an_office_workbook_writes_nothing(client, officer, world):
    client.force_login(officer)
    content = client.get(reverse("imports:office-export")).content
    book = load_workbook(io.BytesIO(content))
    book["followups"].append(["", "Call", "2024-02-30"])
    buffer = io.BytesIO()
    book.save(buffer)
    FollowUp.objects.all().delete()
    from relations.models import Relation

    Relation.objects.all().delete()
    with pytest.raises(services.ImportRefused) as refused:
        services.office_import(content=buffer.getvalue(), file_name="office.xlsx", by=officer)
    assert refused.value.report.kind == "followups"
    assert not Relation.objects.exists() and not ImportRecord.objects.exists()


def test_the_office_export_needs_every_list_permission(client, make_user):
    client.force_login(make_user(None, username="nobody"))
    assert client.get(reverse("imports:office-export")).status_code == 403


def test_the_command_imports_a_full_office_workbook(client, officer, world, tmp_path):
    from django.core.management import call_command

    client.force_login(officer)
    path = tmp_path / "office.xlsx"
    path.write_bytes(client.get(reverse("imports:office-export")).content)
    FollowUpFactory(title="Only in the database", owner=officer)
    out = io.StringIO()
    call_command("import_records", "office", str(path), "--user", officer.username, "-v", "0", stdout=out)
    assert "entities: imported as" in out.getvalue() and "followups: imported as" in out.getvalue()
    assert ImportRecord.objects.filter(user=officer).count() == 4


def test_events_import_through_the_api(officer_api, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ev.csv", _events_csv(*world).encode())
    response = officer_api.post("/api/imports/", {"kind": "events", "file": upload, "confirm": "true"})
    assert response.status_code == 201, response.content
    assert response.json()["counts"]["new"] == 2 and Event.objects.count() == 2
