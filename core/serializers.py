"""Serializer helpers for the lists: what is the same for every row of an answer is worked out once per answer.

A 50-row page runs each field 50 times (more for nested records): `reverse()` with `build_absolute_uri()`, or a
model's `get_FOO_display()` (which hashes every lazy label of the field's choices on each call), cost more than the
rest of the row. These helpers keep the answer identical and do that work once.
"""

from typing import cast

from django.db.models import Choices
from django.urls import reverse
from django.utils.encoding import force_str
from rest_framework import serializers

# A number no record id reaches, reversed in place of the id and then replaced by each row's.
_PK_PLACEHOLDER = 9_876_543_210_123


def api_url(serializer: serializers.Field, name: str, pk) -> str:
    """The address of the route `name` for `pk` (absolute when the serializer has a request), as
    `request.build_absolute_uri(reverse(name, args=[pk]))`, with the route reversed once per answer."""
    context = cast(dict, serializer.context)  # the answer's own dict: what is kept here lasts one answer
    templates = context.setdefault("_url_templates", {})
    template = templates.get(name)
    if template is None:
        path = reverse(name, args=[_PK_PLACEHOLDER])
        request = context.get("request")
        url = request.build_absolute_uri(path) if request is not None else path
        template = templates[name] = url.rpartition(str(_PK_PLACEHOLDER))[::2]
    return f"{template[0]}{pk}{template[1]}"


class ChoiceLabelField(serializers.CharField):
    """The label of a choice (`kind_display`, …) in the request's language, read-only: the same text as the model's
    `get_FOO_display()`, each label translated once per answer (a serializer's fields are made anew for each answer,
    in its language)."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        self._translated: dict = {}
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        try:
            return self._translated[value]
        except KeyError:
            text = self._translated[value] = force_str(self.labels.get(value, value), strings_only=True)
            return text


def choice_label(serializer: serializers.Field, choices: type[Choices], value) -> str:
    """What the model's `get_FOO_display()` answers for `value` of `choices`, translated once per answer."""
    labels = cast(dict, serializer.context).setdefault("_choice_labels", {})
    key = (choices, value)
    if key not in labels:
        labels[key] = force_str(dict(choices.choices).get(value, value), strings_only=True)
    return labels[key]


_DATETIME = serializers.DateTimeField(read_only=True)


def datetime_text(value) -> str | None:
    """A date and time as a read-only DateTimeField answers it (ISO 8601 in the current time zone), None for none."""
    return None if value is None else _DATETIME.to_representation(value)


def date_text(value) -> str | None:
    """A date as a read-only DateField answers it (ISO 8601), None for none."""
    return None if value is None else value.isoformat()
