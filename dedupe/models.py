"""Pairs of entities an officer said are not duplicates, and the record of each merge (what to undo it)."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TrackedModel, user_field


class NotDuplicate(TrackedModel):
    """Two entities that look alike but are two records (Springfield, Illinois and Springfield, Ohio): the
    duplicates page no longer offers the pair. `first` holds the smaller id."""

    first = models.ForeignKey(
        "contacts.Entity", verbose_name=_("first"), on_delete=models.CASCADE, related_name="not_duplicates_first"
    )
    second = models.ForeignKey(
        "contacts.Entity", verbose_name=_("second"), on_delete=models.CASCADE, related_name="not_duplicates_second"
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = user_field(_("decided by"))

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("not a duplicate")
        verbose_name_plural = _("not duplicates")
        constraints = [
            models.UniqueConstraint(fields=("first", "second"), name="%(app_label)s_%(class)s_one_per_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="%(app_label)s_%(class)s_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.first} ≠ {self.second}"


class Merge(TrackedModel):
    """Entities merged into one survivor: who, why, and the log of every change, which `merge_undo` plays back.

    The survivor is referred to without a database constraint: a later merge may take it away in turn, and this
    record must outlive it (that later merge is undone first)."""

    survivor = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("survivor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    merged_ids = models.JSONField(_("merged entities"), default=list, help_text=_("Ids of the entities merged away."))
    summary = models.CharField(_("summary"), max_length=500, help_text=_("The names merged, as they were."))
    reason = models.TextField(_("reason"), blank=True)
    log = models.JSONField(_("changes"), default=list, encoder=DjangoJSONEncoder, editable=False)
    merged_by = user_field(_("merged by"))
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = user_field(_("undone by"))

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("dedupe:merge-detail", args=[self.pk])

    @property
    def undone(self) -> bool:
        return self.undone_at is not None
