"""Reads of the project: deleted records, kept by simple-history, for the trash page."""

from dataclasses import dataclass

from django.apps import apps
from django.db import models

from core.history import history_person_name
from crm.roles import DOMAIN_APPS


@dataclass(frozen=True)
class DeletedRecord:
    model_label: str
    model_name: str
    history_id: int
    object_id: int
    title: str
    deleted_at: object
    deleted_by: str | None


def tracked_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in DOMAIN_APPS and hasattr(m, "history") and not m.__name__.startswith("Historical")
    ]


def deleted_records(limit_per_model: int = 200) -> list[DeletedRecord]:
    """The latest deletion of every domain record that does not exist now, newest first (one query per model)."""
    records: list[DeletedRecord] = []
    for model in tracked_models():
        history = model.history.model
        existing = model.objects.filter(pk=models.OuterRef("id"))
        rows = (
            history.objects.filter(history_type="-")
            .exclude(models.Exists(existing))
            .select_related("history_user")
            .order_by("-history_date")[:limit_per_model]
        )
        for row in rows:
            records.append(
                DeletedRecord(
                    model_label=model._meta.label,
                    model_name=str(model._meta.verbose_name),
                    history_id=row.history_id,
                    object_id=row.id,
                    title=str(row.instance),
                    deleted_at=row.history_date,
                    deleted_by=history_person_name(row),
                )
            )
    records.sort(key=lambda r: r.deleted_at, reverse=True)
    return records
