from django.db import models
from django.utils.translation import gettext_lazy as _


class AttachmentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Signed agreement")
    INTENT = "intent", _("Letter of intent")
    REQUEST = "request", _("Request for instructions (请示)")
    APPROVAL = "approval", _("Approval (批复)")
    INVITATION = "invitation", _("Invitation letter")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other document")
