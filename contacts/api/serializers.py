"""Serializers for entities, contact points, regions and gazetteer hits. They shape data; services decide."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.serializer_fields import CountryField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts.api.schema import EntityKindField
from contacts.choices import LOCALITY_KINDS, ContactPointKind, EntityKind
from contacts.models import ContactPoint, Entity, Region
from contacts.naming import entity_display_name
from core.serializers import ChoiceLabelField, api_url, choice_label, datetime_text


class EntityBriefSerializer(serializers.ModelSerializer):
    """An entity in a few fields, for nesting in ties, events and other answers."""

    url = serializers.SerializerMethodField(help_text=_("The entity's API address."))
    display_name = serializers.SerializerMethodField(help_text=_("The entity's name in the request's language."))
    kind = EntityKindField(read_only=True)
    country = CountryField(read_only=True)

    class Meta:
        model = Entity
        fields = ["id", "kind", "name", "name_zh", "display_name", "country", "domestic", "url"]
        read_only_fields = fields

    def get_display_name(self, obj: Entity) -> str:
        request = self.context.get("request")
        return entity_display_name(obj, language=getattr(request, "LANGUAGE_CODE", None))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Entity) -> str:
        return api_url(self, "entity-detail", obj.pk)

    def to_representation(self, instance: Entity) -> dict:
        # The declared fields' answer, built directly: this shape is nested in every row of the tie, event and
        # anniversary lists (both ends, each participant), where DRF's field-by-field machinery costs more than
        # the data. tests/contacts/test_api.py checks it against the fields.
        return {
            "id": instance.pk,
            "kind": instance.kind,
            "name": instance.name,
            "name_zh": instance.name_zh,
            "display_name": self.get_display_name(instance),
            "country": country_code(self, instance.country),
            "domestic": instance.domestic,
            "url": self.get_url(instance),
        }


def entity_brief(serializer: serializers.Field, entity: Entity) -> dict:
    """`entity` in EntityBriefSerializer's shape, by one brief serializer per answer (sharing the answer's context and
    its caches), without building the fields of the serializer asking."""
    context = serializer.context
    brief = context.get("_entity_brief")
    if brief is None:
        brief = context["_entity_brief"] = EntityBriefSerializer(context=context)
    return brief.to_representation(entity)


def country_code(serializer: serializers.Field, country) -> str:
    """What a read-only CountryField answers for `country` (its code; "" for none or an unknown one), worked out once
    per code and answer."""
    codes = serializer.context.setdefault("_country_codes", {})
    raw = str(country or "")
    if raw not in codes:
        codes[raw] = (countries.alpha2(raw) or "") if raw else ""
    return codes[raw]


class ContactPointSerializer(serializers.ModelSerializer):
    """An email, phone number, address or website of an entity. Give `id` to keep (and change) an existing one."""

    id = serializers.IntegerField(required=False, help_text=_("Omit to add a new contact point."))
    kind = serializers.ChoiceField(choices=ContactPointKind.choices)

    class Meta:
        model = ContactPoint
        fields = ["id", "kind", "label", "value"]
        extra_kwargs = {
            "value": {
                "help_text": _(
                    "As its kind says: website, an http:// or https:// address; email, an email address; phone, "
                    "digits, spaces and + - ( ) with 5 to 20 digits."
                )
            }
        }


class EntitySerializer(serializers.ModelSerializer):
    """A partner or contact on file. `contact_points`, when written, replaces the whole list."""

    url = serializers.SerializerMethodField(help_text=_("The entity's API address."))
    page_url = serializers.SerializerMethodField(help_text=_("The entity's page in the web interface."))
    kind = EntityKindField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    country = CountryField(
        required=False,
        allow_blank=True,
        help_text=_("ISO 3166-1 alpha-2 code; for a consulate or embassy, the country it represents."),
    )
    country_name = serializers.CharField(
        source="country.name", read_only=True, help_text=_("The country's name in the request's language.")
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Entity.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the city a district, school or firm belongs to; a person's organisation."),
    )
    parent_brief = EntityBriefSerializer(source="parent", read_only=True, allow_null=True)
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text=_("Other names and spellings, searched like the name."),
    )
    tags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    population = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    contact_points = ContactPointSerializer(many=True, required=False)
    confirm_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_(
            "On create: a new entity that looks like one on file (same GeoNames id, the same name in any script, "
            "or a close name in the same country and kind) is refused with a 400 whose `confirm_duplicate` names "
            "the candidates and `duplicates` lists them; send it again with `confirm_duplicate: true` to file it "
            "anyway. Ignored on change."
        ),
    )

    class Meta:
        model = Entity
        fields = [
            "id",
            "url",
            "page_url",
            "kind",
            "kind_display",
            "name",
            "name_zh",
            "name_en",
            "aliases",
            "title",
            "country",
            "country_name",
            "domestic",
            "parent",
            "parent_brief",
            "latitude",
            "longitude",
            "population",
            "geonameid",
            "website",
            "tags",
            "notes",
            "archived",
            "contact_points",
            "confirm_duplicate",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Entity) -> str:
        return api_url(self, "entity-detail", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj: Entity) -> str:
        return api_url(self, "contacts:detail", obj.pk)


class EntityListSerializer(serializers.ModelSerializer):
    """An entity in a list: what the entity list shows (names, kind, country, parent, tags), with how many ties and
    events it has. The rest (aliases, coordinates, contact points, notes …) is in the entity's own answer (`url`)."""

    url = serializers.SerializerMethodField(help_text=_("The entity's API address."))
    page_url = serializers.SerializerMethodField(help_text=_("The entity's page in the web interface."))
    kind = EntityKindField(read_only=True)
    kind_display = ChoiceLabelField(EntityKind.choices, source="kind")
    display_name = serializers.SerializerMethodField(help_text=_("The entity's name in the request's language."))
    country = CountryField(read_only=True)
    country_name = serializers.SerializerMethodField(help_text=_("The country's name in the request's language."))
    parent_brief = EntityBriefSerializer(source="parent", read_only=True, allow_null=True)
    tags = serializers.ListField(child=serializers.CharField(), read_only=True)
    ties_count = serializers.IntegerField(read_only=True, help_text=_("Ties in either direction."))
    events_count = serializers.IntegerField(read_only=True, help_text=_("Events it took part in."))

    class Meta:
        model = Entity
        fields = [
            "id",
            "url",
            "page_url",
            "kind",
            "kind_display",
            "name",
            "name_zh",
            "name_en",
            "display_name",
            "title",
            "country",
            "country_name",
            "domestic",
            "parent",
            "parent_brief",
            "population",
            "tags",
            "archived",
            "updated",
            "ties_count",
            "events_count",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj: Entity) -> str:
        return api_url(self, "entity-detail", obj.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, obj: Entity) -> str:
        return api_url(self, "contacts:detail", obj.pk)

    def get_display_name(self, obj: Entity) -> str:
        return entity_display_name(obj, language=getattr(self.context.get("request"), "LANGUAGE_CODE", None))

    def get_country_name(self, obj: Entity) -> str:
        # Each country's name once per answer (django_countries translates it on every access).
        names = self.context.setdefault("_country_names", {})
        country = obj.country
        if country.code not in names:
            names[country.code] = str(country.name)
        return names[country.code]

    def to_representation(self, instance: Entity) -> dict:
        # The declared fields' answer, built directly (50 rows of 21 fields: DRF's field-by-field machinery cost
        # more than the data). tests/contacts/test_api.py checks it against the fields.
        parent = instance.parent
        return {
            "id": instance.pk,
            "url": self.get_url(instance),
            "page_url": self.get_page_url(instance),
            "kind": instance.kind,
            "kind_display": choice_label(self, EntityKind, instance.kind),
            "name": instance.name,
            "name_zh": instance.name_zh,
            "name_en": instance.name_en,
            "display_name": self.get_display_name(instance),
            "title": instance.title,
            "country": country_code(self, instance.country),
            "country_name": self.get_country_name(instance),
            "domestic": instance.domestic,
            "parent": instance.parent_id,
            "parent_brief": None if parent is None else entity_brief(self, parent),
            "population": instance.population,
            "tags": None if instance.tags is None else [None if tag is None else str(tag) for tag in instance.tags],
            "archived": instance.archived,
            "updated": datetime_text(instance.updated),
            "ties_count": instance.ties_count,
            "events_count": instance.events_count,
        }


