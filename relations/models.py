"""Ties between entities, their dated lifecycle and approvals, and the office's layout plan."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.models import TrackedModel, user_field
from core.validators import Bounds
from relations.choices import (
    CLOSED_STATUSES,
    ApprovalLevel,
    ApprovalOutcome,
    PlanTier,
    RelationKind,
    RelationStatus,
    Sensitivity,
)
from relations.lifecycle import allowed_next

# Plausible ranges (issue 9): said in the API docs, refused with a 400 naming the field. The People's Republic's
# first ties and plans date from 1949; a tie date before 1900 or after 2100 is a typo.
TIE_DATES = Bounds.years(1900, 2100)
PLAN_YEARS = Bounds(1949, 2100)
MAX_TARGET = Bounds(0, 10_000)


class Relation(TrackedModel):
    """A tie between two entities: `source` is our side (or the person), `target` the partner."""

    field_bounds = {name: TIE_DATES for name in ("status_since", "established_on", "start_date", "end_date")}

    kind = models.CharField(_("kind"), max_length=30, choices=RelationKind.choices, db_index=True)
    source = models.ForeignKey(
        "contacts.Entity", verbose_name=_("source"), on_delete=models.PROTECT, related_name="relations_out"
    )
    target = models.ForeignKey(
        "contacts.Entity", verbose_name=_("target"), on_delete=models.PROTECT, related_name="relations_in"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RelationStatus.choices, default=RelationStatus.CONTACT, db_index=True
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    established_on = models.DateField(
        _("established on"), null=True, blank=True, help_text=_("The signing date, from which anniversaries count.")
    )
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("For a position: the post held."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    upgraded_from = models.OneToOneField(
        "self",
        verbose_name=_("upgraded from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upgraded_to",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("-established_on", "id")
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        indexes = [
            # The tie list filtered by kind and status (the usual filters), counted and sorted by signing date from
            # the index alone: 10,000 signed sister cities counted and paged without reading their rows.
            models.Index(fields=("kind", "status", "established_on"), name="%(app_label)s_%(class)s_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="%(app_label)s_%(class)s_no_self_tie"),
            models.UniqueConstraint(
                fields=("source", "target", "kind"),
                condition=~Q(status__in=[s.value for s in CLOSED_STATUSES]),
                name="%(app_label)s_%(class)s_unique_live_tie",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} – {self.target} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("relations:detail", args=[self.pk])

    def clean(self) -> None:
        # One-row rules, with the field they concern (the database constraints only say which constraint failed).
        errors = {}
        if self.source_id is not None and self.source_id == self.target_id:
            errors["target"] = _("A tie needs two different entities: the partner cannot be the same as our side.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.status in (RelationStatus.SIGNED, RelationStatus.DORMANT) and not self.established_on:
            errors["established_on"] = _("A signed tie needs its signing date (anniversaries count from it).")
        if errors:
            raise ValidationError(errors)

    @property
    def anniversary_base_date(self):
        """The date anniversaries count from: the FIRST signing date of the chain of ties this one belongs to.

        An upgraded tie (friendly-exchange city → sister city) keeps counting from the first agreement:
        `relation_upgrade` copies that date into the new tie's `established_on`, so this reads no other row
        unless the date is missing (then the predecessor's is used).
        """
        if self.established_on is None and self.upgraded_from_id:
            return self.upgraded_from.anniversary_base_date
        return self.established_on

    @property
    def allowed_next(self) -> tuple[str, ...]:
        """The statuses this tie may move to next (see relations.lifecycle)."""
        return allowed_next(self.status, self.kind)


class RelationStep(TrackedModel):
    """One dated step of a tie's lifecycle: who recorded which move, when, under which document."""

    field_bounds = {"date": TIE_DATES}

    relation = models.ForeignKey(Relation, verbose_name=_("relation"), on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=20, choices=RelationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=RelationStatus.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    recorded_by = user_field(_("recorded by"))

    class Meta:
        ordering = ("relation", "date", "id")
        verbose_name = _("lifecycle step")
        verbose_name_plural = _("lifecycle steps")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_to_status_display()}"


class ApprovalDecision(TrackedModel):
    """One level's decision on a tie's application (city → province → friendship association → ministry)."""

    field_bounds = {"date": TIE_DATES}

    relation = models.ForeignKey(
        Relation, verbose_name=_("relation"), on_delete=models.CASCADE, related_name="approvals"
    )
    level = models.CharField(_("level"), max_length=20, choices=ApprovalLevel.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ApprovalOutcome.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    document_no = models.CharField(_("document number"), max_length=100, blank=True)
    recorded_by = user_field(_("recorded by"))

    class Meta:
        ordering = ("relation", "date", "id")
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_outcome_display()} ({self.date})"


class LayoutPlan(TrackedModel):
    """Where a home entity wants partners (友城布局): tiers per region or country, targets, named cities."""

    field_bounds = {"start_year": PLAN_YEARS, "end_year": PLAN_YEARS}

    home = models.ForeignKey(
        "contacts.Entity", verbose_name=_("home"), on_delete=models.PROTECT, related_name="layout_plans"
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("-start_year", "name")
        verbose_name = _("layout plan")
        verbose_name_plural = _("layout plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="%(app_label)s_%(class)s_years_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class LayoutRule(TrackedModel):
    """One line of a plan: a region code or a country, its tier, and optionally how many ties it should have."""

    field_bounds = {"target": MAX_TARGET}

    plan = models.ForeignKey(LayoutPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rules")
    region = models.CharField(
        _("region"), max_length=40, blank=True, help_text=_("A region code: continent, UN M49 sub-region or bloc.")
    )
    country = CountryField(_("country"), blank=True)
    tier = models.CharField(_("tier"), max_length=20, choices=PlanTier.choices)
    target = models.PositiveIntegerField(_("target number of ties"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("plan", "tier", "region", "country")
        verbose_name = _("layout rule")
        verbose_name_plural = _("layout rules")
        constraints = [
            models.CheckConstraint(
                condition=(Q(region="") & ~Q(country="")) | (~Q(region="") & Q(country="")),
                name="%(app_label)s_%(class)s_region_xor_country",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region or self.country}: {self.get_tier_display()}"


class LayoutTarget(TrackedModel):
    """A named target of a plan: an entity on file, or a gazetteer city not yet on file."""

    plan = models.ForeignKey(LayoutPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    entity = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="layout_targets",
    )
    geonameid = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("plan", "name")
        verbose_name = _("named target")
        verbose_name_plural = _("named targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(entity__isnull=False) | Q(geonameid__isnull=False),
                name="%(app_label)s_%(class)s_entity_or_geonameid",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.entity)


class SuggestionDismissal(TrackedModel):
    """A suggestion an officer dismissed, with the reason; hidden until `until`, kept for the record."""

    home = models.ForeignKey(
        "contacts.Entity", verbose_name=_("home"), on_delete=models.CASCADE, related_name="suggestion_dismissals"
    )
    key = models.CharField(_("suggestion key"), max_length=200, db_index=True)
    kind = models.CharField(_("kind"), max_length=30)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    reason = models.TextField(_("reason"))
    until = models.DateField(_("hidden until"))
    dismissed_by = user_field(_("dismissed by"))

    class Meta:
        ordering = ("-created",)
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")

    def __str__(self) -> str:
        return f"{self.subject or self.key} ({self.until})"


class SensitiveDestination(TrackedModel):
    """A country the office avoids or handles with care (admin-edited): the suggestions never propose it."""

    country = CountryField(_("country"), unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Sensitivity.choices, default=Sensitivity.AVOID)
    note = models.TextField(_("note"), blank=True, help_text=_("Why, and who decided (a circular, a meeting)."))

    class Meta:
        ordering = ("country",)
        verbose_name = _("sensitive destination")
        verbose_name_plural = _("sensitive destinations")

    def __str__(self) -> str:
        return f"{self.country.name} ({self.get_level_display()})"
