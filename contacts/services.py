"""Writes on entities, their contact points and the regions: each atomic, validated, and attributed in history."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts import gazetteer
from contacts.choices import LOCALITY_KINDS, EntityKind
from contacts.models import ContactPoint, Entity, Region
from contacts.selectors import entity_links
from core.filters import valid_id
from core.history import attribute
from core.services import check_fields

# The fields a caller may set on an entity (everything but the bookkeeping ones), in the order the form shows them;
# archiving has its own button.
ENTITY_FORM_FIELDS = (
    "kind",
    "name",
    "name_zh",
    "name_en",
    "aliases",
    "title",
    "country",
    "domestic",
    "parent",
    "latitude",
    "longitude",
    "population",
    "geonameid",
    "website",
    "tags",
    "notes",
)
ENTITY_FIELDS = frozenset({*ENTITY_FORM_FIELDS, "archived"})
CONTACT_POINT_FIELDS = frozenset({"kind", "label", "value"})
REGION_FIELDS = frozenset({"code", "kind", "name", "name_zh", "countries"})


def _clean_entity_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    if isinstance(values.get("country"), str):
        values["country"] = values["country"].strip().upper()
    for key in ("aliases", "tags"):
        if isinstance(values.get(key), list | tuple):
            values[key] = list(dict.fromkeys(str(v).strip() for v in values[key] if str(v).strip()))
    for key in ("name", "name_zh", "name_en", "title"):
        if isinstance(values.get(key), str):
            values[key] = values[key].strip()
    return values


class PossibleDuplicate(ValidationError):
    """A new entity looks like one or more on file (contacts.matching): refused until the caller confirms.
    `candidates` are the matching.Candidate records, best first, each with `.entity`."""

    def __init__(self, candidates: list):
        self.candidates = candidates
        listed = "; ".join(
            _("%(entity)s (#%(id)s, %(reasons)s)")
            % {"entity": c.entity, "id": c.entity_id, "reasons": ", ".join(c.reason_labels)}
            for c in candidates
        )
        super().__init__(
            {
                "confirm_duplicate": _(
                    "This may already be on file: %(candidates)s. Check, then confirm to file it anyway."
                )
                % {"candidates": listed}
            },
            code="possible_duplicate",
        )


def entity_duplicates(entity: Entity, *, exclude: Iterable[int] = ()) -> list:
    """The entities on file that may be `entity` (contacts.matching), best first."""
    from contacts.matching import duplicate_candidates

    return duplicate_candidates(
        names=[entity.name, entity.name_zh, entity.name_en, *(entity.aliases or [])],
        country=str(entity.country or ""),
        kind=entity.kind,
        geonameid=entity.geonameid,
        exclude=[*exclude, *([entity.pk] if entity.pk else [])],
    )


def _entity_validate(entity: Entity) -> None:
    entity.full_clean()
    # A parent chain must not loop back (A in B, B in A): checked across rows, so here and not in clean().
    if entity.pk is not None and entity.parent_id is not None:
        seen = {entity.pk}
        ancestor = entity.parent
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": _("This parent would make the entity its own ancestor.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


@transaction.atomic
def entity_create(
    *,
    by: AbstractBaseUser | None = None,
    contact_points: Iterable[dict] = (),
    check_duplicates: bool = False,
    **fields: Any,
) -> Entity:
    """File a new entity (with its contact points); `fields` are Entity fields such as kind, name, country.

    With `check_duplicates` (the pages and the API, until the officer confirms), an entity that looks like one on
    file is refused with PossibleDuplicate, naming the candidates."""
    check_fields(fields, ENTITY_FIELDS)
    entity = Entity(**_clean_entity_values(fields))
    _entity_validate(entity)
    if check_duplicates:
        candidates = entity_duplicates(entity)
        if candidates:
            raise PossibleDuplicate(candidates)
    attribute(entity, by)
    entity.save()
    for position, point in enumerate(contact_points or (), start=1):
        with _contact_point_errors(position):
            contact_point_create(entity=entity, by=by, **{k: v for k, v in point.items() if k != "id"})
    return entity


@transaction.atomic
def entity_update(
    *, entity: Entity, by: AbstractBaseUser | None = None, contact_points: Iterable[dict] | None = None, **fields: Any
) -> Entity:
    """Change an entity's fields; when `contact_points` is given it becomes the full list (ids kept, others added,
    missing ones removed)."""
    check_fields(fields, ENTITY_FIELDS)
    changed = False
    for name, value in _clean_entity_values(fields).items():
        if getattr(entity, name) != value:
            setattr(entity, name, value)
            changed = True
    if changed:
        _entity_validate(entity)
        attribute(entity, by)
        entity.save()
    if contact_points is not None:
        contact_points_replace(entity=entity, contact_points=contact_points, by=by)
    return entity


@transaction.atomic
def entity_archive(*, entity: Entity, by: AbstractBaseUser | None = None, archived: bool = True) -> Entity:
    """Archive an entity (kept with its ties and events, hidden from everyday lists), or bring it back."""
    if entity.archived != archived:
        entity.archived = archived
        attribute(entity, by)
        entity.save(update_fields=["archived", "updated", "search_text"])
    return entity


def entity_unarchive(*, entity: Entity, by: AbstractBaseUser | None = None) -> Entity:
    return entity_archive(entity=entity, by=by, archived=False)


def entity_delete_refusal(entity: Entity) -> str | None:
    """Why an entity cannot be deleted (what refers to it, and to archive it instead), or None if it can."""
    links = entity_links(entity)
    if not links:
        return None
    words = {
        "ties": lambda n: ngettext("%(count)d tie", "%(count)d ties", n),
        "events": lambda n: ngettext("%(count)d event", "%(count)d events", n),
        "children": lambda n: ngettext("%(count)d entity filed under it", "%(count)d entities filed under it", n),
        "followups": lambda n: ngettext("%(count)d follow-up", "%(count)d follow-ups", n),
        "notes": lambda n: ngettext("%(count)d note", "%(count)d notes", n),
    }
    parts = [(words[key](n) % {"count": n}) if key in words else f"{n} {key}" for key, n in links.items()]
    return _("“%(name)s” cannot be deleted: %(links)s refer to it. Archive it instead.") % {
        "name": entity,
        "links": ", ".join(parts),
    }


@transaction.atomic
def entity_delete(*, entity: Entity, by: AbstractBaseUser | None = None) -> None:
    """Delete an entity nothing refers to; otherwise refuse, saying what refers to it (archive it instead).

    The deletion stays in history (simple-history keeps a "deleted" record an admin can restore from).
    """
    refusal = entity_delete_refusal(entity)
    if refusal:
        raise ValidationError(refusal, code="protected")
    for point in entity.contact_points.all():
        attribute(point, by)
        point.delete()
    attribute(entity, by)
    entity.delete()


@transaction.atomic
def entity_create_from_gazetteer(
    *, geonameid: int, kind: str = EntityKind.CITY, by: AbstractBaseUser | None = None, **overrides: Any
) -> Entity:
    """File a place from the gazetteer: its names (local script, Chinese, English), country, coordinates and
    population come from GeoNames; `overrides` (domestic, parent, tags …) are applied on top."""
    try:
        city = gazetteer.get(int(geonameid))
    except (TypeError, ValueError):
        city = None
    if city is None:
        raise ValidationError({"geonameid": _("No place with this GeoNames id in the gazetteer.")})
    if kind not in EntityKind.values:
        raise ValidationError({"kind": _("Unknown kind “%(kind)s”.") % {"kind": kind}})
    if kind not in LOCALITY_KINDS:
        raise ValidationError(
            {"kind": _("A gazetteer place can only be filed as a city, county, district or province.")}
        )
    existing = Entity.objects.filter(geonameid=city.geonameid).first()
    if existing is not None:
        raise ValidationError(
            {
                "geonameid": _("This place is already on file as “%(entity)s” (#%(id)s).")
                % {"entity": existing, "id": existing.pk}
            }
        )
    fields: dict[str, Any] = {
        "kind": kind,
        "name": city.local_name or city.name,
        "name_zh": city.name_zh,
        "name_en": city.name,
        "country": city.country,
        "latitude": city.latitude,
        "longitude": city.longitude,
        "population": city.population or None,
        "geonameid": city.geonameid,
        "aliases": list(city.aliases),  # the curated short forms (西港), so the entity is found by them too
    }
    fields.update(overrides)
    return entity_create(by=by, **fields)


# Contact points


def _contact_point_field_label(name: str) -> str:
    try:
        field = ContactPoint._meta.get_field(name)
    except FieldDoesNotExist:  # "__all__"
        return name
    return str(getattr(field, "verbose_name", name))


@contextmanager
def _contact_point_errors(position: int) -> Iterator[None]:
    """A contact point's refusal, written through its entity, named `contact_points` with the row and field."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {
                "contact_points": [
                    _("Contact point %(position)s, %(field)s: %(message)s")
                    % {"position": position, "field": _contact_point_field_label(field), "message": message}
                    for field, messages in exc.message_dict.items()
                    for message in messages
                ]
            }
        ) from exc