class EntityFromGazetteerSerializer(serializers.Serializer):
    """File a place found in the gazetteer: names, country, coordinates and population come from GeoNames."""

    geonameid = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in LOCALITY_KINDS], default=EntityKind.CITY)
    domestic = serializers.BooleanField(default=False)
    parent = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.all(), required=False, allow_null=True)


class EntityArchiveSerializer(serializers.Serializer):
    """Archive (true) or bring back (false)."""

    archived = serializers.BooleanField(default=True)


class RegionSerializer(serializers.ModelSerializer):
    """A continent, UN M49 sub-region or bloc, with its member countries."""

    countries = serializers.ListField(
        child=serializers.CharField(min_length=2, max_length=2),
        help_text=_("ISO 3166-1 alpha-2 codes of the member countries."),
    )

    class Meta:
        model = Region
        fields = ["id", "code", "kind", "name", "name_zh", "countries", "created", "updated"]
        read_only_fields = ["created", "updated"]


class GazetteerQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=100, help_text=_("A city name in any language, or its start."))
    country = CountryField(required=False, allow_blank=True, help_text=_("Only cities in this country."))
    limit = serializers.IntegerField(required=False, default=20, min_value=1, max_value=100)


class GazetteerCitySerializer(serializers.Serializer):
    """A world city from GeoNames; `entity_id` is set when it is already on file."""

    geonameid = serializers.IntegerField()
    name = serializers.CharField()
    local_name = serializers.CharField(help_text=_("The name in the country's own script, where that is not Latin."))
    name_zh = serializers.CharField()
    country = serializers.CharField()
    country_name = serializers.CharField()
    population = serializers.IntegerField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    capital = serializers.BooleanField()
    entity_id = serializers.IntegerField(allow_null=True)
