"""The one searchable picker in a real browser (issue 15 item 8): a tie typed into the event form and not picked is
refused with a message instead of silently dropped; a click picks it; Enter picks the first match on the follow-up
form's owner and event pickers."""

import pytest

from events.models import Event, FollowUp
from tests.factories import EntityFactory, EventFactory, RelationFactory

pytestmark = pytest.mark.browser


def test_a_tie_typed_but_not_picked_is_refused_then_picked_with_one_click(login):
    home = EntityFactory(name="Ningbo", name_zh="宁波", country="CN", domestic=True)
    daegu = EntityFactory(name="Daegu", name_zh="大邱", country="KR")
    tie = RelationFactory(source=home, target=daegu)
    RelationFactory.create_batch(3)
    page = login("officer")

    page.goto(f"/events/new/?entity={daegu.pk}")
    page.select_option("#id_kind", "visit_in")
    page.fill("#id_title", "Daegu city delegation")
    page.fill("#id_start_date", "2024-05-06")
    page.fill("#id_participants-0-headcount", "6")
    page.fill("#id_relations-search", "大邱")
    page.wait_for_selector(f"#id_relations option[value='{tie.pk}']", state="attached")
    page.click("#save-event")  # the tie is listed but not picked: the old form saved the event without it

    page.wait_for_selector("#field-relations .field-error")
    assert "大邱" in page.inner_text("#field-relations .field-error")
    assert Event.objects.count() == 0
    assert page.input_value("#id_relations-search") == "大邱"  # what was typed is kept

    page.click(f"#id_relations option[value='{tie.pk}']")  # one click, no Ctrl key
    assert page.locator("#id_relations option:checked").count() == 1
    assert page.input_value("#id_relations-search") == ""
    page.click("#save-event")
    page.wait_for_url("**/events/*/")
    assert list(Event.objects.get().relations.all()) == [tie]
    assert page.outside_requests == []


def test_enter_picks_the_first_match_on_the_follow_up_form(login, make_user):
    colleague = make_user("officer", username="wangfang", first_name="芳", last_name="王")
    event = EventFactory(title="大邱代表团来访")
    EventFactory.create_batch(4)
    page = login("officer")

    page.goto("/followups/")
    page.click("#new-followup summary")
    page.fill("#followup-form input[name=title]", "Send the photos")
    page.fill("#followup-form input[name=due_date]", "2030-01-15")
    page.fill("#id_owner-search", "王")
    page.press("#id_owner-search", "Enter")  # searches and picks; does not submit the form
    page.wait_for_selector(f"#id_owner option[value='{colleague.pk}']:checked", state="attached")
    page.fill("#id_event-search", "大邱")
    page.press("#id_event-search", "Enter")
    page.wait_for_selector(f"#id_event option[value='{event.pk}']:checked", state="attached")
    assert FollowUp.objects.count() == 0
    assert page.input_value("#id_event-search") == ""
    page.click("#followup-form button[type=submit]")
    page.wait_for_selector("#followups-count")
    followup = FollowUp.objects.get()
    assert (followup.owner, followup.event) == (colleague, event)
