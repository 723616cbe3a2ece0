"""Which participants' headcounts make an event's person-times (人次).

An inbound visit counts the visiting side, an outbound visit our travellers; hosts and accompanying staff are
recorded with their role but never counted (the seeds' 「接待来访团组96批1362人次」 counts the guests, not the
officers who received them). Other exchanges count every participant but hosts and staff.

The rule is configurable per role: `CRM_PERSON_TIMES_ROLES` maps an event kind (or "*" for every other kind) to the
roles whose headcounts count, e.g. ``{"visit_in": ["guest", "partner"], "*": ["guest", "delegation"]}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from events.choices import EventKind, ParticipantRole

# Recorded with their role, never counted.
NOT_COUNTED_ROLES = frozenset({ParticipantRole.HOST, ParticipantRole.STAFF})
_EVERYONE_ELSE = frozenset(ParticipantRole.values) - NOT_COUNTED_ROLES
DEFAULT_COUNTED_ROLES: dict[str, frozenset[str]] = {
    # The visiting side: not our hosts, our staff, nor a delegation of ours that took part.
    EventKind.VISIT_IN: _EVERYONE_ELSE - {ParticipantRole.DELEGATION, ParticipantRole.ORGANISER},
    # Our travellers.
    EventKind.VISIT_OUT: frozenset({ParticipantRole.DELEGATION}),
    "*": _EVERYONE_ELSE,
}


def counted_roles(kind: str) -> frozenset[str]:
    """The roles whose headcounts make the person-times of an event of `kind`."""
    configured = getattr(settings, "CRM_PERSON_TIMES_ROLES", None) or {}
    if kind in configured:
        return frozenset(configured[kind])
    if kind in DEFAULT_COUNTED_ROLES:
        return DEFAULT_COUNTED_ROLES[kind]
    return frozenset(configured.get("*", DEFAULT_COUNTED_ROLES["*"]))


def is_counted(*, kind: str, role: str) -> bool:
    return role in counted_roles(kind)


def person_times(*, kind: str, rows: Iterable[tuple[str, int | None]]) -> int:
    """The person-times of an event of `kind` from its participants' (role, headcount) pairs."""
    roles = counted_roles(kind)
    return sum(headcount or 0 for role, headcount in rows if role in roles)
