"""History of a record for the API: every change with time, user and the fields that changed (django-simple-history)."""

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView as _ViewBase
else:
    _ViewBase = object

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
                "user": item.history_user.get_username() if item.history_user else None,
                "type": CHANGE_TYPES.get(item.history_type, item.history_type),
                "reason": item.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


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
