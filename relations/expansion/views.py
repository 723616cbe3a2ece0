"""Expansion pages: the suggestions (accept, dismiss, plan), the world map of the layout, the network of ties.

The pages call the same selectors and services as the expansion API (`world`, `layout`, `services` of this
package); the map and the network are drawn in the browser from the JSON APIs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_countries import countries as country_names

from contacts import gazetteer
from contacts.choices import EntityKind
from contacts.models import Entity
from relations import providers
from relations.choices import PlanTier, RelationKind, RelationStatus
from relations.expansion.kinds import KINDS
from relations.expansion.layout import layout_for, plan_current
from relations.expansion.services import suggestion_accept, suggestion_dismiss
from relations.expansion.world import home_check, home_units, suggestions_for
from relations.models import LayoutPlan, SuggestionDismissal
from relations.selectors import home_default, home_options

DEPTHS = (1, 2, 3)
DEFAULT_DEPTH = 2


def kind_texts() -> dict[str, tuple[str, str]]:
    """Each kind of suggestion: its heading and the sentence that explains it, in the active language."""
    return {
        "gap": (
            _("Gaps in the layout"),
            _(
                "Priority regions and countries where the plan wants more ties than we have, with the best "
                "candidate cities in each."
            ),
        ),
        "reference": (
            _("Ties the world list knows"),
            _("Partners the world's lists of twin towns give us that are not in our record."),
        ),
        "radiate": (
            _("Radiate from our partners"),
            _(
                "Cities near our partners, the neighbouring countries of partner countries, and the partners "
                "of our partners (以点带面)."
            ),
        ),
        "deepen": (
            _("Deepen sister-city ties"),
            _("Sister cities with no district, school, enterprise or organisation ties beneath them yet."),
        ),
        "anniversary": (
            _("Anniversaries to plan"),
            _("Milestone anniversaries in the next 18 months that have no plan yet."),
        ),
        "dormant": (
            _("Ties gone quiet"),
            _("Signed ties with no exchange for a long time, and ties stuck at one lifecycle step for over a year."),
        ),
        "upgrade": (
            _("Ready for an upgrade"),
            _("Friendly-exchange ties active enough to propose upgrading them to sister cities."),
        ),
    }


def subject_type_labels() -> dict[str, str]:
    return {"entity": _("on file"), "city": _("city from the gazetteer"), "country": _("country")}


# --- the home entity ----------------------------------------------------------------------------------------------


def home_from_request(request: HttpRequest, options: list[Entity]) -> Entity | None:
    """The `home` parameter (GET or POST), or the default; a malformed or unknown id is a 404, and an entity
    `home_check` refuses (a foreign one) a ValidationError naming `home`, which the views answer with a 400."""
    raw = (request.POST.get("home") if request.method == "POST" else None) or request.GET.get("home")
    if raw in (None, ""):
        return home_default(options)
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404(_("There is no such home entity.")) from None
    if not 0 < pk < 2**63:  # beyond a database integer: no such row, rather than an overflow
        raise Http404(_("There is no such home entity."))
    for entity in options:
        if entity.pk == pk:
            return entity
    # Any of our own units may be a home (a school, a firm); a foreign entity may not.
    entity = Entity.objects.filter(pk=pk).first()
    if entity is None:
        raise Http404(_("There is no such home entity."))
    home_check(entity)
    return entity


def home_refused_as_400(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a `home` that `home_check` refuses with a 400 naming it, as the API does, rather than a 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict") or "home" not in exc.error_dict:
                raise
            error = " ".join(exc.message_dict["home"])
            return render(request, "relations/expansion_bad_home.html", {"error": error, "field": "home"}, status=400)

    return wrapper


def _page_base(request: HttpRequest, tab: str) -> dict[str, Any]:
    options = home_options()
    home = home_from_request(request, options)
    if home is not None and home not in options:
        options = [*options, home]
    return {"home": home, "homes": options, "tab": tab, "today": timezone.localdate()}


# --- suggestions, shaped for the template -------------------------------------------------------------------------


def dom_id(key: str) -> str:
    """An element id (and CSS selector) safe form of a suggestion key; the map builds the same one in map.js."""
    return "suggestion-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def _subject_name(subject: dict) -> str:
    name, name_zh = subject.get("name") or "", subject.get("name_zh") or ""
    if name_zh and name_zh != name:
        return f"{name_zh} {name}" if (get_language() or "").startswith("zh") else f"{name} {name_zh}"
    return name or name_zh


def _display_name(entity: Entity) -> str:
    """A partner's name as the reader knows it: Chinese in the Chinese interface, else English, else local."""
    if (get_language() or "").startswith("zh") and entity.name_zh:
        return entity.name_zh
    return entity.name_en or entity.name


