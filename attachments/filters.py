"""Filters of attachments (`/api/attachments/`): by the record they are attached to."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from attachments.choices import AttachmentKind
from attachments.models import Attachment
from core.filters import IdFilter, StaticFormMixin


class AttachmentFilterSet(StaticFormMixin, django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", label=_("Entity (id)"))
    relation = IdFilter(
        method="filter_relation",
        label=_("Relation (id)"),
        help_text=_("The tie's own attachments and those of its lifecycle steps."),
    )
    step = IdFilter(field_name="step_id", label=_("Lifecycle step (id)"))
    event = IdFilter(field_name="event_id", label=_("Event (id)"))
    followup = IdFilter(field_name="followup_id", label=_("Follow-up (id)"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AttachmentKind.choices)

    class Meta:
        model = Attachment
        fields = ("entity", "relation", "step", "event", "followup", "kind")

    def filter_relation(self, queryset, name, value):
        return queryset.filter(Q(relation_id=value) | Q(step__relation_id=value))
