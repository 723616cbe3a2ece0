"""Fixtures for the tie tests: a home city, partners, and a helper that walks a tie along its lifecycle."""

import datetime as dt

import pytest

from relations.choices import ApprovalLevel, ApprovalOutcome, RelationKind, RelationStatus
from relations.services import approval_record, relation_advance, relation_create
from tests.factories import EntityFactory, HomeCityFactory

START = dt.date(2015, 3, 1)


@pytest.fixture
def home(db):
    return HomeCityFactory(name="Ningbo")


@pytest.fixture
def partner(db):
    return EntityFactory(name="Daegu", name_zh="大邱", name_en="Daegu", country="KR")


@pytest.fixture
def other_partner(db):
    return EntityFactory(name="Aachen", name_zh="亚琛", country="DE")


def walk(relation, *statuses, start: dt.date = START, by=None):
    """Advance a tie through `statuses`, a month apart, recording the approval an `approved` step needs."""
    on = start
    for status in statuses:
        on = on + dt.timedelta(days=30)
        if status == RelationStatus.APPROVED:
            approval_record(
                relation=relation, level=ApprovalLevel.PROVINCE, outcome=ApprovalOutcome.APPROVED, on=on, by=by
            )
        relation = relation_advance(relation=relation, to_status=status, on=on, by=by)
    return relation


@pytest.fixture
def make_tie(home, partner):
    """make_tie(status=..., kind=..., target=...) -> a tie created through the service (with its first step)."""

    def _make(
        status=RelationStatus.CONTACT,
        kind=RelationKind.SISTER_CITY,
        source=None,
        target=None,
        by=None,
        established_on=None,
        on=None,
        **extra,
    ):
        if status in (RelationStatus.SIGNED, RelationStatus.DORMANT) and established_on is None:
            established_on = START
        on = on or established_on or START
        return relation_create(
            kind=kind,
            source=source or home,
            target=target or partner,
            status=status,
            established_on=established_on,
            on=on,
            by=by,
            **extra,
        )

    return _make
