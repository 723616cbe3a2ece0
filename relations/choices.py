from django.db import models
from django.utils.translation import gettext_lazy as _


class RelationKind(models.TextChoices):
    SISTER_CITY = "sister_city", _("Sister city (友好城市)")
    FRIENDLY_EXCHANGE = "friendly_exchange", _("Friendly-exchange city (友好交流城市)")
    FRIENDLY_DISTRICT = "friendly_district", _("Friendly county / district")
    FRIENDLY_SCHOOL = "friendly_school", _("Friendly school")
    FRIENDLY_ENTERPRISE = "friendly_enterprise", _("Friendly enterprise")
    FRIENDLY_ORGANISATION = "friendly_organisation", _("Friendly organisation")
    COOPERATION = "cooperation", _("Cooperation agreement / MoU")
    MEMBERSHIP = "membership", _("Membership")
    POSITION = "position", _("Position")
    INTRODUCER = "introducer", _("Introducer")


# Ties that are partnerships of a place or unit (as opposed to a post held or a broker).
PARTNERSHIP_KINDS = (
    RelationKind.SISTER_CITY,
    RelationKind.FRIENDLY_EXCHANGE,
    RelationKind.FRIENDLY_DISTRICT,
    RelationKind.FRIENDLY_SCHOOL,
    RelationKind.FRIENDLY_ENTERPRISE,
    RelationKind.FRIENDLY_ORGANISATION,
    RelationKind.COOPERATION,
)
CITY_TIE_KINDS = (RelationKind.SISTER_CITY, RelationKind.FRIENDLY_EXCHANGE)


class RelationStatus(models.TextChoices):
    CONTACT = "contact", _("First contact (建立联系)")
    INTENT = "intent", _("Preliminary intent (初步意向)")
    LOI_SIGNED = "loi_signed", _("Letter of intent signed (签署意向书)")
    APPLIED = "applied", _("Application submitted (申报结好请示)")
    APPROVED = "approved", _("Approved (批复)")
    SIGNED = "signed", _("Agreement signed (签署协议)")
    UPGRADED = "upgraded", _("Upgraded (升格)")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")
    RETURNED = "returned", _("Application returned (退回)")


# The lifecycle, in one place: status -> the statuses it may move to.
LIFECYCLE: dict[str, tuple[str, ...]] = {
    RelationStatus.CONTACT: (RelationStatus.INTENT, RelationStatus.ENDED),
    RelationStatus.INTENT: (RelationStatus.LOI_SIGNED, RelationStatus.ENDED),
    RelationStatus.LOI_SIGNED: (RelationStatus.APPLIED, RelationStatus.ENDED),
    RelationStatus.APPLIED: (RelationStatus.APPROVED, RelationStatus.RETURNED, RelationStatus.ENDED),
    RelationStatus.RETURNED: (RelationStatus.INTENT, RelationStatus.ENDED),
    RelationStatus.APPROVED: (RelationStatus.SIGNED, RelationStatus.ENDED),
    RelationStatus.SIGNED: (RelationStatus.UPGRADED, RelationStatus.DORMANT, RelationStatus.ENDED),
    RelationStatus.DORMANT: (RelationStatus.SIGNED, RelationStatus.ENDED),
    RelationStatus.UPGRADED: (),
    RelationStatus.ENDED: (),
}

# Statuses of a tie that no longer stands: a new tie of the same kind between the same two may be made.
CLOSED_STATUSES = (RelationStatus.UPGRADED, RelationStatus.ENDED)
# Statuses of a tie in force (counted as a partner in the layout, anniversaries, figures).
LIVE_SIGNED_STATUSES = (RelationStatus.SIGNED, RelationStatus.DORMANT)


class ApprovalLevel(models.TextChoices):
    CITY = "city", _("City government")
    PROVINCE = "province", _("Provincial foreign-affairs office")
    ASSOCIATION = "association", _("National friendship association (全国友协)")
    MINISTRY = "ministry", _("Ministry of Foreign Affairs (外交部)")


class ApprovalOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    PENDING = "pending", _("Pending")


class PlanTier(models.TextChoices):
    FOCUS = "focus", _("Focus (重点)")
    DEEPEN = "deepen", _("Deepen (深化)")
    EXPAND = "expand", _("Expand (拓展)")
    CONSIDER = "consider", _("Keep in view (兼顾)")
    AVOID = "avoid", _("Avoid")


class Sensitivity(models.TextChoices):
    AVOID = "avoid", _("Avoid")
    CARE = "care", _("Handle with care")
