"""Entities: every partner and contact on file (places, missions, firms, schools, organisations, people)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from contacts.choices import ContactPointKind, EntityKind, RegionKind
from contacts.naming import entity_display_name
from core.models import TrackedModel
from core.validators import Bounds, email_address, phone_number, web_url


class Region(TrackedModel):
    """A group of countries offices plan by: a continent, a UN M49 sub-region or a bloc (ASEAN, EU, RCEP …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    countries = models.JSONField(
        _("countries"), default=list, blank=True, help_text=_("ISO 3166-1 alpha-2 codes of the member countries.")
    )

    class Meta:
        ordering = ("kind", "code")
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Entity(TrackedModel):
    """A partner or contact on file; `kind` says what it is, `domestic` whether it is on our own side."""

    field_bounds = {"population": Bounds(0, 10_000_000_000)}

    kind = models.CharField(_("kind"), max_length=20, choices=EntityKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200, help_text=_("As written locally."))
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    title = models.CharField(
        _("title / honorific"),
        max_length=200,
        blank=True,
        help_text=_("For people: e.g. Mayor, Consul-General, Honorary Citizen."),
    )
    country = CountryField(
        _("country"), blank=True, db_index=True, help_text=_("For a consulate or embassy: the country it represents.")
    )
    domestic = models.BooleanField(
        _("domestic"),
        default=False,
        db_index=True,
        help_text=_("Our own side: our city, its districts, schools and firms (本方单位)."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The city a district, school or firm belongs to; a person's organisation."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.BigIntegerField(_("population"), null=True, blank=True)
    geonameid = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived = models.BooleanField(_("archived"), default=False, db_index=True)
    # Lower-cased, accent-free names, aliases and pinyin, kept in step by contacts.search (see save()).
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="%(app_label)s_%(class)s_not_own_parent"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | (Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="%(app_label)s_%(class)s_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | (Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="%(app_label)s_%(class)s_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gte=0),
                name="%(app_label)s_%(class)s_population_not_negative",
            ),
        ]
        indexes = [
            # The list filtered by kind and country, or by country, then sorted by name (its ordering): the page's 50
            # ids are read in order from the index, where (kind, country) read and sorted every match (3,337 Japanese
            # cities, 6 ms of a 16 ms list at 100,000 entities). The id ends the ordering (PostgreSQL would sort by it
            # otherwise); the one-column indexes stay (dropping them would make SQLite
            # rebuild the table, and with it lose the raw index of 0005).
            models.Index(fields=["kind", "country", "name", "id"], name="contacts_entity_kind_ctry_name"),
            models.Index(fields=["country", "name", "id"], name="contacts_entity_country_name"),
        ]

    def __str__(self) -> str:
        # The reader's language decides (contacts.naming): 亚琛 in the Chinese interface, Aachen in the English one.
        return entity_display_name(self)

    def clean(self):
        """One-row rules with messages that name the field (the database constraints say the same, tersely)."""
        errors = {}
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("Latitude must be between -90 and 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("Longitude must be between -180 and 180.")
        if (self.latitude is None) != (self.longitude is None):
            errors.setdefault(
                "latitude" if self.latitude is None else "longitude", _("Give both latitude and longitude, or neither.")
            )
        if self.population is not None and self.population < 0:
            errors["population"] = _("Population cannot be negative.")
        if self.pk is not None and self.parent_id == self.pk:
            errors["parent"] = _("An entity cannot be its own parent.")
        for field in ("aliases", "tags"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                errors[field] = _("Give a list of texts.")
        if self.website and "website" not in errors:
            try:  # URLField also takes ftp://; pages only link to http(s)
                web_url(self.website)
            except ValidationError as exc:
                errors["website"] = exc.messages
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        # A denormalised search column must follow every write path (services, admin, fixtures), so it is
        # derived here rather than in a service; it holds no business rule.
        from contacts.search import entity_search_text

        self.search_text = entity_search_text(self)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name in the active language (contacts.naming); `str()` is the bilingual record label."""
        return entity_display_name(self)


class ContactPoint(TrackedModel):
    """An email, phone number, address or website of an entity, with a label."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="contact_points"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactPointKind.choices)
    label = models.CharField(_("label"), max_length=100, blank=True)
    value = models.CharField(_("value"), max_length=500)

    class Meta:
        ordering = ("entity", "kind", "id")
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        """The value must be what its kind says: an http(s) address, an email address, a phone number."""
        check = {
            ContactPointKind.WEBSITE: web_url,
            ContactPointKind.EMAIL: email_address,
            ContactPointKind.PHONE: phone_number,
        }.get(self.kind)
        if check is not None and self.value:
            try:
                check(self.value)
            except ValidationError as exc:
                raise ValidationError({"value": exc.messages}) from exc


class CityName(TrackedModel):
    """An admin's correction of one gazetteer city's names, over the shipped table (contacts/data/city_names_zh.csv)
    and GeoNames. Blank fields keep the shipped value. An officer's own names on a filed entity still win: the
    gazetteer only fills a new entity's names."""

    geonameid = models.PositiveIntegerField(_("GeoNames id"), unique=True)
    name = models.CharField(_("English name"), max_length=200, blank=True)
    local_name = models.CharField(_("local name"), max_length=200, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    aliases = models.CharField(
        _("aliases"), max_length=500, blank=True, help_text=_("Other Chinese names and short forms, separated by |.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("Where the name was checked."))

    class Meta:
        ordering = ["geonameid"]
        verbose_name = _("gazetteer city name")
        verbose_name_plural = _("gazetteer city names")

    def __str__(self) -> str:
        return f"{self.geonameid} {self.name_zh or self.name}"

    def as_row(self) -> dict[str, str]:
        """The non-blank fields, in the shape of a row of the shipped table."""
        fields = ("name", "local_name", "name_zh", "aliases", "source")
        return {field: getattr(self, field) for field in fields if getattr(self, field)}


@receiver([post_save, post_delete], sender=CityName)
def _city_names_changed(sender, **kwargs) -> None:
    from contacts import gazetteer

    gazetteer.names_changed()
