"""The tie services: creation at any status, the lifecycle's allowed and refused steps, approvals, upgrade, delete."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relations.choices import LIFECYCLE, ApprovalLevel, ApprovalOutcome, RelationKind, RelationStatus
from relations.lifecycle import allowed_next, approval_chain
from relations.models import ApprovalDecision, Relation, RelationStep
from relations.selectors import relation_anniversary_base_date, relation_years
from relations.services import (
    approval_record,
    relation_advance,
    relation_create,
    relation_delete,
    relation_update,
    relation_upgrade,
)
from tests.factories import EntityFactory, EventFactory
from tests.relations.conftest import START, walk

S = RelationStatus
pytestmark = pytest.mark.django_db

# Every (from, to) the lifecycle allows, for a kind that can take each of them.
ALLOWED_STEPS = [(f, t) for f, targets in LIFECYCLE.items() for t in targets]
REFUSED_STEPS = [(f, t) for f in S.values for t in S.values if t not in LIFECYCLE[f]]


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- create ---------------------------------------------------------------------------------------------------


def test_relation_create_records_the_starting_status_as_a_dated_step(home, partner, officer):
    relation = relation_create(
        kind=RelationKind.SISTER_CITY,
        source=home,
        target=partner,
        status=S.INTENT,
        on=dt.date(2023, 4, 2),
        by=officer,
        document_no="甬外〔2023〕12号",
        note="Letter from Daegu",
    )
    step = relation.steps.get()
    assert (step.from_status, step.to_status, step.date) == ("", "intent", dt.date(2023, 4, 2))
    assert step.recorded_by == officer and step.document_no == "甬外〔2023〕12号"
    assert relation.status_since == dt.date(2023, 4, 2)
    assert relation.history.first().history_user == officer


def test_relation_create_enters_a_tie_signed_decades_ago_with_its_date(home, partner):
    relation = relation_create(
        kind=RelationKind.SISTER_CITY,
        source=home,
        target=partner,
        status=S.SIGNED,
        established_on=dt.date(1994, 5, 20),
        by=None,
    )
    assert relation.established_on == dt.date(1994, 5, 20)
    assert relation.steps.get().date == dt.date(1994, 5, 20)
    assert relation_years(relation, today=dt.date(2024, 5, 20)) == 30


def test_relation_create_without_any_date_is_refused_rather_than_dated_today(home, partner):
    # Issue 15 item 5: a silent "today" refused every older later step.
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.FRIENDLY_EXCHANGE, source=home, target=partner, by=None)
    assert "date" in errors_of(excinfo)
    assert not Relation.objects.exists()


@pytest.mark.parametrize("status", [S.SIGNED, S.DORMANT])
def test_relation_create_requires_the_signing_date_of_a_signed_tie(home, partner, status):
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.SISTER_CITY, source=home, target=partner, status=status, by=None)
    assert "established_on" in errors_of(excinfo)


def test_relation_create_refuses_a_self_tie_naming_the_target(home):
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.SISTER_CITY, source=home, target=home, by=None)
    assert "target" in errors_of(excinfo)
    assert not Relation.objects.exists()


def test_relation_create_refuses_a_second_live_tie_of_the_same_kind(make_tie, home, partner):
    make_tie(status=S.SIGNED)
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.SISTER_CITY, source=home, target=partner, by=None)
    assert "already a live tie" in errors_of(excinfo)["target"][0]
    with pytest.raises(ValidationError) as reverse:
        relation_create(kind=RelationKind.SISTER_CITY, source=partner, target=home, by=None)
    assert "target" in errors_of(reverse)


def test_relation_create_allows_another_kind_or_a_new_tie_after_one_ended(make_tie, home, partner):
    ended = make_tie(status=S.CONTACT)
    relation_advance(relation=ended, to_status=S.ENDED, on=START + dt.timedelta(days=1), by=None)
    again = relation_create(kind=RelationKind.SISTER_CITY, source=home, target=partner, by=None, on=START)
    school = relation_create(kind=RelationKind.COOPERATION, source=home, target=partner, by=None, on=START)
    assert again.pk and school.pk


def test_relation_create_keeps_the_post_and_period_of_a_position(partner):
    mayor = EntityFactory(kind="person", name="Kim Mayor", country="KR")
    relation = relation_create(
        kind=RelationKind.POSITION,
        source=mayor,
        target=partner,
        title="Mayor",
        start_date=dt.date(2018, 7, 1),
        end_date=dt.date(2022, 6, 30),
        by=None,
    )
    relation.refresh_from_db()
    assert (relation.title, relation.start_date, relation.end_date) == (
        "Mayor",
        dt.date(2018, 7, 1),
        dt.date(2022, 6, 30),
    )


def test_relation_create_refuses_an_end_before_the_start(partner):
    mayor = EntityFactory(kind="person", name="Kim Mayor", country="KR")
    with pytest.raises(ValidationError) as excinfo:
        relation_create(
            kind=RelationKind.POSITION,
            source=mayor,
            target=partner,
            title="Mayor",
            start_date=dt.date(2022, 7, 1),
            end_date=dt.date(2018, 6, 30),
            by=None,
        )
    assert "end_date" in errors_of(excinfo)


def test_relation_create_refuses_an_unknown_kind_and_status(home, partner):
    with pytest.raises(ValidationError) as kind:
        relation_create(kind="twin_town", source=home, target=partner, by=None)
    assert "kind" in errors_of(kind)
    with pytest.raises(ValidationError) as status:
        relation_create(kind=RelationKind.SISTER_CITY, source=home, target=partner, status="married", by=None)
    assert "status" in errors_of(status)


def test_relation_create_refuses_a_signing_date_in_the_future(home, partner):
    with pytest.raises(ValidationError) as excinfo:
        relation_create(
            kind=RelationKind.SISTER_CITY,
            source=home,
            target=partner,
            status=S.SIGNED,
            established_on=timezone.localdate() + dt.timedelta(days=3),
            by=None,
        )
    assert "established_on" in errors_of(excinfo)


# --- update ---------------------------------------------------------------------------------------------------


def test_relation_update_changes_details_and_records_who(make_tie, officer):
    relation = make_tie(status=S.SIGNED)
    relation_update(
        relation=relation, data={"notes": "Twinned at the Expo", "established_on": dt.date(2010, 6, 1)}, by=officer
    )
    relation.refresh_from_db()
    assert relation.notes == "Twinned at the Expo" and relation.established_on == dt.date(2010, 6, 1)
    latest = relation.history.first()
    assert latest.history_user == officer and latest.notes == "Twinned at the Expo"


def test_relation_update_refuses_a_status_change(make_tie):
    relation = make_tie(status=S.CONTACT)
    with pytest.raises(ValidationError) as excinfo:
        relation_update(relation=relation, data={"status": S.SIGNED}, by=None)
    message = errors_of(excinfo)["status"][0]
    assert "intent" in message and "ended" in message
    relation.refresh_from_db()
    assert relation.status == S.CONTACT


def test_relation_update_refuses_clearing_the_signing_date_of_a_signed_tie(make_tie):
    relation = make_tie(status=S.SIGNED)
    with pytest.raises(ValidationError) as excinfo:
        relation_update(relation=relation, data={"established_on": None}, by=None)
    assert "established_on" in errors_of(excinfo)


def test_relation_update_refuses_making_a_duplicate(make_tie, home, other_partner):
    make_tie(status=S.SIGNED, target=other_partner)
    relation = make_tie(status=S.CONTACT)
    with pytest.raises(ValidationError) as excinfo:
        relation_update(relation=relation, data={"target": other_partner}, by=None)
    assert "target" in errors_of(excinfo)


# --- advance: every allowed step, every refused one -------------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED_STEPS, ids=[f"{f}->{t}" for f, t in ALLOWED_STEPS])
def test_relation_advance_takes_every_step_the_lifecycle_allows(make_tie, officer, from_status, to_status):
    kind = RelationKind.FRIENDLY_EXCHANGE if to_status == S.UPGRADED else RelationKind.SISTER_CITY
    relation = make_tie(status=from_status, kind=kind)
    on = START + dt.timedelta(days=10)
    if to_status == S.APPROVED:
        for level in approval_chain(kind):
            approval_record(relation=relation, level=level, outcome=ApprovalOutcome.APPROVED, on=on, by=officer)
    moved = relation_advance(
        relation=relation, to_status=to_status, on=on, by=officer, note="step", document_no="No. 7"
    )
    assert moved.status == to_status and moved.status_since == on
    step = moved.steps.order_by("-id").first()
    assert (step.from_status, step.to_status, step.date, step.recorded_by) == (from_status, to_status, on, officer)
    assert moved.history.first().history_change_reason == f"lifecycle: {from_status} → {to_status}"


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED_STEPS, ids=[f"{f}->{t}" for f, t in REFUSED_STEPS])
def test_relation_advance_refuses_every_step_the_lifecycle_does_not_allow(make_tie, from_status, to_status):
    relation = make_tie(status=from_status, kind=RelationKind.FRIENDLY_EXCHANGE)
    with pytest.raises(ValidationError) as excinfo:
        relation_advance(relation=relation, to_status=to_status, on=START + dt.timedelta(days=10), by=None)
    message = errors_of(excinfo)["status"][0]
    for allowed in allowed_next(from_status, RelationKind.FRIENDLY_EXCHANGE):
        assert f"({allowed})" in message
    relation.refresh_from_db()
    assert relation.status == from_status and relation.steps.count() == 1


def test_relation_advance_refuses_skipping_from_contact_to_signed_naming_the_allowed_steps(make_tie):
    relation = make_tie(status=S.CONTACT)
    with pytest.raises(ValidationError) as excinfo:
        relation_advance(relation=relation, to_status=S.SIGNED, on=START, by=None)
    message = errors_of(excinfo)["status"][0]
    assert "Allowed next steps" in message and "(intent)" in message and "(ended)" in message


def test_relation_advance_refuses_an_unknown_status(make_tie):
    relation = make_tie(status=S.CONTACT)
    with pytest.raises(ValidationError) as excinfo:
        relation_advance(relation=relation, to_status="married", on=START, by=None)
    assert "(intent)" in errors_of(excinfo)["status"][0]


def test_relation_advance_keeps_the_callers_instance_current(make_tie):
    relation = make_tie(status=S.CONTACT)
    relation_advance(relation=relation, to_status=S.INTENT, on=START + dt.timedelta(days=1), by=None)
    relation_advance(relation=relation, to_status=S.LOI_SIGNED, on=START + dt.timedelta(days=2), by=None)
    assert relation.status == S.LOI_SIGNED and relation.status_since == START + dt.timedelta(days=2)


def test_relation_advance_refuses_a_date_before_the_last_step(make_tie):
    relation = make_tie(status=S.CONTACT, on=dt.date(2020, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        relation_advance(relation=relation, to_status=S.INTENT, on=dt.date(2020, 4, 30), by=None)
    assert "2020-05-01" in errors_of(excinfo)["date"][0]


def test_relation_advance_refuses_a_date_in_the_future(make_tie):
    relation = make_tie(status=S.CONTACT)
    with pytest.raises(ValidationError) as excinfo:
        relation_advance(relation=relation, to_status=S.INTENT, on=timezone.localdate() + dt.timedelta(days=1), by=None)
    assert "date" in errors_of(excinfo)


def test_the_whole_lifecycle_from_first_contact_to_signing_is_dated_step_by_step(make_tie, officer):
    relation = make_tie(status=S.CONTACT)
    relation = walk(relation, S.INTENT, S.LOI_SIGNED, S.APPLIED, S.APPROVED, S.SIGNED, by=officer)
    assert relation.status == S.SIGNED
    steps = list(relation.steps.order_by("date", "id").values_list("to_status", flat=True))
    assert steps == ["contact", "intent", "loi_signed", "applied", "approved", "signed"]
    assert relation.established_on == relation.steps.get(to_status=S.SIGNED).date


def test_signing_sets_the_established_date_unless_already_set(make_tie):
    relation = make_tie(status=S.APPROVED)
    relation = relation_advance(relation=relation, to_status=S.SIGNED, on=dt.date(2019, 9, 9), by=None)
    assert relation.established_on == dt.date(2019, 9, 9)
    dormant = relation_advance(relation=relation, to_status=S.DORMANT, on=dt.date(2022, 1, 1), by=None)
    signed_again = relation_advance(relation=dormant, to_status=S.SIGNED, on=dt.date(2023, 1, 1), by=None)
    assert signed_again.established_on == dt.date(2019, 9, 9)


def test_approval_is_required_before_an_application_is_marked_approved(make_tie):
    relation = make_tie(status=S.APPLIED)
    with pytest.raises(ValidationError) as excinfo:
        relation_advance(relation=relation, to_status=S.APPROVED, on=START + dt.timedelta(days=5), by=None)
    assert "status" in errors_of(excinfo)
    approval_record(
        relation=relation,
        level=ApprovalLevel.CITY,
        outcome=ApprovalOutcome.PENDING,
        on=START + dt.timedelta(days=5),
        by=None,
    )
    with pytest.raises(ValidationError):
        relation_advance(relation=relation, to_status=S.APPROVED, on=START + dt.timedelta(days=6), by=None)


def test_a_returned_application_goes_back_to_intent_and_needs_a_new_approval(make_tie):
    relation = make_tie(status=S.APPLIED)
    approval_record(
        relation=relation, level=ApprovalLevel.CITY, outcome=ApprovalOutcome.APPROVED, on=dt.date(2015, 4, 1), by=None
    )
    approval_record(
        relation=relation,
        level=ApprovalLevel.PROVINCE,
        outcome=ApprovalOutcome.RETURNED,
        on=dt.date(2015, 5, 1),
        by=None,
        note="Agenda too thin",
    )
    relation.refresh_from_db()
    assert relation.status == S.RETURNED
    relation = walk(relation, S.INTENT, S.LOI_SIGNED, S.APPLIED, start=dt.date(2016, 1, 1))
    with pytest.raises(ValidationError):
        relation_advance(relation=relation, to_status=S.APPROVED, on=dt.date(2016, 6, 1), by=None)


# --- approvals ------------------------------------------------------------------------------------------------


def test_approval_record_keeps_each_level_with_date_outcome_and_who(make_tie, officer):
    relation = make_tie(status=S.APPLIED)
    for level, day in ((ApprovalLevel.CITY, 2), (ApprovalLevel.PROVINCE, 20), (ApprovalLevel.ASSOCIATION, 40)):
        approval_record(
            relation=relation,
            level=level,
            outcome=ApprovalOutcome.APPROVED,
            on=START + dt.timedelta(days=day),
            by=officer,
            document_no=f"doc-{level}",
        )
    decisions = list(relation.approvals.order_by("date"))
    assert [d.level for d in decisions] == ["city", "province", "association"]
    assert all(d.recorded_by == officer for d in decisions)
    assert ApprovalDecision.history.filter(history_user=officer).count() == 3


@pytest.mark.parametrize("status", [S.CONTACT, S.LOI_SIGNED, S.APPROVED, S.SIGNED, S.RETURNED])
def test_approval_record_is_refused_unless_the_application_is_submitted(make_tie, status):
    relation = make_tie(status=status)
    with pytest.raises(ValidationError) as excinfo:
        approval_record(
            relation=relation,
            level=ApprovalLevel.CITY,
            outcome=ApprovalOutcome.APPROVED,
            on=START + dt.timedelta(days=2),
            by=None,
        )
    assert "status" in errors_of(excinfo)
    assert not ApprovalDecision.objects.exists()


def test_approval_record_refuses_an_unknown_level(make_tie):
    relation = make_tie(status=S.APPLIED)
    with pytest.raises(ValidationError) as excinfo:
        approval_record(
            relation=relation,
            level="emperor",
            outcome=ApprovalOutcome.APPROVED,
            on=START + dt.timedelta(days=2),
            by=None,
        )
    assert "level" in errors_of(excinfo)


def test_a_returned_decision_moves_the_tie_to_returned_with_a_step(make_tie, officer):
    relation = make_tie(status=S.APPLIED)
    approval_record(
        relation=relation,
        level=ApprovalLevel.CITY,
        outcome=ApprovalOutcome.RETURNED,
        on=dt.date(2015, 6, 18),
        by=officer,
        document_no="外复〔2015〕3号",
    )
    relation.refresh_from_db()
    assert relation.status == S.RETURNED
    step = relation.steps.get(to_status=S.RETURNED)
    assert step.date == dt.date(2015, 6, 18) and step.document_no == "外复〔2015〕3号" and step.recorded_by == officer


# --- upgrade --------------------------------------------------------------------------------------------------


def test_relation_upgrade_creates_the_sister_city_tie_and_keeps_the_first_signing_date(make_tie, officer):
    old = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE, established_on=dt.date(2004, 10, 1))
    new = relation_upgrade(relation=old, on=dt.date(2014, 10, 1), by=officer, note="At the 10th anniversary")
    old.refresh_from_db()
    assert old.status == S.UPGRADED and old.steps.filter(to_status=S.UPGRADED, recorded_by=officer).exists()
    assert new.kind == RelationKind.SISTER_CITY and new.status == S.SIGNED
    assert new.upgraded_from == old and old.upgraded_to == new
    assert (new.source, new.target) == (old.source, old.target)
    assert new.established_on == dt.date(2004, 10, 1)
    assert relation_anniversary_base_date(new) == dt.date(2004, 10, 1)
    assert relation_years(new, today=dt.date(2024, 10, 1)) == 20
    assert new.steps.get().date == dt.date(2014, 10, 1)
    assert new.history.first().history_change_reason == f"upgraded from #{old.pk}"


def test_advancing_to_upgraded_performs_the_upgrade(make_tie):
    old = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    relation_advance(relation=old, to_status=S.UPGRADED, on=dt.date(2020, 1, 1), by=None)
    assert Relation.objects.get(upgraded_from=old).kind == RelationKind.SISTER_CITY


def test_relation_upgrade_is_refused_for_other_kinds_and_unsigned_ties(make_tie, other_partner):
    sister = make_tie(status=S.SIGNED, kind=RelationKind.SISTER_CITY)
    with pytest.raises(ValidationError) as kind:
        relation_upgrade(relation=sister, on=dt.date(2020, 1, 1), by=None)
    assert "kind" in errors_of(kind)
    pending = make_tie(status=S.APPROVED, kind=RelationKind.FRIENDLY_EXCHANGE, target=other_partner)
    with pytest.raises(ValidationError) as status:
        relation_upgrade(relation=pending, on=dt.date(2020, 1, 1), by=None)
    assert "status" in errors_of(status)
    assert Relation.objects.count() == 2


@pytest.mark.parametrize("final", [S.UPGRADED, S.ENDED])
def test_upgraded_and_ended_ties_move_no_further(make_tie, final):
    relation = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    relation = relation_advance(relation=relation, to_status=final, on=dt.date(2020, 1, 1), by=None)
    for status in S.values:
        with pytest.raises(ValidationError) as excinfo:
            relation_advance(relation=relation, to_status=status, on=dt.date(2020, 2, 1), by=None)
        assert "final" in errors_of(excinfo)["status"][0]


# --- delete ---------------------------------------------------------------------------------------------------


def test_relation_delete_removes_the_tie_with_its_steps_and_records_who(make_tie, admin_role_user):
    relation = make_tie(status=S.SIGNED)
    pk = relation.pk
    relation_delete(relation=relation, by=admin_role_user)
    assert not Relation.objects.filter(pk=pk).exists() and not RelationStep.objects.exists()
    deletion = Relation.history.filter(id=pk, history_type="-").get()
    assert deletion.history_user == admin_role_user


def test_relation_delete_is_refused_while_events_serve_the_tie(make_tie):
    relation = make_tie(status=S.SIGNED)
    EventFactory().relations.add(relation)
    with pytest.raises(ValidationError) as excinfo:
        relation_delete(relation=relation, by=None)
    assert "1 event" in excinfo.value.messages[0]
    assert Relation.objects.filter(pk=relation.pk).exists()


def test_relation_delete_is_refused_for_the_first_tie_of_an_upgrade(make_tie):
    old = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    relation_upgrade(relation=old, on=dt.date(2020, 1, 1), by=None)
    with pytest.raises(ValidationError):
        relation_delete(relation=old, by=None)
