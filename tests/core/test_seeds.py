"""Shipped reference rows come back after a flush (core.seeds): the regions, the service kinds and the default trip
rules. A transactional test's teardown flushes every table and sends post_migrate; the next test on that worker found
no regions (tests/contacts/test_regions.py failed after tests/imports/test_jobs.py on one worker)."""

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.db.models.signals import post_migrate

from contacts.models import Region
from servicedesk.models import ServiceKind
from trips.models import ReviewCriterion, TripRules

REGIONS = json.loads((Path(__file__).resolve().parents[2] / "contacts" / "data" / "regions.json").read_text("utf-8"))


def _post_migrate(label: str) -> None:
    """What a flush or a migrate sends for an app once its tables are ready."""
    config = apps.get_app_config(label)
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )


@pytest.mark.django_db
def test_the_shipped_regions_come_back_with_one_history_entry_each():
    Region.objects.all().delete()  # as a flush leaves the table
    Region.history.all().delete()
    _post_migrate("contacts")
    assert Region.objects.count() == len(REGIONS)
    assert Region.history.filter(history_type="+").count() == len(REGIONS)  # not written twice
    assert Region.objects.get(code="asean").countries == next(r for r in REGIONS if r["code"] == "asean")["countries"]


@pytest.mark.django_db
def test_an_offices_own_regions_are_left_alone():
    Region.objects.exclude(code="asean").delete()
    _post_migrate("contacts")
    assert list(Region.objects.values_list("code", flat=True)) == ["asean"]


@pytest.mark.django_db
def test_the_default_trip_rules_and_criteria_come_back():
    TripRules.objects.all().delete()
    ReviewCriterion.objects.all().delete()
    _post_migrate("trips")
    assert TripRules.objects.get(year=None).days_by_countries == {"1": 5, "2": 8, "3": 10}
    assert ReviewCriterion.objects.count() == 3


@pytest.mark.django_db
def test_the_service_kinds_come_back():
    ServiceKind.objects.all().delete()
    _post_migrate("servicedesk")
    assert ServiceKind.objects.filter(code="consular_certification").exists()
