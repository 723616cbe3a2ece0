from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province / state / prefecture")
    CONSULATE = "consulate", _("Consulate")
    EMBASSY = "embassy", _("Embassy")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")
    ORGANISATION = "organisation", _("Organisation")
    PERSON = "person", _("Person")


# Kinds that are places: they can be sister cities, have coordinates and come from the gazetteer.
LOCALITY_KINDS = (EntityKind.CITY, EntityKind.COUNTY, EntityKind.DISTRICT, EntityKind.PROVINCE)


class ContactPointKind(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    ADDRESS = "address", _("Address")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class RegionKind(models.TextChoices):
    CONTINENT = "continent", _("Continent")
    SUBREGION = "subregion", _("UN M49 sub-region")
    BLOC = "bloc", _("Bloc")
