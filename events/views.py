"""Event pages: list with filters and batch / person-times totals, detail, create / edit with participants, delete."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.models import Entity
from contacts.selectors import region_choices
from core.documents import docx_response
from core.exports import export_response
from core.filters import valid_id
from core.history import history_page
from core.paging import CountedPaginator
from core.pickers import picker_options
from events.filters import EventFilterSet
from events.forms import (
    EVENTS,
    PARTICIPANTS_PREFIX,
    USERS,
    EventForm,
    GiftForm,
    ParticipantFormSet,
    RosterMemberForm,
    active_users,
)
from events.models import Event, Gift, RosterMember
from events.selectors import event_detail, event_list, event_totals
from events.services import (
    event_create,
    event_delete,
    event_update,
    gift_create,
    gift_delete,
    roster_member_create,
    roster_member_delete,
    roster_member_promote,
)
from events.tie_application import tie_application_docx, tie_application_filename
from relations.models import Relation

PAGE_SIZE = 25


def _get_event(pk: int) -> Event:
    try:
        return event_detail(pk=pk)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


@require_GET
@permission_required("events.view_event", raise_exception=True)
def event_list_view(request):
    filterset = EventFilterSet(request.GET or None, queryset=event_list(), request=request)
    # On the page, regions are picked from a list (the API takes any region or country code as text).
    filterset.form.fields["region"].widget = forms.Select(choices=[("", "---------"), *region_choices()])
    # An invalid filter shows its error and no rows, rather than silently listing everything.
    queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else Event.objects.none()
    page = CountedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "events": page.object_list,
            "totals": event_totals(queryset),
            "filtered": any(value for key, value in request.GET.items() if key in filterset.filters),
        },
    )


@require_GET
@permission_required("events.view_event", raise_exception=True)
def event_export_view(request, fmt: str):
    """The list's current selection (its filters, every page) as XLSX or CSV, in the import template's columns."""
    from events.exports import events_table

    filterset = EventFilterSet(request.GET or None, queryset=event_list(), request=request)
    queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else Event.objects.none()
    return export_response(events_table, queryset, fmt, "events")


@require_GET
@permission_required("events.view_event", raise_exception=True)
def event_detail_view(request, pk: int):
    return _event_detail(request, _get_event(pk))


def _event_detail(request, event: Event, roster_form=None, gift_form=None, status: int = 200):
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "participants": list(event.participants.all()),
            "relations": list(event.relations.all()),
            "roster": list(event.roster.select_related("entity")),
            "gifts": list(event.gifts.all()),
            "roster_form": roster_form or RosterMemberForm(),
            "gift_form": gift_form or GiftForm(),
            "history": history_page(event),
        },
        status=status,
    )


# --- the roster and the gifts, added and removed from the event's page ----------------------------------------------


def _add_to_event(request, pk: int, form_class, create, form_key: str):
    event = _get_event(pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            create(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect(event.get_absolute_url() + ("#roster" if form_key == "roster_form" else "#gifts"))
    return _event_detail(request, event, status=400, **{form_key: form})


@require_http_methods(["POST"])
@permission_required("events.add_rostermember", raise_exception=True)
def roster_add_view(request, pk: int):
    return _add_to_event(request, pk, RosterMemberForm, roster_member_create, "roster_form")


@require_http_methods(["POST"])
@permission_required("events.add_gift", raise_exception=True)
def gift_add_view(request, pk: int):
    return _add_to_event(request, pk, GiftForm, gift_create, "gift_form")


def _event_record(model, pk: int):
    try:
        return model.objects.select_related("event").get(pk=pk)
    except model.DoesNotExist:
        raise Http404(_("No such record.")) from None


@require_http_methods(["POST"])
@permission_required("events.delete_rostermember", raise_exception=True)
def roster_delete_view(request, pk: int):
    member = _event_record(RosterMember, pk)
    roster_member_delete(member=member, by=request.user)
    messages.success(request, _("%(name)s was removed from the roster.") % {"name": member.name})
    return redirect(member.event.get_absolute_url() + "#roster")


@require_http_methods(["POST"])
@permission_required("events.change_rostermember", raise_exception=True)
@permission_required("contacts.add_entity", raise_exception=True)
def roster_promote_view(request, pk: int):
    member = _event_record(RosterMember, pk)
    person = roster_member_promote(member=member, by=request.user)
    messages.success(request, _("%(name)s is now on file as a person.") % {"name": member.name})
    return redirect(person.get_absolute_url())


@require_http_methods(["POST"])
@permission_required("events.delete_gift", raise_exception=True)
def gift_delete_view(request, pk: int):
    gift = _event_record(Gift, pk)
    gift_delete(gift=gift, by=request.user)
    messages.success(request, _("The gift was removed."))
    return redirect(gift.event.get_absolute_url() + "#gifts")


def _apply_service_errors(error: ValidationError, form: EventForm) -> list[str]:
    """Put a service's refusal next to the fields it names; participant errors are returned for the formset."""
    participant_errors: list[str] = []
    for field, messages_ in error.message_dict.items():
        if field == "participants":
            participant_errors.extend(messages_)
        elif field in form.fields:
            for message in messages_:
                form.add_error(field, message)
        else:
            for message in messages_:
                form.add_error(None, message)
    return participant_errors


