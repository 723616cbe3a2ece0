"""Exchanges (events) with their participants and headcounts, follow-ups, notes and calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TrackedModel, user_field
from core.validators import Bounds
from events.choices import EventKind, EventLevel, EventStatus, GiftDirection, ParticipantRole, RosterRole

# Plausible ranges (issue 9): said in the API docs, refused with a 400 naming the field.
EVENT_DATES = Bounds.years(1900, 2100)
MAX_HEADCOUNT = 100_000
HEADCOUNT = Bounds(0, MAX_HEADCOUNT)


class Event(TrackedModel):
    """One exchange: counts as one batch (批); `headcount` is its person-times (人次)."""

    field_bounds = {"start_date": EVENT_DATES, "end_date": EVENT_DATES, "headcount": HEADCOUNT}

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.HELD, db_index=True
    )
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=EventLevel.choices,
        blank=True,
        db_index=True,
        help_text=_("Rank of the highest-ranking guest."),
    )
    headcount = models.PositiveIntegerField(
        _("person-times"), default=0, help_text=_("The sum of the participants' headcounts unless given.")
    )
    headcount_given = models.BooleanField(_("person-times given"), default=False, editable=False)
    relations = models.ManyToManyField(
        "relations.Relation", verbose_name=_("relations"), blank=True, related_name="events"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    # simple-history keeps the links to ties in every historical row too (read by TrackedModel's HistoricalRecords),
    # so a restore from "Deleted records" brings them back.
    _history_m2m_fields = ["relations"]

    class Meta:
        ordering = ("-start_date", "-id")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        # What the plans asked for at a million events (EXPLAIN on SQLite and PostgreSQL): the figures read the
        # held events of two years (status alone matches nearly every row, so the planner scanned it); the lists
        # filter a kind over a date range, newest first.
        indexes = [
            # The figures' index (events.stats): held events of two years, with what their grouped counts read, so
            # the breakdowns by kind, level and month and the totals read the index alone (1.2 s to 0.15 s for a
            # breakdown at a million events on SQLite). Its first two columns serve what (status, start_date) did.
            models.Index(fields=("status", "start_date", "kind", "level", "headcount"), name="events_event_counted"),
            models.Index(fields=("kind", "start_date"), name="events_event_kind_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", args=[self.pk])


class Participant(TrackedModel):
    """An entity taking part in an event, in a role, with how many people it brought."""

    field_bounds = {"headcount": HEADCOUNT}

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="participants")
    entity = models.ForeignKey(
        "contacts.Entity", verbose_name=_("entity"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.GUEST)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)

    class Meta:
        ordering = ("event", "id")
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=("event", "entity", "role"), name="%(app_label)s_%(class)s_unique_role"),
        ]
        indexes = [
            # An entity's events from the index alone: the entity list counts each row's distinct events (850
            # participations of a page of 50 Japanese cities read row by row: 1.4 ms of the page's query, 0.16 ms
            # from this index), and timelines and the figures by partner walk an entity's events.
            models.Index(fields=("entity", "event"), name="events_participant_ent_evt"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} ({self.get_role_display()}, {self.headcount})"


class RosterMember(TrackedModel):
    """A named member of a delegation (the visiting one or ours), an interpreter or a host, with post and level at the
    time, filed without having to be an entity first; promoted to a person entity when needed (`entity` then)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="roster")
    role = models.CharField(_("role"), max_length=20, choices=RosterRole.choices, default=RosterRole.GUEST)
    name = models.CharField(_("name"), max_length=200)
    post = models.CharField(_("post"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=EventLevel.choices, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    entity = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("person on file"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roster_entries",
    )

    class Meta:
        ordering = ("event", "id")
        verbose_name = _("roster member")
        verbose_name_plural = _("roster members")

    def __str__(self) -> str:
        return f"{self.name} ({self.post})" if self.post else self.name


MAX_GIFT_VALUE = 10_000_000  # yuan: a gift above this is a typing error


class Gift(TrackedModel):
    """A gift given or received at an event (protocol records: what, with whom, its value in yuan)."""

    field_bounds = {"value": Bounds(0, MAX_GIFT_VALUE)}

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="gifts")
    direction = models.CharField(_("given or received"), max_length=10, choices=GiftDirection.choices)
    description = models.CharField(_("gift"), max_length=300)
    counterpart = models.CharField(
        _("to or from"), max_length=200, blank=True, help_text=_("Whom it was given to, or who gave it.")
    )
    value = models.DecimalField(_("value (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("event", "direction", "id")
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.description}"


class FollowUp(TrackedModel):
    """A promised next step with a due date and an owner, linked to an entity, a tie or an event."""

    field_bounds = {"due_date": EVENT_DATES}

    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="followups"
    )
    entity = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    relation = models.ForeignKey(
        "relations.Relation",
        verbose_name=_("relation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.PROTECT, related_name="followups"
    )
    anniversary_on = models.DateField(
        _("anniversary date"), null=True, blank=True, help_text=_("Set when this follow-up plans an anniversary.")
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = user_field(_("done by"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ("due_date", "id")
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=("relation", "anniversary_on"),
                condition=Q(anniversary_on__isnull=False),
                name="%(app_label)s_%(class)s_one_plan_per_anniversary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_date}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("events:followup", args=[self.pk])


class Note(TrackedModel):
    """A free-text note an officer adds to an entity's or a tie's timeline."""

    text = models.TextField(_("text"))
    entity = models.ForeignKey(
        "contacts.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timeline_notes",
    )
    relation = models.ForeignKey(
        "relations.Relation",
        verbose_name=_("relation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="timeline_notes",
    )
    author = user_field(_("author"))

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(entity__isnull=False) | Q(relation__isnull=False),
                name="%(app_label)s_%(class)s_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's secret calendar URL, so a calendar program can subscribe without a session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(_("secret"), max_length=64, unique=True, default=new_calendar_secret)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ("user",)
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
