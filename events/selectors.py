"""Reads of events: querysets with what the serializer and the templates read already joined or prefetched."""

import datetime as dt
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from contacts.models import Entity
from contacts.selectors import ENTITY_BRIEF_FIELDS, ListedEntity
from core.versions import cached_read
from events.choices import EventStatus
from events.models import Event, FollowUp, Participant
from relations.models import Relation


def _participants_prefetch() -> Prefetch:
    return Prefetch("participants", queryset=Participant.objects.select_related("entity").order_by("id"))


def _relations_prefetch() -> Prefetch:
    return Prefetch("relations", queryset=Relation.objects.select_related("source", "target").order_by("id"))


def event_list() -> QuerySet[Event]:
    """Events with their participants (and each one's entity) and the ties they serve (with both ends).

    Two prefetches, whatever the number of rows: the list API and the list page cost the same for 3 and 50 events.
    """
    return Event.objects.prefetch_related(_participants_prefetch(), _relations_prefetch())


def event_brief_list() -> QuerySet[Event]:
    """Events as the API's list shows them (EventListSerializer): their own columns but the notes and outcome. The
    participants in brief and the ids of the ties are read for the whole page by `attach_listed` (two queries)."""
    return Event.objects.defer("notes", "outcome", "created")


@dataclass(frozen=True, slots=True)
class ListedParticipant:
    """A participant as the event list shows it (ParticipantSerializer reads these off a Participant)."""

    pk: int
    entity: ListedEntity
    role: str
    headcount: int


def attach_listed(events: list[Event]) -> None:
    """Give each event its participants (`listed_participants`, by id) and the ids of the ties it serves
    (`listed_relations`, ascending), read as plain values for all of them in two queries: as prefetches, the model
    rows and Django's prefetch machinery cost a third of a 50-event page."""
    if not events:
        return
    ids = [event.pk for event in events]
    participants: dict[int, list[ListedParticipant]] = {pk: [] for pk in ids}
    columns = ("id", "event_id", "role", "headcount", *(f"entity__{name}" for name in ENTITY_BRIEF_FIELDS))
    for pk, event_id, role, headcount, *entity in (
        Participant.objects.filter(event_id__in=ids).order_by("id").values_list(*columns)
    ):
        participants[event_id].append(ListedParticipant(pk, ListedEntity(*entity), role, headcount))
    relations: dict[int, list[int]] = {pk: [] for pk in ids}
    links = Event.relations.through.objects.filter(event_id__in=ids).order_by("relation_id")
    for event_id, relation_id in links.values_list("event_id", "relation_id"):
        relations[event_id].append(relation_id)
    for event in events:
        event.listed_participants = participants[event.pk]  # type: ignore[attr-defined]
        event.listed_relations = relations[event.pk]  # type: ignore[attr-defined]


def event_detail(*, pk: int) -> Event:
    """One event with its participants and ties; raises Event.DoesNotExist."""
    return event_list().get(pk=pk)


def event_totals(queryset: QuerySet[Event]) -> dict[str, int]:
    """Batches (one per event) and person-times (the sum of headcounts) of a filtered set, in one query, kept until
    the data changes (core.versions.cached_read)."""
    queryset = queryset.order_by()

    def totals() -> dict[str, int]:
        found = queryset.aggregate(batches=Count("id"), person_times=Coalesce(Sum("headcount"), 0))
        return {"batches": found["batches"], "person_times": found["person_times"]}

    # Kept under the data's fingerprint: the unfiltered list's totals read all of a million events (about 0.1 s).
    return cached_read("event-totals", queryset, totals)


# --- follow-ups ---------------------------------------------------------------------------------------------------


def overdue_q(today: dt.date) -> Q:
    """Open and past its due date: the condition of an overdue follow-up."""
    return Q(done_at__isnull=True, due_date__lt=today)


def followup_list(*, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """All follow-ups with what a list shows already joined, and `is_overdue` annotated."""
    today = today or timezone.localdate()
    return FollowUp.objects.select_related(
        "owner",
        "done_by",
        "entity",
        "relation__source",
        "relation__target",
        "event",
    ).annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))


