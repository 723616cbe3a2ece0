from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceUnit(models.TextChoices):
    """What a kind's items are counted in (人次 for people served, 份 for documents, 张 for cards)."""

    PERSON_TIMES = "person_times", _("person-times")
    DOCUMENTS = "documents", _("documents")
    CARDS = "cards", _("cards")


class EntryPeriod(models.TextChoices):
    """Whether an entry is one service handled on a day, or the totals of a month for its kind."""

    SINGLE = "single", _("One service")
    MONTH = "month", _("A month's totals")
