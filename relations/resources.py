"""Ties in and out of spreadsheets (django-import-export): the template's columns, the exports of the tie list, and
how an imported row finds both ends and the tie it is about.

An end is named by "#id" or by its name and country (any script, folded as contacts.search does). A name no record
carries is filed as a place: from the gazetteer when it knows the city (coordinates, population, Chinese name), else
as a city with the name, country and coordinates the row gives. A name several records carry is refused, naming
them. A row names an existing tie by its id, or by its two ends and kind (a live tie, in either direction); a tie's
status is not changed by an import (it moves only by the lifecycle's steps).
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history

from contacts import gazetteer
from contacts.choices import LOCALITY_KINDS, EntityKind
from contacts.models import Entity
from contacts.resources import REFERENCE, EntityIndex, entity_reference
from contacts.search import entity_search_text
from core.history import acting_user
from core.imports import (
    ChoiceWidget,
    Column,
    CountryWidget,
    DateWidget,
    FloatWidget,
    IntegerWidget,
    OfficeResource,
    TextWidget,
    _text,
    instance_by_id,
    latest_history_id,
)
from relations import services
from relations.choices import CLOSED_STATUSES, RelationKind, RelationStatus
from relations.expansion.reference import country_code, country_codes
from relations.models import Relation, RelationStep

RELATION_KIND_SYNONYMS = {
    "友城": RelationKind.SISTER_CITY, "友好城市": RelationKind.SISTER_CITY, "姐妹城市": RelationKind.SISTER_CITY,
    "sister city": RelationKind.SISTER_CITY, "twin town": RelationKind.SISTER_CITY,
    "twin city": RelationKind.SISTER_CITY,
    "友好交流城市": RelationKind.FRIENDLY_EXCHANGE, "友好合作城市": RelationKind.FRIENDLY_EXCHANGE,
    "友好学校": RelationKind.FRIENDLY_SCHOOL, "友好企业": RelationKind.FRIENDLY_ENTERPRISE,
    "合作协议": RelationKind.COOPERATION, "备忘录": RelationKind.COOPERATION, "MoU": RelationKind.COOPERATION,
}  # fmt: skip
RELATION_STATUS_SYNONYMS = {
    "已结好": RelationStatus.SIGNED, "结好": RelationStatus.SIGNED, "已签约": RelationStatus.SIGNED,
    "signed": RelationStatus.SIGNED, "意向": RelationStatus.INTENT, "联系": RelationStatus.CONTACT,
    "休眠": RelationStatus.DORMANT, "终止": RelationStatus.ENDED, "已终止": RelationStatus.ENDED,
}  # fmt: skip

RELATION_COLUMNS = (
    Column("id", "ID", "编号", ("记录编号",)),
    Column("kind", "Kind", "类型", ("关系类型", "类别", "type")),
    Column("source", "Our side", "本方", ("本方城市", "我方", "我市", "city1", "origincitylabel", "source")),
    Column("source_country", "Our side's country", "本方国家", ("country1", "origincountry")),
    Column("source_latitude", "Our side's latitude", "本方纬度", ("lat1", "originlat")),
    Column("source_longitude", "Our side's longitude", "本方经度", ("lng1", "originlong")),
    Column(
        "target", "Partner", "对方", ("对方城市", "城市", "友城", "友好城市", "partner", "city2", "sistercitylabel")
    ),
    Column("target_country", "Partner's country", "国家", ("对方国家", "国别", "country2", "destination_countrylabel")),
    Column("target_latitude", "Partner's latitude", "对方纬度", ("lat2", "destinationlat")),
    Column("target_longitude", "Partner's longitude", "对方经度", ("lng2", "destinationlong")),
    Column("status", "Status", "状态", ("进展", "阶段")),
    Column("established_on", "Signing date", "结好时间", ("签约日期", "签约时间", "结好日期", "established")),
    Column("status_since", "Status since", "状态日期", ()),
    Column("start_date", "Start date", "开始日期", ()),
    Column("end_date", "End date", "结束日期", ()),
    Column("title", "Title", "职务", ()),
    Column("document_no", "Document number", "文号", ("批文号", "批复文号", "协议编号")),
    Column("notes", "Notes", "备注", ("说明",)),
)


def _country_resolver():
    codes = country_codes(gazetteer.countries())
    return lambda label: country_code(label, codes)


class EndWidget(TextWidget):
    """One end of a tie, already resolved for the row by the resource (see RelationResource.before_import_row)."""

    def __init__(self, resource, end: str, **kwargs):
        super().__init__(**kwargs)
        self.resource = resource
        self.end = end

    def clean(self, value, row=None, **kwargs):
        # a refusal is reported by RelationResource.import_instance, under the column it concerns
        return getattr(self.resource._ends, self.end)

    def render(self, value, obj=None, **kwargs):
        return entity_reference(value)


class EndError(ValueError):
    """An end of a tie the row names cannot be found or filed; `key` is the column at fault."""

    def __init__(self, key: str, reason: str):
        super().__init__(reason)
        self.key = key


class _Ends:
    def __init__(self) -> None:
        self.source: Entity | None = None
        self.target: Entity | None = None
        self.errors: dict[str, str] = {}  # column key -> reason


class _TieRowResult(RowResult):
    def add_instance_info(self, instance):
        # The preview's label of a row: the two ends' names as the file gave them, without Relation.__str__'s
        # translated kind and display names (a millisecond per row, the longest step of a large file after the
        # writes).
        self.object_id = instance.pk
        ends = [instance._state.fields_cache.get(end) for end in ("source", "target")]  # set by the row, or loaded
        self.object_repr = " – ".join(end.name for end in ends if end is not None)


class RelationResource(OfficeResource):
    """Ties: by the names or ids of both ends, kind, status, dates and the document number of their first step."""

    COLUMNS = RELATION_COLUMNS

    id = fields.Field(attribute="id", column_name="id", widget=IntegerWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(RelationKind, RELATION_KIND_SYNONYMS))
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(RelationStatus, RELATION_STATUS_SYNONYMS)
    )
    established_on = fields.Field(attribute="established_on", column_name="established_on", widget=DateWidget())
    status_since = fields.Field(attribute="status_since", column_name="status_since", widget=DateWidget())
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=DateWidget())
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    notes = fields.Field(attribute="notes", column_name="notes", widget=TextWidget())

    class Meta:
        model = Relation
        fields = ("id", "kind", "status", "established_on", "status_since", "start_date", "end_date", "title", "notes")
        import_id_fields = ()  # get_instance matches by id, GeoNames id or names
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_diff = True  # no field-by-field diff of each row (skip_row compares with its own copy, self._original)
        skip_html_diff = True

    def __init__(self, *, create_places: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.create_places = create_places
        self.country_widget = CountryWidget(resolve=_country_resolver())
        self.fields["source"] = fields.Field(attribute="source", column_name="source", widget=EndWidget(self, "source"))
        self.fields["target"] = fields.Field(attribute="target", column_name="target", widget=EndWidget(self, "target"))
        for end in ("source", "target"):
            # export-only views of an end (the import reads them in before_import_row)
            self.fields[f"{end}_country"] = fields.Field(attribute=None, column_name=f"{end}_country", readonly=True)
            self.fields[f"{end}_latitude"] = fields.Field(attribute=None, column_name=f"{end}_latitude", readonly=True)
            self.fields[f"{end}_longitude"] = fields.Field(
                attribute=None, column_name=f"{end}_longitude", readonly=True
            )
        self.fields["document_no"] = fields.Field(attribute=None, column_name="document_no", readonly=True)
        self.index: EntityIndex | None = None
        # live ties by (their two ends' keys, kind): a key is an entity's id, or the negative number of a place this
        # import files (written in bulk at the end, with the new ties: see after_import)
        self.live: dict[tuple[frozenset, str], list[int]] = defaultdict(list)
        self._ends = _Ends()
        self._entities: dict[int, Entity] = {}
        self._pending_places: dict[int, Entity] = {}
        self._pending_ties: list[tuple[Relation, RelationStep]] = []

    def get_row_result_class(self):
        return _TieRowResult

    # Export

    def get_queryset(self):
        return Relation.objects.select_related("source", "target").prefetch_related("steps")

    def export_field(self, field, instance, **kwargs):
        name = field.column_name
        for end in ("source", "target"):
            entity = getattr(instance, end)
            if name == f"{end}_country":
                return str(entity.country or "")
            if name == f"{end}_latitude":
                return "" if entity.latitude is None else entity.latitude
            if name == f"{end}_longitude":
                return "" if entity.longitude is None else entity.longitude
        if name == "document_no":
            return next((s.document_no for s in instance.steps.all() if s.document_no), "")
        return super().export_field(field, instance, **kwargs)

    # Import

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        # No savepoint per row (two queries a row, 52,000 for the worldwide file): a new tie's row writes nothing
        # (the ties are written in bulk at the end, after_import) and a tie on file is checked before its update
        # writes. The import stays one transaction (import_data's), rolled back after a dry run or any error.
        return super().import_data_inner(dataset, dry_run, raise_errors, False, collect_failed_rows, **kwargs)

    def before_import(self, dataset, **kwargs):
        # worded once, not for each row without a date
        self._undated_note = _("No date in the imported file: recorded on the day of the import.")
        self.index = EntityIndex()
        self._entities, self._pending_places, self._pending_ties = {}, {}, []
        self._preload(dataset)
        rows = Relation.objects.exclude(status__in=CLOSED_STATUSES).values_list("pk", "source_id", "target_id", "kind")
        for pk, source, target, kind in rows.iterator(chunk_size=5000):
            self.live[(frozenset((source, target)), kind)].append(pk)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._ends = _Ends()
        for end in ("source", "target"):
            try:
                setattr(self._ends, end, self._resolve_end(row, end))
            except EndError as exc:
                self._ends.errors[exc.key] = str(exc)

    def _preload(self, dataset) -> None:
        """Read the records the file's ends may name in a few queries (by id or by name, any country), rather than
        one query per end."""
        index = self.index
        assert index is not None
        wanted: set[int] = set()
        for end in ("source", "target"):
            if end not in (dataset.headers or []):
                continue
            for value in dict.fromkeys(_text(v) for v in dataset[end]):
                match = REFERENCE.match(value) if value else None
                if match:
                    wanted.add(int(match["id"]))
                elif value:
                    wanted |= index.by_names([value], country="")
        default = _text(self.defaults.get("source"))
        if default:
            match = REFERENCE.match(default)
            wanted |= {int(match["id"])} if match else index.by_names([default], country="")
        ids = sorted(wanted)
        for start in range(0, len(ids), 900):  # under SQLite's limit of variables per query
            self._entities.update(Entity.objects.in_bulk(ids[start : start + 900]))

    def _ambiguous(self, keys) -> str:
        """The refusal of a name several records carry, naming them: those on file by id, those this file files
        (from an earlier row) as such."""
        on_file = [key for key in keys if key > 0]
        named = [f"“{e}” (#{e.pk})" for e in Entity.objects.filter(pk__in=sorted(on_file)[:5]).order_by("pk")]
        named += [
            _("“%(name)s” (filed by an earlier row)") % {"name": self._pending_places[key].name}
            for key in sorted(k for k in keys if k < 0)[:5]
        ]
        return _("This row matches several records: %(records)s. Give the id to choose one.") % {
            "records": ", ".join(named)
        }

    @staticmethod
    def key(entity: Entity) -> int:
        return entity.pk if entity.pk is not None else entity._import_key

    def _entity(self, key: int) -> Entity | None:
        """The entity of an index key: a place this import files, or a record on file (read once)."""
        if key < 0:
            return self._pending_places[key]
        if key not in self._entities:
            entity = Entity.objects.filter(pk=key).first()
            if entity is None:
                return None
            self._entities[key] = entity
        return self._entities[key]

    def _float(self, row, key: str, errors: dict) -> float | None:
        try:
            return FloatWidget().clean(row.get(key))
        except ValueError as exc:
            errors[key] = str(exc)
            return None

    def _resolve_end(self, row, end: str) -> Entity | None:
        text = _text(row.get(end))
        if not text:
            return None
        match = REFERENCE.match(text)
        if match:
            entity = self._entity(int(match["id"]))
            if entity is None:
                raise EndError(end, _("no record #%(id)s") % {"id": match["id"]})
            return entity
        try:
            country = self.country_widget.clean(row.get(f"{end}_country"))
        except ValueError as exc:
            raise EndError(f"{end}_country", str(exc)) from exc
        index = self.index
        assert index is not None
        pks = index.by_names([text], country=country)
        if len(pks) > 1:
            localities = {pk for pk in pks if index.kinds[pk][0] in LOCALITY_KINDS}
            pks = localities or pks
        if len(pks) > 1:
            raise EndError(end, self._ambiguous(pks))
        if pks:
            return self._entity(next(iter(pks)))
        if not self.create_places:
            raise EndError(end, _("“%(value)s” is not on file") % {"value": text})
        return self._file_place(row, end, text, country)

    def _file_place(self, row, end: str, name: str, country: str) -> Entity:
        index = self.index
        assert index is not None
        hits = gazetteer.lookup(name, country or None)
        city = hits[0] if len(hits) == 1 or (len(hits) > 1 and hits[0].population > 10 * hits[1].population) else None
        if city is not None and index.by_geonameid.get(city.geonameid):
            pks = index.by_geonameid[city.geonameid]
            if len(pks) > 1:
                raise EndError(end, self._ambiguous(pks))
            return self._entity(next(iter(pks)))
        errors: dict[str, str] = {}
        latitude = self._float(row, f"{end}_latitude", errors)
        longitude = self._float(row, f"{end}_longitude", errors)
        if errors:
            key, reason = next(iter(errors.items()))
            raise EndError(key, reason)
        entity = Entity(kind=EntityKind.CITY, name=name, country=country)
        if city is not None:
            entity.name = city.local_name or city.name
            entity.name_en = city.name if entity.name != city.name else ""
            if normalise_name(name) not in {normalise_name(entity.name), normalise_name(city.name)}:
                entity.aliases = [name]
            entity.name_zh = city.name_zh
            entity.country = city.country
            entity.latitude, entity.longitude = city.latitude, city.longitude
            entity.population = city.population or None
            entity.geonameid = city.geonameid
        elif latitude is not None and longitude is not None:
            entity.latitude, entity.longitude = latitude, longitude
        try:
            # The database's unique checks are the index's (a GeoNames id on file is matched above, not filed again).
            # The country came through the country widget or the gazetteer (a code we file): not checked again
            # against the list of every country, which costs more than the rest of the row.
            entity.full_clean(exclude=["country"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise EndError(end, "; ".join(exc.messages)) from exc
        # Filed with the new ties at the end of the import, in bulk (after_import); known to the next rows now.
        entity._import_key = -(len(self._pending_places) + 1)
        entity.search_text = entity_search_text(entity)
        self._pending_places[entity._import_key] = entity
        index._add(entity._import_key, entity.kind, str(entity.country or ""), entity.geonameid,
                   entity.search_text.split(" | "))  # fmt: skip
        return entity

    def get_instance(self, instance_loader, row):
        named, instance = instance_by_id(lambda: Relation.objects.select_related("source", "target"), row)
        if named:
            return instance
        ends = self._ends
        if ends.source is None or ends.target is None:
            return None
        try:
            kind = self.fields["kind"].widget.clean(row.get("kind"))
        except ValueError:
            return None
        pks = self.live.get((frozenset((self.key(ends.source), self.key(ends.target))), kind), [])
        if 0 in pks:
            raise ValidationError(_("An earlier row of this file already files this tie."))
        if len(pks) > 1:
            raise ValidationError(
                _("This row matches several ties: %(ids)s.") % {"ids": ", ".join(f"#{pk}" for pk in pks)}
            )
        if pks:
            return Relation.objects.select_related("source", "target").get(pk=pks[0])
        return None

    def after_init_instance(self, instance, new, row, **kwargs):
        self._new = new
        self._original = None if new else copy.copy(instance)
        self._status_before = None if new else instance.status
        self._history_before = None if new else latest_history_id(instance)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for key, reason in self._ends.errors.items():
            errors[key] = [reason]
        for end in ("source", "target"):
            if _text(row.get(end)) == "" and end not in errors:
                errors[end] = [_("This column is required.")]
        if not self._new and "status" not in errors and instance.status != self._status_before:
            errors["status"] = [
                _(
                    "The status cannot be changed by an import; it moves only by the lifecycle's steps "
                    "(now: %(status)s)."
                )
                % {"status": services.status_label(self._status_before)}
            ]
        if self._new and not instance.status:
            instance.status = RelationStatus.CONTACT
        self._document_no = _text(row.get("document_no"))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if self._new:
            # relation_prepare runs the model's checks on a new tie (its ends, perhaps not filed yet, need no query)
            if import_validation_errors:
                raise ValidationError(import_validation_errors)
            return
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        original = self._original
        if import_validation_errors or original is None or self._new:
            return False
        keys = [
            c.key for c in self.COLUMNS if c.key in self.fields and c.key in row and not self.fields[c.key].readonly
        ]
        keys = [k for k in keys if k != "id"]
        return all(getattr(original, key) == getattr(instance, key) for key in keys)

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            dated = instance.status_since or instance.established_on or instance.start_date
            relation, step = services.relation_prepare(
                kind=instance.kind,
                source=instance.source,
                target=instance.target,
                by=self.by,
                status=instance.status,
                established_on=instance.established_on,
                # A row without any date: the tie is on file from the day of the import (an officer corrects the
                # step's date later); the step's note says so.
                on=dated or timezone.localdate(),
                note="" if dated else self._undated_note,
                title=instance.title,
                start_date=instance.start_date,
                end_date=instance.end_date,
                notes=instance.notes,
                document_no=self._document_no,
                pk=instance.pk,
                check_duplicate=False,  # self.live knows every live tie, those of this file included
            )
            instance.status_since = relation.status_since
            self._pending_ties.append((relation, step))
            key = (frozenset((self.key(relation.source), self.key(relation.target))), relation.kind)
            self.live[key].append(0)  # a second row naming the same pair is refused (get_instance: several ties)
        else:
            services.relation_update(relation=instance, data={}, by=self.by, reason=self.reason)
            self.updated.append((Relation._meta.label_lower, instance.pk, self._history_before))

    def after_import(self, dataset, result, **kwargs):
        """Write the places and ties the rows prepared, in bulk with their history rows: the rows were checked one
        by one, so a file with a wrong row writes nothing (and a preview does not need to write them at all)."""
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        places = list(self._pending_places.values())
        bulk_create_with_history(places, Entity, batch_size=1000, default_user=acting_user(self.by),
                                 default_change_reason=self.reason)  # fmt: skip
        self.created.extend((Entity._meta.label_lower, place.pk) for place in places)
        relations = services.relations_bulk_create(items=self._pending_ties, by=self.by, reason=self.reason)
        self.created.extend((Relation._meta.label_lower, relation.pk) for relation in relations)
        self.created.extend((RelationStep._meta.label_lower, step.pk) for _relation, step in self._pending_ties)


def normalise_name(text: str) -> str:
    from contacts.search import normalise

    return normalise(text or "")
