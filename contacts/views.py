"""Entity pages: the list with filters, a partner's file, the forms, and filing a city from the gazetteer."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from contacts import services
from contacts.choices import EntityKind
from contacts.filters import EntityFilterSet
from contacts.forms import (
    ENTITIES,
    ContactPointFormSet,
    EntityForm,
    GazetteerAddForm,
    GazetteerSearchForm,
    contact_points_from,
)
from contacts.models import Entity
from contacts.selectors import (
    entity_list,
    entity_recent_events,
    entity_ties,
    entity_ties_count,
    gazetteer_hits,
    regions_of_country,
)
from core.exports import export_response
from core.history import history_page
from core.paging import page_of_rows
from core.pickers import picker_options

PAGE_SIZE = 25


@permission_required("contacts.view_entity", raise_exception=True)
def entity_list_view(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    # Everyday lists leave archived entities out; "archived: any" (or yes) in the form shows them.
    data.setdefault("archived", "false")
    filterset = EntityFilterSet(data, queryset=Entity.objects.all())
    entities = filterset.qs if filterset.is_valid() else Entity.objects.none()
    # Sorted and cut on the entities alone; the page's rows then read with their parent and counts (core.paging).
    page = page_of_rows(
        entities, lambda ids: entity_list(counts=True).filter(pk__in=ids), request.GET.get("page"), PAGE_SIZE
    )
    return render(
        request,
        "contacts/entity_list.html",
        {
            "form": filterset.form,
            "page_obj": page,
            "entities": page.object_list,
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@require_GET
@permission_required("contacts.view_entity", raise_exception=True)
def entity_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list's current selection (its filters, every page) as XLSX or CSV, in the import template's columns."""
    from contacts.exports import entities_table

    data = request.GET.copy()
    data.setdefault("archived", "false")
    filterset = EntityFilterSet(data, queryset=entity_list())
    entities = filterset.qs if filterset.is_valid() else Entity.objects.none()
    return export_response(entities_table, entities, fmt, "entities")


ENTITY_PAGE_TIES = 20
ENTITY_PAGE_CHILDREN = 50


@permission_required("contacts.view_entity", raise_exception=True)
def entity_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(entity_list(), pk=pk)
    # The latest ties and children; the rest on demand (the lists filtered by this entity): a province's home city
    # has thousands of ties and a page of them all weighed megabytes.
    ties = entity_ties(entity, limit=ENTITY_PAGE_TIES)
    children = list(entity.children.order_by("kind", "name")[: ENTITY_PAGE_CHILDREN + 1])
    for tie in ties:
        tie.outgoing = tie.source_id == entity.pk
        tie.other = tie.target if tie.outgoing else tie.source
    return render(
        request,
        "contacts/entity_detail.html",
        {
            "entity": entity,
            "ties": ties,
            "ties_count": entity_ties_count(entity) if len(ties) == ENTITY_PAGE_TIES else len(ties),
            "participations": entity_recent_events(entity),
            "children": children[:ENTITY_PAGE_CHILDREN],
            "children_count": entity.children.count() if len(children) > ENTITY_PAGE_CHILDREN else len(children),
            "regions": regions_of_country(entity.country.code) if entity.country else [],
            "history": history_page(entity),
            "delete_refusal": services.entity_delete_refusal(entity)
            if request.user.has_perm("contacts.delete_entity")
            else None,
        },
    )


def _form_page(request: HttpRequest, form: EntityForm, formset, entity: Entity | None) -> HttpResponse:
    return render(
        request,
        "contacts/entity_form.html",
        {"form": form, "formset": formset, "entity": entity},
        status=400 if request.method == "POST" else 200,
    )


@permission_required("contacts.add_entity", raise_exception=True)
def entity_create_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = EntityForm(request.POST)
        formset = ContactPointFormSet(request.POST, prefix="contacts")
        if form.is_valid() and formset.is_valid():
            try:
                entity = services.entity_create(
                    by=request.user,
                    contact_points=contact_points_from(formset),
                    check_duplicates=not form.cleaned_data.get("confirm_duplicate"),
                    **form.service_arguments(),
                )
            except services.PossibleDuplicate as exc:
                form.duplicates = exc.candidates  # listed above the form, with "Save anyway"
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("“%(entity)s” is now on file.") % {"entity": entity})
                return redirect(entity)
        return _form_page(request, form, formset, None)
    initial = {key: request.GET[key] for key in ("kind", "parent", "country", "name") if request.GET.get(key)}
    if request.GET.get("domestic"):
        initial["domestic"] = request.GET["domestic"] in ("1", "true", "on")
    return _form_page(request, EntityForm(initial=initial), ContactPointFormSet(prefix="contacts"), None)


def _contact_points_now(entity: Entity, posted: list[dict]) -> str:
    """The contact points saved now, as text, when they differ from the posted ones (a stale save); else ""."""
    saved = list(entity.contact_points.order_by("pk"))
    if {(p.kind, p.label, p.value) for p in saved} == {(p["kind"], p["label"], p["value"]) for p in posted}:
        return ""
    return "; ".join(f"{p.get_kind_display()} {p.label}: {p.value}".replace(" :", ":") for p in saved) or "—"


