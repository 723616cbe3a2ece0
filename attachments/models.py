"""Files attached to entities, ties, lifecycle steps, events and follow-ups: scans, letters, photos."""

import uuid
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attachments.choices import AttachmentKind
from core.models import TrackedModel, user_field

# What an attachment can hang on: exactly one of these (explicit foreign keys, which select_related can join).
TARGETS = ("entity", "relation", "step", "event", "followup")


def _exactly_one_target() -> Q:
    condition = Q()
    for chosen in TARGETS:
        branch = Q(**{f"{chosen}__isnull": False})
        for other in TARGETS:
            if other != chosen:
                branch &= Q(**{f"{other}__isnull": True})
        condition |= branch
    return condition


def upload_path(instance: "Attachment", filename: str) -> str:
    """A name the uploader does not choose (the original name is kept in `original_name`): no clashes, no paths."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def thumbnail_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/thumbnails/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class Attachment(TrackedModel):
    """A file (signed agreement, letter, 请示/批复 scan, invitation, photo) attached to one record.

    Files are stored with Django's storage API (local MEDIA_ROOT, or an S3-compatible store) and only ever served
    through the permission-checked download view. A deleted attachment keeps its file, so it can be restored."""

    file = models.FileField(_("file"), upload_to=upload_path, max_length=300)
    thumbnail = models.FileField(_("thumbnail"), upload_to=thumbnail_path, max_length=300, blank=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.OTHER)
    uploaded_by = user_field(_("uploaded by"))
    # Each goes with its record (and comes back with it from "Deleted records"); the file itself stays in storage.
    entity = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    relation = models.ForeignKey(
        "relations.Relation",
        verbose_name=_("relation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    step = models.ForeignKey(
        "relations.RelationStep",
        verbose_name=_("lifecycle step"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    followup = models.ForeignKey(
        "events.FollowUp",
        verbose_name=_("follow-up"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(condition=_exactly_one_target(), name="%(app_label)s_%(class)s_one_target"),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name

    @property
    def target(self):
        for name in TARGETS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def target_kind(self) -> str:
        return next((name for name in TARGETS if getattr(self, f"{name}_id")), "")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    def get_absolute_url(self) -> str:
        return reverse("attachments:download", args=[self.pk])
