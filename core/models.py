"""The abstract base every domain model shares: timestamps and a full, attributed history."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import Bounds, check_field_text


class TrackedModel(models.Model):
    """A domain record with created/updated times and simple-history (who changed what, deletes included)."""

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(inherit=True)
    # Plausible ranges of number and date fields (core.validators.Bounds), checked by clean_fields.
    field_bounds: ClassVar[Mapping[str, Bounds]] = {}

    if TYPE_CHECKING:
        # Set on an instance before save() or delete(); simple-history reads them for the history row.
        _history_user: Any
        _change_reason: str

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Django's field checks, then one rule for every text field: no control characters (core.validators),
        and the plausible range of each field named in `field_bounds`.

        Here rather than in each field's `validators`, so every model, present and future, gets it without a
        migration, and services (hence the API), model forms and importers all refuse them, naming the field."""
        errors: dict[str, list] = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not field.editable or field.name in errors or (exclude and field.name in exclude):
                continue
            try:
                check_field_text(field, getattr(self, field.attname))
                if field.name in self.field_bounds:
                    self.field_bounds[field.name](getattr(self, field.attname))
            except ValidationError as exc:
                errors[field.name] = exc.error_list
        if errors:
            raise ValidationError(errors)


def user_field(verbose_name) -> models.ForeignKey:
    """The user who did something to a record (recorded, decided, uploaded…): optional, and kept as a blank when the
    account is deleted (the history still names who it was); no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class DocumentTemplate(TrackedModel):
    """An admin's replacement of a shipped DOCX template (core.documents): it wins over the file in the project.

    The file's bytes are kept in the database, so a backup carries them and history keeps every earlier version
    (templates are a few dozen kilobytes)."""

    name = models.CharField(
        _("template"),
        max_length=120,
        unique=True,
        help_text=_("The shipped template it replaces, e.g. relations/tie_application.docx."),
    )
    content = models.BinaryField(_("file"), editable=False)
    filename = models.CharField(_("uploaded file name"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.name
