"""A record's version: what the API sends as its ETag and a page form carries in a hidden field, so a write made
from a stale copy is refused instead of silently overwriting someone else's change (issue 9, finding 1)."""

import functools
import hashlib
import re
from collections.abc import Iterable
from datetime import datetime
from typing import cast

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


def tables_read(sql: str) -> tuple[tuple[type[Model], ...], tuple[type[Model], ...]] | None:
    """The tracked models and the link tables whose rows a query's SQL reads, as `data_version` takes them; None when
    it reads a table no fingerprint follows (users, permissions, history tables: their writes leave no history row,
    so an answer cached under the fingerprint could outlive them). A link table counts only when its owner keeps
    the link in its history (`_history_m2m_fields`): removing a link then writes the owner's history row."""
    known = _table_kinds()
    models: list[type[Model]] = []
    links: list[type[Model]] = []
    for table in sorted(set(_QUOTED.findall(sql)) & known.keys()):
        model, is_link = known[table]
        if model is None:
            return None
        (links if is_link else models).append(model)
    return tuple(models), tuple(links)


_QUOTED = re.compile(r'"([^"]+)"')


@functools.lru_cache(maxsize=1)
def _table_kinds() -> dict[str, tuple[type[Model] | None, bool]]:
    """Every table of the project: its model and whether it is a link table, or (None, False) when untracked."""
    from django.apps import apps

    kinds: dict[str, tuple[type[Model] | None, bool]] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.auto_created:
            owner = cast(type[Model], model._meta.auto_created)  # the model whose many-to-many field made it
            tracked = any(
                field.remote_field.through is model and field.name in getattr(owner, "_history_m2m_fields", ())
                for field in owner._meta.local_many_to_many
            )
            kinds[table] = (model if tracked else None, True)
        elif getattr(model._meta, "simple_history_manager_attribute", None) == "history":  # data_version reads it
            kinds[table] = (model, False)
        else:
            kinds[table] = (None, False)
    return kinds


def cached_count(queryset) -> int:
    """`queryset.count()`, kept under the fingerprint of the tables its query reads (`cached_read`): a list's count
    of 83,000 events is the part of its page that grows with the database (4 ms on SQLite at a million events); the
    fingerprint is a few index lookups."""
    return cached_read("count", queryset, queryset.count)


def cached_read(name: str, queryset, compute):
    """`compute()`, an answer read from `queryset` alone (its count, an aggregate), kept under `cached_answer` with
    the query's SQL and parameters and the fingerprint of every table it reads. A query reading a table no
    fingerprint follows (`tables_read`) is computed every time; so is one Django knows to be empty.

    Rows changed by `QuerySet.update()` leave no history row: such a column must not be what a kept read filters
    on (today only `updated`, by the version bumps, and a trip's headcount are written so, and no list filters on
    them)."""
    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # `.none()`, or a filter on an empty list: Django answers it without a query
        return compute()
    tables = tables_read(sql)
    if tables is None or not tables[0]:
        return compute()
    models, links = tables
    return cached_answer(name, (sql, params), models, compute, links=links)


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
