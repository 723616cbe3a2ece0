"""A tie's starting date is given, never silently today; a recorded step's date can be corrected, in history
(issue 15 item 5)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from relations.choices import RelationStatus
from relations.models import RelationStep
from relations.services import relation_advance, relation_step_redate

S = RelationStatus
D = dt.date


def test_an_api_tie_without_a_date_is_refused_naming_the_date(officer_api, home, partner):
    response = officer_api.post(
        "/api/relations/", {"kind": "friendly_exchange", "source": home.pk, "target": partner.pk}, format="json"
    )
    assert response.status_code == 400 and "date" in response.json()


def test_the_create_page_shows_today_as_the_starting_date_instead_of_assuming_it(page_as, home):
    html = page_as("officer").get(f"/relations/new/?source={home.pk}").content.decode()
    assert f'name="date" value="{dt.date.today().isoformat()}"' in html


def test_an_officer_corrects_a_wrong_first_date_and_the_older_step_is_then_accepted(make_tie, officer):
    relation = make_tie(status=S.CONTACT, on=D(2024, 5, 1))
    with pytest.raises(ValidationError):
        relation_advance(relation=relation, to_status=S.INTENT, on=D(2020, 3, 1), by=officer)
    first = relation.steps.get()
    relation_step_redate(step=first, on=D(2019, 9, 1), by=officer)
    relation.refresh_from_db()
    assert relation.status_since == D(2019, 9, 1)
    relation_advance(relation=relation, to_status=S.INTENT, on=D(2020, 3, 1), by=officer)
    record = RelationStep.history.filter(id=first.pk).order_by("-history_date").first()
    assert record.history_user == officer and "2024-05-01 → 2019-09-01" in record.history_change_reason


def test_a_corrected_date_keeps_the_steps_in_order(make_tie):
    relation = make_tie(status=S.CONTACT, on=D(2019, 1, 1))
    relation = relation_advance(relation=relation, to_status=S.INTENT, on=D(2019, 6, 1), by=None)
    first, second = relation.steps.order_by("date")
    with pytest.raises(ValidationError) as excinfo:
        relation_step_redate(step=first, on=D(2019, 7, 1), by=None)
    assert "date" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        relation_step_redate(step=second, on=D(2018, 12, 1), by=None)
    with pytest.raises(ValidationError):
        relation_step_redate(step=second, on=dt.date.today() + dt.timedelta(days=3), by=None)


def test_correcting_the_signing_step_moves_the_signing_date(make_tie):
    relation = make_tie(status=S.SIGNED, established_on=D(2004, 10, 1))
    relation_step_redate(step=relation.steps.get(), on=D(2004, 9, 28), by=None)
    relation.refresh_from_db()
    assert relation.established_on == D(2004, 9, 28)


def test_the_detail_page_corrects_a_step_date_for_an_officer_and_not_for_a_viewer(page_as, make_tie, client):
    relation = make_tie(status=S.CONTACT, on=D(2024, 5, 1))
    step = relation.steps.get()
    viewer = page_as("viewer")
    assert viewer.post(f"/relations/{relation.pk}/redate/", {"step": step.pk, "date": "2019-09-01"}).status_code == 403
    officer = page_as("officer")
    assert "redate-form" in officer.get(f"/relations/{relation.pk}/").content.decode()
    bad = officer.post(f"/relations/{relation.pk}/redate/", {"step": step.pk, "date": "2030-01-01"})
    assert bad.status_code == 200 and "field-error" in bad.content.decode()
    ok = officer.post(f"/relations/{relation.pk}/redate/", {"step": step.pk, "date": "2019-09-01"})
    assert ok.status_code == 302
    step.refresh_from_db()
    assert step.date == D(2019, 9, 1)
