"""`/api/notifications/` and the bell: each user's own notifications, unread count, mark read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification


def _notify(user, n=1, **extra):
    return [
        Notification.objects.create(
            recipient=user, key=f"k{user.pk}-{i}", title_en=f"Due {i}", title_zh=f"到期{i}", **extra
        )
        for i in range(n)
    ]


def test_a_user_lists_only_their_own_notifications_in_their_language(api_as, make_user, db):
    client = api_as("viewer")
    me = client.user
    mine = _notify(me, 2)
    _notify(make_user("officer", username="someone-else"), 3)
    rows = client.get("/api/notifications/").json()["results"]
    assert {row["id"] for row in rows} == {n.pk for n in mine}
    zh = client.get("/api/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"]
    assert {row["title"] for row in zh} == {"到期0", "到期1"}


@pytest.fixture
def me_and_client(api_client, make_user):
    me = make_user("viewer", username="bell-owner")
    api_client.force_authenticate(me)
    return me, api_client


def test_mark_one_and_all_read(me_and_client, make_user, db):
    me, client = me_and_client
    first, second, third = _notify(me, 3)
    (foreign,) = _notify(make_user("officer", username="other"), 1)
    assert client.get("/api/notifications/", {"unread": "true"}).json()["count"] == 3
    assert client.post(f"/api/notifications/{first.pk}/read/").json()["read_at"]
    assert client.get("/api/notifications/", {"unread": "true"}).json()["count"] == 2
    assert client.post(f"/api/notifications/{foreign.pk}/read/").status_code == 404
    assert client.post("/api/notifications/read-all/").json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_the_list_costs_the_same_queries_for_3_and_30(me_and_client, db):
    me, client = me_and_client
    _notify(me, 3)

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/notifications/")
        return len(captured.captured_queries)

    few = count()
    Notification.objects.filter(recipient=me).delete()
    _notify(me, 30)
    assert count() == few


def test_the_bell_shows_the_unread_count_and_the_page_marks_read(client, make_user, db):
    me = make_user("viewer", username="bell-page")
    client.force_login(me)
    first, _second = _notify(me, 2, url="/followups/")
    assert 'id="notification-bell"' in client.get("/").content.decode()
    bell = client.get("/notifications/bell/").content.decode()
    assert 'data-unread="2"' in bell and ">2</span>" in bell
    response = client.post(f"/notifications/{first.pk}/read/", {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/followups/"
    assert 'data-unread="1"' in client.get("/notifications/bell/").content.decode()
    client.post("/notifications/read-all/")
    assert 'data-unread="0"' in client.get("/notifications/bell/").content.decode()
    assert "Due 0" in client.get("/notifications/").content.decode()
