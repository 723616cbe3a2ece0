"""Writes of the project: restoring a deleted record from its history (nothing is lost by a delete)."""

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.history import attribute, history_links, history_record_links
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
    _restore_links_to(instance)
    return instance


def _restore_one(historical, by) -> models.Model:
    """Insert the record a deletion row describes, as it was: every field, its times and its many-to-many links."""
    instance = historical.instance
    attribute(instance, by, reason=_("Restored from history"))
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as exc:
        raise _cannot_restore(historical) from exc
    restored_row = instance.history.order_by("-history_date", "-history_id").first()
    _restore_links(instance, historical, restored_row)
    _restore_times(instance, historical, restored_row)
    return instance


def _cannot_restore(historical) -> ValidationError:
    return ValidationError(
        {
            "history_id": _(
                "%(record)s cannot be restored: a record it refers to is gone, or a live duplicate exists. "
                "Restore that record first."
            )
            % {"record": historical.instance}
        }
    )


def _restore_times(instance, historical, restored_row) -> None:
    """`created`/`updated` as they were before the delete (auto_now and auto_now_add would stamp the restore's time)."""
    times = {
        field.attname: getattr(historical, field.attname)
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }
    if not times:
        return
    type(instance)._base_manager.filter(pk=instance.pk).update(**times)
    type(restored_row)._base_manager.filter(pk=restored_row.pk).update(**times)
    for name, value in times.items():
        setattr(instance, name, value)


def _restore_links(instance, deletion, restored_row) -> None:
    """Bring back the many-to-many links the delete removed.

    Django removes a record's links before simple-history writes its deletion row, so the links it had are those of
    its newest row before that one.
    """
    history_model = type(deletion)
    if not history_model._history_m2m_fields:
        return
    before = (
        history_model.objects.filter(id=deletion.id, history_date__lte=deletion.history_date)
        .exclude(history_id=deletion.history_id)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if before is None:
        return
    for field in history_model._history_m2m_fields:
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        other_attname = through._meta.get_field(other).attname
        targets = {row[other_attname] for row in history_links(before)[field.name]}
        present = set(field.related_model._base_manager.filter(pk__in=targets).values_list("pk", flat=True))
        if targets - present:
            raise _cannot_restore(deletion)
        # Plain inserts into the link table: no m2m signal, so no history row besides the restore's own.
        through._base_manager.bulk_create(
            through(**{through._meta.get_field(own).attname: instance.pk, other_attname: pk}) for pk in sorted(targets)
        )
    history_record_links(instance, restored_row)


def _restore_links_to(instance) -> None:
    """Links from other records to a restored one that its delete removed (a tie deleted in the Django admin takes its
    links to events with it): each record whose newest historical row still lists the link gets it back."""
    for model in tracked_models():
        for field in model.history.model._history_m2m_fields:
            if field.related_model is not type(instance):
                continue
            through = field.remote_field.through
            own = through._meta.get_field(field.m2m_field_name()).attname
            other = through._meta.get_field(field.m2m_reverse_field_name()).attname
            link_model = getattr(model.history.model, field.name).model
            for owner in model.objects.filter(pk__in=link_model.objects.filter(**{other: instance.pk}).values(own)):
                newest = owner.history.order_by("-history_date", "-history_id").first()
                listed = {row[other] for row in history_links(newest)[field.name]}
                if (
                    instance.pk in listed
                    and not through._base_manager.filter(**{own: owner.pk, other: instance.pk}).exists()
                ):
                    through._base_manager.create(**{own: owner.pk, other: instance.pk})


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


# --- saved filters of the list pages ---------------------------------------------------------------------------------

# The list pages whose filters can be saved, by URL name.
SAVED_FILTER_PAGES = ("contacts:list", "relations:list", "events:event-list", "events:followups")


def saved_filter_query(params) -> str:
    """The filters of a list request as they are saved: the page number and empty values left out."""
    from urllib.parse import urlencode

    return urlencode([(key, value) for key, values in params.lists() for value in values if value and key != "page"])


@transaction.atomic
def saved_filter_save(*, owner, page: str, name: str, query: str, shared: bool = False):
    """Save (or, under a name the owner used already on that list, replace) a list's filters."""
    from crm.models import SavedFilter

    if page not in SAVED_FILTER_PAGES:
        raise ValidationError({"page": _("Filters of this page cannot be saved.")})
    saved = SavedFilter.objects.filter(owner=owner, page=page, name=(name or "").strip()).first()
    saved = saved or SavedFilter(owner=owner, page=page)
    saved.name, saved.query, saved.shared = (name or "").strip(), query, bool(shared)
    saved.full_clean()
    attribute(saved, owner)
    saved.save()
    return saved


def saved_filter_can_delete(*, saved, user) -> bool:
    return saved.owner_id == user.pk or user.has_perm("crm.delete_savedfilter")


@transaction.atomic
def saved_filter_delete(*, saved, by) -> None:
    if not saved_filter_can_delete(saved=saved, user=by):
        raise ValidationError(_("Only its owner or an admin may delete a saved filter."))
    attribute(saved, by)
    saved.delete()
