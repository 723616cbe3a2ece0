from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ENTITIES = "entities", _("Entities")
    TIES = "ties", _("Ties")
    EVENTS = "events", _("Events")
    FOLLOWUPS = "followups", _("Follow-ups")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    DONE = "done", _("Imported")
    UNDONE = "undone", _("Undone")


class ImportJob(models.TextChoices):
    """What an import's background job is doing (imports.services.import_job_start); blank: nothing."""

    PREVIEW = "preview", _("Previewing")
    IMPORT = "import", _("Importing")


class RowStatus(models.TextChoices):
    NEW = "new", _("new")
    UPDATE = "update", _("update")
    UNCHANGED = "unchanged", _("unchanged")
    ERROR = "error", _("error")
