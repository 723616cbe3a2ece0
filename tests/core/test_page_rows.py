"""core.api.Pagination with a view's `page_rows`: the page is counted and cut on the list's ids, then its rows are
read by `page_rows(page_ids)`, in the list's order (issue 11)."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from contacts.models import Entity
from core.api import Pagination
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


class _View:
    """A list view reading its page's rows with only two columns."""

    def page_rows(self, page_ids):
        return Entity.objects.filter(pk__in=page_ids).only("id", "name")


@pytest.mark.parametrize("distinct", [False, True], ids=["ids-subquery", "distinct"])
def test_the_pages_rows_come_from_page_rows_in_the_lists_order(distinct, django_assert_num_queries):
    for name in ["Busan", "Aachen", "Daegu", "Cologne", "Essen"]:
        EntityFactory(name=name)
    queryset = Entity.objects.order_by("-name")
    request = Request(APIRequestFactory().get("/api/entities/", {"page": 2, "page_size": 2}))
    paginator = Pagination()
    # The fingerprint the count is kept under (core.versions.cached_count), the count, then the page's rows (by a
    # subquery of its ids; a DISTINCT list reads its page, then the rows).
    with django_assert_num_queries(4 if distinct else 3):
        page = paginator.paginate_queryset(queryset.distinct() if distinct else queryset, request, _View())
    assert [entity.name for entity in page] == ["Cologne", "Busan"]
    assert all("notes" in entity.get_deferred_fields() for entity in page)
    assert paginator.page.paginator.count == 5


def test_a_list_pages_page_is_cut_on_the_ids_and_its_rows_read_by_page_rows(django_assert_num_queries):
    from core.paging import page_of_rows

    for name in ["Busan", "Aachen", "Daegu", "Cologne", "Essen"]:
        EntityFactory(name=name)

    def rows(page_ids):
        return Entity.objects.filter(pk__in=page_ids).only("id", "name")

    with django_assert_num_queries(3):  # the count's fingerprint, the count, the page's rows by a subquery of its ids
        page = page_of_rows(Entity.objects.order_by("-name"), rows, "2", 2)
        names = [entity.name for entity in page]
    assert names == ["Cologne", "Busan"]
    assert all("notes" in entity.get_deferred_fields() for entity in page)
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (2, 3, 5)
    assert [e.name for e in page_of_rows(Entity.objects.order_by("-name"), rows, "not a page", 2)] == ["Essen", "Daegu"]
    distinct = page_of_rows(Entity.objects.order_by("-name").distinct(), rows, 3, 2)  # paged as it is
    assert [entity.name for entity in distinct] == ["Aachen"]
