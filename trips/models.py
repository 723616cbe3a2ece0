"""Outbound trips (因公出国(境)团组): the application, its legs and members, its dated steps, the rules an admin
configures (days by countries, sizes, caps, 双控) and the quarterly performance review."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from contacts.naming import display_name
from core.models import TrackedModel, user_field
from core.validators import Bounds
from trips.choices import (
    ApprovingLevel,
    CadreLevel,
    Payer,
    StepKind,
    TravellerCategory,
    TripKind,
    TripStatus,
)

TRIP_DATES = Bounds.years(1900, 2100)
DAYS = Bounds(1, 366)
COUNT = Bounds(0, 1_000_000)
SCORE = Bounds(0, 1000)

DEFAULT_DAYS_BY_COUNTRIES = {"1": 5, "2": 8, "3": 10}


class TripRules(TrackedModel):
    """The rules checked when a trip is submitted (admin-only): one row for every year, or one for a given year.

    A trip is checked against the row of its start year, else the row with no year. Blank caps are not checked.
    """

    field_bounds = {
        "max_countries": Bounds(1, 50),
        "max_delegation": Bounds(1, 1000),
        "per_person_per_year": Bounds(1, 100),
        "per_unit_per_year": Bounds(1, 10_000),
        "office_batches_per_year": COUNT,
        "office_person_times_per_year": COUNT,
        "passports_due_days": Bounds(0, 365),
        "report_due_days": Bounds(0, 365),
    }

    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, unique=True, help_text=_("Blank: the rules of every year without its own.")
    )
    days_by_countries = models.JSONField(
        _("days by number of countries"),
        default=dict,
        blank=True,
        help_text=_(
            'Most days abroad, counting travel, by the number of countries visited: {"1": 5, "2": 8, "3": 10}.'
        ),
    )
    max_countries = models.PositiveSmallIntegerField(_("most countries per trip"), null=True, blank=True, default=3)
    max_delegation = models.PositiveSmallIntegerField(_("largest delegation"), null=True, blank=True, default=6)
    per_person_per_year = models.PositiveSmallIntegerField(
        _("trips per person per year"), null=True, blank=True, default=1
    )
    per_unit_per_year = models.PositiveSmallIntegerField(_("trips per unit per year"), null=True, blank=True)
    office_batches_per_year = models.PositiveIntegerField(_("office's batches per year (双控)"), null=True, blank=True)
    office_person_times_per_year = models.PositiveIntegerField(
        _("office's person-times per year (双控)"), null=True, blank=True
    )
    capped_categories = models.JSONField(
        _("categories the caps apply to"),
        default=list,
        blank=True,
        help_text=_("Traveller categories the per-person, per-unit and office caps count; empty: every category."),
    )
    passports_due_days = models.PositiveSmallIntegerField(
        _("days to hand back passports"), default=7, help_text=_("After the trip's last day.")
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("days to file the trip report"), default=30, help_text=_("After the trip's last day.")
    )

    class Meta:
        ordering = ("year",)
        verbose_name = _("trip rules")
        verbose_name_plural = _("trip rules")

    def __str__(self) -> str:
        return str(self.year) if self.year else str(_("every year"))

    def days_allowed(self, countries: int) -> int | None:
        """The most days for a trip to `countries` countries, or None when no rule says (more than the table)."""
        table = self.days_by_countries or DEFAULT_DAYS_BY_COUNTRIES
        value = table.get(str(countries))
        return int(value) if value is not None else None


class ReviewCriterion(TrackedModel):
    """A criterion of the quarterly performance review (discipline, duties, results …), admin-only."""

    field_bounds = {"max_score": SCORE}

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=100)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ("order", "code")
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return display_name(self.name, self.name_zh, self.name)


class Trip(TrackedModel):
    """One outbound delegation (出国(境)团组) from application to its return, passports and report."""

    field_bounds = {"start_date": TRIP_DATES, "end_date": TRIP_DATES}

    title = models.CharField(_("title"), max_length=300)
    organiser = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="organised_trips",
        help_text=_("The domestic unit sending the delegation (组团单位)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TripKind.choices, default=TripKind.SELF_ORGANISED)
    category = models.CharField(
        _("traveller category"), max_length=20, choices=TravellerCategory.choices, default=TravellerCategory.OFFICIALS
    )
    approving_level = models.CharField(
        _("approving level"), max_length=20, choices=ApprovingLevel.choices, default=ApprovingLevel.CITY
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.DRAFT, db_index=True
    )
    start_date = models.DateField(_("departure"), db_index=True)
    end_date = models.DateField(_("return"))
    purpose = models.TextField(_("purpose"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Day by day: whom the delegation meets and why."))
    partners = models.ManyToManyField(
        "contacts.Entity", verbose_name=_("partners to meet"), blank=True, related_name="trips_meeting"
    )
    relations = models.ManyToManyField(
        "relations.Relation", verbose_name=_("ties served"), blank=True, related_name="trips"
    )
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    payer = models.CharField(_("who pays"), max_length=20, choices=Payer.choices, default=Payer.OWN_UNIT)
    invitation_from = models.CharField(_("inviting party"), max_length=300, blank=True)
    invitation_ref = models.CharField(_("invitation reference"), max_length=100, blank=True)
    invitation_text = models.TextField(_("invitation letter"), blank=True)
    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("exchange"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trip",
        help_text=_("The outbound exchange this trip became once it took place."),
    )
    passports_followup = models.ForeignKey(
        "events.FollowUp", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    report_followup = models.ForeignKey(
        "events.FollowUp", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    passports_returned_on = models.DateField(_("passports handed back on"), null=True, blank=True)
    report_filed_on = models.DateField(_("report filed on"), null=True, blank=True)
    report = models.TextField(_("trip report"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The number of members (its person-times), kept by trips.services so the figures sum it in the database.
    headcount = models.PositiveIntegerField(_("person-times"), default=0, editable=False)
    # The warnings shown when it was submitted (a sensitive destination), kept with the record.
    warnings = models.JSONField(_("warnings"), default=list, blank=True, editable=False)

    _history_m2m_fields = ["partners", "relations"]

    class Meta:
        ordering = ("-start_date", "-id")
        verbose_name = _("outbound trip")
        verbose_name_plural = _("outbound trips")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="%(app_label)s_%(class)s_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("trips:trip-detail", args=[self.pk])

    @property
    def days(self) -> int:
        """Days abroad, counting travel: departure and return day both count."""
        return (self.end_date - self.start_date).days + 1


class TripLeg(TrackedModel):
    """One destination of a trip, in order: a country (or Hong Kong, Macao, Taiwan), an optional city, its days."""

    field_bounds = {"days": DAYS, "order": Bounds(0, 100)}

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="legs")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    country = CountryField(_("country or region"))
    city = models.ForeignKey(
        "contacts.Entity", verbose_name=_("city"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    days = models.PositiveSmallIntegerField(_("days"), default=1)

    class Meta:
        ordering = ("trip", "order", "id")
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")

    def __str__(self) -> str:
        return f"{self.country.name} ({self.days})"


class TripMember(TrackedModel):
    """A traveller of a trip: a person on file, with the post and level they hold at the time of travel."""

    field_bounds = {"visa_days": DAYS}

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "contacts.Entity", verbose_name=_("person"), on_delete=models.PROTECT, related_name="trip_memberships"
    )
    post = models.CharField(_("post"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CadreLevel.choices, default=CadreLevel.NONE)
    leader = models.BooleanField(_("leader"), default=False)
    visa_days = models.PositiveSmallIntegerField(
        _("visa stay granted (days)"), null=True, blank=True, help_text=_("Checked against the itinerary.")
    )
    passport_returned_on = models.DateField(_("passport handed back on"), null=True, blank=True)

    class Meta:
        ordering = ("trip", "-leader", "id")
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=("trip", "person"), name="%(app_label)s_%(class)s_once_per_trip"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.post})" if self.post else str(self.person)


class TripStep(TrackedModel):
    """One dated step of a trip: a decision, a change of members or dates, a visa, passports, the report."""

    field_bounds = {"date": TRIP_DATES}

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=TripStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=TripStatus.choices, blank=True)
    level = models.CharField(_("approving level"), max_length=20, choices=ApprovingLevel.choices, blank=True)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason / note"), blank=True)
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    # Members removed and added (member changes), old and new dates (date changes), a visa's member: in words.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    recorded_by = user_field(_("recorded by"))

    class Meta:
        ordering = ("trip", "created", "id")
        verbose_name = _("trip step")
        verbose_name_plural = _("trip steps")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"


class TripReview(TrackedModel):
    """A delegation's quarterly performance review (绩效考核): a score per criterion, their total."""

    field_bounds = {"year": Bounds(1900, 2100), "quarter": Bounds(1, 4), "total": Bounds(0, 100_000)}

    trip = models.OneToOneField(Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="review")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    scores = models.JSONField(_("scores"), default=dict, help_text=_("Criterion code -> score."))
    total = models.PositiveIntegerField(_("total"), default=0, editable=False)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = user_field(_("reviewed by"))

    class Meta:
        ordering = ("-year", "-quarter", "-total", "id")
        verbose_name = _("performance review")
        verbose_name_plural = _("performance reviews")

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter}: {self.trip} ({self.total})"
