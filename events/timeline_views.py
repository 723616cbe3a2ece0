"""Pages of timelines (htmx partials for the entity and tie pages) and of follow-ups (list, detail, dashboard panel)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.models import Entity
from core.exports import export_response
from core.filters import valid_id
from core.history import history_page, person_name
from events.filters import FollowUpFilterSet
from events.forms import FollowUpForm, FollowUpReassignForm, NoteForm, TimelineFilterForm
from events.models import FollowUp, Note
from events.selectors import followup_list, followups_open, followups_overdue
from events.services import (
    followup_create,
    followup_mark_done,
    followup_reopen,
    followup_update,
    followups_reassign,
    note_create,
    note_delete,
)
from events.timeline import TYPE_LABELS, TYPES, Timeline
from relations.models import Relation

TIMELINE_PAGE_SIZE = 20
FOLLOWUP_PAGE_SIZE = 25
PANEL_SIZE = 10
# The follow-up filters shown on the page; entity/relation/event ids ride along as hidden fields (set by links).
VISIBLE_FILTERS = ("q", "owner", "done", "overdue", "due_after", "due_before")
# The follow-ups page's views of its one list.
FOLLOWUP_VIEWS = {
    "mine": gettext_lazy("My open follow-ups"),
    "overdue": gettext_lazy("Overdue"),
    "all": gettext_lazy("All follow-ups"),
}
# Query parameters that are not timeline filters, left out of the "load more" link.
_NOT_FILTERS = {"page", "text", "csrfmiddlewaretoken"}


# --- timelines ----------------------------------------------------------------------------------------------------


def _page_number(data) -> int:
    try:
        return max(int(data.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


def _render_timeline(request, *, kind: str, subject, data, note_form: NoteForm | None = None):
    """The whole partial for page 1; for later pages only the next items (what "load more" appends)."""
    filter_form = TimelineFilterForm(data)
    filters = filter_form.timeline_filters() if filter_form.is_valid() else {}
    timeline = Timeline(**{kind: subject}, **filters)
    paginator = Paginator(timeline, TIMELINE_PAGE_SIZE)
    number = _page_number(data)
    try:
        page = paginator.page(number)
    except (EmptyPage, PageNotAnInteger):
        if number > 1:
            return HttpResponse("")
        page = paginator.page(1)
    base_url = reverse(f"events:{kind}-timeline", args=[subject.pk])
    query = [(key, value) for key, values in data.lists() if key not in _NOT_FILTERS for value in values]
    next_url = f"{base_url}?{urlencode([*query, ('page', page.number + 1)])}" if page.has_next() else ""
    context = {
        "kind": kind,
        "subject": subject,
        "page_obj": page,
        "paginator": paginator,
        "next_url": next_url,
        "timeline_url": base_url,
        "note_url": reverse(f"events:{kind}-note", args=[subject.pk]),
        "filter_form": filter_form,
        "type_choices": list(TYPE_LABELS.items()),
        "selected_types": filters.get("types") or TYPES,
        "include_children": filters.get("include_children", False),
        "date_after": data.get("date_after", ""),
        "date_before": data.get("date_before", ""),
        "note_form": note_form or NoteForm(),
    }
    template = "events/_timeline_items.html" if number > 1 else "events/_timeline.html"
    return render(request, template, context)


def _note_post(request, *, kind: str, subject):
    if not request.user.has_perm("events.add_note"):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_create(text=form.cleaned_data["text"], author=request.user, **{kind: subject})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = NoteForm()
    # Re-render page 1 with the filters the user had (the note form includes them), the new note in place.
    data = request.POST.copy()
    data.pop("page", None)
    return _render_timeline(request, kind=kind, subject=subject, data=data, note_form=form)


@permission_required(("contacts.view_entity", "events.view_event"), raise_exception=True)
@require_http_methods(["GET"])
def entity_timeline_view(request, pk: int):
    entity = get_object_or_404(Entity, pk=pk)
    return _render_timeline(request, kind="entity", subject=entity, data=request.GET)


@permission_required(("relations.view_relation", "events.view_event"), raise_exception=True)
@require_http_methods(["GET"])
def relation_timeline_view(request, pk: int):
    relation = get_object_or_404(Relation.objects.select_related("source", "target"), pk=pk)
    return _render_timeline(request, kind="relation", subject=relation, data=request.GET)


def _note_delete_post(request, *, kind: str, subject, note_pk: int):
    note = get_object_or_404(Note, pk=note_pk)
    note_delete(note=note, by=request.user)  # PermissionDenied (403) unless the author or an admin
    data = request.POST.copy()
    data.pop("page", None)
    return _render_timeline(request, kind=kind, subject=subject, data=data)


@permission_required(("contacts.view_entity", "events.view_event"), raise_exception=True)
@require_POST
def entity_note_view(request, pk: int):
    return _note_post(request, kind="entity", subject=get_object_or_404(Entity, pk=pk))


@permission_required(("relations.view_relation", "events.view_event"), raise_exception=True)
@require_POST
def relation_note_view(request, pk: int):
    return _note_post(request, kind="relation", subject=get_object_or_404(Relation, pk=pk))


@permission_required(("contacts.view_entity", "events.view_event"), raise_exception=True)
@require_POST
def entity_note_delete_view(request, pk: int, note_pk: int):
    return _note_delete_post(request, kind="entity", subject=get_object_or_404(Entity, pk=pk), note_pk=note_pk)


@permission_required(("relations.view_relation", "events.view_event"), raise_exception=True)
@require_POST
def relation_note_delete_view(request, pk: int, note_pk: int):
    relation = get_object_or_404(Relation.objects.select_related("source", "target"), pk=pk)
    return _note_delete_post(request, kind="relation", subject=relation, note_pk=note_pk)


# --- follow-ups ---------------------------------------------------------------------------------------------------


def _initial_links(request) -> dict:
    """?entity=5 (or relation, event) pre-fills the new follow-up form, e.g. from an entity's page."""
    initial = {}
    for name in ("entity", "relation", "event"):
        value = request.GET.get(name, "")
        if valid_id(value):
            initial[name] = int(value)
    return initial


