"""A record's version: what the API sends as its ETag and a page form carries in a hidden field, so a write made
from a stale copy is refused instead of silently overwriting someone else's change (issue 9, finding 1)."""

import functools
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
    m2m through), its newest id.

    Every ORM write of a tracked model (create, change, delete, restore, bulk import) adds a history row, so the
    newest history id moves; rows bulk-created without history (generate_world, links written by an import) move
    the newest id. A link removed or re-pointed always comes with a history row of its owner (simple-history's m2m
    signal, dedupe's touch of each event it re-links, a restore), so the owner's history id moves; the link
    table's row count is not read (a COUNT(*) of 600,000 event–tie links cost 25 ms of every cached answer on
    PostgreSQL). The cache may be per process (LocMemCache under several gunicorn workers): a key carrying this
    fingerprint is never stale in any worker, which a version bumped by a signal in one process could not promise.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor, tuple(models), tuple(links)))
        found = cursor.fetchone()
    return hashlib.sha1(repr(found).encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=64)
def _fingerprint_sql(vendor: str, models: tuple[type[Model], ...], links: tuple[type[Model], ...]) -> str:
    """The fingerprint's query, made once per set of tables (reaching a model's history manager costs about half a
    millisecond each time: simple-history builds it anew on every access)."""
    from django.db import connection

    quote = connection.ops.quote_name
    parts = []
    for model in models:
        history = model.history.model  # type: ignore[attr-defined]
        parts.append(f"(SELECT MAX({quote('history_id')}) FROM {quote(history._meta.db_table)})")
        parts.append(f"(SELECT MAX({quote(str(model._meta.pk.column))}) FROM {quote(model._meta.db_table)})")
    for link in links:
        parts.append(f"(SELECT MAX({quote(str(link._meta.pk.column))}) FROM {quote(link._meta.db_table)})")
    return "SELECT " + ", ".join(parts)


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


class RecentAnswers:
    """The last few answers of this process, kept as they are, in front of the shared cache: for answers so large
    that unpickling them from the cache is itself the cost (thousands of suggestions: about 20 ms a request). A kept
    answer is a copy of the cache's entry under the same key and lives no longer: it is served only while the cache
    still holds the key (a presence check, nothing unpickled), so expiry, culling and `cache.clear()` drop it too.
    Keys carry the data's fingerprint, so a kept answer is never stale; callers read what they get and never change
    it. `forget_recent()` empties every instance."""

    instances: list["RecentAnswers"] = []

    def __init__(self, size: int = 8):
        import threading
        from collections import OrderedDict

        self.size = size
        self.answers: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()  # a threaded worker's requests share the instance
        RecentAnswers.instances.append(self)

    def get(self, key: str):
        from django.core.cache import cache

        with self.lock:
            answer = self.answers.get(key)
            if answer is None:
                return None
            if not cache.has_key(key):
                del self.answers[key]
                return None
            self.answers.move_to_end(key)
            return answer

    def keep(self, key: str, answer) -> None:
        with self.lock:
            self.answers[key] = answer
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)


def forget_recent() -> None:
    for recent in RecentAnswers.instances:
        recent.answers.clear()
