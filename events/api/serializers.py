"""Serializers of the events API: events (read shapes inline, the write shape by ids), timelines, notes,
follow-ups, anniversaries and the year's figures."""

from django.contrib.auth import get_user_model
from django.db.models.manager import BaseManager
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.api.serializers import EntityBriefSerializer, entity_brief
from contacts.choices import RegionKind
from contacts.models import Entity
from contacts.naming import entity_display_name
from core.serializers import choice_label, date_text, datetime_text
from events.choices import EventKind, EventLevel
from events.models import EVENT_DATES, MAX_HEADCOUNT, Event, FollowUp, Gift, Note, Participant, RosterMember
from events.selectors import attach_listed
from events.stats import BY_CHOICES, DIRECTIONS, MAX_YEAR, MIN_YEAR
from events.timeline import TYPES
from relations.anniversaries import add_months
from relations.choices import RelationKind
from relations.models import Relation

User = get_user_model()


class EventRelationSerializer(serializers.ModelSerializer):
    """A tie an event serves, brief, with both ends."""

    source = EntityBriefSerializer(read_only=True)
    target = EntityBriefSerializer(read_only=True)

    class Meta:
        model = Relation
        fields = ("id", "kind", "status", "established_on", "source", "target")
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    entity = EntityBriefSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ("id", "entity", "role", "headcount")
        read_only_fields = fields

    def to_representation(self, instance: Participant) -> dict:
        # The declared fields' answer, built directly: nested in every row of the events list (and the entity
        # field is EntityBriefSerializer's own shortcut). tests/events/test_events_api.py checks it.
        return {
            "id": instance.pk,
            "entity": entity_brief(self, instance.entity),
            "role": instance.role,
            "headcount": instance.headcount,
        }


class ParticipantWriteSerializer(serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), help_text="Id of the entity.")
    headcount = serializers.IntegerField(
        min_value=0,
        max_value=MAX_HEADCOUNT,
        default=0,
        allow_null=True,
        help_text="How many people it brought (null: 0). Hosts' and staff's headcounts are recorded, not counted.",
    )

    class Meta:
        model = Participant
        fields = ("entity", "role", "headcount")


class EventSerializer(serializers.ModelSerializer):
    """An event as read: one batch; `headcount` is its person-times; participants and ties inline."""

    participants = ParticipantSerializer(many=True, read_only=True)
    relations = EventRelationSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = (
            "id",
            "kind",
            "status",
            "title",
            "start_date",
            "end_date",
            "location",
            "level",
            "headcount",
            "headcount_given",
            "participants",
            "relations",
            "outcome",
            "notes",
            "created",
            "updated",
        )
        read_only_fields = fields


def _listed(event: Event, name: str):
    """The event's participants or tie ids as events.selectors.attach_listed read them for its page, else read."""
    rows = event.__dict__.get(f"listed_{name}")
    if rows is not None:
        return rows
    if name == "relations":
        return list(event.relations.order_by("id").values_list("id", flat=True))
    return event.participants.select_related("entity").order_by("id")


class EventPageSerializer(serializers.ListSerializer):
    """A list of events: their participants and tie ids read for all of them at once (events.selectors)."""

    def to_representation(self, data):
        events = list(data.all() if isinstance(data, BaseManager) else data)
        attach_listed(events)
        return [self.child.to_representation(event) for event in events]


class EventListSerializer(EventSerializer):
    """An event in a list: what the event list shows (dates, title, kind, level, the participants and their
    headcounts, the person-times) and the ids of the ties it serves; the ties' ends, outcome and notes are in the
    event's own answer."""

    relations = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the ties this event serves."
    )

    class Meta(EventSerializer.Meta):
        fields = tuple(name for name in EventSerializer.Meta.fields if name not in ("outcome", "notes", "created"))
        read_only_fields = fields
        list_serializer_class = EventPageSerializer

    def to_representation(self, instance: Event) -> dict:
        # The declared fields' answer, built directly (50 rows with their participants: DRF's field-by-field
        # machinery cost more than the data). tests/events/test_events_api.py checks it against the fields.
        participant = self._participant
        return {
            "id": instance.pk,
            "kind": instance.kind,
            "status": instance.status,
            "title": instance.title,
            "start_date": date_text(instance.start_date),
            "end_date": date_text(instance.end_date),
            "location": instance.location,
            "level": instance.level,
            "headcount": instance.headcount,
            "headcount_given": instance.headcount_given,
            "participants": [participant.to_representation(row) for row in _listed(instance, "participants")],
            "relations": _listed(instance, "relations"),
            "updated": datetime_text(instance.updated),
        }

    @cached_property
    def _participant(self) -> ParticipantSerializer:
        return ParticipantSerializer(context=self.context)


