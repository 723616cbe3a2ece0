"""Reads of events: querysets with what the serializer and the templates read already joined or prefetched."""

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from contacts.models import Entity
from contacts.search import query_terms
from events.choices import EventStatus
from events.models import Event, FollowUp, Participant
from relations.models import Relation

CHOOSER_LIMIT = 20


def _participants_prefetch() -> Prefetch:
    return Prefetch("participants", queryset=Participant.objects.select_related("entity").order_by("id"))


def _relations_prefetch() -> Prefetch:
    return Prefetch("relations", queryset=Relation.objects.select_related("source", "target").order_by("id"))


def event_list() -> QuerySet[Event]:
    """Events with their participants (and each one's entity) and the ties they serve (with both ends).

    Two prefetches, whatever the number of rows: the list API and the list page cost the same for 3 and 50 events.
    """
    return Event.objects.prefetch_related(_participants_prefetch(), _relations_prefetch())


def event_detail(*, pk: int) -> Event:
    """One event with its participants and ties; raises Event.DoesNotExist."""
    return event_list().get(pk=pk)


def event_totals(queryset: QuerySet[Event]) -> dict[str, int]:
    """Batches (one per event) and person-times (the sum of headcounts) of a filtered set, in one query."""
    totals = queryset.order_by().aggregate(batches=Count("id"), person_times=Coalesce(Sum("headcount"), 0))
    return {"batches": totals["batches"], "person_times": totals["person_times"]}


def entity_choices(*, q: str, limit: int = CHOOSER_LIMIT) -> QuerySet[Entity]:
    """Entities whose names, aliases or pinyin match `q` (for the participant chooser); archived ones last."""
    terms = query_terms(q)
    if not terms:
        return Entity.objects.none()
    condition = Q()
    for term in terms:
        condition |= Q(search_text__contains=term)
    return Entity.objects.filter(condition).order_by("archived", "name", "id")[:limit]


def relation_choices(*, q: str, limit: int = CHOOSER_LIMIT) -> QuerySet[Relation]:
    """Ties either of whose ends matches `q` (for the ties chooser), with both ends joined for their labels."""
    terms = query_terms(q)
    if not terms:
        return Relation.objects.none()
    condition = Q()
    for term in terms:
        condition |= Q(source__search_text__contains=term) | Q(target__search_text__contains=term)
    return (
        Relation.objects.filter(condition)
        .select_related("source", "target")
        .order_by("target__name", "kind", "id")[:limit]
    )


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


def held_exchange_dates(relations: QuerySet[Relation], today: date) -> dict[int, list[date]]:
    """relation id -> start dates of the held events serving it up to `today`, oldest first (one query)."""
    dates: dict[int, list[date]] = {}
    through = Event.relations.through
    for relation_id, start in (
        through.objects.filter(relation__in=relations, event__status=EventStatus.HELD, event__start_date__lte=today)
        .order_by("relation_id", "event__start_date")
        .values_list("relation_id", "event__start_date")
    ):
        dates.setdefault(relation_id, []).append(start)
    return dates


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
