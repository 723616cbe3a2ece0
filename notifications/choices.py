from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    FOLLOWUP_DUE = "followup_due", _("Follow-up due")
    ANNIVERSARY = "anniversary", _("Anniversary to plan")
    PASSPORT = "passport", _("Passport overdue")
    OTHER = "other", _("Reminder")
