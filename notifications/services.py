"""Writes of notifications: turning reminders into notifications (each once) and e-mailing them; marking read."""

import logging
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.history import attribute
from notifications.models import Notification
from notifications.sources import Reminder, registered

log = logging.getLogger(__name__)


@dataclass
class SendResult:
    found: int = 0
    created: int = 0
    emailed: int = 0
    failed: int = 0


def _in(language: str, render) -> str:
    with translation.override(language):
        return str(render())[:300]


def _new(reminder: Reminder) -> Notification:
    return Notification(
        recipient_id=reminder.recipient_id,
        key=reminder.key[:200],
        kind=reminder.kind,
        title_en=_in("en", reminder.title),
        title_zh=_in("zh-hans", reminder.title),
        body_en=_in("en", reminder.body),
        body_zh=_in("zh-hans", reminder.body),
        url=reminder.url[:300],
        due=reminder.due,
    )


def notifications_create(*, reminders, by=None) -> list[Notification]:
    """Store the reminders not notified before (by recipient and key): running twice creates nothing twice."""
    reminders = list(reminders)
    if not reminders:
        return []
    seen = set(
        Notification.objects.filter(
            recipient_id__in={r.recipient_id for r in reminders}, key__in={r.key for r in reminders}
        ).values_list("recipient_id", "key")
    )
    created = []
    for reminder in reminders:
        if (reminder.recipient_id, reminder.key) in seen:
            continue
        seen.add((reminder.recipient_id, reminder.key))
        notification = _new(reminder)
        attribute(notification, by)
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:  # another run stored it meanwhile: it is notified once all the same
            continue
        created.append(notification)
    return created


def _email(notification: Notification, connection) -> None:
    base = settings.CRM_BASE_URL.rstrip("/")
    subject = (
        notification.title_zh
        if notification.title_zh == notification.title_en
        else (f"{notification.title_zh} / {notification.title_en}")
    )
    lines = [notification.title_zh, notification.body_zh, "", notification.title_en, notification.body_en]
    if notification.url:
        lines += ["", f"{base}{notification.url}"]
    message = EmailMessage(
        subject=subject[:250],
        body="\n".join(line for line in lines if line is not None).strip() + "\n",
        to=[notification.recipient.email],
        connection=connection,
    )
    message.send()


def reminders_send(*, today: date | None = None, by=None) -> SendResult:
    """Collect every source's reminders for `today`, store the new ones and e-mail what is not yet e-mailed.

    Idempotent: a notification is stored once per (recipient, key) and e-mailed once (`emailed_at`); a failed e-mail
    is tried again on the next run. Users without an e-mail address get the bell only."""
    today = today or timezone.localdate()
    result = SendResult()
    reminders: list[Reminder] = []
    for name, source in registered().items():
        try:
            reminders.extend(source(today))
        except Exception:  # one broken source must not stop the others' reminders
            log.exception("Reminder source %s failed", name)
            result.failed += 1
    result.found = len(reminders)
    result.created = len(notifications_create(reminders=reminders, by=by))
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True).exclude(recipient__email="")
    pending = pending.select_related("recipient").filter(recipient__is_active=True)
    if pending.exists():
        connection = get_connection()
        for notification in pending:
            try:
                _email(notification, connection)
            except Exception:  # SMTP down, address refused: kept for the next run
                log.exception("E-mail of notification %s failed", notification.pk)
                result.failed += 1
                continue
            notification.emailed_at = timezone.now()
            attribute(notification, by, reason="e-mailed")
            notification.save(update_fields=["emailed_at", "updated"])
            result.emailed += 1
    return result


@transaction.atomic
def notification_mark_read(*, notification: Notification, by) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        attribute(notification, by)
        notification.save(update_fields=["read_at", "updated"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user, by) -> int:
    """Every unread notification of `user`, read now (one history row each)."""
    count = 0
    for notification in Notification.objects.filter(recipient=user, read_at__isnull=True):
        notification_mark_read(notification=notification, by=by)
        count += 1
    return count


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count() if user.is_authenticated else 0