def _url_template(name: str) -> str:
    """A detail page's URL with `{id}` where the primary key goes, for the scripts to fill in."""
    return reverse(name, args=[0]).replace("/0/", "/{id}/")


def _subject_url(subject: dict) -> str:
    if subject.get("type") == "entity" and subject.get("id"):
        return reverse("contacts:detail", args=[subject["id"]])
    return ""


def _subject_country(subject: dict) -> str:
    return (subject.get("code") if subject.get("type") == "country" else subject.get("country")) or ""


def suggestion_card(item: dict, *, perms: dict[str, bool]) -> dict[str, Any]:
    """One suggestion (the API's dict) with what its card shows: names, links, which buttons the user gets."""
    subject = item.get("subject") or {}
    actions = item.get("actions") or []
    code = _subject_country(subject)
    relation_id = item.get("relation") or subject.get("relation")
    anniversary_on = item.get("date") or subject.get("date")
    if isinstance(anniversary_on, str):
        try:
            anniversary_on = date.fromisoformat(anniversary_on)
        except ValueError:
            anniversary_on = None
    return {
        **item,
        "dom_id": dom_id(item["key"]),
        "subject_name": _subject_name(subject),
        "subject_url": _subject_url(subject),
        "subject_type_label": subject_type_labels().get(subject.get("type", ""), ""),
        "country_name": str(country_names.name(code)) if code and subject.get("type") != "country" else "",
        "relation_id": relation_id,
        "anniversary_on": anniversary_on,
        "can_accept": "accept" in actions and perms["accept"],
        "can_dismiss": "dismiss" in actions and perms["dismiss"],
        "can_plan": "plan" in actions and perms["plan"] and bool(relation_id and anniversary_on),
    }


def _perms(user) -> dict[str, bool]:
    return {
        "accept": user.has_perms(("relations.add_relation", "contacts.add_entity")),
        "dismiss": user.has_perm("relations.add_suggestiondismissal"),
        "plan": providers.can_plan_anniversary(user),
    }


def _suggestions(home: Entity) -> list[dict]:
    return suggestions_for(home=home)


def _find(home: Entity, key: str) -> dict | None:
    return next((item for item in _suggestions(home) if item.get("key") == key), None)


DISMISSED_SHOWN = 100
SUMMARY_PER_KIND = 3  # the compact summary shows this many of each kind, with a link to all of them
PAGE_SIZE = 20  # one kind's suggestions per page


def dismissed_rows(home: Entity) -> list[SuggestionDismissal]:
    """The home's dismissals, newest first, with who dismissed them and whether each still hides its suggestion."""
    today = timezone.localdate()
    texts = kind_texts()
    rows = list(
        SuggestionDismissal.objects.filter(home=home)
        .select_related("dismissed_by")
        .order_by("-created", "-id")[:DISMISSED_SHOWN]
    )
    for row in rows:
        row.active = row.until > today
        row.kind_label = texts.get(row.kind, (row.kind,))[0]
        user = row.dismissed_by
        row.dismissed_by_name = (user.get_full_name() or user.get_username()) if user else ""
    return rows


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
@home_refused_as_400
def expansion_view(request: HttpRequest) -> HttpResponse:
    context = _page_base(request, "suggestions")
    home = context["home"]
    if home is not None:
        from django.core.paginator import Paginator
        from django.utils.http import urlencode

        from contacts.models import Region
        from relations.expansion.filters import suggestions_filter

        perms = _perms(request.user)
        texts = kind_texts()
        # Filters: one kind (then paginated), a country, a region's member countries. Without a kind the page is
        # a compact summary: the first few of each kind, with a link to all of them.
        kind = request.GET.get("kind", "")
        kind = kind if kind in KINDS else ""
        country = (request.GET.get("country") or "").strip().upper()[:2]
        region_code = (request.GET.get("region") or "").strip().lower()
        region = Region.objects.filter(code=region_code).first() if region_code else None
        items = suggestions_filter(
            _suggestions(home), country=country, countries=list(region.countries or ()) if region else None
        )
        by_kind: dict[str, list[dict]] = {k: [] for k in KINDS}
        for item in items:
            by_kind.setdefault(item["kind"], []).append(item)
        filters = {"home": home.pk, "country": country, "region": region.code if region else ""}
        base = {k: v for k, v in filters.items() if v}
        groups = []
        page_obj = None
        for k, rows in by_kind.items():
            if kind and k != kind:
                continue
            if kind:
                page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
                shown = list(page_obj.object_list)
            else:
                shown = rows[:SUMMARY_PER_KIND]
            groups.append(
                {
                    "kind": k,
                    "title": texts.get(k, (k, ""))[0],
                    "explanation": texts.get(k, ("", ""))[1],
                    "items": [suggestion_card(item, perms=perms) for item in shown],
                    "total": len(rows),
                    "more_url": "?" + urlencode({**base, "kind": k}) if len(rows) > len(shown) and not kind else "",
                }
            )
        context.update(
            {
                "groups": groups,
                "kind_filter": kind,
                "country_filter": country,
                "region_filter": region.code if region else "",
                "regions": list(Region.objects.order_by("code").values_list("code", "name")),
                "kinds_all": [(k, texts.get(k, (k,))[0]) for k in KINDS],
                "page_obj": page_obj,
                "page_query": urlencode({**base, "kind": kind}) if kind else "",
                "summary_url": "?" + urlencode(base),
                "dismissed": dismissed_rows(home)
                if request.user.has_perm("relations.view_suggestiondismissal")
                else [],
                "plan": plan_current(home),
            }
        )
    return render(request, "relations/expansion.html", context)


