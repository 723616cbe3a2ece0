"""Reads of trips: the list and the detail with their rows, and the quarter's review table."""

from django.db.models import Prefetch, QuerySet

from trips.models import Trip, TripLeg, TripMember, TripReview, TripStep


def trip_list() -> QuerySet[Trip]:
    return Trip.objects.select_related("organiser").prefetch_related(
        Prefetch("legs", queryset=TripLeg.objects.order_by("order", "id"))
    )


def trip_detail_queryset() -> QuerySet[Trip]:
    return Trip.objects.select_related(
        "organiser", "event", "passports_followup", "report_followup", "review"
    ).prefetch_related(
        Prefetch("legs", queryset=TripLeg.objects.select_related("city").order_by("order", "id")),
        Prefetch("members", queryset=TripMember.objects.select_related("person")),
        Prefetch("steps", queryset=TripStep.objects.select_related("recorded_by").order_by("created", "id")),
        "partners",
        "relations__source",
        "relations__target",
    )


def quarter_reviews(*, year: int, quarter: int) -> QuerySet[TripReview]:
    """The quarter's reviews, best first, with their trips' organisers and leaders' rows."""
    return (
        TripReview.objects.filter(year=year, quarter=quarter)
        .select_related("trip__organiser")
        .prefetch_related(Prefetch("trip__members", queryset=TripMember.objects.select_related("person")))
        .order_by("-total", "trip__start_date", "id")
    )
