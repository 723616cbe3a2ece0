"""/api/services/: kinds (read-only for officers), entries (one service or a month's totals), APEC cards;
permissions, ETags, history, 400s naming the field, constant queries per page."""

import datetime as dt

import pytest

from contacts.choices import EntityKind
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind
from tests.factories import EntityFactory


@pytest.fixture
def enterprise(db):
    return EntityFactory(kind=EntityKind.ENTERPRISE, name="Ningbo Port Co.", country="CN", domestic=True)


@pytest.fixture
def person(db):
    return EntityFactory(kind=EntityKind.PERSON, name="Wang Lei", country="CN", domestic=True)


@pytest.mark.django_db
def test_officers_read_the_kinds_and_only_admins_add_one(api_as):
    listed = api_as("officer").get("/api/services/kinds/")
    assert listed.status_code == 200
    codes = [row["code"] for row in listed.json()["results"]]
    assert "consular_certification" in codes and len(codes) == 9
    new = {"code": "notarial", "name": "Notarial certificates", "name_zh": "公证认证", "unit": "documents"}
    assert api_as("officer").post("/api/services/kinds/", new, format="json").status_code == 403
    created = api_as("admin").post("/api/services/kinds/", new, format="json")
    assert created.status_code == 201
    assert ServiceKind.objects.get(code="notarial").history.first().history_user.username == "api-admin"


@pytest.mark.django_db
def test_an_officer_records_a_service_with_history_and_an_etag(api_as, enterprise):
    client = api_as("officer")
    body = {
        "kind": "consular_certification",
        "date": "2026-03-04",
        "applicant": enterprise.pk,
        "batches": 1,
        "items": 12,
        "note": "Certificates of origin",
    }
    created = client.post("/api/services/entries/", body, format="json")
    assert created.status_code == 201, created.json()
    entry = ServiceEntry.objects.get(pk=created.json()["id"])
    assert created.json()["applicant_name"] == "Ningbo Port Co."
    assert entry.history.first().history_user == client.user
    detail = client.get(f"/api/services/entries/{entry.pk}/")
    etag = detail["ETag"]
    changed = client.patch(f"/api/services/entries/{entry.pk}/", {"items": 13}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["items"] == 13
    stale = client.patch(f"/api/services/entries/{entry.pk}/", {"items": 14}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert ServiceEntry.objects.get(pk=entry.pk).items == 13
    assert client.get(f"/api/services/entries/{entry.pk}/history/").status_code == 200
    assert api_as("viewer").post("/api/services/entries/", body, format="json").status_code == 403
    assert client.delete(f"/api/services/entries/{entry.pk}/").status_code == 403  # officers do not delete
    assert api_as("admin").delete(f"/api/services/entries/{entry.pk}/").status_code == 204


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, field",
    [
        ({"kind": "nothing", "date": "2026-03-04"}, "kind"),
        ({"kind": "translation", "date": "1066-03-04"}, "date"),
        ({"kind": "translation", "date": "2026-03-04", "items": -1}, "items"),
        ({"kind": "translation", "date": "2026-03-04", "batches": 10**9}, "batches"),
        ({"kind": "translation", "date": "2026-03-04", "period": "month", "applicant": "ENTERPRISE"}, "applicant"),
    ],
)
def test_bad_entries_are_refused_naming_the_field(api_as, enterprise, body, field):
    if body.get("applicant") == "ENTERPRISE":
        body = {**body, "applicant": enterprise.pk}
    response = api_as("officer").post("/api/services/entries/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_a_months_totals_in_one_request_replace_the_earlier_ones(api_as):
    client = api_as("officer")
    body = {
        "month": "2026-05-17",
        "totals": [
            {"kind": "translation", "batches": 30, "items": 41},
            {"kind": "private_visa", "batches": 0, "items": 0},
        ],
    }
    first = client.post("/api/services/entries/month/", body, format="json")
    assert first.status_code == 200 and len(first.json()) == 1
    assert first.json()[0]["date"] == "2026-05-01" and first.json()[0]["period"] == "month"
    body["totals"][0]["items"] = 45
    again = client.post("/api/services/entries/month/", body, format="json")
    assert [row["items"] for row in again.json()] == [45]
    assert ServiceEntry.objects.filter(period="month", date=dt.date(2026, 5, 1)).count() == 1
    twice = {"month": "2026-05-01", "totals": [{"kind": "translation", "batches": 1, "items": 1}] * 2}
    assert "totals" in client.post("/api/services/entries/month/", twice, format="json").json()


@pytest.mark.django_db
def test_apec_cards_check_holder_and_dates(api_as, person, enterprise):
    client = api_as("officer")
    body = {
        "number": "APEC-001",
        "holder": person.pk,
        "enterprise": enterprise.pk,
        "issued_on": "2024-01-10",
        "expires_on": "2029-01-09",
    }
    assert client.post("/api/services/apec-cards/", body, format="json").status_code == 201
    wrong = client.post(
        "/api/services/apec-cards/", {**body, "number": "APEC-002", "holder": enterprise.pk}, format="json"
    )
    assert wrong.status_code == 400 and "holder" in wrong.json()
    backwards = client.post(
        "/api/services/apec-cards/", {**body, "number": "APEC-003", "expires_on": "2023-01-01"}, format="json"
    )
    assert backwards.status_code == 400
    soon = client.get("/api/services/apec-cards/", {"expires_before": "2029-12-31"}).json()
    assert [row["number"] for row in soon["results"]] == ["APEC-001"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_the_lists_cost_the_same_queries_for_3_or_30_rows(api_as, django_assert_num_queries, enterprise, person, count):
    client = api_as("officer")
    kind = ServiceKind.objects.get(code="translation")
    for n in range(count):
        ServiceEntry.objects.create(kind=kind, date=dt.date(2026, 1, 1) + dt.timedelta(days=n), applicant=enterprise)
        ApecCard.objects.create(
            holder=person,
            enterprise=enterprise,
            number=f"C{n}",
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date(2029, 1, 1),
        )
    # Warm the permission cache and keep the counts (core.versions.cached_count): the rows' cost is what is measured.
    client.get("/api/services/entries/")
    client.get("/api/services/apec-cards/")
    with django_assert_num_queries(2):
        assert len(client.get("/api/services/entries/", {"page_size": 100}).json()["results"]) == count
    with django_assert_num_queries(2):
        assert len(client.get("/api/services/apec-cards/", {"page_size": 100}).json()["results"]) == count


def test_names_of_optional_parties_are_documented_as_nullable():
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schemas["ServiceEntry"]["properties"]["applicant_name"].get("nullable") is True
    assert schemas["ApecCard"]["properties"]["enterprise_name"].get("nullable") is True


def _post_migrate():
    """What a flush (a transactional test's teardown) or a migrate sends for the app once its tables are ready."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    config = apps.get_app_config("servicedesk")
    post_migrate.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps, plan=[]
    )


@pytest.mark.django_db
def test_the_standard_kinds_come_back_after_a_flush_and_an_offices_own_are_left_alone():
    ServiceKind.objects.all().delete()  # as a flush leaves the table
    _post_migrate()
    assert ServiceKind.objects.filter(code="consular_certification").exists()
    ServiceKind.objects.exclude(code="translation").delete()
    _post_migrate()
    assert list(ServiceKind.objects.values_list("code", flat=True)) == ["translation"]
