"""Events and follow-ups in and out of spreadsheets (django-import-export): the template's columns, the exports of the
event and follow-up lists, and how an imported row finds the record it is about.

An event row names its participants in one cell, "#12 Aachen (guest, 5) | Ningbo (host, 2)": each an entity by
"#id" or by a name (any script, folded as contacts.search does), a role (code or label, either language) and a
headcount; its ties by "#id". It matches an event on file by its id, else by its title and start date. Person-times
are the participants' sum unless the "person-times" cell gives them (so an export writes that cell only where an
officer gave the figure). A follow-up row names its owner by user name (blank: the importing user), its entity, tie
and event by "#id" (the entity also by name); it matches by id, else by title, due date and the records it is
linked to. A row that matches several records is refused, naming them.

Every write goes through events.services (the rules of the pages and the API), with the import's change reason.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from contacts.models import Entity
from contacts.resources import REFERENCE, EntityIndex, ambiguous, entity_reference
from core.imports import (
    ChoiceWidget,
    Column,
    DateWidget,
    IntegerWidget,
    ListWidget,
    OfficeResource,
    TextWidget,
    _blank,
    _text,
    instance_by_id,
    latest_history_id,
)
from events import services
from events.choices import EventKind, EventLevel, EventStatus, ParticipantRole
from events.models import Event, FollowUp, Participant
from relations.models import Relation

EVENT_KIND_SYNONYMS = {
    "来访": EventKind.VISIT_IN, "接待": EventKind.VISIT_IN, "来访接待": EventKind.VISIT_IN,
    "出访": EventKind.VISIT_OUT, "会见": EventKind.MEETING, "会谈": EventKind.MEETING, "签约": EventKind.SIGNING,
    "周年": EventKind.ANNIVERSARY, "文化": EventKind.CULTURE, "教育": EventKind.EDUCATION, "体育": EventKind.SPORTS,
    "培训": EventKind.TRAINING, "挂职": EventKind.SECONDMENT, "招商": EventKind.INVESTMENT,
    "会议": EventKind.CONFERENCE, "捐赠": EventKind.DONATION, "函件": EventKind.CORRESPONDENCE,
    "其他": EventKind.OTHER,
}  # fmt: skip
EVENT_STATUS_SYNONYMS = {"计划": EventStatus.PLANNED, "计划中": EventStatus.PLANNED, "已举行": EventStatus.HELD,
                         "已取消": EventStatus.CANCELLED, "取消": EventStatus.CANCELLED}  # fmt: skip
ROLE_SYNONYMS = {"主办": ParticipantRole.HOST, "东道主": ParticipantRole.HOST, "来访团": ParticipantRole.GUEST,
                 "客方": ParticipantRole.GUEST, "我方团组": ParticipantRole.DELEGATION,
                 "出访团": ParticipantRole.DELEGATION, "组织方": ParticipantRole.ORGANISER,
                 "合作方": ParticipantRole.PARTNER, "演讲": ParticipantRole.SPEAKER,
                 "工作人员": ParticipantRole.STAFF, "其他": ParticipantRole.OTHER}  # fmt: skip

EVENT_COLUMNS = (
    Column("id", "ID", "编号", ("记录编号",)),
    Column("kind", "Kind", "类型", ("活动类型", "类别", "type")),
    Column("status", "Status", "状态", ()),
    Column("title", "Title", "标题", ("活动名称", "事由", "主题", "团组名称")),
    Column("start_date", "Start date", "开始日期", ("日期", "时间", "来访时间", "出访时间", "date")),
    Column("end_date", "End date", "结束日期", ()),
    Column("location", "Location", "地点", ()),
    Column("level", "Level", "级别", ("最高级别", "接待级别", "团长级别")),
    Column("headcount", "Person-times", "人次", ("人数", "总人次", "person-times")),
    Column("participants", "Participants", "参与方", ("参加单位", "参与单位", "来访团组")),
    Column("relations", "Ties", "关联关系", ("友城关系", "ties")),
    Column("outcome", "Outcome", "成果", ("主要成果",)),
    Column("notes", "Notes", "备注", ("说明",)),
)

FOLLOWUP_COLUMNS = (
    Column("id", "ID", "编号", ("记录编号",)),
    Column("title", "Title", "事项", ("标题", "待办事项", "内容")),
    Column("due_date", "Due date", "截止日期", ("期限", "到期日", "due")),
    Column("owner", "Owner", "负责人", ("责任人", "经办人")),
    Column("entity", "Entity", "对象", ("单位", "城市", "对方")),
    Column("relation", "Tie", "关系", ("友城关系",)),
    Column("event", "Event", "活动", ()),
    Column("anniversary_on", "Anniversary date", "周年日期", ()),
    Column("done_at", "Done at", "完成时间", ("完成日期",)),
    Column("done_by", "Done by", "完成人", ()),
    Column("notes", "Notes", "备注", ("说明",)),
)

# "#12 Aachen (guest, 5)", "Aachen（来访团，5）", "#12", "Aachen (guest)"
_PARTICIPANT = re.compile(r"^(?P<ref>.+?)\s*[(（](?P<inside>[^()（）]*)[)）]$")


def participants_text(participants) -> str:
    return " | ".join(f"{entity_reference(p.entity)} ({p.role}, {p.headcount})" for p in participants)


def _ids(value: Any) -> list[int] | None:
    """'#3 | #7' -> [3, 7]; None when a part is not an id."""
    ids = []
    for part in ListWidget().clean(value):
        match = REFERENCE.match(part)
        if not match:
            return None
        ids.append(int(match["id"]))
    return ids


class _EntityNames:
    """Entities named by a cell: "#id" (any text after it is only shown) or a name, in any country."""

    def __init__(self) -> None:
        self.index: EntityIndex | None = None

    def find(self, text: str) -> Entity:
        match = REFERENCE.match(text)
        if match:
            entity = Entity.objects.filter(pk=int(match["id"])).first()
            if entity is None:
                raise ValueError(_("no record #%(id)s") % {"id": match["id"]})
            return entity
        if self.index is None:
            self.index = EntityIndex()
        pks = self.index.by_names([text], country="")
        if not pks:
            raise ValueError(_("“%(value)s” is not on file") % {"value": text})
        if len(pks) > 1:
            raise ValueError(ambiguous(pks).messages[0])
        return Entity.objects.get(pk=next(iter(pks)))


class EventResource(OfficeResource):
    """Events with their participants (entity, role, headcount), person-times and ties."""

    COLUMNS = EVENT_COLUMNS
    FIELDS = ("kind", "status", "title", "start_date", "end_date", "location", "level", "outcome", "notes")

    id = fields.Field(attribute="id", column_name="id", widget=IntegerWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(EventKind, EVENT_KIND_SYNONYMS))
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(EventStatus, EVENT_STATUS_SYNONYMS)
    )
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DateWidget())
    location = fields.Field(attribute="location", column_name="location", widget=TextWidget())
    level = fields.Field(attribute="level", column_name="level", widget=ChoiceWidget(EventLevel))
    outcome = fields.Field(attribute="outcome", column_name="outcome", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = Event
        fields = ("id", "kind", "status", "title", "start_date", "end_date", "location", "level", "outcome", "notes")
        import_id_fields = ()  # get_instance matches by id, or by title and start date
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    role_widget = ChoiceWidget(ParticipantRole, ROLE_SYNONYMS)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for key in ("headcount", "participants", "relations"):
            self.fields[key] = fields.Field(attribute=None, column_name=key, readonly=True)
        self.names = _EntityNames()

    # Export

    def get_queryset(self):
        return Event.objects.prefetch_related("participants__entity", "relations")

    def export_field(self, field, instance, **kwargs):
        name = field.column_name
        if name == "headcount":
            return instance.headcount if instance.headcount_given else ""
        if name == "participants":
            return TextWidget().render(participants_text(instance.participants.all()))
        if name == "relations":
            return " | ".join(f"#{r.pk}" for r in sorted(instance.relations.all(), key=lambda r: r.pk))
        return super().export_field(field, instance, **kwargs)

    # Import

    def before_import(self, dataset, **kwargs):
        self.names.index = EntityIndex()

    def get_instance(self, instance_loader, row):
        named, instance = instance_by_id(Event.objects, row)
        if named:
            return instance
        title = _text(row.get("title"))
        try:
            start = DateWidget().clean(row.get("start_date"))
        except ValueError:
            return None
        if not title or start is None:
            return None
        found = list(Event.objects.filter(title=title, start_date=start).order_by("pk")[:5])
        if len(found) > 1:
            raise ValidationError(
                _("This row matches several events: %(events)s. Give the id to choose one.")
                % {"events": ", ".join(f"“{e.title}” (#{e.pk})" for e in found)}
            )
        return found[0] if found else None

    def after_init_instance(self, instance, new, row, **kwargs):
        self._new = new
        self._history_before = None if new else latest_history_id(instance)
        self._status_before = None if new else instance.status
        self._participants_before = (
            {} if new else {(p.entity_id, p.role): p for p in instance.participants.select_related("entity")}
        )
        self._participant_history = {p.pk: latest_history_id(p) for p in self._participants_before.values()}
        self._relations_before = [] if new else sorted(instance.relations.values_list("pk", flat=True))
        self._headcount_before = None if new or not instance.headcount_given else instance.headcount

    def _participants(self, value, errors: dict) -> list[dict] | None:
        rows = []
        for part in ListWidget().clean(value):
            match = _PARTICIPANT.match(part)
            ref, role, count = (match["ref"], *(re.split(r"\s*[,，]\s*", match["inside"]) + [""])[:2]) if match else (
                part, "", "")  # fmt: skip
            try:
                entity = self.names.find(ref.strip())
                role_value = self.role_widget.clean(role) or ParticipantRole.GUEST
                headcount = IntegerWidget().clean(count) or 0
            except ValueError as exc:
                errors.setdefault("participants", []).append(f"{part}: {exc}")
                continue
            if headcount < 0:
                errors.setdefault("participants", []).append(
                    f"{part}: " + _("“%(value)s” is not a whole number") % {"value": count}
                )
                continue
            rows.append({"entity": entity, "role": role_value, "headcount": headcount})
        return rows

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not instance.status and "status" not in errors:
            instance.status = self._status_before or services.status_from_date(instance.start_date)
        self._headcount = self._headcount_before
        if "headcount" in row:
            try:
                self._headcount = IntegerWidget().clean(row.get("headcount"))
            except ValueError as exc:
                errors["headcount"] = [str(exc)]
            if self._headcount is not None and self._headcount < 0:
                errors["headcount"] = [_("Person-times cannot be negative.")]
        self._rows = None
        if "participants" in row:
            self._rows = self._participants(row.get("participants"), errors)
        self._relations = None
        if "relations" in row:
            self._relations = _ids(row.get("relations"))
            if self._relations is None:
                errors["relations"] = [_("Name the ties by their ids, such as “#12 | #15”.")]
            else:
                found = set(Relation.objects.filter(pk__in=self._relations).values_list("pk", flat=True))
                missing = [f"#{pk}" for pk in self._relations if pk not in found]
                if missing:
                    errors["relations"] = [_("no tie %(ids)s") % {"ids": ", ".join(missing)}]
        start, end = instance.start_date, instance.end_date
        if start and end and end < start and "end_date" not in errors:
            errors["end_date"] = [_("The end date cannot be before the start date.")]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or self._new:
            return False
        keys = [key for key in self.FIELDS if key in row]
        if any(getattr(original, key) != getattr(instance, key) for key in keys):
            return False
        if self._headcount != self._headcount_before:
            return False
        if self._rows is not None:
            wanted = {(r["entity"].pk, r["role"]): r["headcount"] for r in self._rows}
            if wanted != {key: p.headcount for key, p in self._participants_before.items()}:
                return False
        return self._relations is None or sorted(set(self._relations)) == self._relations_before

    def save_instance(self, instance, is_create, row, **kwargs):
        values = {key: getattr(instance, key) for key in self.FIELDS}
        values["headcount"] = self._headcount
        if is_create:
            event = services.event_create(
                by=self.by,
                participants=self._rows or [],
                relations=self._relations or [],
                pk=instance.pk,
                reason=self.reason,
                **values,
            )
            instance.pk = event.pk
            self.created.append((Event._meta.label_lower, event.pk))
            for pk in event.participants.values_list("pk", flat=True):
                self.created.append((Participant._meta.label_lower, pk))
            return
        services.event_update(
            event=instance,
            by=self.by,
            participants=self._rows,
            relations=self._relations,
            reason=self.reason,
            **values,
        )
        self.updated.append((Event._meta.label_lower, instance.pk, self._history_before))
        before = {p.pk: p for p in self._participants_before.values()}
        after = dict(Participant.objects.filter(event=instance).values_list("pk", "headcount"))
        for pk, participant in before.items():
            if pk not in after:
                self.deleted.append((Participant._meta.label_lower, pk))
            elif after[pk] != participant.headcount:
                self.updated.append((Participant._meta.label_lower, pk, self._participant_history[pk]))
        for pk in after.keys() - before.keys():
            self.created.append((Participant._meta.label_lower, pk))


class UserWidget(TextWidget):
    """A user by user name; blank is None."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return None
        user = get_user_model().objects.filter(username=text).first()
        if user is None:
            raise ValueError(_("“%(value)s” is no user name") % {"value": text})
        return user

    def render(self, value, obj=None, **kwargs):
        return value.get_username() if value is not None else ""


