"""The reminders this app finds itself: follow-ups coming due, and anniversaries entering their planning window."""

from collections.abc import Iterator
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from contacts.naming import entity_display_name
from events.anniversaries import PLANNING_LEAD_MONTHS, anniversary_rows, anniversary_title
from events.models import FollowUp
from notifications.choices import NotificationKind
from notifications.sources import Reminder


def followups_due(today: date) -> Iterator[Reminder]:
    """Each open follow-up due within CRM_REMINDER_FOLLOWUP_DAYS (or overdue), to its owner, once per due date:
    a follow-up moved to a later date is reminded of again when that date comes."""
    horizon = today + timedelta(days=settings.CRM_REMINDER_FOLLOWUP_DAYS)
    rows = FollowUp.objects.filter(done_at__isnull=True, due_date__lte=horizon, owner__is_active=True).only(
        "id", "title", "due_date", "owner_id"
    )
    for followup in rows.order_by("due_date", "id"):
        title, due = followup.title, followup.due_date

        def heading(title=title, due=due):
            if due < today:
                return _("Overdue since %(date)s: %(title)s") % {"date": formats.date_format(due), "title": title}
            return _("Due %(date)s: %(title)s") % {"date": formats.date_format(due), "title": title}

        yield Reminder(
            key=f"followup:{followup.pk}:{due.isoformat()}",
            recipient_id=followup.owner_id,
            kind=NotificationKind.FOLLOWUP_DUE,
            title=heading,
            url=followup.get_absolute_url(),
            due=due,
        )


def anniversary_recipients() -> list[int]:
    """Who plans anniversaries: every active user who may file the planning follow-up and event."""
    User = get_user_model()
    perms = Q(codename__in=("add_followup", "add_event"), content_type__app_label="events")
    from django.contrib.auth.models import Permission

    wanted = list(Permission.objects.filter(perms).values_list("pk", flat=True))
    candidates = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__permissions__in=wanted) | Q(user_permissions__in=wanted)
    )
    return sorted(
        {user.pk for user in candidates.distinct() if user.has_perms(("events.add_followup", "events.add_event"))}
    )


def anniversaries_to_plan(today: date) -> Iterator[Reminder]:
    """Each anniversary not yet planned whose planning window (PLANNING_LEAD_MONTHS ahead) has opened, to those who
    plan them; by default only the milestones (5th, 10th, …), CRM_REMINDER_ANNIVERSARIES=all for every one."""
    rows = [
        row
        for row in anniversary_rows(start=today, end=today + relativedelta(months=PLANNING_LEAD_MONTHS))
        if not row.planned and (row.milestone or settings.CRM_REMINDER_ANNIVERSARIES == "all")
    ]
    if not rows:
        return
    recipients = anniversary_recipients()
    for row in rows:
        relation, on, years = row.relation, row.date, row.years

        def heading(relation=relation, on=on, years=years):
            title = anniversary_title(partner=entity_display_name(relation.target), kind=relation.kind, years=years)
            return _("Plan the anniversary: %(title)s on %(date)s") % {"title": title, "date": formats.date_format(on)}

        for user_id in recipients:
            yield Reminder(
                key=f"anniversary:{relation.pk}:{on.isoformat()}",
                recipient_id=user_id,
                kind=NotificationKind.ANNIVERSARY,
                title=heading,
                url=reverse("relations:detail", args=[relation.pk]),
                due=on,
            )