class EventWriteSerializer(serializers.ModelSerializer):
    """An event as written. `participants`, when given, replace the current ones; `headcount` null or absent on
    create means "the sum of the counted participants' headcounts" (events.counting); a number is kept as given."""

    participants = ParticipantWriteSerializer(many=True, required=False)
    relations = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Relation.objects.all(), help_text="Ids of the ties this event serves."
    )
    headcount = serializers.IntegerField(
        min_value=0,
        max_value=MAX_HEADCOUNT,
        required=False,
        allow_null=True,
        help_text="Person-times; null or absent: the counted participants' sum (hosts and staff are not counted).",
    )

    class Meta:
        model = Event
        fields = (
            "kind",
            "status",
            "title",
            "start_date",
            "end_date",
            "location",
            "level",
            "headcount",
            "participants",
            "relations",
            "outcome",
            "notes",
        )
        extra_kwargs = {
            "start_date": {"help_text": f"First day, from {EVENT_DATES.low} to {EVENT_DATES.high}."},
            "end_date": {"help_text": f"Last day (not before the first), up to {EVENT_DATES.high}."},
        }


# --- timelines, notes, follow-ups -------------------------------------------------------------------------------------


class TimelineItemSerializer(serializers.Serializer):
    """One line of a timeline."""

    date = serializers.DateField(help_text="The day it happened (or, for an open follow-up, is due).")
    type = serializers.ChoiceField(choices=TYPES)
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    actor = serializers.CharField(allow_blank=True, help_text="Who did it: a user, or the entities taking part.")
    url = serializers.CharField(help_text="The page of the item (an event, a tie, a follow-up, the record).")


class NoteSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.username", read_only=True, allow_null=True)

    class Meta:
        model = Note
        fields = ("id", "text", "entity", "relation", "author", "author_name", "created")
        read_only_fields = ("entity", "relation", "author", "created")


class FollowUpSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, help_text="A user id; the requesting user when left out."
    )
    owner_name = serializers.CharField(source="owner.username", read_only=True)
    done_by_name = serializers.CharField(source="done_by.username", read_only=True, allow_null=True)
    entity_name = serializers.StringRelatedField(source="entity", read_only=True)
    relation_name = serializers.StringRelatedField(source="relation", read_only=True)
    event_title = serializers.CharField(source="event.title", read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = (
            "id",
            "title",
            "due_date",
            "owner",
            "owner_name",
            "entity",
            "entity_name",
            "relation",
            "relation_name",
            "event",
            "event_title",
            "anniversary_on",
            "notes",
            "done_at",
            "done_by",
            "done_by_name",
            "overdue",
            "created",
            "updated",
        )
        read_only_fields = ("anniversary_on", "done_at", "done_by", "created", "updated")
        extra_kwargs = {"due_date": {"help_text": f"From {EVENT_DATES.low} to {EVENT_DATES.high}."}}

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, followup: FollowUp) -> bool:
        return followup.done_at is None and followup.due_date < timezone.localdate()