class RecordIdWidget(TextWidget):
    """A record of `model` by "#id" (what follows the id is only shown)."""

    def __init__(self, model, describe=None, **kwargs):
        super().__init__(**kwargs)
        self.model = model
        self.describe = describe or (lambda obj: "")

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return None
        match = REFERENCE.match(text)
        obj = self.model.objects.filter(pk=int(match["id"])).first() if match else None
        if obj is None:
            raise ValueError(_("no record %(value)s") % {"value": text if text.startswith("#") else f"#{text}"})
        return obj

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        shown = self.describe(value)
        return super().render(f"#{value.pk} {shown}".strip())


class DateTimeWidget(TextWidget):
    """A moment as ISO 8601 text (2025-03-01T10:22:33.123456+00:00), or a date alone (taken as midnight)."""

    def clean(self, value, row=None, **kwargs):
        from django.utils import timezone

        if _blank(value):
            return None
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime.combine(value, dt.time())
        else:
            text = super().clean(value)
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                try:
                    moment = dt.datetime.combine(DateWidget().clean(text), dt.time())
                except ValueError:
                    raise ValueError(_("“%(value)s” is not a valid date and time") % {"value": text}) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class FollowUpResource(OfficeResource):
    """Follow-ups: title, due date, owner, the entity, tie or event they are about, done or not."""

    COLUMNS = FOLLOWUP_COLUMNS
    FIELDS = ("title", "due_date", "owner", "entity", "relation", "event", "anniversary_on", "done_at", "done_by",
              "notes")  # fmt: skip

    id = fields.Field(attribute="id", column_name="id", widget=IntegerWidget())
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    due_date = fields.Field(attribute="due_date", column_name="due_date", widget=DateWidget())
    owner = fields.Field(attribute="owner", column_name="owner", widget=UserWidget())
    relation = fields.Field(
        attribute="relation",
        column_name="relation",
        widget=RecordIdWidget(Relation, lambda r: f"{r.source.name} – {r.target.name}"),
    )
    event = fields.Field(attribute="event", column_name="event", widget=RecordIdWidget(Event, lambda e: e.title))
    anniversary_on = fields.Field(attribute="anniversary_on", column_name="anniversary_on", widget=DateWidget())
    done_at = fields.Field(attribute="done_at", column_name="done_at", widget=DateTimeWidget())
    done_by = fields.Field(attribute="done_by", column_name="done_by", widget=UserWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = FollowUp
        fields = ("id", "title", "due_date", "owner", "relation", "event", "anniversary_on", "done_at", "done_by",
                  "notes")  # fmt: skip
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.names = _EntityNames()
        self.fields["entity"] = fields.Field(
            attribute="entity", column_name="entity", widget=_EntityCellWidget(self.names)
        )

    def get_queryset(self):
        return FollowUp.objects.select_related("owner", "entity", "relation__source", "relation__target", "event",
                                               "done_by")  # fmt: skip

    def before_import(self, dataset, **kwargs):
        self.names.index = EntityIndex()

    def get_instance(self, instance_loader, row):
        named, instance = instance_by_id(FollowUp.objects, row)
        if named:
            return instance
        title = _text(row.get("title"))
        try:
            due = DateWidget().clean(row.get("due_date"))
            links = {key: self.fields[key].widget.clean(row.get(key)) for key in ("entity", "relation", "event")}
        except ValueError:
            return None  # the cell's own error is reported by its widget
        if not title or due is None:
            return None
        found = list(FollowUp.objects.filter(title=title, due_date=due, **links).order_by("pk")[:5])
        if len(found) > 1:
            raise ValidationError(
                _("This row matches several follow-ups: %(records)s. Give the id to choose one.")
                % {"records": ", ".join(f"“{f.title}” (#{f.pk})" for f in found)}
            )
        return found[0] if found else None

    def after_init_instance(self, instance, new, row, **kwargs):
        self._new = new
        self._history_before = None if new else latest_history_id(instance)

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if instance.owner_id is None and "owner" not in errors:
            instance.owner = self.by
            if instance.owner is None:
                errors["owner"] = [_("This column is required.")]
        if instance.done_at is None:
            instance.done_by = None
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or self._new:
            return False
        attnames = {"owner": "owner_id", "entity": "entity_id", "relation": "relation_id", "event": "event_id",
                    "done_by": "done_by_id"}  # fmt: skip
        for key in self.FIELDS:
            name = attnames.get(key, key)
            if getattr(original, name) != getattr(instance, name):
                return False
        return True

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            followup = services.followup_create(
                title=instance.title,
                due_date=instance.due_date,
                by=self.by,
                owner=instance.owner,
                entity=instance.entity,
                relation=instance.relation,
                event=instance.event,
                notes=instance.notes,
                anniversary_on=instance.anniversary_on,
                done_at=instance.done_at,
                done_by=instance.done_by,
                pk=instance.pk,
                reason=self.reason,
            )
            instance.pk = followup.pk
            self.created.append((FollowUp._meta.label_lower, followup.pk))
            return
        services.followup_import_update(
            followup=FollowUp.objects.get(pk=instance.pk),
            by=self.by,
            reason=self.reason,
            **{key: getattr(instance, key) for key in self.FIELDS},
        )
        self.updated.append((FollowUp._meta.label_lower, instance.pk, self._history_before))


class _EntityCellWidget(TextWidget):
    def __init__(self, names: _EntityNames, **kwargs):
        super().__init__(**kwargs)
        self.names = names

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        return self.names.find(text) if text else None

    def render(self, value, obj=None, **kwargs):
        return super().render(entity_reference(value))
