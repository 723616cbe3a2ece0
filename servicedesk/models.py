"""The service desk: the kinds of service the office counts, its ledger of services, and the APEC card register."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.naming import display_name
from core.models import TrackedModel
from core.validators import Bounds
from servicedesk.choices import EntryPeriod, ServiceUnit

SERVICE_DATES = Bounds.years(1900, 2100)
MAX_COUNT = 1_000_000
COUNT = Bounds(0, MAX_COUNT)


class ServiceKind(TrackedModel):
    """A kind of service counted in the year's figures (因公护照签证, 领事认证 …); admins add kinds."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, choices=ServiceUnit.choices, default=ServiceUnit.PERSON_TIMES)
    cumulative = models.BooleanField(
        _("running total"),
        default=False,
        help_text=_(
            "A running total (APEC cards held, 累计): the period's figure is its highest entry, not the sum of them."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive kinds take no new entries."))

    class Meta:
        ordering = ("order", "code")
        verbose_name = _("kind of service")
        verbose_name_plural = _("kinds of service")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The kind's name in the reader's language."""
        return display_name(self.name, self.name_zh, self.name)


class ServiceEntry(TrackedModel):
    """Services handled: one service on a day (one batch), or a month's totals of a kind (dated the 1st)."""

    field_bounds = {"date": SERVICE_DATES, "batches": COUNT, "items": COUNT}

    kind = models.ForeignKey(ServiceKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="entries")
    period = models.CharField(_("period"), max_length=10, choices=EntryPeriod.choices, default=EntryPeriod.SINGLE)
    date = models.DateField(_("date"), db_index=True, help_text=_("For a month's totals, the first of the month."))
    applicant = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_entries",
    )
    batches = models.PositiveIntegerField(_("batches"), default=1, help_text=_("批: applications handled."))
    items = models.PositiveIntegerField(
        _("items"), default=1, help_text=_("人次 or 份, as the kind counts: people served or documents handled.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("-date", "-id")
        verbose_name = _("service entry")
        verbose_name_plural = _("service entries")
        constraints = [
            models.UniqueConstraint(
                fields=("kind", "date"),
                condition=Q(period=EntryPeriod.MONTH),
                name="%(app_label)s_%(class)s_one_month_total_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(period=EntryPeriod.MONTH) | Q(date__day=1),
                name="%(app_label)s_%(class)s_month_total_on_the_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.kind} {self.batches}/{self.items}"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:entry-update", args=[self.pk])


class ApecCard(TrackedModel):
    """An APEC business travel card (APEC商务旅行卡) held by a person of an enterprise, with its validity."""

    field_bounds = {"issued_on": SERVICE_DATES, "expires_on": SERVICE_DATES}

    holder = models.ForeignKey(
        "contacts.Entity", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="apec_cards"
    )
    enterprise = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="apec_cards_of_staff",
    )
    number = models.CharField(_("card number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("expires_on", "id")
        verbose_name = _("APEC business travel card")
        verbose_name_plural = _("APEC business travel cards")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")), name="%(app_label)s_%(class)s_expires_after_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.holder})"

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:card-update", args=[self.pk])