@transaction.atomic
def contact_point_create(*, entity: Entity, by: AbstractBaseUser | None = None, **fields: Any) -> ContactPoint:
    """Add an email, phone number, address or website (with a label) to an entity."""
    check_fields(fields, CONTACT_POINT_FIELDS)
    point = ContactPoint(entity=entity, **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()})
    point.full_clean()
    attribute(point, by)
    point.save()
    return point


@transaction.atomic
def contact_point_update(
    *, contact_point: ContactPoint, by: AbstractBaseUser | None = None, **fields: Any
) -> ContactPoint:
    check_fields(fields, CONTACT_POINT_FIELDS)
    changed = False
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(contact_point, name) != value:
            setattr(contact_point, name, value)
            changed = True
    if changed:
        contact_point.full_clean()
        attribute(contact_point, by)
        contact_point.save()
    return contact_point


@transaction.atomic
def contact_point_delete(*, contact_point: ContactPoint, by: AbstractBaseUser | None = None) -> None:
    attribute(contact_point, by)
    contact_point.delete()


@transaction.atomic
def contact_points_replace(
    *, entity: Entity, contact_points: Iterable[dict], by: AbstractBaseUser | None = None
) -> list[ContactPoint]:
    """Make `contact_points` the entity's full list: items with an `id` update that point, others are added,
    and the entity's points not listed are removed."""
    current = {point.pk: point for point in entity.contact_points.all()}
    kept: list[ContactPoint] = []
    for position, item in enumerate(contact_points, start=1):
        data = dict(item)
        point_id = data.pop("id", None)
        if point_id is not None:
            point = current.pop(point_id, None)
            if point is None:
                raise ValidationError(
                    {"contact_points": _("Contact point #%(id)s does not belong to this entity.") % {"id": point_id}}
                )
            with _contact_point_errors(position):
                kept.append(contact_point_update(contact_point=point, by=by, **data))
        else:
            with _contact_point_errors(position):
                kept.append(contact_point_create(entity=entity, by=by, **data))
    for point in current.values():
        contact_point_delete(contact_point=point, by=by)
    return kept


