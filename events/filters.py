"""FilterSets of events and follow-ups, each shared by its API (`/api/events/`, `/api/followups/`) and its page."""

import django_filters as filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from contacts.countries import country_choices
from contacts.forms import ENTITIES
from contacts.models import Entity
from contacts.search import query_terms
from contacts.selectors import region_countries
from core.filters import BooleanFilter, IdFilter, ModelIdFilter, StaticFormMixin
from core.pickers import SearchPicker
from events.choices import EventKind, EventLevel, EventStatus, GiftDirection, RosterRole
from events.forms import DATE_WIDGET, USERS, EventFilterForm
from events.models import Event, FollowUp, Gift, Participant, RosterMember
from events.selectors import overdue_q
from relations.forms import RELATIONS
from relations.models import Relation

User = get_user_model()


class CountryChoiceField(ChoiceField):
    """An ISO 3166-1 alpha-2 code, in either case."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


@extend_schema_field(OpenApiTypes.STR)
class CountryFilter(filters.ChoiceFilter):
    field_class = CountryChoiceField


class EventFilterSet(StaticFormMixin, filters.FilterSet):
    q = filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        help_text=_(
            "Words in the title or the location, or any name of a participant or of a linked tie's ends, "
            "in any script or in pinyin (daqiu finds the events with 大邱)."
        ),
    )
    kind = filters.ChoiceFilter(label=_("Kind"), choices=EventKind.choices)
    level = filters.ChoiceFilter(label=_("Level"), choices=EventLevel.choices)
    status = filters.ChoiceFilter(label=_("Status"), choices=EventStatus.choices)
    entity = ModelIdFilter(
        label=_("Participant"),
        queryset=Entity.objects.all(),
        method="filter_entity",
        help_text=_("Events in which this entity took part (id)."),
        widget=SearchPicker(source=ENTITIES),
    )
    country = CountryFilter(
        label=_("Country"),
        choices=lambda: country_choices(blank_label=False),
        method="filter_country",
        help_text=_("Events with a participant from this country (ISO 3166-1 alpha-2)."),
    )
    region = filters.CharFilter(
        label=_("Region"),
        method="filter_region",
        help_text=_(
            "Events with a participant from a country of this region (a continent, "
            "UN M49 sub-region or bloc code, e.g. asean)."
        ),
    )
    relation = ModelIdFilter(
        label=_("Tie"),
        queryset=Relation.objects.select_related("source", "target"),
        field_name="relations",
        help_text=_("Events serving this tie (id)."),
        widget=SearchPicker(source=RELATIONS),
    )
    start_date_after = filters.DateFilter(
        label=_("From"),
        field_name="start_date",
        lookup_expr="gte",
        widget=DATE_WIDGET,
        help_text=_("Starting on or after this date."),
    )
    start_date_before = filters.DateFilter(
        label=_("To"),
        field_name="start_date",
        lookup_expr="lte",
        widget=DATE_WIDGET,
        help_text=_("Starting on or before this date."),
    )

    class Meta:
        model = Event
        fields = (
            "q",
            "kind",
            "level",
            "status",
            "entity",
            "country",
            "region",
            "relation",
            "start_date_after",
            "start_date_before",
        )
        form = EventFilterForm

    @staticmethod
    def _with_participants(queryset: QuerySet, condition: Q) -> QuerySet:
        # A subquery rather than a join: an event with two matching participants is listed once, and no DISTINCT.
        return queryset.filter(pk__in=Participant.objects.filter(condition).values("event_id"))

    def filter_q(self, queryset, name, value):
        return queryset.filter(event_search_q(value)) if (value or "").strip() else queryset

    def filter_entity(self, queryset, name, value):
        return self._with_participants(queryset, Q(entity=value))

    def filter_country(self, queryset, name, value):
        return self._with_participants(queryset, Q(entity__country=value))

    def filter_region(self, queryset, name, value):
        return self._with_participants(queryset, Q(entity__country__in=region_countries(value) or []))


def _entities_named(terms: list[str]) -> QuerySet:
    match = Q()
    for term in terms:
        match |= Q(search_text__contains=term)
    return Entity.objects.filter(match).values("pk")


def event_search_q(value: str) -> Q:
    """Events found by a query: words of the title or location, or any name (folded: accents, scripts, pinyin) of a
    participant or of either end of a linked tie. Subqueries, not joins: an event is found once and costs no DISTINCT.

    The title alone misses most of them: "Delegation from Daegu" is titled 大邱代表团 or not named at all."""
    value = (value or "").strip()
    terms = query_terms(value)
    entities = _entities_named(terms)
    return (
        Q(title__icontains=value)
        | Q(location__icontains=value)
        | Q(pk__in=Participant.objects.filter(entity__in=entities).values("event_id"))
        | Q(
            pk__in=Event.relations.through.objects.filter(
                Q(relation__source__in=entities) | Q(relation__target__in=entities)
            ).values("event_id")
        )
    )


def followup_search_q(value: str) -> Q:
    """Follow-ups found by a query: words of the title or notes, or any name of the entity, of a tie's ends or of
    the event they are linked to (the event's own search)."""
    value = (value or "").strip()
    entities = _entities_named(query_terms(value))
    return (
        Q(title__icontains=value)
        | Q(notes__icontains=value)
        | Q(entity__in=entities)
        | Q(relation__source__in=entities)
        | Q(relation__target__in=entities)
        | Q(event__in=Event.objects.filter(event_search_q(value)).values("pk"))
    )


class FollowUpFilterSet(StaticFormMixin, filters.FilterSet):
    """Filters of follow-ups, shared by /api/followups/ and the /followups/ page."""

    q = filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_("Words in the title or notes, or any name of the linked entity, tie or event (pinyin too)."),
    )
    owner = ModelIdFilter(
        queryset=User.objects.order_by("username"), label=_("Owner"), widget=SearchPicker(source=USERS)
    )
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due on or after"))
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))
    done = BooleanFilter(method="filter_done", label=_("Done"))
    overdue = BooleanFilter(method="filter_overdue", label=_("Overdue"))
    entity = IdFilter(field_name="entity_id", label=_("Entity (id)"))
    relation = IdFilter(field_name="relation_id", label=_("Relation (id)"))
    event = IdFilter(field_name="event_id", label=_("Event (id)"))

    class Meta:
        model = FollowUp
        fields = ("q", "owner", "due_after", "due_before", "done", "overdue", "entity", "relation", "event")

    def filter_q(self, queryset, name, value):
        return queryset.filter(followup_search_q(value)) if (value or "").strip() else queryset

    def filter_done(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(done_at__isnull=not value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_q(timezone.localdate())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class RosterMemberFilterSet(StaticFormMixin, filters.FilterSet):
    """Filters of /api/roster/: one event's roster, one side of it."""

    event = IdFilter(field_name="event_id", label=_("Event (id)"))
    role = filters.ChoiceFilter(choices=RosterRole.choices, label=_("Role"))

    class Meta:
        model = RosterMember
        fields = ("event", "role")


class GiftFilterSet(StaticFormMixin, filters.FilterSet):
    """Filters of /api/gifts/: one event's gifts, given or received."""

    event = IdFilter(field_name="event_id", label=_("Event (id)"))
    direction = filters.ChoiceFilter(choices=GiftDirection.choices, label=_("Given or received"))

    class Meta:
        model = Gift
        fields = ("event", "direction")
