"""Entities in and out of spreadsheets (django-import-export): the columns of the template, of every export of the
entity list and of the full-office export, and how an imported row finds the record it is about.

Matching, in order: the id column; the GeoNames id; the name (any of name, Chinese name, English name; accents, case
and pinyin folded, contacts.search) with the same country and kind; then the gazetteer's id of the place the row
names. A row that matches several records is refused, naming them; it is never a guess. A locality row is completed
from the gazetteer (coordinates, population, standard Chinese name) where it leaves them blank.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields
from simple_history.utils import update_change_reason

from contacts import gazetteer
from contacts.choices import LOCALITY_KINDS, ContactPointKind, EntityKind
from contacts.models import ContactPoint, Entity
from contacts.search import search_terms
from contacts.services import contact_points_replace
from core.history import attribute
from core.imports import (
    BooleanWidget,
    ChoiceWidget,
    Column,
    CountryWidget,
    FloatWidget,
    IntegerWidget,
    ListWidget,
    OfficeResource,
    TextWidget,
    _text,
    instance_by_id,
    latest_history_id,
)

ENTITY_KIND_SYNONYMS = {
    "城市": EntityKind.CITY, "市": EntityKind.CITY, "县": EntityKind.COUNTY, "区": EntityKind.DISTRICT,
    "省": EntityKind.PROVINCE, "州": EntityKind.PROVINCE, "省州": EntityKind.PROVINCE, "领事馆": EntityKind.CONSULATE,
    "总领事馆": EntityKind.CONSULATE, "大使馆": EntityKind.EMBASSY, "使馆": EntityKind.EMBASSY,
    "企业": EntityKind.ENTERPRISE, "公司": EntityKind.ENTERPRISE, "学校": EntityKind.SCHOOL,
    "中学": EntityKind.SCHOOL, "小学": EntityKind.SCHOOL, "大学": EntityKind.UNIVERSITY, "高校": EntityKind.UNIVERSITY,
    "组织": EntityKind.ORGANISATION, "机构": EntityKind.ORGANISATION, "协会": EntityKind.ORGANISATION,
    "人物": EntityKind.PERSON, "个人": EntityKind.PERSON, "人员": EntityKind.PERSON,
}  # fmt: skip
CONTACT_POINT_SYNONYMS = {
    "邮箱": "email", "电子邮件": "email", "电话": "phone", "手机": "phone", "地址": "address",
    "网站": "website", "网址": "website", "其他": "other", "mail": "email", "tel": "phone",
}  # fmt: skip

ENTITY_COLUMNS = (
    Column("id", "ID", "编号", ("序号id", "记录编号")),
    Column("kind", "Kind", "类别", ("类型", "种类", "type")),
    Column("name", "Name", "名称", ("local name", "当地名称", "城市", "对方城市", "单位", "单位名称", "姓名", "city")),
    Column("name_zh", "Chinese name", "中文名称", ("中文名", "中文")),
    Column("name_en", "English name", "英文名称", ("英文名", "英文")),
    Column("aliases", "Aliases", "别名", ("其他名称", "又名")),
    Column("title", "Title", "职务", ("头衔", "称谓")),
    Column("country", "Country", "国家", ("国别", "国家地区", "国家/地区", "所在国")),
    Column("domestic", "Domestic", "本方", ("本方单位", "国内")),
    Column("parent", "Parent", "上级", ("所属", "所属城市", "上级单位", "organisation")),
    Column("latitude", "Latitude", "纬度", ("lat",)),
    Column("longitude", "Longitude", "经度", ("lng", "lon")),
    Column("population", "Population", "人口", ()),
    Column("geonameid", "GeoNames id", "GeoNames编号", ("geonames", "geoname id")),
    Column("website", "Website", "网站", ("网址", "url")),
    Column("tags", "Tags", "标签", ()),
    Column("contact_points", "Contact points", "联系方式", ("联系", "contacts")),
    Column("notes", "Notes", "备注", ("说明",)),
    Column("archived", "Archived", "已归档", ()),
)

_POINT = re.compile(r"^\s*(?P<kind>[^:：(（]+?)\s*(?:[(（](?P<label>.*?)[)）])?\s*[:：]\s*(?P<value>.+?)\s*$")


def entity_reference(entity: Entity | None) -> str:
    """How a sheet names an entity: its id after a #, then its name (re-read by the id, shown for people)."""
    return f"#{entity.pk} {entity.name}" if entity is not None else ""


