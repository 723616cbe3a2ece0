"""Reads of the service desk: the ledger, the APEC register and its expiries (for the dashboard and the calendar)."""

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from contacts.naming import entity_display_name
from events.calendar import CalendarItem
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind

EXPIRY_WARNING_DAYS = 90


def service_kind_list() -> QuerySet[ServiceKind]:
    return ServiceKind.objects.all()


def service_entry_list() -> QuerySet[ServiceEntry]:
    return ServiceEntry.objects.select_related("kind", "applicant")


def apec_card_list() -> QuerySet[ApecCard]:
    return ApecCard.objects.select_related("holder", "enterprise")


def apec_cards_expiring(*, today: dt.date, days: int = EXPIRY_WARNING_DAYS) -> QuerySet[ApecCard]:
    """Cards expiring from today to `days` ahead (90 by default), soonest first."""
    return apec_card_list().filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=days))


def apec_calendar_items(*, user, start: dt.date, end: dt.date) -> list:
    """The calendar's items of the APEC register: each card's expiry day (one query)."""
    if not user.has_perm("servicedesk.view_apeccard"):
        return []
    cards = apec_card_list().filter(expires_on__gte=start, expires_on__lte=end).order_by("expires_on", "id")
    return [
        CalendarItem(
            kind="apec",
            uid=f"apec-card-{card.pk}-{card.expires_on:%Y%m%d}",
            title=_("APEC card expires: %(holder)s (%(number)s)")
            % {"holder": entity_display_name(card.holder), "number": card.number},
            start=card.expires_on,
            end=card.expires_on,
            url=card.get_absolute_url(),
            category=_("APEC business travel card"),
        )
        for card in cards
    ]