# Regions


def _clean_region_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = dict(fields)
    if isinstance(values.get("code"), str):
        values["code"] = values["code"].strip().lower()
    if isinstance(values.get("countries"), list | tuple):
        values["countries"] = sorted({str(c).strip().upper() for c in values["countries"] if str(c).strip()})
    return values


def _region_validate(region: Region) -> None:
    from django_countries import countries

    region.full_clean()
    unknown = [c for c in region.countries if c not in countries]
    if unknown:
        raise ValidationError({"countries": _("Unknown country code(s): %(codes)s.") % {"codes": ", ".join(unknown)}})


@transaction.atomic
def region_create(*, by: AbstractBaseUser | None = None, **fields: Any) -> Region:
    """Add a region (a bloc, say) offices can plan and filter by."""
    check_fields(fields, REGION_FIELDS)
    region = Region(**_clean_region_values(fields))
    _region_validate(region)
    attribute(region, by)
    region.save()
    return region


@transaction.atomic
def region_update(*, region: Region, by: AbstractBaseUser | None = None, **fields: Any) -> Region:
    """Change a region (a bloc gains members, a name is corrected)."""
    check_fields(fields, REGION_FIELDS)
    for name, value in _clean_region_values(fields).items():
        setattr(region, name, value)
    _region_validate(region)
    attribute(region, by)
    region.save()
    return region


@transaction.atomic
def region_delete(*, region: Region, by: AbstractBaseUser | None = None) -> None:
    attribute(region, by)
    region.delete()


BULK_LIMIT = 500  # entities one bulk action may change


@transaction.atomic
def entities_bulk(*, entity_ids: Iterable[int], action: str, by: AbstractBaseUser | None = None, tag: str = "") -> int:
    """Archive, bring back, tag or untag many entities at once; each one is written (and in history) as by hand.
    Returns how many changed; all or none are written."""
    given = [str(pk) for pk in entity_ids]
    if not all(valid_id(pk) for pk in given):
        raise ValidationError({"ids": _("Choose entities from the list.")})
    ids = sorted({int(pk) for pk in given})
    if not ids:
        raise ValidationError({"ids": _("Choose at least one entity.")})
    if len(ids) > BULK_LIMIT:
        raise ValidationError({"ids": _("Choose at most %(limit)d entities at once.") % {"limit": BULK_LIMIT}})
    tag = (tag or "").strip()
    if action in ("tag", "untag") and not tag:
        raise ValidationError({"tag": _("Give the tag to add or remove.")})
    if action not in ("archive", "unarchive", "tag", "untag"):
        raise ValidationError({"action": _("Unknown action.")})
    entities = list(Entity.objects.select_for_update().filter(pk__in=ids))
    if len(entities) != len(ids):
        raise ValidationError({"ids": _("Some of the chosen entities no longer exist.")})
    changed = 0
    for entity in entities:
        if action in ("archive", "unarchive"):
            if entity.archived != (action == "archive"):
                entity_archive(entity=entity, by=by, archived=action == "archive")
                changed += 1
            continue
        tags = list(entity.tags or [])
        if action == "tag" and tag not in tags:
            entity_update(entity=entity, by=by, tags=[*tags, tag])
            changed += 1
        elif action == "untag" and tag in tags:
            entity_update(entity=entity, by=by, tags=[t for t in tags if t != tag])
            changed += 1
    return changed