def _prefill(request) -> tuple[dict, list[dict]]:
    """Initial data from ?entity=<id>&relation=<id> (e.g. "log a visit" on an entity's or a tie's page)."""
    initial: dict = {}
    rows: list[dict] = []
    entity = relation = None
    if valid_id(entity_id := request.GET.get("entity", "")):
        entity = Entity.objects.filter(pk=entity_id).first()
    if valid_id(relation_id := request.GET.get("relation", "")):
        relation = Relation.objects.select_related("target").filter(pk=relation_id).first()
    if relation is not None:
        initial["relations"] = [relation.pk]
        if entity is None:
            entity = relation.target
    if entity is not None:
        rows.append({"entity": entity.pk, "role": "guest"})
    return initial, rows


def _participants_now(event: Event, posted: list[dict]) -> str:
    """The participants saved now, as text, when they differ from the posted ones (a stale save); else ""."""
    saved = list(event.participants.select_related("entity").order_by("pk"))
    if {(p.entity_id, p.role, p.headcount) for p in saved} != {
        (row["entity"].pk, row["role"], row["headcount"]) for row in posted
    }:
        return "; ".join(f"{p.entity} ({p.get_role_display()}, {p.headcount})" for p in saved) or "—"
    return ""


def _event_form_page(request, *, event: Event | None):
    if request.method == "POST":
        form = EventForm(request.POST, record=event)
        formset = ParticipantFormSet(request.POST, prefix=PARTICIPANTS_PREFIX)
        participant_errors: list[str] = []
        if form.is_valid() and formset.is_valid():
            arguments = {
                **form.service_arguments(),
                "participants": formset.rows(),
                "relations": list(form.cleaned_data["relations"]),
            }
            try:
                if event is None:
                    saved = event_create(by=request.user, **arguments)
                    messages.success(request, _("The event was logged."))
                else:
                    with transaction.atomic():
                        current = Event.objects.select_for_update().get(pk=event.pk)
                        form.check_version(current)
                        saved = event_update(event=current, by=request.user, **arguments)
                        form.saved()
                    messages.success(request, _("The event was saved."))
                return redirect(saved)
            except ValidationError as error:
                participant_errors = _apply_service_errors(error, form)
                if form.stale:
                    formset.stale_now = _participants_now(event, formset.rows())
    else:
        if event is None:
            initial, rows = _prefill(request)
        else:
            initial = EventForm.initial_for(event)
            rows = [{"entity": p.entity_id, "role": p.role, "headcount": p.headcount} for p in event.participants.all()]
        form = EventForm(initial=initial, record=event)
        formset = ParticipantFormSet(initial=rows, prefix=PARTICIPANTS_PREFIX)
        participant_errors = []
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "formset": formset,
            "event": event,
            "participant_errors": participant_errors,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("events.add_event", raise_exception=True)
def event_create_view(request):
    return _event_form_page(request, event=None)


@require_http_methods(["GET", "POST"])
@permission_required("events.change_event", raise_exception=True)
def event_update_view(request, pk: int):
    return _event_form_page(request, event=_get_event(pk))


@require_http_methods(["GET", "POST"])
@permission_required("events.delete_event", raise_exception=True)
def event_delete_view(request, pk: int):
    event = _get_event(pk)
    if request.method == "POST":
        try:
            event_delete(event=event, by=request.user)
        except ProtectedError:
            messages.error(request, _("This event cannot be deleted while follow-ups refer to it."))
            return redirect(event)
        messages.success(request, _("The event was deleted. An administrator can restore it from its history."))
        return redirect("events:event-list")
    return render(request, "events/event_confirm_delete.html", {"event": event})


@require_GET
@permission_required("events.add_event", raise_exception=True)
def participant_row_view(request):
    """One more blank participant row (htmx), and the formset's TOTAL_FORMS bumped out of band."""
    try:
        index = int(request.GET.get(f"{PARTICIPANTS_PREFIX}-TOTAL_FORMS", ""))
    except ValueError:
        index = 0
    index = max(0, min(index, ParticipantFormSet.max_num - 1))
    formset = ParticipantFormSet(prefix=PARTICIPANTS_PREFIX)
    form = formset.form(prefix=formset.add_prefix(index), empty_permitted=True, use_required_attribute=False)
    formset.add_fields(form, index)
    html = render_to_string("events/_participant_row.html", {"row": form}, request=request)
    html += format_html(
        '<input type="hidden" name="{prefix}-TOTAL_FORMS" value="{total}" id="id_{prefix}-TOTAL_FORMS"'
        ' hx-swap-oob="true">',
        prefix=PARTICIPANTS_PREFIX,
        total=index + 1,
    )
    return HttpResponse(html)


@require_GET
@permission_required("events.view_event", raise_exception=True)
def event_options_view(request):
    """`<option>`s of the events matching a search, for every event picker (htmx, core.pickers)."""
    return picker_options(request, source=EVENTS, queryset=Event.objects.all())


@require_GET
@permission_required("events.view_followup", raise_exception=True)
def user_options_view(request):
    """`<option>`s of the active users matching a search, for the follow-ups' owner pickers (who may see the
    follow-ups sees their owners' names already)."""
    return picker_options(request, source=USERS, queryset=active_users())


@require_GET
@permission_required(("relations.view_relation", "events.view_event"), raise_exception=True)
def tie_application_view(request, pk: int):
    """结好请示 of a tie as a Word document (in Chinese), with the tie's history of exchanges."""
    relation = get_object_or_404(Relation.objects.select_related("source", "target"), pk=pk)
    body = tie_application_docx(relation, today=timezone.localdate())
    return docx_response(body, filename=tie_application_filename(relation))
