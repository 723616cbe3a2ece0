"""Bulk reassign on the follow-up list (issue 15 item 16, mirroring the entity list's bulk actions): the ticked
follow-ups go to another owner in one atomic action, each written and in history as by hand."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from events.models import FollowUp
from events.services import followups_reassign
from tests.factories import FollowUpFactory

pytestmark = pytest.mark.django_db

DUE = dt.date.today() + dt.timedelta(days=10)


def _bulk(page, ids, owner, next_="/followups/?show=all"):
    return page.post(reverse("events:followups-bulk"), {"ids": ids, "bulk-owner": owner, "next": next_})


def test_ticked_follow_ups_go_to_another_owner_in_history(page_as, make_user):
    page = page_as("officer")
    colleague = make_user("officer", username="wang", first_name="芳", last_name="王")
    a, b, c = FollowUpFactory(owner=page.user), FollowUpFactory(owner=page.user), FollowUpFactory(owner=page.user)
    response = _bulk(page, [a.pk, b.pk], colleague.pk)
    assert response.status_code == 302 and response["Location"] == "/followups/?show=all"
    owners = dict(FollowUp.objects.values_list("pk", "owner_id"))
    assert (owners[a.pk], owners[b.pk], owners[c.pk]) == (colleague.pk, colleague.pk, page.user.pk)
    latest = a.history.first()
    assert latest.history_user == page.user and latest.owner_id == colleague.pk
    assert "2 follow-ups given to 王芳" in page.get("/followups/").content.decode().replace("芳 王", "王芳")


def test_the_list_offers_the_checkboxes_and_the_owner_picker_to_officers_only(page_as, make_user):
    FollowUpFactory(due_date=DUE)
    html = page_as("officer").get("/followups/?show=all").content.decode()
    assert 'id="followup-bulk"' in html and 'form="followup-bulk"' in html
    assert 'name="bulk-owner-search"' in html and 'hx-get="/users/options/"' in html
    client = Client()
    client.force_login(make_user("viewer", username="reader"))
    assert 'id="followup-bulk"' not in client.get("/followups/?show=all").content.decode()
    assert _bulk(client, [FollowUp.objects.get().pk], client.session["_auth_user_id"]).status_code == 403
    assert Client().post(reverse("events:followups-bulk"), {"ids": [1]})["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("ids", "owner", "reason"),
    [
        ([], "me", "Choose at least one follow-up."),
        (["x"], "me", "Choose follow-ups from the list."),
        (["99999999999999999999"], "me", "Choose follow-ups from the list."),
        (["999999"], "me", "no longer exist"),
        (None, "", "This field is required."),
        (None, "abc", "Select a valid choice."),
        (None, "99999999999999999999", "Select a valid choice."),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_change_nothing(page_as, ids, owner, reason):
    page = page_as("officer")
    followup = FollowUpFactory()
    before = followup.owner_id
    response = _bulk(page, [followup.pk] if ids is None else ids, page.user.pk if owner == "me" else owner)
    assert response.status_code == 302
    assert reason in page.get("/followups/").content.decode()
    assert FollowUp.objects.get().owner_id == before


def test_an_inactive_owner_is_refused_by_the_service(make_user, officer):
    followup = FollowUpFactory()
    gone = make_user("officer", username="gone", is_active=False)
    with pytest.raises(Exception, match="takes them over"):
        followups_reassign(followup_ids=[followup.pk], owner=gone, by=officer)


def test_all_or_nothing_when_one_write_fails(make_user, officer, monkeypatch):
    from events import services

    first, second = FollowUpFactory(), FollowUpFactory()
    calls = []
    original = services._followup_save

    def failing(followup, by):
        calls.append(followup.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(followup, by)

    monkeypatch.setattr(services, "_followup_save", failing)
    colleague = make_user("officer", username="colleague")
    with pytest.raises(RuntimeError):
        followups_reassign(followup_ids=[first.pk, second.pk], owner=colleague, by=officer)
    assert set(FollowUp.objects.values_list("owner_id", flat=True)) != {colleague.pk}
    assert not FollowUp.objects.filter(owner=colleague).exists()
