"""Each tie kind says what may stand at each end and where it may start; the approval chain decides in order, each
level once (issue 15 item 4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from relations.choices import ApprovalOutcome, RelationKind, RelationStatus
from relations.lifecycle import allowed_starts, approval_chain, end_problem
from relations.models import ApprovalDecision, Relation
from relations.services import approval_record, relation_advance, relation_create, relation_update
from tests.factories import EntityFactory
from tests.relations.conftest import START

S = RelationStatus
APPROVED, RETURNED = ApprovalOutcome.APPROVED, ApprovalOutcome.RETURNED


def _refusal(excinfo) -> dict:
    return excinfo.value.message_dict


# --- the ends -------------------------------------------------------------------------------------------------


def test_end_rules_are_a_pure_table():
    assert end_problem(RelationKind.SISTER_CITY, "source", "city", True) is None
    assert end_problem(RelationKind.SISTER_CITY, "source", "school", True) == "kind"
    assert end_problem(RelationKind.SISTER_CITY, "source", "city", False) == "domestic"
    assert end_problem(RelationKind.SISTER_CITY, "target", "city", True) == "foreign"
    assert end_problem(RelationKind.POSITION, "source", "person", False) is None
    assert end_problem(RelationKind.POSITION, "target", "person", False) == "kind"
    assert S.UPGRADED not in allowed_starts(RelationKind.FRIENDLY_EXCHANGE)
    assert S.APPLIED not in allowed_starts(RelationKind.POSITION)


def test_a_sister_city_tie_between_a_school_and_a_city_is_refused_naming_the_source(home, partner):
    school = EntityFactory(name="Ningbo No. 2 Middle School", kind="school", country="CN", domestic=True)
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.SISTER_CITY, source=school, target=partner, by=None, on=START)
    assert list(_refusal(excinfo)) == ["source"]
    assert "Ningbo No. 2 Middle School" in _refusal(excinfo)["source"][0]
    assert not Relation.objects.exists()


def test_a_sister_city_tie_between_two_foreign_cities_is_refused(partner, other_partner):
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.SISTER_CITY, source=partner, target=other_partner, by=None, on=START)
    assert "domestic" in _refusal(excinfo)["source"][0]


def test_a_partnership_with_our_own_district_is_refused_naming_the_target(home):
    district = EntityFactory(name="Haishu", kind="district", country="CN", domestic=True)
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.FRIENDLY_EXCHANGE, source=home, target=district, by=None, on=START)
    assert "foreign partner" in _refusal(excinfo)["target"][0]


def test_an_edit_that_puts_a_wrong_entity_at_an_end_is_refused(make_tie, home):
    relation = make_tie(status=S.CONTACT)
    school = EntityFactory(name="Daegu High School", kind="school", country="KR")
    with pytest.raises(ValidationError) as excinfo:
        relation_update(relation=relation, data={"target": school}, by=None)
    assert "target" in _refusal(excinfo)
    relation.refresh_from_db()
    assert relation.target.name == "Daegu"


def test_a_school_tie_a_position_and_a_membership_are_accepted_with_the_right_ends(home):
    ours = EntityFactory(name="Ningbo No. 2 Middle School", kind="school", country="CN", domestic=True)
    theirs = EntityFactory(name="Daegu High School", kind="school", country="KR")
    mayor = EntityFactory(name="Kim", kind="person", country="KR")
    uclg = EntityFactory(name="UCLG", kind="organisation", country="ES")
    relation_create(kind=RelationKind.FRIENDLY_SCHOOL, source=ours, target=theirs, by=None, on=START)
    relation_create(
        kind=RelationKind.POSITION, source=mayor, target=home, status=S.SIGNED, established_on=START, by=None
    )
    relation_create(kind=RelationKind.MEMBERSHIP, source=home, target=uclg, by=None, on=START)
    assert Relation.objects.count() == 3


def test_a_tie_cannot_be_put_on_file_as_upgraded(officer_api, home, partner):
    response = officer_api.post(
        "/api/relations/",
        {
            "kind": "friendly_exchange",
            "source": home.pk,
            "target": partner.pk,
            "status": "upgraded",
            "established_on": "2004-10-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Upgraded" in response.json()["status"][0]


def test_a_position_cannot_start_as_an_application(home):
    person = EntityFactory(name="Kim", kind="person", country="KR")
    with pytest.raises(ValidationError) as excinfo:
        relation_create(kind=RelationKind.POSITION, source=person, target=home, status=S.APPLIED, by=None, on=START)
    assert "status" in _refusal(excinfo)


def test_the_create_page_shows_the_refusal_on_the_field(page_as, partner, other_partner):
    response = page_as("officer").post(
        "/relations/new/",
        {
            "kind": "sister_city",
            "source": partner.pk,
            "target": other_partner.pk,
            "status": "contact",
            "date": "2015-03-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="field-source"' in html and "domestic" in html


# --- the approval chain ---------------------------------------------------------------------------------------


def test_the_chain_is_city_province_association_ministry_for_a_city_tie_and_shorter_below():
    assert approval_chain(RelationKind.SISTER_CITY) == ("city", "province", "association", "ministry")
    assert approval_chain(RelationKind.FRIENDLY_SCHOOL) == ("city", "province")
    assert approval_chain(RelationKind.SISTER_CITY, ("province", "ministry")) == ("province", "ministry")


def test_a_level_out_of_order_is_refused_naming_the_level_that_has_not_decided(make_tie):
    relation = make_tie(status=S.APPLIED)
    with pytest.raises(ValidationError) as excinfo:
        approval_record(relation=relation, level="province", outcome=APPROVED, on=dt.date(2015, 4, 1), by=None)
    assert "City government" in _refusal(excinfo)["level"][0]
    approval_record(relation=relation, level="city", outcome=APPROVED, on=dt.date(2015, 4, 1), by=None)
    approval_record(relation=relation, level="province", outcome=APPROVED, on=dt.date(2015, 4, 2), by=None)
    with pytest.raises(ValidationError) as excinfo:
        approval_record(relation=relation, level="ministry", outcome=APPROVED, on=dt.date(2015, 4, 3), by=None)
    assert "friendship association" in _refusal(excinfo)["level"][0]


def test_a_level_decided_twice_is_refused_until_the_application_is_returned(make_tie):
    relation = make_tie(status=S.APPLIED)
    approval_record(relation=relation, level="city", outcome=APPROVED, on=dt.date(2015, 4, 1), by=None)
    with pytest.raises(ValidationError) as excinfo:
        approval_record(relation=relation, level="city", outcome=APPROVED, on=dt.date(2015, 4, 2), by=None)
    assert "returned" in _refusal(excinfo)["level"][0]
    approval_record(relation=relation, level="province", outcome=RETURNED, on=dt.date(2015, 5, 1), by=None)
    for status, on in ((S.INTENT, dt.date(2015, 6, 1)), (S.LOI_SIGNED, dt.date(2015, 7, 1))):
        relation = relation_advance(relation=relation, to_status=status, on=on, by=None)
    relation = relation_advance(relation=relation, to_status=S.APPLIED, on=dt.date(2015, 8, 1), by=None)
    # A new application: the city decides again, then the province.
    approval_record(relation=relation, level="city", outcome=APPROVED, on=dt.date(2015, 8, 5), by=None)
    approval_record(relation=relation, level="province", outcome=APPROVED, on=dt.date(2015, 8, 9), by=None)
    assert ApprovalDecision.objects.filter(relation=relation, level="city").count() == 2


def test_a_level_not_in_the_chain_of_the_kind_is_refused(home):
    ours = EntityFactory(name="Ningbo No. 2 Middle School", kind="school", country="CN", domestic=True)
    theirs = EntityFactory(name="Daegu High School", kind="school", country="KR")
    relation = relation_create(
        kind=RelationKind.FRIENDLY_SCHOOL, source=ours, target=theirs, status=S.APPLIED, by=None, on=START
    )
    approval_record(relation=relation, level="city", outcome=APPROVED, on=dt.date(2015, 4, 1), by=None)
    with pytest.raises(ValidationError) as excinfo:
        approval_record(relation=relation, level="ministry", outcome=APPROVED, on=dt.date(2015, 4, 2), by=None)
    assert "level" in _refusal(excinfo)


def test_the_chain_is_taken_from_the_setting(make_tie, settings):
    settings.CRM_APPROVAL_CHAIN = ("province", "ministry")
    relation = make_tie(status=S.APPLIED)
    approval_record(relation=relation, level="province", outcome=APPROVED, on=dt.date(2015, 4, 1), by=None)
    approval_record(relation=relation, level="ministry", outcome=APPROVED, on=dt.date(2015, 4, 2), by=None)
    with pytest.raises(ValidationError):
        approval_record(relation=relation, level="city", outcome=APPROVED, on=dt.date(2015, 4, 3), by=None)


def test_the_api_refuses_a_decision_out_of_order_with_400_naming_the_level(officer_api, make_tie):
    relation = make_tie(status=S.APPLIED)
    response = officer_api.post(
        f"/api/relations/{relation.pk}/approvals/",
        {"level": "ministry", "outcome": "approved", "date": "2015-06-18"},
        format="json",
    )
    assert response.status_code == 400 and "level" in response.json()