def _error_card(request: HttpRequest, home: Entity, key: str, error: str) -> HttpResponse:
    item = _find(home, key) if home is not None else None
    if not request.headers.get("HX-Request"):
        messages.error(request, error)
        return redirect(_expansion_url(home))
    if item is None:
        return render(
            request, "relations/expansion_gone.html", {"error": error, "key": key, "dom_id": dom_id(key)}, status=400
        )
    card = suggestion_card(item, perms=_perms(request.user))
    return render(request, "relations/expansion_suggestion.html", {"s": card, "home": home, "error": error}, status=400)


def _expansion_url(home: Entity | None) -> str:
    url = reverse("expansion:suggestions")
    return f"{url}?home={home.pk}" if home is not None else url


def _posted_home_and_key(request: HttpRequest) -> tuple[Entity | None, str]:
    home = home_from_request(request, home_options())
    return home, (request.POST.get("key") or "").strip()


@require_POST
@permission_required(("relations.add_relation", "contacts.add_entity"), raise_exception=True)
@home_refused_as_400
def expansion_accept_view(request: HttpRequest) -> HttpResponse:
    """Accept a suggestion: the service creates the partner (from the gazetteer when needed) and a tie at contact."""
    home, key = _posted_home_and_key(request)
    if home is None or not key:
        return _error_card(request, home, key, _("Choose a suggestion to accept."))
    try:
        relation = suggestion_accept(home=home, key=key, by=request.user)
    except ValidationError as exc:
        return _error_card(request, home, key, " ".join(exc.messages))
    if not request.headers.get("HX-Request"):
        messages.success(
            request, _("Accepted: a new tie with %(partner)s is on file.") % {"partner": _display_name(relation.target)}
        )
        return redirect(_expansion_url(home))
    card = {"key": key, "dom_id": dom_id(key), "kind": request.POST.get("kind", "")}
    return render(
        request,
        "relations/expansion_accepted.html",
        {"s": card, "relation": relation, "partner": _display_name(relation.target), "home": home},
    )


@require_POST
@permission_required("relations.add_suggestiondismissal", raise_exception=True)
@home_refused_as_400
def expansion_dismiss_view(request: HttpRequest) -> HttpResponse:
    """Dismiss a suggestion with a reason: it disappears for 12 months and joins the dismissed list."""
    home, key = _posted_home_and_key(request)
    reason = (request.POST.get("reason") or "").strip()
    if home is None or not key:
        return _error_card(request, home, key, _("Choose a suggestion to dismiss."))
    if not reason:
        return _error_card(request, home, key, _("Say why the suggestion is dismissed."))
    try:
        suggestion_dismiss(home=home, key=key, reason=reason, by=request.user)
    except ValidationError as exc:
        return _error_card(request, home, key, " ".join(exc.messages))
    if not request.headers.get("HX-Request"):
        messages.success(request, _("The suggestion is dismissed."))
        return redirect(_expansion_url(home) + "#dismissed")
    # The card is replaced by nothing; the dismissed list is refreshed out of band.
    return render(
        request,
        "relations/expansion_dismiss_result.html",
        {"dismissed": dismissed_rows(home), "oob": True, "home": home},
    )


# --- the map and the network --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def numeric_to_alpha2() -> dict[str, str]:
    """ISO 3166-1 numeric code (zero-padded, as in the Natural Earth shapes) -> alpha-2, from GeoNames."""
    mapping = {f"{int(c['isonumeric']):03d}": code for code, c in gazetteer.countries().items() if c.get("isonumeric")}
    # The office's map follows China's position: Taiwan is shaded and counted with China.
    mapping["158"] = "CN"
    return mapping


# Shapes in Natural Earth without an ISO numeric code, by their name there.
SHAPES_WITHOUT_CODE = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


def _tier_labels() -> dict[str, str]:
    return {tier.value: str(tier.label) for tier in PlanTier}


