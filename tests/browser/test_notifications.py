"""In Chromium (issue 15 item 14): a follow-up coming due reaches its owner in the bell and by e-mail, exactly once."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import FollowUpFactory

pytestmark = pytest.mark.browser


def test_a_reminder_appears_in_the_bell_and_in_the_mail_exactly_once(login, make_user):
    owner = make_user("officer", username="officer-zhou", email="zhou@example.org")
    followup = FollowUpFactory(owner=owner, title="Confirm the Daegu delegation's hotel", due_date=timezone.localdate())
    call_command("send_reminders", verbosity=0)
    call_command("send_reminders", verbosity=0)  # the timer runs again: nothing twice

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhou@example.org"] and "Daegu delegation's hotel" in mail.outbox[0].subject

    page = login("officer", user=owner)
    page.wait_for_selector("#notification-bell #bell-count")
    assert page.locator("#bell-count").inner_text() == "1"
    page.click("#notification-bell a")
    page.wait_for_selector(".notification.unread")
    assert page.locator(".notification").count() == 1
    page.click(".notification-open")
    page.wait_for_url(f"**/followups/{followup.pk}/")
    page.wait_for_selector("#notification-bell a[data-unread='0']")
    assert page.locator("#bell-count").count() == 0
    assert page.outside_requests == []
