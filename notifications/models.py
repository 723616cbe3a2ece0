"""Notifications: a reminder told to one user in the product (the bell) and, when e-mail is set up, by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.naming import display_name
from core.models import TrackedModel
from notifications.choices import NotificationKind


class Notification(TrackedModel):
    """One reminder for one user; `key` (unique per user) makes every reminder arrive exactly once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(_("key"), max_length=200, help_text=_("Names the reminder: the same key is sent once."))
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices, default=NotificationKind.OTHER)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_zh = models.TextField(_("text (Chinese)"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=("recipient", "key"), name="%(app_label)s_%(class)s_once_per_key"),
        ]
        indexes = [models.Index(fields=("recipient", "read_at"), name="notifications_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """In the reader's language."""
        return display_name(self.title_en, self.title_zh, self.title_en)

    @property
    def body(self) -> str:
        return display_name(self.body_en, self.body_zh, self.body_en)