REFERENCE = re.compile(r"^#?(?P<id>\d+)(?:\s+.*)?$")


class EntityIndex:
    """Every entity's folded names, GeoNames id, kind and country in memory, so 26,000 rows match without a query
    each; the rows an import creates are added as it goes."""

    def __init__(self) -> None:
        self.by_term: dict[str, set[int]] = defaultdict(set)
        self.by_geonameid: dict[int, set[int]] = defaultdict(set)
        self.kinds: dict[int, tuple[str, str]] = {}
        rows = Entity.objects.values_list("pk", "kind", "country", "geonameid", "search_text")
        for pk, kind, country, geonameid, text in rows.iterator(chunk_size=5000):
            self._add(pk, kind, country or "", geonameid, text.split(" | ") if text else [])

    def _add(self, pk: int, kind: str, country: str, geonameid: int | None, terms) -> None:
        self.kinds[pk] = (kind, country)
        for term in terms:
            if term:
                self.by_term[term].add(pk)
        if geonameid:
            self.by_geonameid[geonameid].add(pk)

    def add(self, entity: Entity) -> None:
        self._add(
            entity.pk,
            entity.kind,
            str(entity.country or ""),
            entity.geonameid,
            entity.search_text.split(" | ") if entity.search_text else [],
        )

    def by_names(self, names, *, country: str, kinds=None) -> set[int]:
        """Records carrying one of `names` (folded), in `country` (any country when it is blank) and `kinds`."""
        found: set[int] = set()
        for name in names:
            for term in search_terms(name)[:2]:  # the name itself and its mainland / plain-letter form
                found |= self.by_term.get(term, set())
        if country:
            found = {pk for pk in found if self.kinds[pk][1] == country}
        if kinds is not None:
            found = {pk for pk in found if self.kinds[pk][0] in kinds}
        return found


def ambiguous(pks) -> ValidationError:
    entities = Entity.objects.filter(pk__in=sorted(pks)[:5]).order_by("pk")
    named = ", ".join(f"“{e}” (#{e.pk})" for e in entities)
    return ValidationError(
        _("This row matches several records: %(records)s. Give the id to choose one.") % {"records": named}
    )


class EntityRefWidget(TextWidget):
    """A reference to another entity: "#12", "12" or a name; `resolve` finds it."""

    def __init__(self, resolve, **kwargs):
        super().__init__(**kwargs)
        self.resolve = resolve

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        return self.resolve(text, row or {}) if text else None

    def render(self, value, obj=None, **kwargs):
        return entity_reference(value)


class ContactPointsWidget(TextWidget):
    """Contact points in one cell: "email: a@b.org | phone (office): +49 241 432 0"."""

    kinds = ChoiceWidget(ContactPointKind, CONTACT_POINT_SYNONYMS)

    def clean(self, value, row=None, **kwargs):
        points = []
        for part in ListWidget.SEPARATORS.split(_text(value)):
            if not part:
                continue
            match = _POINT.match(part)
            if not match:
                raise ValueError(
                    _("“%(value)s” is not a contact point such as “email: name@example.org”") % {"value": part}
                )
            points.append(
                {
                    "kind": self.kinds.clean(match["kind"]),
                    "label": (match["label"] or "").strip(),
                    "value": match["value"],
                }
            )
        return points

    def render(self, value, obj=None, **kwargs):
        return super().render(value)


def contact_points_text(points) -> str:
    parts = []
    for point in points:
        label = f" ({point.label})" if point.label else ""
        parts.append(f"{point.kind}{label}: {point.value}")
    return " | ".join(parts)


