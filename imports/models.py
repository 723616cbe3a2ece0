"""The record of an import: who brought which file in, when, what it wrote, so that it can be listed and undone."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TrackedModel, user_field
from imports.choices import ImportJob, ImportKind, ImportStatus


class ImportRecord(TrackedModel):
    """One spreadsheet brought in: the file (kept from preview to confirmation), its counts and what it wrote."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    # the upload, kept from the preview to the confirmation and emptied once imported
    content = models.BinaryField(_("file"), editable=False, default=b"")
    user = user_field(_("user"))
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    defaults = models.JSONField(_("defaults"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    # [model label, pk] of the records the import created, in the order written; [label, pk, history id before]
    # of those it changed; [label, pk] of those it removed (contact points replaced by the file's)
    created_records = models.JSONField(default=list, blank=True, editable=False)
    updated_records = models.JSONField(default=list, blank=True, editable=False)
    deleted_records = models.JSONField(default=list, blank=True, editable=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    # The preview or import running in the background for the page (rows_done of total_rows so far, written by the
    # job on a connection of its own every second or so: `beat` is when it last did), and what it found: the
    # preview's summary (imports.services.preview_summary) or why the import wrote nothing.
    job = models.CharField(_("job"), max_length=20, choices=ImportJob.choices, blank=True, editable=False)
    job_beat = models.DateTimeField(_("job last seen"), null=True, blank=True, editable=False)
    job_errors = models.JSONField(_("job errors"), default=list, blank=True, editable=False)
    preview = models.JSONField(_("preview"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def job_running(self) -> bool:
        """A job is under way and was seen lately (a job whose process stopped, a restart say, wrote nothing)."""
        from imports.services import JOB_STALE_AFTER

        return bool(self.job) and self.job_beat is not None and timezone.now() - self.job_beat < JOB_STALE_AFTER

    @property
    def job_stopped(self) -> bool:
        return bool(self.job) and not self.job_running

    @property
    def reason(self) -> str:
        """The change reason every history row the import writes carries."""
        return f"import #{self.pk}: {self.file_name}"


class ColumnMapping(TrackedModel):
    """A user's last mapping of a sheet's headers to the columns of one kind, offered again on the next upload."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)

    class Meta:
        ordering = ("user", "kind")
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=("user", "kind"), name="%(app_label)s_%(class)s_one_per_user_and_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"