class FollowUpListSerializer(FollowUpSerializer):
    """A follow-up in a list: what the follow-up list shows; its notes are in its own answer."""

    class Meta(FollowUpSerializer.Meta):
        fields = tuple(name for name in FollowUpSerializer.Meta.fields if name not in ("notes", "created"))
        read_only_fields = fields

    def to_representation(self, instance: FollowUp) -> dict:
        # The declared fields' answer, built directly (50 rows naming their owner, entity, tie and event: DRF's
        # field-by-field machinery cost more than the data). tests/events/test_followups.py checks it.
        relation, done_by, event = instance.relation, instance.done_by, instance.event
        return {
            "id": instance.pk,
            "title": instance.title,
            "due_date": date_text(instance.due_date),
            "owner": instance.owner_id,
            "owner_name": instance.owner.username,
            "entity": instance.entity_id,
            "entity_name": None if instance.entity is None else str(instance.entity),
            "relation": instance.relation_id,
            "relation_name": None if relation is None else self._relation_name(relation),
            "event": instance.event_id,
            "event_title": None if event is None else event.title,
            "anniversary_on": date_text(instance.anniversary_on),
            "done_at": datetime_text(instance.done_at),
            "done_by": instance.done_by_id,
            "done_by_name": None if done_by is None else done_by.username,
            "overdue": self.get_overdue(instance),
            "updated": datetime_text(instance.updated),
        }

    def _relation_name(self, relation: Relation) -> str:
        # str(relation), with the kind's label once per answer (get_kind_display hashes every label per call).
        return f"{relation.source} – {relation.target} ({choice_label(self, RelationKind, relation.kind)})"


# --- anniversaries and the year's figures -----------------------------------------------------------------------------


DEFAULT_WINDOW_MONTHS = 18


MAX_WINDOW_YEARS = 10


class AnniversaryQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text=_("First day of the window (default: today)."))
    end = serializers.DateField(required=False, help_text=_("Last day of the window (default: 18 months ahead)."))

    def validate(self, attrs):
        start = attrs.get("start") or timezone.localdate()
        end = attrs.get("end") or add_months(start, DEFAULT_WINDOW_MONTHS)
        if end < start:
            raise serializers.ValidationError({"end": [_("The end of the window cannot be before its start.")]})
        if add_months(start, 12 * MAX_WINDOW_YEARS) < end:
            raise serializers.ValidationError(
                {"end": [_("The window can be at most %(years)s years long.") % {"years": MAX_WINDOW_YEARS}]}
            )
        return {"start": start, "end": end}


class AnniversarySerializer(serializers.Serializer):
    relation = serializers.IntegerField(source="relation.pk")
    partner = EntityBriefSerializer()
    partner_name = serializers.SerializerMethodField(help_text=_("The partner's name in the request's language."))
    home = EntityBriefSerializer()
    kind = serializers.CharField(source="relation.kind")
    kind_label = serializers.CharField(source="relation.get_kind_display")
    established_on = serializers.DateField(
        help_text=_("The first signing date of the tie (of its chain, if upgraded).")
    )
    date = serializers.DateField()
    years = serializers.IntegerField()
    milestone = serializers.BooleanField()
    planned = serializers.BooleanField()
    title = serializers.CharField()

    def get_partner_name(self, row) -> str:
        return entity_display_name(row.partner)


class AnniversaryPlanSerializer(serializers.Serializer):
    relation = serializers.PrimaryKeyRelatedField(queryset=Relation.objects.all())
    date = serializers.DateField(help_text=_("The anniversary's date."))
    due = serializers.DateField(
        required=False,
        help_text=_(
            "When the planning follow-up falls due (default: 9 months before the date; if that has passed, "
            "two weeks from today)."
        ),
    )


class AnniversaryPlanResultSerializer(serializers.Serializer):
    followup = serializers.IntegerField(source="followup.pk")
    event = serializers.IntegerField(source="event.pk", allow_null=True)
    created = serializers.BooleanField()
    due_date = serializers.DateField(source="followup.due_date")
    late = serializers.BooleanField(help_text="True when the usual lead time had passed (the follow-up is due soon).")
    note = serializers.CharField(help_text="Says why the due date is not the usual one; empty otherwise.")


class YearQuerySerializer(serializers.Serializer):
    """The year of the figures and, optionally, the year to date (`until`)."""

    year = serializers.IntegerField(
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=_("The year (default: this year); compared with the year before."),
    )
    until = serializers.DateField(
        required=False,
        help_text=_(
            "The year to date: count up to this day of the year (YYYY-MM-DD, within `year`) and compare with the "
            "same months of last year, so a report written in December does not set a part-year against a whole one."
        ),
    )

    def validate(self, attrs):
        until = attrs.get("until")
        year = attrs.get("year") or timezone.localdate().year
        if until is not None and until.year != year:
            raise serializers.ValidationError(
                {"until": _("The year to date ends within the year shown (%(year)s).") % {"year": year}}
            )
        return attrs


