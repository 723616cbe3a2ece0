from django.db import models
from django.utils.translation import gettext_lazy as _


class TripKind(models.TextChoices):
    """How the delegation is organised."""

    SELF_ORGANISED = "self_organised", _("Self-organised (自组团)")
    JOINING = "joining", _("Joining a higher-level delegation (参团/上组团)")
    ENTERPRISE = "enterprise", _("Enterprise delegation (企业团组)")
    STUDY = "study", _("Study / training (学习培训)")
    OTHER = "other", _("Other")


class TravellerCategory(models.TextChoices):
    """Who travels: the office reports party and government officials apart."""

    OFFICIALS = "officials", _("Party and government officials (党政人员)")
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise (国企人员)")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Private enterprise (民企人员)")
    SCHOOL = "school", _("Schools and universities (学校)")
    OTHER = "other", _("Other")


class CadreLevel(models.TextChoices):
    """A traveller's level at the time of travel."""

    PROVINCIAL = "provincial", _("Provincial / ministerial (省部级)")
    BUREAU = "bureau", _("Bureau / department (厅局级)")
    DIVISION = "division", _("Division (县处级)")
    SECTION = "section", _("Section and below (科级及以下)")
    NONE = "none", _("No rank (无行政级别)")


class ApprovingLevel(models.TextChoices):
    CITY = "city", _("City (市外办/市政府)")
    PROVINCE = "province", _("Province (省外办)")


class Payer(models.TextChoices):
    OWN_UNIT = "own_unit", _("The organising unit")
    INVITER = "inviter", _("The inviting side")
    SHARED = "shared", _("Shared")
    OTHER = "other", _("Other")


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted (已报送)")
    RETURNED = "returned", _("Returned for changes (退回修改)")
    ACCEPTED = "accepted", _("Checked by the office (审核通过)")
    REFUSED = "refused", _("Refused (不予同意)")
    POSTPONED = "postponed", _("Postponed (暂缓)")
    APPROVED = "approved", _("Approved (已批准)")
    DOCUMENTS = "documents", _("Passports and visas (办理护照签证)")
    TRAVELLED = "travelled", _("Travelled (已出访)")
    BACK = "back", _("Back (已回国)")
    CANCELLED = "cancelled", _("Cancelled (取消)")


# The chain, in one place: status -> the statuses it may move to (the verbs in trips.services move along it).
TRIP_FLOW: dict[str, tuple[str, ...]] = {
    TripStatus.DRAFT: (TripStatus.SUBMITTED, TripStatus.CANCELLED),
    TripStatus.SUBMITTED: (TripStatus.ACCEPTED, TripStatus.RETURNED, TripStatus.REFUSED, TripStatus.POSTPONED),
    TripStatus.RETURNED: (TripStatus.SUBMITTED, TripStatus.CANCELLED),
    TripStatus.POSTPONED: (TripStatus.SUBMITTED, TripStatus.CANCELLED),
    TripStatus.ACCEPTED: (TripStatus.APPROVED, TripStatus.REFUSED, TripStatus.RETURNED),
    TripStatus.APPROVED: (TripStatus.DOCUMENTS, TripStatus.TRAVELLED, TripStatus.CANCELLED),
    TripStatus.DOCUMENTS: (TripStatus.TRAVELLED, TripStatus.CANCELLED),
    TripStatus.TRAVELLED: (TripStatus.BACK,),
    TripStatus.REFUSED: (),
    TripStatus.BACK: (),
    TripStatus.CANCELLED: (),
}
# While in these statuses an applicant may still edit the application itself.
EDITABLE_STATUSES = (TripStatus.DRAFT, TripStatus.RETURNED, TripStatus.POSTPONED)
# Statuses of a trip the office has let go (counted as approved in the year's figures).
APPROVED_STATUSES = (TripStatus.APPROVED, TripStatus.DOCUMENTS, TripStatus.TRAVELLED, TripStatus.BACK)
# Statuses counted against the caps (a trip on its way or gone).
COUNTED_STATUSES = (TripStatus.SUBMITTED, TripStatus.ACCEPTED, *APPROVED_STATUSES)


class StepKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted by the office")
    RETURNED = "returned", _("Returned for changes")
    REFUSED = "refused", _("Refused")
    POSTPONED = "postponed", _("Postponed")
    APPROVED = "approved", _("Approved")
    DOCUMENTS = "documents", _("Passports and visas")
    TRAVELLED = "travelled", _("Travelled")
    BACK = "back", _("Back")
    CANCELLED = "cancelled", _("Cancelled")
    MEMBERS_CHANGED = "members_changed", _("Members changed")
    DATES_CHANGED = "dates_changed", _("Dates changed")
    VISA = "visa", _("Visa recorded")
    PASSPORTS_RETURNED = "passports_returned", _("Passports handed back")
    REPORT_FILED = "report_filed", _("Trip report filed")
