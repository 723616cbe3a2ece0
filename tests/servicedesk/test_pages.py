"""The /services/ pages: the ledger and its filters, one entry, a month's totals, the APEC register, the dashboard."""

import datetime as dt

import pytest
from django.utils import timezone

from contacts.choices import EntityKind
from servicedesk.models import ApecCard, ServiceEntry, ServiceKind
from tests.factories import EntityFactory


@pytest.mark.django_db
def test_the_menu_leads_to_the_ledger_filtered_by_kind_and_month(page_as):
    kind = ServiceKind.objects.get(code="translation")
    other = ServiceKind.objects.get(code="consular_certification")
    ServiceEntry.objects.create(kind=kind, date=dt.date(2026, 3, 4), batches=2, items=7, note="Contract")
    ServiceEntry.objects.create(kind=other, date=dt.date(2026, 4, 4), batches=5, items=9, note="Origin")
    client = page_as("viewer")
    assert 'href="/services/"' in client.get("/").content.decode()
    page = client.get("/services/", {"kind": "translation", "month": "2026-03"}, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200 and "Contract" in text and "Origin" not in text
    assert "<strong>2</strong> batches, <strong>7</strong> items" in text
    bad = client.get("/services/", {"month": "March"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Enter the month as YYYY-MM" in bad
    zh = client.get("/services/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "领事认证" in zh


@pytest.mark.django_db
def test_an_officer_records_one_service_and_a_months_totals(page_as):
    client = page_as("officer")
    applicant = EntityFactory(kind=EntityKind.ENTERPRISE, name="Beilun Trading", country="CN", domestic=True)
    kind = ServiceKind.objects.get(code="invitation")
    response = client.post(
        "/services/new/",
        {
            "kind": kind.pk,
            "period": "single",
            "date": "2026-06-02",
            "applicant": applicant.pk,
            "batches": 1,
            "items": 3,
            "note": "",
        },
    )
    assert response.status_code == 302
    entry = ServiceEntry.objects.get(kind=kind)
    assert (entry.applicant, entry.items) == (applicant, 3)
    assert entry.history.first().history_user == client.user
    data = {"month": "2026-06", "note": "", "batches_translation": "12", "items_translation": "30"}
    assert client.post("/services/month/", data).status_code == 302
    total = ServiceEntry.objects.get(period="month", kind__code="translation")
    assert (total.date, total.batches, total.items) == (dt.date(2026, 6, 1), 12, 30)
    shown = client.get("/services/month/", {"month": "2026-06"}).content.decode()
    assert 'name="items_translation" value="30"' in shown
    refused = client.post(
        "/services/new/",
        {"kind": kind.pk, "period": "month", "date": "2026-06-09", "applicant": applicant.pk, "batches": 1, "items": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 200 and "A month&#x27;s totals have no single applicant." in refused.content.decode()


@pytest.mark.django_db
def test_a_viewer_reads_but_cannot_write(page_as):
    client = page_as("viewer")
    assert client.get("/services/new/").status_code == 403
    assert client.get("/services/month/").status_code == 403
    entry = ServiceEntry.objects.create(kind=ServiceKind.objects.get(code="translation"), date=dt.date(2026, 1, 5))
    page = client.get(f"/services/{entry.pk}/")
    assert page.status_code == 200 and "service-entry-form" not in page.content.decode()
    assert client.post(f"/services/{entry.pk}/", {"items": 5}).status_code == 403
    assert client.post(f"/services/{entry.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_the_apec_register_and_the_dashboard_show_cards_expiring_soon(page_as):
    today = timezone.localdate()
    person = EntityFactory(kind=EntityKind.PERSON, name="Li Na", country="CN", domestic=True)
    later = EntityFactory(kind=EntityKind.PERSON, name="Zhou Bo", country="CN", domestic=True)
    ApecCard.objects.create(
        holder=person, number="A-1", issued_on=today - dt.timedelta(days=1800), expires_on=today + dt.timedelta(days=20)
    )
    ApecCard.objects.create(holder=later, number="A-2", issued_on=today, expires_on=today + dt.timedelta(days=900))
    client = page_as("officer")
    register = client.get("/services/apec-cards/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A-1" in register and "A-2" in register
    panel = client.get("/services/apec-cards/expiring/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Li Na" in panel and "Zhou Bo" not in panel
    assert 'id="panel-apec-cards"' in client.get("/").content.decode()
    response = client.post(
        "/services/apec-cards/new/",
        {"number": "A-3", "holder": person.pk, "issued_on": "2026-01-01", "expires_on": "2025-01-01", "note": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "A card expires after it is issued." in response.content.decode()
