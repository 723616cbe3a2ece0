"""The header's one search box: entities, ties, events and follow-ups found by any name in any script (pinyin too).

It reads every app, so it lives on the roof (crm). Each kind is searched by its own FilterSet's `q` (the lists' search,
so the box and the lists never disagree) and only if the user may view that kind; each kind costs two queries (the
first rows and the count) whatever the number of hits.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.filters import EntityFilterSet
from contacts.models import Entity
from events.filters import EventFilterSet, FollowUpFilterSet
from events.models import Event, FollowUp
from relations.filters import RelationFilterSet
from relations.models import Relation

SEARCH_KINDS = ("entities", "relations", "events", "followups")
SEARCH_LIMIT = 10
MAX_SEARCH_LIMIT = 50
MAX_QUERY_LENGTH = 200


@dataclass
class SearchHit:
    id: int
    label: str
    detail: str
    url: str


@dataclass
class SearchGroup:
    kind: str
    title: str
    list_url: str
    count: int = 0
    hits: list[SearchHit] = field(default_factory=list)


def _entities(q: str) -> QuerySet:
    return EntityFilterSet({"q": q}, queryset=Entity.objects.order_by("archived", "name")).qs


def _relations(q: str) -> QuerySet:
    return RelationFilterSet({"q": q}, queryset=Relation.objects.select_related("source", "target")).qs


def _events(q: str) -> QuerySet:
    return EventFilterSet({"q": q}, queryset=Event.objects.order_by("-start_date", "-id")).qs


def _followups(q: str) -> QuerySet:
    return FollowUpFilterSet({"q": q}, queryset=FollowUp.objects.select_related("owner")).qs


def _entity_hit(entity: Entity) -> SearchHit:
    country = entity.country.name if entity.country else ""  # type: ignore[attr-defined]  # django-countries
    detail = " · ".join(str(part) for part in (country, entity.get_kind_display()) if part)
    return SearchHit(entity.pk, str(entity), detail, reverse("contacts:detail", args=[entity.pk]))


def _relation_hit(relation: Relation) -> SearchHit:
    return SearchHit(relation.pk, str(relation), str(relation.get_status_display()), relation.get_absolute_url())


def _event_hit(event: Event) -> SearchHit:
    return SearchHit(
        event.pk, event.title, f"{event.start_date} · {event.get_kind_display()}", event.get_absolute_url()
    )


def _followup_hit(followup: FollowUp) -> SearchHit:
    owner = followup.owner.get_full_name() or followup.owner.get_username()
    state = _("done") if followup.done_at else _("open")
    return SearchHit(
        followup.pk, followup.title, f"{followup.due_date} · {owner} · {state}", followup.get_absolute_url()
    )


# kind, permission, title, list page, rows, hit
KINDS = (
    ("entities", "contacts.view_entity", _("Entities"), "contacts:list", _entities, _entity_hit),
    ("relations", "relations.view_relation", _("Relations"), "relations:list", _relations, _relation_hit),
    ("events", "events.view_event", _("Events"), "events:event-list", _events, _event_hit),
    ("followups", "events.view_followup", _("Follow-ups"), "events:followups", _followups, _followup_hit),
)


def search_everything(*, q: str, user, limit: int = SEARCH_LIMIT) -> list[SearchGroup]:
    """The groups of hits for `q`, one per kind the user may view, each with its first `limit` rows and its total."""
    q = (q or "").strip()
    limit = max(1, min(limit, MAX_SEARCH_LIMIT))
    groups = []
    for kind, permission, title, list_url, rows, hit in KINDS:
        if not user.has_perm(permission):
            continue
        group = SearchGroup(kind, str(title), f"{reverse(list_url)}?{urlencode({'q': q})}")
        if q:
            queryset = rows(q)
            group.hits = [hit(row) for row in queryset[:limit]]
            group.count = queryset.count()  # always counted: the same queries for 3 hits and for 300
        groups.append(group)
    return groups