def _choice_labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _layout_rows(home: Entity, plan: LayoutPlan | None) -> list[dict]:
    """The plan's rules against today, for the table under the map (the same selector as the layout API)."""
    if plan is None:
        return []
    chinese = (get_language() or "").startswith("zh")
    rows = layout_for(home=home, plan=plan)["rules"]
    for row in rows:
        row["display_name"] = (row.get("name_zh") or row["name"]) if chinese else row["name"]
    return rows


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
@home_refused_as_400
def expansion_map_view(request: HttpRequest) -> HttpResponse:
    context = _page_base(request, "map")
    home = context["home"]
    if home is not None:
        language = get_language() or settings.LANGUAGE_CODE
        context["plan"] = plan = plan_current(home)
        context["rules"] = _layout_rows(home, plan)
        context["map_config"] = {
            # China's point of view: Taiwan within China, the dotted line, the islands (scripts/build_map_layers.py).
            "topology_url": static("vendor/world-chn-110m.json"),
            "layout_url": f"{reverse('layout')}?home={home.pk}",
            "suggestions_url": f"{reverse('suggestion-list')}?home={home.pk}",
            "relations_url": reverse("relation-list"),
            "relation_url": _url_template("relations:detail"),
            "expansion_url": _expansion_url(home),
            "language": language,
            "home": {"id": home.pk, "name": str(home), "latitude": home.latitude, "longitude": home.longitude},
            # The home and its units: the panel lists their ties apart from the partners' ties with each other.
            "our_ids": sorted({home.pk, *home_units(home.pk)}),
            "numeric_to_alpha2": numeric_to_alpha2(),
            "name_to_alpha2": SHAPES_WITHOUT_CODE,
            "country_names": {code: str(name) for code, name in country_names},
            "tier_order": [tier.value for tier in PlanTier],
            "labels": {
                "map_title": _("World map of the layout of ties"),
                "inset_title": _("South China Sea Islands"),
                "loading": _("Drawing the map…"),
                "failed": _("The map could not be drawn. Reload the page to try again."),
                "legend_ties": _("Live ties"),
                "legend_tiers": _("Plan tiers"),
                # English and Chinese need only these two forms.
                "ties_count_one": ngettext("%(count)s live tie", "%(count)s live ties", 1),
                "ties_count": ngettext("%(count)s live tie", "%(count)s live ties", 2),
                "target": _("target %(target)s"),
                "shortfall": _("%(shortfall)s short"),
                "by_region": _("Tier set by the plan for %(region)s"),
                "ties": _("Ties"),
                "suggestions": _("Suggestions"),
                "no_ties": _("No tie with this country is on file."),
                "other_ties": _("Other ties on file there"),
                "no_suggestions": _("No suggestion for this country today."),
                "tiers": _tier_labels(),
                "relation_kinds": _choice_labels(RelationKind.choices),
                "statuses": _choice_labels(RelationStatus.choices),
                "suggestion_kinds": {kind: text[0] for kind, text in kind_texts().items()},
            },
        }
    return render(request, "relations/expansion_map.html", context)


def _depth(request: HttpRequest) -> int:
    try:
        depth = int(request.GET.get("depth", DEFAULT_DEPTH))
    except (TypeError, ValueError):
        return DEFAULT_DEPTH
    return depth if depth in DEPTHS else DEFAULT_DEPTH


@require_GET
@permission_required("relations.view_relation", raise_exception=True)
@home_refused_as_400
def expansion_network_view(request: HttpRequest) -> HttpResponse:
    context = _page_base(request, "network")
    home = context["home"]
    depth = _depth(request)
    context["depth"] = depth
    context["depth_choices"] = [(1, _("Direct ties")), (2, _("Partners of partners")), (3, _("Three steps"))]
    if home is not None:
        context["network_config"] = {
            "graph_url": f"{reverse('graph')}?center={home.pk}&depth={depth}",
            "center": home.pk,
            "entity_url": _url_template("contacts:detail"),
            "relation_url": _url_template("relations:detail"),
            "labels": {
                "loading": _("Drawing the network…"),
                "failed": _("The network could not be drawn. Reload the page to try again."),
                "empty": _("No tie of this home entity is on file yet."),
                "truncated": _("The network is too large to draw whole: only the entities nearest the home are shown."),
                "legend_entities": _("Entities"),
                "legend_ties": _("Ties"),
                "domestic": _("Our side (domestic)"),
                "signed": _("Signed, active"),
                "pre_signing": _("Before signing"),
                "inactive": _("Dormant or ended"),
                "open_tie": _("Open the tie"),
                "open_entity": _("Open the record"),
                "show_all": _("Show the whole network"),
                "filter_kinds": _("Kinds of tie"),
                "filter_statuses": _("Statuses"),
                "entity_kinds": _choice_labels(EntityKind.choices),
                "relation_kinds": _choice_labels(RelationKind.choices),
                "statuses": _choice_labels(RelationStatus.choices),
            },
        }
    return render(request, "relations/expansion_network.html", context)
