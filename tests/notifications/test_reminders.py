"""Reminders that reach people (issue 15 item 14): `manage.py send_reminders` notifies follow-ups due and
anniversaries entering their planning window in the bell and by e-mail, each exactly once; other apps add sources."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.services import anniversary_plan
from notifications import sources
from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.services import reminders_send
from tests.factories import FollowUpFactory, RelationFactory, UserFactory

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def owner(make_user):
    return make_user("officer", username="officer-chen", email="chen@example.org", first_name="Chen")


def test_a_followup_due_reaches_its_owner_in_the_bell_and_by_email_exactly_once(owner, db):
    followup = FollowUpFactory(owner=owner, title="Send the invitation to Daegu", due_date=TODAY)
    FollowUpFactory(owner=owner, due_date=TODAY + dt.timedelta(days=30))  # not yet
    FollowUpFactory(owner=owner, due_date=TODAY, done_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))  # done

    first = reminders_send(today=TODAY)
    assert (first.created, first.emailed) == (1, 1)
    (notification,) = Notification.objects.filter(kind=NotificationKind.FOLLOWUP_DUE)
    assert notification.recipient == owner and notification.url == followup.get_absolute_url()
    assert "Send the invitation to Daegu" in notification.title_en and "Send the invitation" in notification.title_zh
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chen@example.org"]
    assert "Send the invitation to Daegu" in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000{followup.get_absolute_url()}" in mail.outbox[0].body

    again = reminders_send(today=TODAY)
    later = reminders_send(today=TODAY + dt.timedelta(days=1))  # still open, now overdue: not told twice
    assert (again.created, again.emailed, later.created, later.emailed) == (0, 0, 0, 0)
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_a_followup_moved_to_a_later_date_is_reminded_again_when_that_comes(owner, db):
    followup = FollowUpFactory(owner=owner, due_date=TODAY)
    reminders_send(today=TODAY)
    followup.due_date = TODAY + dt.timedelta(days=10)
    followup.save()
    assert reminders_send(today=TODAY).created == 0
    assert reminders_send(today=TODAY + dt.timedelta(days=10)).created == 1


def test_a_user_without_an_email_address_gets_the_bell_only(make_user, db):
    user = make_user("officer", username="no-mail", email="")
    FollowUpFactory(owner=user, due_date=TODAY)
    result = reminders_send(today=TODAY)
    assert (result.created, result.emailed) == (1, 0) and mail.outbox == []


def test_a_milestone_anniversary_entering_its_window_reaches_the_planners_until_planned(owner, make_user, db):
    viewer = make_user("viewer", username="viewer-li", email="li@example.org")
    # The 20th anniversary on 2027-05-20 (tie signed 2007-05-20): 9 months ahead is inside the window.
    tie = RelationFactory(established_on=dt.date(2007, 5, 20))
    RelationFactory(established_on=dt.date(2013, 5, 20))  # a 14th: no milestone
    reminders_send(today=TODAY)
    rows = Notification.objects.filter(kind=NotificationKind.ANNIVERSARY)
    assert [(n.recipient, n.key) for n in rows] == [(owner, f"anniversary:{tie.pk}:2027-05-20")]
    assert "20th anniversary" in rows[0].title_en and "20周年" in rows[0].title_zh
    assert not Notification.objects.filter(recipient=viewer).exists()  # a viewer does not plan

    # Planned meanwhile by someone: a later run for a tie planned from the start tells nobody.
    other = RelationFactory(established_on=dt.date(2007, 6, 1))
    anniversary_plan(relation=other, date=dt.date(2027, 6, 1), by=owner)
    reminders_send(today=TODAY)
    assert not Notification.objects.filter(key__startswith=f"anniversary:{other.pk}:").exists()


def test_another_apps_source_is_notified_through_the_registry(owner, db):
    from notifications.sources import Reminder

    def passports(today):
        yield Reminder(
            key="passport:7",
            recipient_id=owner.pk,
            kind=NotificationKind.PASSPORT,
            title=lambda: "Passport E123 due back",
        )

    sources.register("test_passports", passports)
    try:
        assert reminders_send(today=TODAY).created == 1
        assert Notification.objects.get(key="passport:7").title == "Passport E123 due back"
    finally:
        sources._SOURCES.pop("test_passports")


def test_a_failing_email_is_tried_again_on_the_next_run(owner, db, settings, monkeypatch):
    FollowUpFactory(owner=owner, due_date=TODAY)
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    monkeypatch.setattr(EmailMessage, "send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("SMTP down")))
    result = reminders_send(today=TODAY)
    assert (result.created, result.emailed, result.failed) == (1, 0, 1)
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert reminders_send(today=TODAY).emailed == 1 and len(mail.outbox) == 1


def test_the_command_reports_and_is_idempotent(owner, db, capsys):
    FollowUpFactory(owner=owner, due_date=TODAY)
    call_command("send_reminders", "--date", TODAY.isoformat())
    call_command("send_reminders", "--date", TODAY.isoformat())
    out = capsys.readouterr().out
    assert "1 new notifications, 1 e-mailed" in out and "0 new notifications, 0 e-mailed" in out
    assert len(mail.outbox) == 1


def test_sending_costs_queries_that_do_not_grow_with_the_followups_but_for_their_writes(db):
    users = [UserFactory(email=f"u{n}@example.org") for n in range(3)]
    for user in users:
        FollowUpFactory(owner=user, due_date=TODAY)
    with CaptureQueriesContext(connection) as three:
        reminders_send(today=TODAY)
    reminders_send(today=TODAY)
    with CaptureQueriesContext(connection) as none_new:
        reminders_send(today=TODAY)
    # A run with nothing new reads, and writes nothing.
    assert not any(q["sql"].startswith(("INSERT", "UPDATE")) for q in none_new.captured_queries)
    assert len(none_new.captured_queries) < len(three.captured_queries)
