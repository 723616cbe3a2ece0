import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BooleanFilter, StaticFormMixin
from notifications.choices import NotificationKind
from notifications.models import Notification


class NotificationFilterSet(StaticFormMixin, django_filters.FilterSet):
    unread = BooleanFilter(method="filter_unread", label=_("Unread"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NotificationKind.choices)

    class Meta:
        model = Notification
        fields = ("unread", "kind")

    def filter_unread(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(read_at__isnull=value)
