"""The trip pages: the list (the API's filters), the detail with its steps and decision buttons, the application
form, the decisions (one POST route per verb), the quarter's review table, and the DOCX documents."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.exports import export_response
from core.history import history_page
from trips import printouts, services
from trips.choices import EDITABLE_STATUSES, TRIP_FLOW, TripStatus
from trips.filters import TripFilterSet
from trips.forms import (
    ApproveForm,
    CheckForm,
    DateForm,
    DatesForm,
    QuarterForm,
    ReasonForm,
    ReportForm,
    ReviewForm,
    TripForm,
    VisaForm,
)
from trips.models import Trip
from trips.selectors import quarter_reviews, trip_detail_queryset, trip_list

PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def trip_list_view(request):
    filterset, trips = _trips_selected(request)
    page = Paginator(trips, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "trips/trip_list.html", {"form": filterset.form, "page_obj": page, "trips": list(page.object_list)}
    )


def _trips_selected(request) -> tuple[TripFilterSet, QuerySet[Trip]]:
    """The list's filters and the trips they select (none while a filter is invalid)."""
    filterset = TripFilterSet(request.GET or None, queryset=trip_list(), request=request)
    trips = filterset.qs if filterset.is_bound and filterset.is_valid() else trip_list()
    if filterset.is_bound and not filterset.is_valid():
        trips = trips.none()
    return filterset, trips


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def trip_export_view(request, fmt: str):
    """The list's current selection (its filters, every page) as XLSX or CSV."""
    from trips.exports import trips_table

    _filterset, trips = _trips_selected(request)
    return export_response(trips_table, trips, fmt, "trips")


def _review_initial(trip: Trip) -> dict:
    review = getattr(trip, "review", None) if hasattr(trip, "review") else None
    return {f"score_{code}": score for code, score in (review.scores.items() if review else ())}


def _detail_context(trip: Trip) -> dict:
    allowed = TRIP_FLOW.get(trip.status, ())
    return {
        "trip": trip,
        "legs": trip.legs.all(),
        "members": trip.members.all(),
        "steps": trip.steps.all(),
        "history": history_page(trip),
        "editable": trip.status in EDITABLE_STATUSES,
        "can_submit": TripStatus.SUBMITTED in allowed,
        "can_check": trip.status == TripStatus.SUBMITTED,
        "can_approve": trip.status == TripStatus.ACCEPTED,
        "can_documents": TripStatus.DOCUMENTS in allowed,
        "can_travel": TripStatus.TRAVELLED in allowed,
        "can_back": trip.status == TripStatus.TRAVELLED,
        "after_trip": trip.status in (TripStatus.TRAVELLED, TripStatus.BACK),
        "can_cancel": TripStatus.CANCELLED in allowed,
        "can_change": trip.status
        in (TripStatus.SUBMITTED, TripStatus.ACCEPTED, TripStatus.APPROVED, TripStatus.DOCUMENTS),
        "shortfalls": services.visa_shortfalls(trip, list(trip.members.all())),
        "check_form": CheckForm(prefix="check"),
        "approve_form": ApproveForm(prefix="approve", initial={"level": trip.approving_level}),
        "date_form": DateForm(prefix="passports", initial={"date": timezone.localdate()}),
        "report_form": ReportForm(prefix="report", initial={"date": timezone.localdate()}),
        "reason_form": ReasonForm(prefix="cancel"),
        "visa_form": VisaForm(prefix="visa", trip=trip),
        "dates_form": DatesForm(prefix="dates", initial={"start_date": trip.start_date, "end_date": trip.end_date}),
        "review_form": ReviewForm(prefix="review", initial=_review_initial(trip)),
    }


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def trip_detail_view(request, pk: int):
    trip = get_object_or_404(trip_detail_queryset(), pk=pk)
    return render(request, "trips/trip_detail.html", _detail_context(trip))


