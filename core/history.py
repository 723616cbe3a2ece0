"""History (django-simple-history): who made a write and why (`attribute`), and a record's changes for the API and
the pages (`history_entries`, `HistoryMixin`)."""

from typing import TYPE_CHECKING

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


CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


def history_entries(record) -> list[dict]:
    """Newest first: `{"time", "user", "type", "reason", "changes": [{"field", "old", "new"}]}` for one record."""
    history = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for index, item in enumerate(history):
        older = history[index + 1] if index + 1 < len(history) else None
        changes = []
        if older is not None:
            for change in item.diff_against(older).changes:
                changes.append({"field": change.field, "old": _plain(change.old), "new": _plain(change.new)})
        entries.append(
            {
                "time": item.history_date,
                "user": history_user_name(item),
                "type": CHANGE_TYPES.get(item.history_type, item.history_type),
                "reason": item.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def history_user_name(row) -> str | None:
    """The username of whoever made a historical row (select_related("history_user") first), or None."""
    return row.history_user.get_username() if row.history_user else None


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
