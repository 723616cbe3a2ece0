"""Pages: the candidate pairs (filter, "not a duplicate", merge), the merge form, and the merges with their undo."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from contacts.models import Entity
from core.filters import valid_id
from dedupe import services
from dedupe.forms import DuplicateFilterForm, MergeForm
from dedupe.models import Merge
from dedupe.selectors import duplicate_pairs, merge_list, pairs_with_entities

PAGE_SIZE = 25


@require_safe
@permission_required("contacts.view_entity", raise_exception=True)
def duplicates_view(request: HttpRequest) -> HttpResponse:
    form = DuplicateFilterForm(request.GET or None)
    kind = country = ""
    if form.is_bound and form.is_valid():
        kind, country = form.cleaned_data["kind"], form.cleaned_data["country"]
    pairs = duplicate_pairs(kind=kind, country=country)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page"))
    pairs_with_entities(list(page.object_list))
    return render(
        request,
        "dedupe/duplicates.html",
        {"form": form, "page_obj": page, "pairs": page.object_list, "here": request.get_full_path()},
    )


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@require_POST
@permission_required("dedupe.add_notduplicate", raise_exception=True)
def not_duplicate_view(request: HttpRequest) -> HttpResponse:
    ids = [request.POST.get("first", ""), request.POST.get("second", "")]
    back = _back(request, reverse("dedupe:duplicates"))
    if not all(valid_id(i) for i in ids):
        messages.error(request, _("Choose two entities."))
        return redirect(back)
    first, second = (get_object_or_404(Entity, pk=int(i)) for i in ids)
    try:
        services.not_duplicate_mark(first=first, second=second, note=request.POST.get("note", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("“%(first)s” and “%(second)s” are marked as two records; the pair is no longer offered.")
            % {"first": first, "second": second},
        )
    return redirect(back)


def _merge_entities(request: HttpRequest) -> list[Entity]:
    source = request.POST if request.method == "POST" else request.GET
    ids = []
    for value in source.getlist("ids"):
        for part in str(value).split(","):
            if valid_id(part.strip()) and int(part) not in ids:
                ids.append(int(part))
    found = Entity.objects.select_related("parent").in_bulk(ids)
    return [found[i] for i in ids if i in found]


@permission_required("dedupe.add_merge", raise_exception=True)
def merge_view(request: HttpRequest) -> HttpResponse:
    entities = _merge_entities(request)
    if len(entities) < 2:
        if request.method == "POST" or request.GET.get("ids"):
            messages.error(request, _("Choose at least two entities to merge."))
        return redirect("dedupe:duplicates")
    form = MergeForm(request.POST if request.method == "POST" else None, entities=entities)
    if request.method == "POST" and form.is_valid():
        try:
            merge = services.entities_merge(by=request.user, **form.merge_arguments())
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                for error in errors:
                    form.add_error(None, f"{error}" if field in ("__all__", "merged") else f"{field}: {error}")
        else:
            messages.success(request, _("Merged: %(summary)s.") % {"summary": merge.summary})
            return redirect(reverse("contacts:detail", args=[merge.survivor_id]))
    rows = [
        {**row, "cells": list(zip(entities, row["values"], strict=True)), "bound": form[row["field"]]}
        for row in form.rows
    ]
    return render(
        request,
        "dedupe/merge_form.html",
        {"form": form, "entities": entities, "rows": rows, "ids": ",".join(str(e.pk) for e in entities)},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
@permission_required("dedupe.view_merge", raise_exception=True)
def merge_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(merge_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dedupe/merge_list.html", {"page_obj": page, "merges": page.object_list})


@require_safe
@permission_required("dedupe.view_merge", raise_exception=True)
def merge_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(merge_list(), pk=pk)
    survivor = Entity.objects.filter(pk=merge.survivor_id).first()
    return render(
        request,
        "dedupe/merge_detail.html",
        {
            "merge": merge,
            "survivor": survivor,
            "changes": len(merge.log),
            "refusal": services.merge_undo_refusal(merge) if request.user.has_perm("dedupe.delete_merge") else None,
        },
    )


@require_POST
@permission_required("dedupe.delete_merge", raise_exception=True)
def merge_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    merge = get_object_or_404(Merge, pk=pk)
    try:
        services.merge_undo(merge=merge, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Undone: the merged records are back with their links."))
    return redirect(merge)


def merge_url(ids) -> str:
    """The merge form for these entities."""
    return reverse("dedupe:merge") + "?" + urlencode({"ids": ",".join(str(i) for i in ids)})
