"""The follow-ups page, its mark-done and reopen buttons, the detail page and the dashboard panel."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import FollowUp
from events.services import followup_mark_done
from tests.factories import EntityFactory, EventFactory, FollowUpFactory, RelationFactory

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    """The office's date when the test runs, not when the module was imported (a suite may cross midnight)."""
    return timezone.localdate()


def past() -> dt.date:
    return today() - dt.timedelta(days=3)


def future() -> dt.date:
    return today() + dt.timedelta(days=30)


def test_page_lists_mine_overdue_and_all_as_views_of_one_list(page_as, make_user):
    client = page_as("officer")
    colleague = make_user("officer", username="colleague")
    FollowUpFactory(owner=client.user, title="My soon one", due_date=future())
    FollowUpFactory(owner=colleague, title="Their late one", due_date=past())
    response = client.get("/followups/")
    assert response.status_code == 200
    mine = response.content.decode()
    assert "My soon one" in mine and "Their late one" not in mine
    assert "Mark done" in mine and 'id="followup-form"' in mine
    overdue = client.get("/followups/?show=overdue").content.decode()
    assert "Their late one" in overdue and "My soon one" not in overdue
    everything = client.get("/followups/?show=all").content.decode()
    assert "Their late one" in everything and "My soon one" in everything


def test_each_follow_up_shows_once_whatever_the_view(page_as):
    # Issue 15 item 9: my overdue follow-up was in three tables; marking one copy done left two stale.
    client = page_as("officer")
    late = FollowUpFactory(owner=client.user, title="My late one", due_date=past())
    for show in ("", "?show=mine", "?show=overdue", "?show=all"):
        html = client.get(f"/followups/{show}").content.decode()
        assert html.count(f'data-followup="{late.pk}"') == 1, show
        assert "<style" not in html


def test_officer_marks_one_done_and_reopens_it(page_as):
    client = page_as("officer")
    followup = FollowUpFactory(owner=client.user, due_date=past())
    response = client.post(f"/followups/{followup.pk}/done/", {"next": "/followups/?done=false"})
    assert response.status_code == 302 and response["Location"] == "/followups/?done=false"
    followup.refresh_from_db()
    assert followup.done_by == client.user and followup.done_at is not None
    row = client.post(f"/followups/{followup.pk}/reopen/", HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert row.content.decode().lstrip().startswith("<tr") and "Mark done" in row.content.decode()
    followup.refresh_from_db()
    assert followup.done_at is None
    outside = client.post(f"/followups/{followup.pk}/done/", {"next": "https://evil.example/"})
    assert outside["Location"] == "/followups/"


def test_viewer_reads_but_cannot_change(page_as):
    client = page_as("viewer")
    followup = FollowUpFactory(due_date=past())
    html = client.get("/followups/?show=all").content.decode()
    assert followup.title in html and "Mark done" not in html and 'id="followup-form"' not in html
    assert client.post(f"/followups/{followup.pk}/done/").status_code == 403
    assert client.post("/followups/", {"title": "x", "due_date": str(future())}).status_code == 403
    assert client.post(f"/followups/{followup.pk}/", {"title": "x", "due_date": str(future())}).status_code == 403
    followup.refresh_from_db()
    assert followup.done_at is None


def test_officer_creates_a_follow_up_from_the_page(page_as):
    client = page_as("officer")
    entity = EntityFactory()
    form = client.get(f"/followups/?entity={entity.pk}").content.decode()
    assert f'<option value="{entity.pk}" selected>' in form
    response = client.post("/followups/", {"title": "Order the gifts", "due_date": str(future()), "entity": entity.pk})
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.title, followup.owner, followup.entity) == ("Order the gifts", client.user, entity)
    bad = client.post("/followups/", {"title": "", "due_date": "not a date"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    assert FollowUp.objects.count() == 1


def test_filters_on_the_page(page_as):
    client = page_as("viewer")
    FollowUpFactory(title="Alpha letter", due_date=past())
    FollowUpFactory(title="Beta visit", due_date=future())
    html = client.get("/followups/?show=all&q=alpha").content.decode()
    listed = html[html.index('id="followups"') :]
    assert "Alpha letter" in listed and "Beta visit" not in listed
    bad = client.get("/followups/?due_before=soon")
    assert bad.status_code == 200 and "field-error" in bad.content.decode()


def test_detail_page_edits_and_shows_history(page_as):
    client = page_as("officer")
    followup = FollowUpFactory(owner=client.user, title="Old title")
    assert "Old title" in client.get(f"/followups/{followup.pk}/").content.decode()
    response = client.post(f"/followups/{followup.pk}/", {"title": "New title", "due_date": str(future())})
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.title == "New title" and followup.owner == client.user
    html = client.get(f"/followups/{followup.pk}/").content.decode()
    assert "History of changes" in html
    assert client.get("/followups/999999/").status_code == 404


def test_panel_shows_my_open_follow_ups_with_overdue_counted(page_as, make_user):
    client = page_as("officer")
    FollowUpFactory(owner=client.user, title="Late one", due_date=past())
    FollowUpFactory(owner=client.user, title="Soon one", due_date=future())
    followup_mark_done(followup=FollowUpFactory(owner=client.user, title="Done one", due_date=past()), by=client.user)
    FollowUpFactory(owner=make_user("officer", username="colleague"), title="Not mine", due_date=past())
    html = client.get("/followups/panel/").content.decode()
    assert "Late one" in html and "Soon one" in html
    assert "Done one" not in html and "Not mine" not in html
    assert 'id="followups-overdue-count">1 overdue' in html
    assert '<li class="is-overdue">' in html
    assert 'href="/followups/"' in html


def test_page_costs_the_same_queries_for_3_and_50(page_as, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = page_as("officer")
    relation = RelationFactory()

    def make(count):
        for n in range(count):
            followup = FollowUpFactory(
                owner=client.user,
                entity=EntityFactory(),
                relation=relation,
                event=EventFactory(),
                due_date=past() + dt.timedelta(days=n),
            )
            if n % 3 == 0:
                followup_mark_done(followup=followup, by=client.user)

    make(3)
    client.get("/followups/")
    with CaptureQueriesContext(connection) as few:
        client.get("/followups/")
    with CaptureQueriesContext(connection) as few_panel:
        client.get("/followups/panel/")
    make(47)
    with django_assert_num_queries(len(few)):
        client.get("/followups/")
    with django_assert_num_queries(len(few_panel)):
        client.get("/followups/panel/")
