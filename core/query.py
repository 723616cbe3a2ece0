"""Query helpers every app may use; imports no app."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_related(queryset: QuerySet, field: str) -> Coalesce:
    """A correlated subquery counting rows of `queryset` whose `field` points at the outer row (NetBox's idea).

    Unlike Count() over joins, several of these on one query never multiply each other.
    """
    subquery = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(c=Count("*")).values("c")
    return Coalesce(Subquery(subquery, output_field=IntegerField()), 0)
