from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    VISIT_IN = "visit_in", _("Inbound visit (来访)")
    VISIT_OUT = "visit_out", _("Outbound visit (出访)")
    MEETING = "meeting", _("Meeting")
    SIGNING = "signing", _("Signing")
    ANNIVERSARY = "anniversary", _("Anniversary celebration")
    CULTURE = "culture", _("Culture week / festival / exhibition")
    EDUCATION = "education", _("Education / student camp / school visit")
    SPORTS = "sports", _("Sports")
    TRAINING = "training", _("Training")
    SECONDMENT = "secondment", _("Secondment of civil servants")
    INVESTMENT = "investment", _("Investment promotion")
    CONFERENCE = "conference", _("Conference")
    DONATION = "donation", _("Donation")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    OTHER = "other", _("Other")


class EventLevel(models.TextChoices):
    """The rank of the highest-ranking guest, highest first (the order of every select and level table)."""

    NATIONAL_LEADER = "national_leader", _("National leader (党和国家领导人)")
    MINISTERIAL = "ministerial", _("Ministerial / provincial (省部级)")
    VICE_MAYOR_PLUS = "vice_mayor_plus", _("Vice-mayor and above (副市长级以上)")
    PREFECTURE = "prefecture", _("Prefecture (地厅级)")
    AMBASSADOR = "ambassador", _("Ambassador")
    CONSUL_GENERAL = "consul_general", _("Consul-general")
    CONSULAR = "consular", _("Consular official")
    EXECUTIVE = "executive", _("Enterprise executive")
    OTHER = "other", _("Other")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantRole(models.TextChoices):
    HOST = "host", _("Host")
    GUEST = "guest", _("Guest delegation")
    DELEGATION = "delegation", _("Our delegation")
    ORGANISER = "organiser", _("Organiser")
    PARTNER = "partner", _("Partner")
    SPEAKER = "speaker", _("Speaker")
    STAFF = "staff", _("Accompanying staff")
    OTHER = "other", _("Other")


class RosterRole(models.TextChoices):
    """Where a named person stands in a delegation's roster."""

    GUEST = "guest", _("Visiting delegation")
    DELEGATION = "delegation", _("Our delegation")
    HOST = "host", _("Host")
    INTERPRETER = "interpreter", _("Interpreter")
    STAFF = "staff", _("Accompanying staff")


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Given")
    RECEIVED = "received", _("Received")
