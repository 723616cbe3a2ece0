"""Writes of the expansion feature: accepting and dismissing suggestions, and editing layout plans.

Every function is atomic, validates with full_clean() and records the user in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from contacts import gazetteer
from contacts.choices import LOCALITY_KINDS, EntityKind
from contacts.models import Entity, Region
from relations.anniversaries import add_months
from relations.choices import CITY_TIE_KINDS, PlanTier, RelationKind, RelationStatus
from relations.expansion.kinds import Key, key_parse
from relations.expansion.world import home_check
from relations.models import LayoutPlan, LayoutRule, LayoutTarget, Relation, SuggestionDismissal

DISMISS_MONTHS = 12


def _user(by: AbstractBaseUser | None):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _attribute(instance, by: AbstractBaseUser | None) -> None:
    instance._history_user = _user(by)


def _place_from_key(home: Entity, key: Key, by: AbstractBaseUser | None) -> Entity:
    """The entity a city or entity suggestion is about, filed from the gazetteer (or the plan's target) if new."""
    if key.prefix == "entity":
        entity = Entity.objects.filter(pk=key.id).first()
        if entity is None:
            raise ValidationError({"key": _("The suggested entity no longer exists.")})
        return entity
    if key.prefix != "city":
        raise ValidationError(
            {"key": _("Only a suggested city or entity can be accepted; this suggestion is about something else.")}
        )
    geonameid = key.id
    existing = Entity.objects.filter(geonameid=geonameid, kind__in=LOCALITY_KINDS).order_by("domestic", "id").first()
    if existing is not None:
        return existing
    if gazetteer.get(geonameid) is not None:
        from contacts.services import entity_create_from_gazetteer

        return entity_create_from_gazetteer(geonameid=geonameid, by=by)
    # A place the plan names that the gazetteer lacks (a county, a small town): filed from the plan's own record.
    target = (
        LayoutTarget.objects.filter(plan__home=home, geonameid=geonameid, entity__isnull=True)
        .exclude(name="")
        .order_by("-plan__start_year", "id")
        .first()
    )
    if target is None:
        raise ValidationError({"key": _("No place with this GeoNames id in the gazetteer.")})
    from contacts.services import entity_create

    return entity_create(
        by=by,
        kind=EntityKind.CITY,
        name=target.name,
        name_en=target.name,
        country=str(target.country or ""),
        geonameid=geonameid,
    )


@transaction.atomic
def suggestion_accept(
    *,
    home: Entity,
    key: str,
    by: AbstractBaseUser | None,
    kind: str = RelationKind.FRIENDLY_EXCHANGE,
    on: date | None = None,
) -> Relation:
    """Accept a suggested city: file it (from the gazetteer when it is new) and open a tie with the home at
    `contact`. The tie is a friendly-exchange city unless `kind` asks for a sister city."""
    from relations.services import relation_create

    home_check(home)
    parsed = key_parse(key)
    key = key.strip()
    if kind not in CITY_TIE_KINDS:
        raise ValidationError({"kind": _("A suggested city becomes a sister city or a friendly-exchange city.")})
    entity = _place_from_key(home, parsed, by)
    if entity.pk == home.pk or entity.domestic:
        raise ValidationError({"key": _("This place is on our own side; it cannot become a partner.")})
    if entity.kind not in LOCALITY_KINDS:
        raise ValidationError({"key": _("Only a place (city, county, district, province) can become a partner city.")})
    relation = relation_create(
        kind=kind,
        source=home,
        target=entity,
        by=by,
        status=RelationStatus.CONTACT,
        on=on or timezone.localdate(),
        note=_("Accepted from the expansion suggestions."),
    )
    update_change_reason(relation, f"suggestion accepted: {key}")
    return relation


@transaction.atomic
def suggestion_dismiss(
    *,
    home: Entity,
    key: str,
    reason: str,
    by: AbstractBaseUser | None,
    kind: str = "",
    subject: str = "",
    today: date | None = None,
) -> SuggestionDismissal:
    """Hide a suggestion from the home's list for 12 months; the dismissal and its reason stay on file."""
    home_check(home)
    parsed = key_parse(key)
    key = key.strip()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the suggestion is dismissed.")})
    today = today or timezone.localdate()
    active = SuggestionDismissal.objects.filter(home=home, key=key, until__gt=today).first()
    if active is not None:
        raise ValidationError(
            {"key": _("This suggestion is already dismissed until %(until)s.") % {"until": active.until.isoformat()}}
        )
    prefix = parsed.prefix
    if not kind:
        kind = parsed.kind
    if not kind or not subject:
        from relations.expansion.world import suggestions_for

        found = next((s for s in suggestions_for(home=home, today=today) if s["key"] == key), None)
        if found is not None:
            kind = kind or found["kind"]
            subject = subject or found["subject"].get("name", "")
    if not subject:
        subject = _subject_text(parsed)
    dismissal = SuggestionDismissal(
        home=home,
        key=key,
        kind=kind or prefix,
        subject=subject[:200],
        reason=reason,
        until=add_months(today, DISMISS_MONTHS),
        dismissed_by=_user(by),
    )
    dismissal.full_clean()
    _attribute(dismissal, by)
    dismissal.save()
    return dismissal


def _subject_text(key: Key) -> str:
    text = f"{key.prefix}:{key.ref}" + (f":{key.extra}" if key.extra else "")
    if key.prefix == "city":
        city = gazetteer.get(key.id)
        return city.name if city else text
    if key.prefix == "country":
        from django_countries import countries

        return str(countries.name(key.ref)) or text
    if key.prefix in ("entity", "deepen"):
        entity = Entity.objects.filter(pk=key.id).first()
        return str(entity) if entity else text
    tie = Relation.objects.filter(pk=key.id).select_related("target").first()
    return str(tie.target) if tie else text


# --- layout plans ----------------------------------------------------------------------------------------------------

PLAN_FIELDS = ("home", "name", "start_year", "end_year", "notes")
RULE_FIELDS = ("region", "country", "tier", "target", "notes")
TARGET_FIELDS = ("entity", "geonameid", "name", "country", "notes")


def _rule_build(plan: LayoutPlan, data: dict[str, Any]) -> LayoutRule:
    unknown = sorted(set(data) - set(RULE_FIELDS))
    if unknown:
        raise ValidationError({"rules": _("Unknown field(s) of a rule: %(fields)s.") % {"fields": ", ".join(unknown)}})
    region = (data.get("region") or "").strip().lower()
    country = (data.get("country") or "").strip().upper()
    if region and not Region.objects.filter(code=region).exists():
        raise ValidationError(
            {
                "rules": _(
                    "Unknown region code “%(code)s”: use a continent, a UN M49 sub-region or a bloc such as asean."
                )
                % {"code": region}
            }
        )
    if bool(region) == bool(country):
        raise ValidationError({"rules": _("Each rule names either a region or a country, not both.")})
    if data.get("tier") not in PlanTier.values:
        raise ValidationError(
            {
                "rules": _("Unknown tier “%(tier)s”: use one of %(tiers)s.")
                % {"tier": data.get("tier"), "tiers": ", ".join(PlanTier.values)}
            }
        )
    target = data.get("target")
    if target is not None and (not isinstance(target, int) or target < 0):
        raise ValidationError({"rules": _("A rule's target is a whole number of ties, 0 or more.")})
    rule = LayoutRule(
        plan=plan, region=region, country=country, tier=data["tier"], target=target, notes=data.get("notes") or ""
    )
    try:
        rule.full_clean(exclude=["plan"])
    except ValidationError as exc:
        raise ValidationError(
            {"rules": [f"{field}: {m}" for field, msgs in exc.message_dict.items() for m in msgs]}
        ) from exc
    return rule


def _target_build(plan: LayoutPlan, data: dict[str, Any]) -> LayoutTarget:
    unknown = sorted(set(data) - set(TARGET_FIELDS))
    if unknown:
        raise ValidationError(
            {"targets": _("Unknown field(s) of a named target: %(fields)s.") % {"fields": ", ".join(unknown)}}
        )
    entity = data.get("entity")
    if entity is not None and not isinstance(entity, Entity):
        entity = Entity.objects.filter(pk=entity).first()
        if entity is None:
            raise ValidationError({"targets": _("A named target's entity does not exist.")})
    geonameid = data.get("geonameid")
    name = (data.get("name") or "").strip()
    country = (data.get("country") or "").strip().upper()
    if entity is None and geonameid is None:
        raise ValidationError({"targets": _("A named target is an entity on file or a GeoNames place.")})
    if entity is not None:
        name = name or entity.name
        country = country or str(entity.country or "")
    elif geonameid is not None:
        city = gazetteer.get(geonameid)
        if city is None and not name:
            raise ValidationError(
                {
                    "targets": _("GeoNames id %(id)s is not in the gazetteer: give the place's name and country too.")
                    % {"id": geonameid}
                }
            )
        if city is not None:
            name = name or city.name
            country = country or city.country
    target = LayoutTarget(
        plan=plan, entity=entity, geonameid=geonameid, name=name, country=country, notes=data.get("notes") or ""
    )
    try:
        target.full_clean(exclude=["plan"])
    except ValidationError as exc:
        raise ValidationError(
            {"targets": [f"{field}: {m}" for field, msgs in exc.message_dict.items() for m in msgs]}
        ) from exc
    return target


def _children_replace(
    plan: LayoutPlan, rules: Iterable[dict] | None, targets: Iterable[dict] | None, by: AbstractBaseUser | None
) -> None:
    if rules is not None:
        built = [_rule_build(plan, dict(r)) for r in rules]
        seen = set()
        for rule in built:
            code = rule.region or rule.country
            if code in seen:
                raise ValidationError({"rules": _("“%(code)s” has two rules; keep one.") % {"code": code}})
            seen.add(code)
        for old in plan.rules.all():
            _attribute(old, by)
            old.delete()
        for rule in built:
            rule.plan = plan
            _attribute(rule, by)
            rule.save()
    if targets is not None:
        built_targets = [_target_build(plan, dict(t)) for t in targets]
        for old in plan.targets.all():
            _attribute(old, by)
            old.delete()
        for target in built_targets:
            target.plan = plan
            _attribute(target, by)
            target.save()


def _plan_validate(plan: LayoutPlan) -> None:
    plan.full_clean(validate_constraints=False)
    if plan.end_year < plan.start_year:
        raise ValidationError({"end_year": _("The plan cannot end before it starts.")})
    if plan.home_id:
        home_check(Entity.objects.filter(pk=plan.home_id).first())


@transaction.atomic
def layout_plan_create(
    *,
    by: AbstractBaseUser | None,
    home: Entity,
    name: str,
    start_year: int,
    end_year: int,
    notes: str = "",
    rules: Iterable[dict] = (),
    targets: Iterable[dict] = (),
) -> LayoutPlan:
    """A layout plan with its rules (region or country, tier, target) and named targets, in one go."""
    plan = LayoutPlan(home=home, name=name, start_year=start_year, end_year=end_year, notes=notes)
    _plan_validate(plan)
    _attribute(plan, by)
    plan.save()
    _children_replace(plan, list(rules), list(targets), by)
    return plan


@transaction.atomic
def layout_plan_update(
    *,
    plan: LayoutPlan,
    by: AbstractBaseUser | None,
    data: dict[str, Any],
    rules: Iterable[dict] | None = None,
    targets: Iterable[dict] | None = None,
) -> LayoutPlan:
    """Change a plan's fields; `rules` / `targets`, when given, replace the plan's lists entirely."""
    unknown = sorted(set(data) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError({field: _("This field cannot be edited.") for field in unknown})
    for field, value in data.items():
        setattr(plan, field, value)
    _plan_validate(plan)
    _attribute(plan, by)
    plan.save()
    _children_replace(plan, None if rules is None else list(rules), None if targets is None else list(targets), by)
    return plan


@transaction.atomic
def layout_plan_delete(*, plan: LayoutPlan, by: AbstractBaseUser | None) -> None:
    for child in [*plan.rules.all(), *plan.targets.all()]:
        _attribute(child, by)
        child.delete()
    _attribute(plan, by)
    plan.delete()