@require_http_methods(["GET", "POST"])
@permission_required("trips.add_trip", raise_exception=True)
def trip_create_view(request):
    form = TripForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.trip_create(by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The application is saved as a draft; submit it when it is complete."))
            return redirect(trip.get_absolute_url())
    return render(request, "trips/trip_form.html", {"form": form, "trip": None}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_required("trips.change_trip", raise_exception=True)
def trip_edit_view(request, pk: int):
    trip = get_object_or_404(Trip, pk=pk)
    if trip.status not in EDITABLE_STATUSES:
        messages.error(request, _("Once submitted, a trip's members and dates change by their own steps."))
        return redirect(trip.get_absolute_url())
    form = TripForm(request.POST or None, instance=trip)
    if request.method == "POST" and form.is_valid():
        try:
            services.trip_update(trip=trip, by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(trip.get_absolute_url())
    return render(request, "trips/trip_form.html", {"form": form, "trip": trip}, status=400 if form.errors else 200)


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for errors in exc.error_dict.values() for e in errors for m in e.messages]
    return [str(m) for m in exc.messages]


def _do(verb: str, trip: Trip, request) -> str:
    """Run one decision; returns the success message (raises ValidationError with the refusal)."""
    post, by = request.POST, request.user

    def valid(form):
        if not form.is_valid():
            raise ValidationError({k: v for k, v in form.errors.items()})
        return form.cleaned_data

    if verb == "submit":
        services.trip_submit(trip=trip, by=by)
        return _("Submitted to the office.")
    if verb == "check":
        data = valid(CheckForm(post, prefix="check"))
        services.trip_check(trip=trip, outcome=data["outcome"], by=by, reason=data["reason"])
        return _("The office's decision is recorded.")
    if verb == "approve":
        data = valid(ApproveForm(post, prefix="approve"))
        services.trip_approve(
            trip=trip,
            level=data["level"],
            approved=data["approved"] == "yes",
            by=by,
            reason=data["reason"],
            document_no=data["document_no"],
        )
        return _("The approval is recorded.")
    if verb == "documents":
        services.trip_documents(trip=trip, by=by)
        return _("Passports and visas are under way.")
    if verb == "visa":
        data = valid(VisaForm(post, prefix="visa", trip=trip))
        shortfalls = services.trip_visa_record(trip=trip, member=data["member"], visa_days=data["visa_days"], by=by)
        for shortfall in shortfalls:
            messages.warning(request, shortfall)
        return _("The visa is recorded.")
    if verb == "dates":
        data = valid(DatesForm(post, prefix="dates"))
        services.trip_dates_change(
            trip=trip, start_date=data["start_date"], end_date=data["end_date"], by=by, reason=data["reason"]
        )
        return _("The new dates are recorded.")
    if verb == "travel":
        services.trip_travel(trip=trip, by=by)
        return _("The trip is recorded as the exchange of the record.")
    if verb == "back":
        services.trip_back(trip=trip, by=by)
        return _("Welcome back: the passports and the report are now followed up.")
    if verb == "passports":
        data = valid(DateForm(post, prefix="passports"))
        services.trip_passports_return(trip=trip, by=by, on=data.get("date"))
        return _("The passports are handed back.")
    if verb == "report":
        data = valid(ReportForm(post, prefix="report"))
        services.trip_report_file(trip=trip, report=data["report"], by=by, on=data.get("date"))
        return _("The trip report is filed.")
    if verb == "review":
        form = ReviewForm(post, prefix="review")
        valid(form)
        services.trip_review_record(trip=trip, scores=form.scores(), by=by, note=form.cleaned_data["note"])
        return _("The review is recorded.")
    if verb == "cancel":
        data = valid(ReasonForm(post, prefix="cancel"))
        services.trip_cancel(trip=trip, by=by, reason=data["reason"])
        return _("The trip is cancelled.")
    raise Http404


VERBS = (
    "submit",
    "check",
    "approve",
    "documents",
    "visa",
    "dates",
    "travel",
    "back",
    "passports",
    "report",
    "review",
    "cancel",
)


@permission_required("trips.change_trip", raise_exception=True)
@require_POST
def trip_action_view(request, pk: int, verb: str):
    if verb not in VERBS:
        raise Http404
    trip = get_object_or_404(Trip, pk=pk)
    try:
        done = _do(verb, trip, request)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(trip.get_absolute_url())


def _quarter(request) -> tuple[int, int]:
    today = timezone.localdate()
    form = QuarterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["year"], int(form.cleaned_data["quarter"])
    return today.year, (today.month - 1) // 3 + 1


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def quarter_view(request):
    year, quarter = _quarter(request)
    return render(
        request,
        "trips/quarter.html",
        {
            "year": year,
            "quarter": quarter,
            "form": QuarterForm(initial={"year": year, "quarter": quarter}),
            "rows": printouts.quarter_rows(quarter_reviews(year=year, quarter=quarter)),
            "criteria": printouts.active_criteria(),
        },
    )


def _docx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def trip_application_docx(request, pk: int):
    trip = get_object_or_404(trip_detail_queryset(), pk=pk)
    return _docx(printouts.application_docx(trip), f"trip-{trip.pk}-application.docx")


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def trip_request_docx(request, pk: int):
    trip = get_object_or_404(trip_detail_queryset(), pk=pk)
    return _docx(printouts.request_docx(trip), f"trip-{trip.pk}-request.docx")


@require_GET
@permission_required("trips.view_trip", raise_exception=True)
def quarter_docx(request):
    year, quarter = _quarter(request)
    return _docx(printouts.quarter_docx(year=year, quarter=quarter), f"trips-{year}-q{quarter}.docx")