class StatsQuerySerializer(YearQuerySerializer):
    by = serializers.ChoiceField(choices=BY_CHOICES, required=False, default="kind")
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    direction = serializers.ChoiceField(
        choices=[(key, key) for key in DIRECTIONS],
        required=False,
        help_text=_("inbound = inbound visits, outbound = outbound visits."),
    )
    level = serializers.ChoiceField(
        choices=EventLevel.choices,
        required=False,
        help_text=_("Only events whose highest-ranking guest had this level."),
    )
    region = serializers.CharField(
        required=False, help_text=_("A region code: only events with a partner from one of its countries.")
    )
    region_kind = serializers.ChoiceField(
        choices=RegionKind.choices,
        required=False,
        default=RegionKind.CONTINENT,
        help_text=_("For by=region: group by continents, sub-regions or blocs."),
    )


class StatsRowSerializer(serializers.Serializer):
    key = serializers.JSONField(
        allow_null=True,
        help_text=_(
            "What the row counts: a kind, level, country code, region code, entity id or month number; null for "
            "events without one (not specified) and for the total."
        ),
    )
    label = serializers.CharField()
    batches = serializers.IntegerField()
    person_times = serializers.IntegerField()
    prev_batches = serializers.IntegerField()
    prev_person_times = serializers.IntegerField()
    change_batches_pct = serializers.FloatField(allow_null=True)
    change_person_times_pct = serializers.FloatField(allow_null=True)


class StatsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    by = serializers.CharField()
    until = serializers.DateField(allow_null=True, help_text=_("The year to date's last day, or null: whole years."))
    count = serializers.IntegerField(help_text=_("How many rows the breakdown has, on every page."))
    next = serializers.URLField(allow_null=True, help_text=_("The next page of rows, or null."))
    previous = serializers.URLField(allow_null=True, help_text=_("The previous page of rows, or null."))
    rows = StatsRowSerializer(many=True, help_text=_("One page of the rows (page=, page_size=)."))
    total = StatsRowSerializer()


class RosterMemberSerializer(serializers.ModelSerializer):
    """A named member of a delegation on an event's roster; `entity` is set once the member is filed as a person."""

    entity_name = serializers.StringRelatedField(source="entity", read_only=True, allow_null=True)

    class Meta:
        model = RosterMember
        fields = ("id", "event", "role", "name", "post", "level", "organisation", "entity", "entity_name", "created")
        read_only_fields = ("entity", "created")


class RosterMemberUpdateSerializer(RosterMemberSerializer):
    class Meta(RosterMemberSerializer.Meta):
        read_only_fields = ("event", "entity", "created")


class GiftSerializer(serializers.ModelSerializer):
    """A gift given or received at an event; `value` in yuan (0 to 10,000,000)."""

    class Meta:
        model = Gift
        fields = ("id", "event", "direction", "description", "counterpart", "value", "notes", "created")
        read_only_fields = ("created",)


class GiftUpdateSerializer(GiftSerializer):
    class Meta(GiftSerializer.Meta):
        read_only_fields = ("event", "created")


class SectionRowSerializer(StatsRowSerializer):
    key = serializers.JSONField(allow_null=True, help_text=_("What the row counts (e.g. a kind's code); null: total."))
    batches = serializers.IntegerField(help_text=_("The table's first measure (its `units`, e.g. batches)."))
    person_times = serializers.IntegerField(
        help_text=_("The table's second measure (its `units`: person-times, documents, cards …).")
    )


class SectionTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    units = serializers.ListField(
        child=serializers.CharField(), min_length=2, max_length=2, help_text=_("The names of the two measures.")
    )
    rows = SectionRowSerializer(many=True)
    total = SectionRowSerializer()


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("The section's key, e.g. services or trips."))
    title = serializers.CharField()
    tables = SectionTableSerializer(many=True)
    summary = serializers.ListField(child=serializers.CharField(), help_text=_("The section's summary sentences."))


class SectionsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    until = serializers.DateField(allow_null=True, help_text=_("The year to date's last day, or null: whole years."))
    sections = SectionSerializer(many=True)
