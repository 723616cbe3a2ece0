"""The abstract base every domain model shares: timestamps and a full, attributed history."""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrackedModel(models.Model):
    """A domain record with created/updated times and simple-history (who changed what, deletes included)."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)

    if TYPE_CHECKING:
        # Set on an instance before save() or delete(); simple-history reads them for the history row.
        _history_user: Any
        _change_reason: str

    class Meta:
        abstract = True