def _followup_selection(request) -> tuple[str, FollowUpFilterSet]:
    """The view (mine / overdue / all) and the filters the request picks, shared by the list and its export."""
    show = request.GET.get("show", "")
    if show not in FOLLOWUP_VIEWS:
        show = "mine"
    if show == "mine":
        queryset = followups_open(owner=request.user)
    elif show == "overdue":
        queryset = followups_overdue()
    else:
        queryset = followup_list().order_by("due_date", "id")
    return show, FollowUpFilterSet(request.GET or None, queryset=queryset)


@permission_required("events.view_followup", raise_exception=True)
@require_GET
def followup_export_view(request, fmt: str):
    """The list's current view and filters (every page) as XLSX or CSV, in the import template's columns."""
    from events.exports import followups_table

    _show, filterset = _followup_selection(request)
    queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else FollowUp.objects.none()
    return export_response(followups_table, queryset, fmt, "followups")


@permission_required("events.view_followup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def followup_list_view(request):
    """My open follow-ups, everyone's overdue ones, and all of them with filters; officers add new ones here."""
    if request.method == "POST":
        if not request.user.has_perm("events.add_followup"):
            raise PermissionDenied
        form = FollowUpForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                followup = followup_create(by=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Follow-up “%(title)s” added.") % {"title": followup.title})
                return redirect("events:followups")
    else:
        form = FollowUpForm(user=request.user, initial=_initial_links(request))

    # One list (issue 15 item 9: an item showed in up to three tables, and marking one copy done left the others
    # stale): the view picks mine / overdue / all, the filters narrow it, and each item is one row updated in place.
    show, filterset = _followup_selection(request)
    # Its own ids: the new follow-up form above has an owner picker too, and a picker fills the select its id names.
    filterset.form.auto_id = "id_filter_%s"
    page = Paginator(filterset.qs, FOLLOWUP_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "show": show,
        "views": [(key, label, key == show) for key, label in FOLLOWUP_VIEWS.items()],
        "filterset": filterset,
        "filter_form": filterset.form,
        "filter_fields": [filterset.form[name] for name in VISIBLE_FILTERS],
        "hidden_filter_fields": [filterset.form[name] for name in ("entity", "relation", "event")],
        "page_obj": page,
        "form": form if request.user.has_perm("events.add_followup") else None,
        "bulk_form": FollowUpReassignForm() if request.user.has_perm("events.change_followup") else None,
        "open_form": request.method == "POST" or bool(_initial_links(request)),
        "today": timezone.localdate(),
    }
    return render(request, "events/followup_list.html", context)


@permission_required("events.view_followup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def followup_detail_view(request, pk: int):
    followup = get_object_or_404(followup_list(), pk=pk)
    can_change = request.user.has_perm("events.change_followup")
    form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = FollowUpForm(request.POST, instance=followup, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    current = FollowUp.objects.select_for_update().get(pk=pk)
                    form.check_version(current)
                    followup_update(followup=current, by=request.user, **form.service_arguments())
                    form.saved()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Follow-up saved."))
                return redirect(followup)
    elif can_change:
        form = FollowUpForm(instance=followup, user=request.user)
    context = {"followup": followup, "form": form, "history": history_page(followup)}
    return render(request, "events/followup_detail.html", context)


@require_POST
@permission_required(("events.view_followup", "events.change_followup"), raise_exception=True)
def followup_bulk_view(request):
    """Give the follow-ups ticked in the list to another owner in one atomic, attributed action (mirrors the entity
    list's bulk actions)."""
    form = FollowUpReassignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            changed = followups_reassign(
                followup_ids=request.POST.getlist("ids"), owner=form.cleaned_data["owner"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d follow-up given to %(person)s.", "%(count)d follow-ups given to %(person)s.", changed
                )
                % {"count": changed, "person": person_name(form.cleaned_data["owner"])},
            )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = reverse("events:followups")
    return redirect(target)


def _after_toggle(request, followup: FollowUp):
    """htmx gets the updated row; a plain form post goes back where it came from."""
    if request.headers.get("HX-Request"):
        followup = followup_list().get(pk=followup.pk)
        context = {"f": followup, "next": request.POST.get("next", "")}
        return render(request, "events/followup_row.html", context)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("events:followups")
    return redirect(target)


@permission_required("events.change_followup", raise_exception=True)
@require_POST
def followup_done_view(request, pk: int):
    followup = followup_mark_done(followup=get_object_or_404(FollowUp, pk=pk), by=request.user)
    if not request.headers.get("HX-Request"):
        messages.success(request, _("Follow-up “%(title)s” marked done.") % {"title": followup.title})
    return _after_toggle(request, followup)


@permission_required("events.change_followup", raise_exception=True)
@require_POST
def followup_reopen_view(request, pk: int):
    followup = followup_reopen(followup=get_object_or_404(FollowUp, pk=pk), by=request.user)
    if not request.headers.get("HX-Request"):
        messages.success(request, _("Follow-up “%(title)s” reopened.") % {"title": followup.title})
    return _after_toggle(request, followup)


@permission_required("events.view_followup", raise_exception=True)
@require_http_methods(["GET"])
def followup_panel_view(request):
    """The dashboard's panel: my open follow-ups, the overdue ones highlighted and counted."""
    today = timezone.localdate()
    mine = followups_open(owner=request.user, today=today)
    context = {
        "followups": mine[:PANEL_SIZE],
        "open_count": mine.count(),
        "overdue_count": followups_overdue(owner=request.user, today=today).count(),
    }
    return render(request, "events/followup_panel.html", context)
