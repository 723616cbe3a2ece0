"""Every relations model is in the admin with its history, search and filters, and its pages load."""

import datetime as dt

import pytest
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from relations.choices import RelationKind, RelationStatus
from relations.models import (
    ApprovalDecision,
    LayoutPlan,
    LayoutRule,
    LayoutTarget,
    Relation,
    RelationStep,
    SuggestionDismissal,
)

pytestmark = pytest.mark.django_db

MODELS = (Relation, RelationStep, ApprovalDecision, LayoutPlan, SuggestionDismissal)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_relations_model_is_in_the_admin_with_history_search_and_filters(model):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, SimpleHistoryAdmin)
    assert model_admin.search_fields and model_admin.list_filter


def test_inlines_show_steps_approvals_rules_and_targets():
    assert {i.model for i in admin.site._registry[Relation].inlines} == {RelationStep, ApprovalDecision}
    assert {i.model for i in admin.site._registry[LayoutPlan].inlines} == {LayoutRule, LayoutTarget}


@pytest.fixture
def admin_role_client(client, admin_role_user):
    client.force_login(admin_role_user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_list_pages_load_with_a_search(admin_role_client, make_tie, home, model):
    relation = make_tie(status=RelationStatus.APPLIED)
    LayoutPlan.objects.create(home=home, name="2021–2025 layout", start_year=2021, end_year=2025)
    SuggestionDismissal.objects.create(
        home=home, key="gap:KH", kind="gap", subject="Cambodia", reason="Later", until=dt.date(2030, 1, 1)
    )
    ApprovalDecision.objects.create(relation=relation, level="city", outcome="approved", date=dt.date(2015, 4, 1))
    url = f"/admin/relations/{model._meta.model_name}/"
    assert admin_role_client.get(url).status_code == 200
    assert admin_role_client.get(url, {"q": "Daegu"}).status_code == 200


def test_admin_change_and_history_pages_of_a_tie_load(admin_role_client, make_tie):
    relation = make_tie(status=RelationStatus.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    change = admin_role_client.get(f"/admin/relations/relation/{relation.pk}/change/")
    assert change.status_code == 200 and "lifecycle step" in change.content.decode().lower()
    assert admin_role_client.get(f"/admin/relations/relation/{relation.pk}/history/").status_code == 200
    assert admin_role_client.get("/admin/relations/relation/", {"status__exact": "signed"}).status_code == 200
