"""Pages of a list whose rows are dear to read (joins, counts): the database sorts and cuts the page on the list's
own table, and only the page's rows are then read with their joins, in one query (`WHERE id IN (the page's ids)`, a
subquery). A filter matching 10,000 ties otherwise joins both ends of all 10,000, or counts the events of every
matching entity, before sorting them. Used by the API's pagination (core.api.Pagination) and by the list pages.
Imports no app.
"""

from collections.abc import Callable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from core.versions import cached_count


class CountedPaginator(Paginator):
    """Django's Paginator, its count kept under the fingerprint of the tables the list reads
    (core.versions.cached_count): the one part of a list's page that grows with the database."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return super().count


class PageRowsPaginator(CountedPaginator):
    """Counts and cuts the page on the list's ids alone; the page's rows are then read by `rows(page_ids)`."""

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        self.rows = rows
        super().__init__(object_list, per_page, **kwargs)

    def _get_page(self, object_list, number, paginator):  # Django's hook that makes the Page of a page's rows
        return super()._get_page(self.rows(object_list), number, paginator)  # type: ignore[misc]


def ordered_rows(queryset: QuerySet, page_rows: Callable[[QuerySet], QuerySet]) -> Callable[[QuerySet], QuerySet]:
    """`page_rows(page_ids)` in the order of `queryset` (the list's own ordering, or its model's)."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering

    def rows(page_ids):
        return page_rows(page_ids).order_by(*ordering)

    return rows


def page_of_rows(queryset: QuerySet, page_rows: Callable[[QuerySet], QuerySet], number, per_page: int) -> Page:
    """`Paginator(queryset, per_page).get_page(number)`, with the page's rows read by `page_rows(page_ids)`.

    A DISTINCT list selects its ordering columns too, so its ids make no one-column subquery: it is paged as it is."""
    if queryset.query.distinct:
        return CountedPaginator(queryset, per_page).get_page(number)
    paginator = PageRowsPaginator(queryset.values("pk"), per_page, rows=ordered_rows(queryset, page_rows))
    return paginator.get_page(number)
