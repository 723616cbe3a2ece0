"""Saved filters of the list pages (issue 15, item 16): a user names the filters in use, finds them again on the
list, may share them with everyone; only the owner or an admin deletes one."""

import pytest
from django.test import Client
from django.urls import reverse

from crm.models import SavedFilter

pytestmark = pytest.mark.django_db


def _save(page, name, query, shared=False, next_="/entities/?country=KR"):
    data = {"page": "contacts:list", "name": name, "query": query, "next": next_}
    if shared:
        data["shared"] = "1"
    return page.post(reverse("crm:saved-filter-save"), data)


def test_filters_in_use_are_offered_for_saving_without_the_page_number(page_as):
    page = page_as("viewer")
    shown = page.get("/entities/?country=KR&kind=city&page=2&q=").content.decode()
    assert 'id="save-filter-form"' in shown
    assert 'name="query" value="country=KR&amp;kind=city"' in shown
    assert 'id="save-filter-form"' not in page.get("/entities/").content.decode()  # nothing to save


def test_a_saved_filter_is_listed_for_its_owner_and_leads_back_to_the_list(page_as):
    page = page_as("viewer")
    response = _save(page, "Korean cities", "country=KR&kind=city")
    assert response.status_code == 302 and response["Location"] == "/entities/?country=KR"
    saved = SavedFilter.objects.get()
    assert (saved.owner, saved.page, saved.query, saved.shared) == (
        page.user,
        "contacts:list",
        "country=KR&kind=city",
        False,
    )
    assert saved.history.get().history_user == page.user
    shown = page.get("/entities/").content.decode()
    assert 'href="/entities/?country=KR&amp;kind=city"' in shown and "Korean cities" in shown


def test_saving_under_the_same_name_replaces_and_a_bad_page_is_refused(page_as):
    page = page_as("officer")
    _save(page, "Mine", "country=KR")
    _save(page, "Mine", "country=JP")
    assert list(SavedFilter.objects.values_list("query", flat=True)) == ["country=JP"]
    refused = page.post(reverse("crm:saved-filter-save"), {"page": "admin:index", "name": "x", "query": "a=1"})
    assert refused.status_code == 302 and SavedFilter.objects.count() == 1
    assert "cannot be saved" in page.get("/entities/").content.decode()


def test_a_shared_filter_shows_to_others_who_cannot_delete_it(page_as, make_user):
    owner = page_as("officer")
    _save(owner, "ASEAN", "region=asean", shared=True)
    _save(owner, "Private", "country=TH")
    client = Client()
    client.force_login(make_user("viewer", username="colleague"))
    shown = client.get("/entities/").content.decode()
    assert "ASEAN" in shown and "Private" not in shown and "shared by" in shown
    saved = SavedFilter.objects.get(name="ASEAN")
    assert client.post(reverse("crm:saved-filter-delete", args=[saved.pk])).status_code == 403
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_owner_and_an_admin_delete_and_the_delete_is_in_history(page_as, make_user):
    owner = page_as("officer")
    _save(owner, "One", "country=KR")
    _save(owner, "Two", "country=JP", shared=True)
    one, two = SavedFilter.objects.order_by("name")
    assert owner.post(reverse("crm:saved-filter-delete", args=[one.pk]), {"next": "/entities/"}).status_code == 302
    client = Client()
    client.force_login(make_user("admin", username="boss"))
    assert client.post(reverse("crm:saved-filter-delete", args=[two.pk])).status_code == 302
    assert not SavedFilter.objects.exists()
    assert SavedFilter.history.filter(history_type="-").count() == 2


def test_next_never_leads_off_the_site(page_as):
    response = _save(page_as("viewer"), "Off", "country=KR", next_="https://evil.example/")
    assert response["Location"] == "/"


@pytest.mark.parametrize("path", ["/relations/?status=signed", "/events/?kind=visit_in"])
def test_the_other_lists_offer_saving_too(page_as, path):
    assert 'id="save-filter-form"' in page_as("viewer").get(path).content.decode()