@permission_required("contacts.change_entity", raise_exception=True)
def entity_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(Entity, pk=pk)
    points = [{"id": p.pk, "kind": p.kind, "label": p.label, "value": p.value} for p in entity.contact_points.all()]
    if request.method == "POST":
        form = EntityForm(request.POST, instance=entity)
        formset = ContactPointFormSet(request.POST, prefix="contacts", initial=points)
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    current = Entity.objects.select_for_update().get(pk=pk)
                    form.check_version(current)
                    services.entity_update(
                        entity=current,
                        by=request.user,
                        contact_points=contact_points_from(formset),
                        **form.service_arguments(),
                    )
                    form.saved()
            except ValidationError as exc:
                if getattr(exc, "error_dict", None) and "contact_points" in exc.error_dict:
                    formset._non_form_errors = formset.error_class(exc.error_dict.pop("contact_points"))
                form.add_service_errors(exc)
                if form.stale:
                    formset.stale_now = _contact_points_now(entity, contact_points_from(formset))
            else:
                messages.success(request, _("Changes saved."))
                return redirect(entity)
        return _form_page(request, form, formset, entity)
    return _form_page(
        request, EntityForm(instance=entity), ContactPointFormSet(prefix="contacts", initial=points), entity
    )


@require_POST
@permission_required("contacts.change_entity", raise_exception=True)
def entity_archive_view(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(Entity, pk=pk)
    archived = request.POST.get("archived", "1") not in ("0", "false")
    services.entity_archive(entity=entity, by=request.user, archived=archived)
    messages.success(
        request,
        _("Archived: it stays on file with its ties and events, out of everyday lists.")
        if archived
        else _("Back from the archive."),
    )
    return redirect(entity)


@require_POST
@permission_required("contacts.change_entity", raise_exception=True)
def entity_bulk_view(request: HttpRequest) -> HttpResponse:
    """One action (archive, bring back, add or remove a tag) on the entities ticked in the list."""
    try:
        changed = services.entities_bulk(
            entity_ids=request.POST.getlist("ids"),
            action=request.POST.get("action", ""),
            tag=request.POST.get("tag", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, ngettext("%(count)d entity changed.", "%(count)d entities changed.", changed) % {"count": changed}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = reverse("contacts:list")
    return redirect(target)


@require_POST
@permission_required("contacts.delete_entity", raise_exception=True)
def entity_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(Entity, pk=pk)
    name = str(entity)
    try:
        services.entity_delete(entity=entity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(entity)
    messages.success(
        request, _("“%(entity)s” was deleted. An administrator can restore it from the history.") % {"entity": name}
    )
    return redirect("contacts:list")


@require_GET
@permission_required("contacts.view_entity", raise_exception=True)
def entity_options_view(request: HttpRequest) -> HttpResponse:
    """`<option>`s of the entities matching a search, for every entity picker (htmx, core.pickers). `domestic=0/1`
    narrows them to partners or to our own side, as the form's field does."""
    queryset = Entity.objects.all()
    domestic = request.GET.get("domestic")
    if domestic in ("0", "1"):
        queryset = queryset.filter(domestic=domestic == "1")
    if request.GET.get("people") == "0":
        queryset = queryset.exclude(kind=EntityKind.PERSON)
    elif request.GET.get("people") == "1":
        queryset = queryset.filter(kind=EntityKind.PERSON)
    return picker_options(request, source=ENTITIES, queryset=queryset)


@permission_required("contacts.view_entity", raise_exception=True)
def gazetteer_view(request: HttpRequest) -> HttpResponse:
    """Search the world's cities; on htmx requests only the results table is sent back."""
    form = GazetteerSearchForm(request.GET or None)
    hits: list[dict] = []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        hits = gazetteer_hits(q=form.cleaned_data["q"], country=form.cleaned_data["country"] or None, limit=25)
    context = {
        "form": form,
        "hits": hits,
        "searched": bool(form.is_bound and request.GET.get("q", "").strip()),
        "add_form": GazetteerAddForm(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "contacts/gazetteer_results.html", context)
    return render(request, "contacts/gazetteer.html", context)


@require_POST
@permission_required("contacts.add_entity", raise_exception=True)
def gazetteer_add_view(request: HttpRequest) -> HttpResponse:
    """File a gazetteer city with one click, then show its page."""
    form = GazetteerAddForm(request.POST)
    back = reverse("contacts:gazetteer") + ("?" + urlencode({"q": request.POST["q"]}) if request.POST.get("q") else "")
    if not form.is_valid():
        messages.error(request, _("Choose a city from the results first."))
        return redirect(back)
    try:
        entity = services.entity_create_from_gazetteer(
            geonameid=form.cleaned_data["geonameid"],
            kind=form.cleaned_data["kind"],
            by=request.user,
            domestic=form.cleaned_data["domestic"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("“%(entity)s” is now on file, with its coordinates and population from GeoNames.") % {"entity": entity},
    )
    return redirect(entity)
