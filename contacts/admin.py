from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import CityName, ContactPoint, Entity, Region


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    extra = 0
    fields = ("kind", "label", "value")


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as the entity form: a bare domain is https
    list_display = ("name", "name_zh", "name_en", "kind", "country", "domestic", "parent", "archived", "updated")
    list_filter = ("kind", "country", "domestic", "archived")
    search_fields = ("name", "name_zh", "name_en", "search_text", "title")
    list_select_related = ("parent",)
    raw_id_fields = ("parent",)
    readonly_fields = ("created", "updated")
    inlines = [ContactPointInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "kind",
                    "name",
                    "name_zh",
                    "name_en",
                    "aliases",
                    "title",
                    "country",
                    "domestic",
                    "parent",
                    "archived",
                )
            },
        ),
        (_("Place"), {"fields": ("latitude", "longitude", "population", "geonameid")}),
        (_("More"), {"fields": ("website", "tags", "notes", "created", "updated")}),
    )


@admin.register(ContactPoint)
class ContactPointAdmin(SimpleHistoryAdmin):
    list_display = ("entity", "kind", "label", "value")
    list_filter = ("kind",)
    search_fields = ("value", "label", "entity__name", "entity__name_zh", "entity__name_en")
    list_select_related = ("entity",)
    raw_id_fields = ("entity",)


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_zh", "kind", "country_count")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_zh")
    readonly_fields = ("created", "updated")

    @admin.display(description=_("countries"))
    def country_count(self, region: Region) -> int:
        return len(region.countries or [])


@admin.register(CityName)
class CityNameAdmin(SimpleHistoryAdmin):
    list_display = ("geonameid", "name_zh", "name", "local_name", "aliases", "source", "updated")
    search_fields = ("geonameid", "name", "name_zh", "local_name", "aliases")
    readonly_fields = ("created", "updated")