class EntityResource(OfficeResource):
    """Entities of any kind, with parent, names, aliases, country, coordinates and contact points."""

    COLUMNS = ENTITY_COLUMNS

    id = fields.Field(attribute="id", column_name="id", widget=IntegerWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(EntityKind, ENTITY_KIND_SYNONYMS))
    name = fields.Field(attribute="name", column_name="name", widget=TextWidget())
    name_zh = fields.Field(attribute="name_zh", column_name="name_zh", widget=TextWidget())
    name_en = fields.Field(attribute="name_en", column_name="name_en", widget=TextWidget())
    aliases = fields.Field(attribute="aliases", column_name="aliases", widget=ListWidget())
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    domestic = fields.Field(attribute="domestic", column_name="domestic", widget=BooleanWidget())
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=FloatWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=FloatWidget())
    population = fields.Field(attribute="population", column_name="population", widget=IntegerWidget())
    geonameid = fields.Field(attribute="geonameid", column_name="geonameid", widget=IntegerWidget())
    website = fields.Field(attribute="website", column_name="website", widget=TextWidget())
    tags = fields.Field(attribute="tags", column_name="tags", widget=ListWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())
    archived = fields.Field(attribute="archived", column_name="archived", widget=BooleanWidget())

    class Meta:
        model = Entity
        fields = ("id", "kind", "name", "name_zh", "name_en", "aliases", "title", "country", "domestic", "latitude",
                  "longitude", "population", "geonameid", "website", "tags", "notes", "archived")  # fmt: skip
        import_id_fields = ()  # get_instance matches by id, GeoNames id or names
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["parent"] = fields.Field(
            attribute="parent", column_name="parent", widget=EntityRefWidget(self.resolve_parent)
        )
        self.fields["contact_points"] = fields.Field(
            attribute=None, column_name="contact_points", widget=ContactPointsWidget()
        )
        self.index: EntityIndex | None = None

    # Export

    def get_queryset(self):
        return Entity.objects.select_related("parent").prefetch_related("contact_points")

    def dehydrate_contact_points(self, entity):
        return contact_points_text(entity.contact_points.all())

    def export_field(self, field, instance, **kwargs):
        if field.column_name == "contact_points":
            return self.dehydrate_contact_points(instance)
        return super().export_field(field, instance, **kwargs)

    # Import

    def before_import(self, dataset, **kwargs):
        self.index = EntityIndex()

    def resolve_parent(self, text: str, row) -> Entity:
        match = REFERENCE.match(text)
        if match:
            parent = Entity.objects.filter(pk=int(match["id"])).first()
            if parent is None:
                raise ValueError(_("no record #%(id)s") % {"id": match["id"]})
            return parent
        country = self._row_country(row)
        pks = self.index.by_names([text], country=country) if self.index else set()
        if not pks and country:  # a person's organisation may be in another country
            pks = self.index.by_names([text], country="") if self.index else set()
        if not pks:
            raise ValueError(_("“%(value)s” is not on file") % {"value": text})
        if len(pks) > 1:
            raise ValueError(ambiguous(pks).messages[0])
        return Entity.objects.get(pk=next(iter(pks)))

    def _row_country(self, row) -> str:
        try:
            return self.fields["country"].widget.clean(row.get("country"))
        except ValueError:
            return ""

    def get_instance(self, instance_loader, row):
        named, instance = instance_by_id(Entity.objects, row)
        if named:
            return instance
        index = self.index
        assert index is not None
        geonameid = _text(row.get("geonameid"))
        if geonameid.isdigit():
            pks = index.by_geonameid.get(int(geonameid), set())
            if len(pks) > 1:
                raise ambiguous(pks)
            if pks:
                return Entity.objects.get(pk=next(iter(pks)))
        try:
            kind = self.fields["kind"].widget.clean(row.get("kind"))
        except ValueError:
            return None
        names = [_text(row.get(key)) for key in ("name", "name_zh", "name_en") if _text(row.get(key))]
        pks = index.by_names(names, country=self._row_country(row), kinds={kind})
        if len(pks) > 1:
            raise ambiguous(pks)
        if pks:
            return Entity.objects.get(pk=next(iter(pks)))
        city = self._gazetteer_city(row, kind)
        if city is not None and index.by_geonameid.get(city.geonameid):
            pks = index.by_geonameid[city.geonameid]
            if len(pks) > 1:
                raise ambiguous(pks)
            return Entity.objects.get(pk=next(iter(pks)))
        return None

    def _gazetteer_city(self, row, kind: str):
        if kind not in LOCALITY_KINDS:
            return None
        country = self._row_country(row)
        for key in ("name_en", "name", "name_zh"):
            name = _text(row.get(key))
            if name:
                hits = gazetteer.lookup(name, country or None)
                if len(hits) == 1 or (len(hits) > 1 and hits[0].population > 10 * hits[1].population):
                    return hits[0]
        return None

    def after_init_instance(self, instance, new, row, **kwargs):
        self._new = new
        self._history_before = None if new else latest_history_id(instance)
        self._points_before = None if new else contact_points_text(instance.contact_points.all())

    # What the gazetteer completes: on a record already on file a blank cell keeps the stored value (a file that
    # leaves the Chinese name blank does not erase the standard name filled in when the place was first filed).
    KEPT_WHEN_BLANK = ("name_zh", "name_en", "latitude", "longitude", "population", "geonameid")

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, Any] = {}
        stored = {} if self._new else {key: getattr(instance, key) for key in self.KEPT_WHEN_BLANK}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for key, value in stored.items():
            if value not in (None, "") and not _text(row.get(key)) and key not in errors:
                setattr(instance, key, value)
        # Only a new place is completed: a record on file is the officers', and a row with an id is one of ours (an
        # export re-imported), taken as it is.
        if self._new and not _text(row.get("id")) and "kind" not in errors and instance.kind:
            if instance.geonameid:
                city = gazetteer.get(instance.geonameid) if instance.kind in LOCALITY_KINDS else None
            else:
                city = self._gazetteer_city(row, instance.kind)
            if city is not None:
                self._complete_from(instance, city)
        self._points = None
        if "contact_points" in row:
            try:
                self._points = self.fields["contact_points"].widget.clean(row.get("contact_points"))
            except ValueError as exc:
                errors["contact_points"] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _complete_from(entity: Entity, city) -> None:
        """Fill what the row left blank from the gazetteer: an officer's own values always win."""
        entity.geonameid = city.geonameid
        if entity.latitude is None and entity.longitude is None:
            entity.latitude, entity.longitude = city.latitude, city.longitude
        if entity.population is None and city.population:
            entity.population = city.population
        if not entity.name_zh:
            entity.name_zh = city.name_zh
        if not entity.name_en and city.name != entity.name:
            entity.name_en = city.name
        if not entity.country:
            entity.country = city.country

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or original is None or instance.pk is None:
            return False
        keys = [c.key for c in self.COLUMNS if c.key in row and c.key not in ("id", "contact_points")]
        for key in ("geonameid", "latitude", "longitude", "population", "name_zh", "name_en"):
            if key not in keys:
                keys.append(key)
        for key in keys:
            if getattr(original, key) != getattr(instance, key):
                return False
        if self._points is not None:
            new_text = " | ".join(
                f"{p['kind']}{' (' + p['label'] + ')' if p['label'] else ''}: {p['value']}" for p in self._points
            )
            if new_text != self._points_before:
                return False
        return True

    def do_instance_save(self, instance, is_create):
        attribute(instance, self.by, reason=self.reason)
        with transaction.atomic():  # a refused write (a constraint) leaves the import's transaction usable
            instance.save(force_insert=is_create)

    def after_save_instance(self, instance, row, **kwargs):
        is_create = self._new
        self.remember(instance, is_create, self._history_before)
        if self._points is not None:
            before = list(instance.contact_points.all()) if not is_create else []
            for point in before:
                self.deleted.append((ContactPoint._meta.label_lower, point.pk))
            contact_points_replace(entity=instance, contact_points=[dict(p) for p in self._points], by=self.by)
            # contact points written by this import are undone with it
            for point in ContactPoint.objects.filter(entity=instance).exclude(pk__in=[p.pk for p in before]):
                update_change_reason(point, self.reason)
                self.created.append((ContactPoint._meta.label_lower, point.pk))
        if self.index is not None:
            self.index.add(instance)
