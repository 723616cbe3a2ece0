"""Pages of the service desk: the ledger (filters, one entry, a month's totals) and the APEC card register."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.history import history_page
from servicedesk.choices import EntryPeriod
from servicedesk.filters import ApecCardFilterSet, ServiceEntryFilterSet
from servicedesk.forms import ApecCardForm, MonthTotalsForm, ServiceEntryForm
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind
from servicedesk.selectors import EXPIRY_WARNING_DAYS, apec_card_list, apec_cards_expiring, service_entry_list
from servicedesk.services import (
    apec_card_create,
    apec_card_delete,
    apec_card_update,
    service_entry_create,
    service_entry_delete,
    service_entry_update,
    service_month_record,
)

PAGE_SIZE = 50
PANEL_LIMIT = 10


# --- the ledger ---------------------------------------------------------------------------------------------------


@require_GET
@permission_required("servicedesk.view_serviceentry", raise_exception=True)
def entry_list_view(request):
    filterset = ServiceEntryFilterSet(request.GET or None, queryset=service_entry_list(), request=request)
    queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else ServiceEntry.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = queryset.order_by().aggregate(batches=Sum("batches"), items=Sum("items"))
    return render(
        request,
        "servicedesk/entry_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "entries": page.object_list,
            "totals": totals,
            "filtered": any(value for key, value in request.GET.items() if key in filterset.filters),
        },
    )


def _entry(pk: int) -> ServiceEntry:
    try:
        return service_entry_list().get(pk=pk)
    except ServiceEntry.DoesNotExist:
        raise Http404(_("No such service entry.")) from None


@require_http_methods(["GET", "POST"])
@permission_required("servicedesk.add_serviceentry", raise_exception=True)
def entry_create_view(request):
    if request.method == "POST":
        form = ServiceEntryForm(request.POST)
        if form.is_valid():
            try:
                entry = service_entry_create(by=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Service entry saved."))
                return redirect(f"{reverse('servicedesk:entry-list')}?kind={entry.kind.code}")
    else:
        initial = {"date": timezone.localdate(), "period": request.GET.get("period") or EntryPeriod.SINGLE}
        form = ServiceEntryForm(initial=initial)
    return render(request, "servicedesk/entry_form.html", {"form": form, "entry": None})


@require_http_methods(["GET", "POST"])
@permission_required("servicedesk.view_serviceentry", raise_exception=True)
def entry_update_view(request, pk: int):
    entry = _entry(pk)
    can_change = request.user.has_perm("servicedesk.change_serviceentry")
    form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = ServiceEntryForm(request.POST, instance=entry)
        if form.is_valid():
            try:
                with transaction.atomic():
                    current = ServiceEntry.objects.select_for_update().get(pk=pk)
                    form.check_version(current)
                    service_entry_update(entry=current, by=request.user, **form.service_arguments())
                    form.saved()
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Service entry saved."))
                return redirect("servicedesk:entry-list")
    elif can_change:
        form = ServiceEntryForm(instance=entry)
    context = {"form": form, "entry": entry, "history": history_page(entry)}
    return render(request, "servicedesk/entry_form.html", context)


@require_POST
@permission_required("servicedesk.delete_serviceentry", raise_exception=True)
def entry_delete_view(request, pk: int):
    service_entry_delete(entry=_entry(pk), by=request.user)
    messages.success(request, _("Service entry deleted (an admin can restore it from Deleted records)."))
    return redirect("servicedesk:entry-list")


def _month(value: str | None) -> dt.date | None:
    try:
        year, month = (int(part) for part in (value or "").split("-")[:2])
        return dt.date(year, month, 1)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@permission_required(("servicedesk.add_serviceentry", "servicedesk.change_serviceentry"), raise_exception=True)
def month_totals_view(request):
    """A month's totals for every active kind in one form; the month's saved totals are shown to be corrected."""
    kinds = list(ServiceKind.objects.filter(active=True).order_by("order", "code"))
    if request.method == "POST":
        form = MonthTotalsForm(request.POST, kinds=kinds)
        if form.is_valid():
            try:
                written = service_month_record(
                    month=form.cleaned_data["month"],
                    totals=form.totals(),
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                month = form.cleaned_data["month"]
                messages.success(
                    request,
                    _("The totals of %(month)s are saved (%(count)s kinds written).")
                    % {"month": f"{month:%Y-%m}", "count": len(written)},
                )
                return redirect(f"{reverse('servicedesk:entry-list')}?month={month:%Y-%m}&period=month")
    else:
        month = _month(request.GET.get("month")) or timezone.localdate().replace(day=1)
        entries = ServiceEntry.objects.filter(period=EntryPeriod.MONTH, date=month)
        form = MonthTotalsForm(initial=MonthTotalsForm.initial_for(month, kinds, entries), kinds=kinds)
    return render(request, "servicedesk/month_form.html", {"form": form})


# --- the APEC card register -----------------------------------------------------------------------------------------


@require_GET
@permission_required("servicedesk.view_apeccard", raise_exception=True)
def card_list_view(request):
    today = timezone.localdate()
    filterset = ApecCardFilterSet(request.GET or None, queryset=apec_card_list(), request=request)
    queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else ApecCard.objects.none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "servicedesk/card_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "cards": page.object_list,
            "today": today,
            "soon": today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
            "expiring": list(apec_cards_expiring(today=today)[:PANEL_LIMIT]),
        },
    )


def _card(pk: int) -> ApecCard:
    try:
        return apec_card_list().get(pk=pk)
    except ApecCard.DoesNotExist:
        raise Http404(_("No such APEC card.")) from None


@require_http_methods(["GET", "POST"])
@permission_required("servicedesk.add_apeccard", raise_exception=True)
def card_create_view(request):
    if request.method == "POST":
        form = ApecCardForm(request.POST)
        if form.is_valid():
            try:
                apec_card_create(by=request.user, **form.service_arguments())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("APEC card saved."))
                return redirect("servicedesk:card-list")
    else:
        form = ApecCardForm()
    return render(request, "servicedesk/card_form.html", {"form": form, "card": None})


@require_http_methods(["GET", "POST"])
@permission_required("servicedesk.view_apeccard", raise_exception=True)
def card_update_view(request, pk: int):
    card = _card(pk)
    can_change = request.user.has_perm("servicedesk.change_apeccard")
    form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = ApecCardForm(request.POST, instance=card)
        if form.is_valid():
            try:
                with transaction.atomic():
                    current = ApecCard.objects.select_for_update().get(pk=pk)
                    form.check_version(current)
                    apec_card_update(card=current, by=request.user, **form.service_arguments())
                    form.saved()
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("APEC card saved."))
                return redirect("servicedesk:card-list")
    elif can_change:
        form = ApecCardForm(instance=card)
    return render(request, "servicedesk/card_form.html", {"form": form, "card": card, "history": history_page(card)})


@require_POST
@permission_required("servicedesk.delete_apeccard", raise_exception=True)
def card_delete_view(request, pk: int):
    apec_card_delete(card=_card(pk), by=request.user)
    messages.success(request, _("APEC card deleted (an admin can restore it from Deleted records)."))
    return redirect("servicedesk:card-list")


@require_GET
@permission_required("servicedesk.view_apeccard", raise_exception=True)
def expiring_panel_view(request):
    """The dashboard's panel (htmx): APEC cards expiring in the next 90 days, soonest first."""
    today = timezone.localdate()
    cards = list(apec_cards_expiring(today=today)[: PANEL_LIMIT + 1])
    return render(
        request,
        "servicedesk/_expiring_panel.html",
        {"cards": cards[:PANEL_LIMIT], "more": len(cards) > PANEL_LIMIT, "today": today, "days": EXPIRY_WARNING_DAYS},
    )
