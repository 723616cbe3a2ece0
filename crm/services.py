"""Writes of the project: restoring a deleted record from its history (nothing is lost by a delete)."""

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.history import attribute
from crm.selectors import tracked_models

# Children deleted by the same cascade are restored with their parent when deleted this close in time.
CASCADE_WINDOW = timedelta(seconds=5)


@transaction.atomic
def record_restore(*, model_label: str, history_id: int, by) -> models.Model:
    """Recreate a deleted record from its last historical version, with the children its delete cascaded to."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as exc:
        raise ValidationError({"model": _("Unknown record type.")}) from exc
    if model not in tracked_models():
        raise ValidationError({"model": _("Unknown record type.")})
    deletion = model.history.filter(history_id=history_id, history_type="-").first()
    if deletion is None:
        raise ValidationError({"history_id": _("No such deletion.")})
    if model.objects.filter(pk=deletion.id).exists():
        raise ValidationError({"history_id": _("This record exists already.")})
    instance = _restore_one(deletion, by)
    _restore_children(model, instance.pk, deletion.history_date, by)
    return instance


def _restore_one(historical, by) -> models.Model:
    instance = historical.instance
    attribute(instance, by, reason=_("Restored from history"))
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as exc:
        raise ValidationError(
            {
                "history_id": _(
                    "%(record)s cannot be restored: a record it refers to is gone, or a live duplicate exists. "
                    "Restore that record first."
                )
                % {"record": historical.instance}
            }
        ) from exc
    return instance


def _restore_children(model, pk, deleted_at, by) -> None:
    for relation in model._meta.related_objects:
        child = relation.related_model
        if relation.on_delete is not models.CASCADE or child not in tracked_models():
            continue
        fk_name = relation.field.attname
        rows = child.history.filter(
            history_type="-",
            **{fk_name: pk},
            history_date__gte=deleted_at - CASCADE_WINDOW,
            history_date__lte=deleted_at + CASCADE_WINDOW,
        )
        for row in rows:
            if not child.objects.filter(pk=row.id).exists():
                restored = _restore_one(row, by)
                _restore_children(child, restored.pk, row.history_date, by)
