"""History (django-simple-history): who made a write and why (`attribute`), and a record's changes for the API and
the pages (`history_entries`, `HistoryMixin`)."""

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object


# simple-history keeps at most this many characters of a change reason.
REASON_MAX_LENGTH = 100

# Change reasons are stored as stable machine text ("lifecycle: approved → signed"); each app registers how its own
# reasons read to people (in the reader's language) in its AppConfig.ready(): (compiled pattern, match -> text).
REASON_READERS: list[tuple["re.Pattern[str]", "Callable[[re.Match[str]], str]"]] = []


def reason_reader_register(pattern: str, reader: "Callable[[re.Match[str]], str]") -> None:
    REASON_READERS.append((re.compile(pattern), reader))


def reason_display(reason: str) -> str:
    """A stored change reason as people read it: the first registered reader whose pattern matches the whole reason,
    else the reason as written (reasons written in words, such as an event's "tie added: …", are already text)."""
    reason = reason or ""
    for pattern, reader in REASON_READERS:
        match = pattern.fullmatch(reason)
        if match is not None:
            return str(reader(match))
    return reason


def acting_user(by):
    """`by` when it is a logged-in user, else None (a command, an importer, an anonymous caller)."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def attribute(instance, by, *, reason: str = "") -> None:
    """Name who makes the next save or delete of `instance` in its history, and why: the one place that does it.

    Call it just before `save()` / `delete()`. Requests are also attributed by HistoryRequestMiddleware; naming the
    user here covers commands, importers and tests too (no `by`, or an anonymous one, leaves it to the middleware).
    A reason longer than simple-history keeps is cut with an ellipsis; without one, a reason left on the instance by
    an earlier write is dropped.
    """
    user = acting_user(by)
    if user is not None:
        instance._history_user = user
    elif hasattr(instance, "_history_user"):
        del instance._history_user
    if reason:
        instance._change_reason = reason if len(reason) <= REASON_MAX_LENGTH else reason[: REASON_MAX_LENGTH - 1] + "…"
    elif hasattr(instance, "_change_reason"):
        del instance._change_reason


def links_set(instance, field_name: str, targets) -> None:
    """Replace a tracked many-to-many field's links without simple-history writing a row for each add and remove.

    The links land in history with the save that follows (simple-history copies them into every row it writes);
    when the save came first, as for a new record, `history_record_links` copies them into that row.
    """
    instance.skip_history_when_saving = True
    try:
        getattr(instance, field_name).set(targets)
    finally:
        del instance.skip_history_when_saving


def history_record_links(instance, row=None) -> None:
    """Copy `instance`'s current many-to-many links into a historical row of it (its newest by default)."""
    history_model = type(instance).history.model
    row = row or instance.history.order_by("-history_date", "-history_id").first()
    for field in history_model._history_m2m_fields:
        link_model = getattr(history_model, field.name).model
        through = field.remote_field.through
        own = field.m2m_field_name()
        columns = [f.attname for f in through._meta.concrete_fields]
        link_model.objects.filter(history=row).delete()
        link_model.objects.bulk_create(
            link_model(history=row, **values)
            for values in through.objects.filter(**{own: instance.pk}).order_by("pk").values(*columns)
        )


def history_links(row) -> dict[str, list[dict]]:
    """The many-to-many links a historical row recorded: `{field name: [through-row values]}`."""
    links = {}
    for field in type(row)._history_m2m_fields:
        through = field.remote_field.through
        columns = [f.attname for f in through._meta.concrete_fields]
        links[field.name] = list(getattr(row, field.name).order_by("id").values(*columns))
    return links


CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def history_entries(record) -> list[dict]:
    """Newest first: `{"time", "user", "type", "reason", "changes": [{"field", "old", "new"}]}` for one record."""
    history = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for index, item in enumerate(history):
        older = history[index + 1] if index + 1 < len(history) else None
        changes = []
        if older is not None:
            # Links to other records (tracked many-to-many fields) are named by the change reason in words.
            links = [field.name for field in item._history_m2m_fields]
            for change in item.diff_against(older, excluded_fields=links).changes:
                changes.append({"field": change.field, "old": _plain(change.old), "new": _plain(change.new)})
        entries.append(
            {
                "time": item.history_date,
                "user": history_user_name(item),
                "type": CHANGE_TYPES.get(item.history_type, item.history_type),
                "reason": reason_display(item.history_change_reason or ""),
                "changes": changes,
            }
        )
    return entries


def history_page(record) -> list[dict]:
    """`history_entries` as a reader of the page sees them (the API keeps the raw ones): each change names its field
    in the reader's language and shows values as the pages do (a choice's label, a linked record's name, a date in
    the reader's format, yes/no), people by full name. A tie's history read "status: approved → signed;
    status_since: 2014-03-27 → 2014-05-21" in the Chinese interface (issue 15 item 11)."""
    model = type(record)
    entries = history_entries(record)
    wanted: dict[type, set] = {}
    for entry in entries:
        for change in entry["changes"]:
            field = _model_field(model, change["field"])
            if field is not None and field.many_to_one:
                for value in (change["old"], change["new"]):
                    if value not in (None, ""):
                        wanted.setdefault(field.related_model, set()).add(value)
    related = {rel: rel._default_manager.in_bulk(list(ids)) for rel, ids in wanted.items()}  # type: ignore[attr-defined]
    usernames = {entry["user"] for entry in entries if entry["user"]}
    User = get_user_model()
    people = {
        u.get_username(): person_name(u) for u in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": usernames})
    }
    for entry in entries:
        entry["who"] = people.get(entry["user"], entry["user"]) if entry["user"] else None
        for change in entry["changes"]:
            field = _model_field(model, change["field"])
            change["label"] = str(field.verbose_name) if field is not None else change["field"]
            change["old_text"] = _value_text(field, change["old"], related)
            change["new_text"] = _value_text(field, change["new"], related)
    return entries


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value_text(field, value, related: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field is None:
        return str(value)
    if field.many_to_one:
        obj = related.get(field.related_model, {}).get(value)
        return str(obj) if obj is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else str(value)
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return formats.date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    if isinstance(value, list):
        return (
            "、".join(str(item) for item in value)
            if translation.get_language() == "zh-hans"
            else ", ".join(str(item) for item in value)
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def history_user_name(row) -> str | None:
    """The username of whoever made a historical row (select_related("history_user") first), or None."""
    return row.history_user.get_username() if row.history_user else None


def person_name(user) -> str:
    """A user as people know them: their full name, else the username (issue 15 item 11: usernames were shown)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def history_person_name(row) -> str | None:
    """The full name (else username) of whoever made a historical row, or None: for pages (the API keeps
    `history_user_name`'s stable username)."""
    return person_name(row.history_user) if row.history_user else None


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


HistoryEntrySerializer = inline_serializer(
    "HistoryEntry",
    many=True,
    fields={
        "time": serializers.DateTimeField(),
        "user": serializers.CharField(allow_null=True),
        "type": serializers.ChoiceField(choices=list(CHANGE_TYPES.values())),
        "reason": serializers.CharField(),
        "changes": serializers.ListField(child=serializers.DictField()),
    },
)


class HistoryMixin(_ViewBase):
    """Adds `GET <detail>/history/` to a viewset; guarded by the viewset's own (view) permission."""

    @extend_schema(responses=HistoryEntrySerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, *args, **kwargs):
        return Response(history_entries(self.get_object()))
