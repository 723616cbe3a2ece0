"""Fixtures for the tie tests: a home city, partners, and a helper that walks a tie along its lifecycle."""

import datetime as dt

import pytest

from relations.choices import ApprovalOutcome, RelationKind, RelationStatus
from relations.lifecycle import approval_chain
from relations.models import Relation
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
            for level in approval_chain(relation.kind):  # the chain decides in order
                approval_record(relation=relation, level=level, outcome=ApprovalOutcome.APPROVED, on=on, by=by)
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
        if status == RelationStatus.UPGRADED:
            # No tie is put on file as upgraded (only the upgrade makes one): a signed tie moved there directly.
            relation = _make(RelationStatus.SIGNED, kind, source, target, by, established_on, on, **extra)
            Relation.objects.filter(pk=relation.pk).update(status=RelationStatus.UPGRADED)
            relation.refresh_from_db()
            return relation
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