def followup_brief_list(*, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Follow-ups as the API's list shows them (FollowUpListSerializer): followup_list's joins, and only the columns
    the list reads of the owner, the entity, the tie and its ends, and the event (their names and title)."""
    display = ("name", "name_zh", "name_en")  # what an entity's name in the reader's language reads
    return followup_list(today=today).only(
        "id",
        "title",
        "due_date",
        "owner",
        "entity",
        "relation",
        "event",
        "anniversary_on",
        "done_at",
        "done_by",
        "updated",
        "owner__username",
        "done_by__username",
        *(f"entity__{name}" for name in display),
        "relation__kind",
        "relation__source",
        "relation__target",
        *(f"relation__{end}__{name}" for end in ("source", "target") for name in display),
        "event__title",
    )


def followups_open(*, owner, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """A user's follow-ups not yet done, soonest due first."""
    return followup_list(today=today).filter(owner=owner, done_at__isnull=True).order_by("due_date", "id")


def followups_overdue(*, owner=None, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Open follow-ups past their due date (of one owner, or everyone's), oldest first."""
    today = today or timezone.localdate()
    queryset = followup_list(today=today).filter(overdue_q(today))
    if owner is not None:
        queryset = queryset.filter(owner=owner)
    return queryset.order_by("due_date", "id")


# --- what the lower apps read of events (registered in EventsConfig.ready() as their providers) -------------------


def entity_recent_participations(entity: Entity, limit: int = 10) -> list[Participant]:
    """The entity's latest participations (with their events), newest first."""
    return list(
        Participant.objects.filter(entity=entity)
        .select_related("event")
        .order_by("-event__start_date", "-event_id")[:limit]
    )


def entity_events_count(entity: Entity) -> int:
    """How many distinct events an entity took part in (two roles in one event count once)."""
    return Participant.objects.filter(entity=entity).order_by().values("event").distinct().count()


def events_count_expression() -> Coalesce:
    """An annotation counting each entity's distinct events (a subquery: an entity in two roles counts once)."""
    subquery = (
        Participant.objects.filter(entity=OuterRef("pk"))
        .order_by()
        .values("entity")
        .annotate(c=Count("event", distinct=True))
        .values("c")
    )
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)


def relation_events(relation: Relation) -> QuerySet[Event]:
    """The events serving a tie, newest first."""
    return relation.events.order_by("-start_date", "-id")


def relation_events_count(relation: Relation) -> int:
    return relation.events.count()


# Ids per `IN (…)` list: within every database's parameter limit (SQLite's is 32,766, older builds 999).
ID_CHUNK = 900


def held_exchange_dates(relations: QuerySet[Relation], today: date) -> dict[int, list[date]]:
    """relation id -> start dates of the held events serving it up to `today`, oldest first (two queries, one more
    per ID_CHUNK events beyond the first)."""
    # Two narrow reads instead of one join: joined, SQLite (with no statistics, as Django leaves it) walks every held
    # event by date and probes the links of each for our ties: 71 s for 500 ties at a million events. The links of
    # our ties come by the relation index, their events by primary key.
    links = list(Event.relations.through.objects.filter(relation__in=relations).values_list("relation_id", "event_id"))
    starts: dict[int, date] = {}
    event_ids = sorted({event_id for _relation_id, event_id in links})
    for offset in range(0, len(event_ids), ID_CHUNK):
        # By primary key alone, held and past picked here: with the status and date in the query, SQLite takes the
        # (status, start_date, …) index and walks every held event for each chunk (3.1 s for the 18,832 events of
        # a home with 8,904 ties at a million events; 0.1 s so).
        chunk = Event.objects.filter(pk__in=event_ids[offset : offset + ID_CHUNK]).order_by()
        for pk, status, start_date in chunk.values_list("pk", "status", "start_date"):
            if status == EventStatus.HELD and start_date <= today:
                starts[pk] = start_date
    dates: dict[int, list[date]] = {}
    for relation_id, event_id in links:
        if event_id in starts:
            dates.setdefault(relation_id, []).append(starts[event_id])
    for found in dates.values():
        found.sort()
    return dict(sorted(dates.items()))


def planned_anniversaries(relations: QuerySet[Relation]) -> set[tuple[int, date]]:
    """(relation id, anniversary date) of every follow-up planning an anniversary of these ties (one query)."""
    return set(
        FollowUp.objects.filter(relation__in=relations, anniversary_on__isnull=False).values_list(
            "relation_id", "anniversary_on"
        )
    )


def suggestion_sources() -> tuple[tuple, tuple]:
    """What of events the suggestions read, for their cache's fingerprint: models with `updated`, link tables."""
    return (Event, FollowUp), (Event.relations.through,)


def can_plan_anniversary(user) -> bool:
    """Planning an anniversary files a follow-up and its event."""
    return user.has_perms(("events.add_followup", "events.add_event"))
