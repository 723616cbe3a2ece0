"""A record's version: what the API sends as its ETag and a page form carries in a hidden field, so a write made
from a stale copy is refused instead of silently overwriting someone else's change (issue 9, finding 1)."""

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Model
from django.utils import formats, timezone

VERSION_FIELD = "updated"


def record_version(instance, field: str = VERSION_FIELD) -> str:
    """An opaque tag that changes on every write of `instance` (its `updated` time moves), as a quoted ETag."""
    stamp = getattr(instance, field)
    digest = hashlib.sha256(f"{instance.pk}:{stamp.isoformat()}".encode()).hexdigest()[:20]
    return f'"{digest}"'


def last_writer(instance):
    """The user who made the newest historical row of `instance`, or None (a command, an import, no history)."""
    history = getattr(instance, "history", None)
    if history is None:
        return None
    row = history.select_related("history_user").order_by("-history_date", "-history_id").first()
    return row.history_user if row is not None else None


def person_name(user) -> str:
    """How the interface names a person: the full name, else the username."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def changed_at_text(instance, field: str = VERSION_FIELD) -> str:
    """When `instance` last changed, in the interface's short date-and-time format and the local time zone."""
    stamp: datetime = getattr(instance, field)
    return formats.date_format(timezone.localtime(stamp), "SHORT_DATETIME_FORMAT")


def version_advance(instance, before: str, field: str = VERSION_FIELD) -> None:
    """After a write that may have changed only other rows (an entity's contact points, an event's participants),
    move `instance`'s version if it still reads `before`, so a copy loaded earlier is refused. No history row:
    nothing else of the record changed (the API does the same after its actions, core.api.VersionedMixin)."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    current = rows.only(field).first()
    if current is not None and record_version(current, field) == before:
        rows.update(**{field: timezone.now()})


def data_version(models: Iterable[type[Model]], links: Iterable[type[Model]] = ()) -> str:
    """A fingerprint of what a cached answer read, in one query of index lookups (no table scan at a million rows):
    for each model, its newest history id and its newest id; for each link table without history of its own (an
    m2m through), its row count and newest id.

    Every ORM write of a tracked model (create, change, delete, restore, bulk import) adds a history row, so the
    newest history id moves; rows bulk-created without history (generate_world) move the newest id. The cache may be
    per process (LocMemCache under several gunicorn workers): a key carrying this fingerprint is never stale in any
    worker, which a version bumped by a signal in one process could not promise.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    parts = []
    for model in models:
        history = model.history.model  # type: ignore[attr-defined]
        parts.append(f"(SELECT MAX({quote('history_id')}) FROM {quote(history._meta.db_table)})")
        parts.append(f"(SELECT MAX({quote(str(model._meta.pk.column))}) FROM {quote(model._meta.db_table)})")
    for link in links:
        table = quote(link._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({quote(str(link._meta.pk.column))}) FROM {table})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        found = cursor.fetchone()
    return hashlib.sha1(repr(found).encode()).hexdigest()[:16]


def cached_answer(name: str, parts, models: Iterable[type[Model]], compute, *, links=(), seconds: int = 3600):
    """`compute()`, cached under `name`, the request's `parts` (any repr-able value), the active language and the
    fingerprint of the tables it reads (`data_version(models, links)`): one query when the answer is cached, and a
    write anywhere in those tables, from any worker, makes a new key. A refusal (an exception) is never cached."""
    from django.core.cache import cache
    from django.utils import translation

    fingerprint = data_version(models, links)
    digest = hashlib.sha1(repr((parts, translation.get_language(), fingerprint)).encode()).hexdigest()
    key = f"crm:{name}:{digest}"
    answer = cache.get(key)
    if answer is None:
        answer = compute()
        cache.set(key, answer, seconds)
    return answer
