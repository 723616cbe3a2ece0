"""The tie pages: list with filters, detail with the lifecycle and its buttons, create and edit forms."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relations.choices import ApprovalOutcome, RelationKind, RelationStatus
from relations.models import ApprovalDecision, Relation
from relations.services import approval_record
from tests.factories import EntityFactory, EventFactory
from tests.relations.conftest import START
from tests.relations.test_api import make_ties

S = RelationStatus
pytestmark = pytest.mark.django_db


def step_buttons(html: str) -> list[str]:
    return re.findall(r'name="status" value="([a-z_]+)" data-step', html)


# --- list -----------------------------------------------------------------------------------------------------


def test_list_page_shows_ties_with_status_badges_and_years(page_as, make_tie):
    make_tie(status=S.SIGNED, established_on=dt.date(2004, 10, 1))
    html = page_as("viewer").get("/relations/").content.decode()
    assert "Daegu" in html and "Ningbo" in html
    assert 'class="badge status-signed"' in html
    assert 'id="relation-filters"' in html and 'name="region"' in html


def test_list_page_filters_with_the_api_filterset(page_as, make_tie, other_partner):
    make_tie(status=S.SIGNED)
    make_tie(status=S.INTENT, kind=RelationKind.FRIENDLY_EXCHANGE, target=other_partner)
    client = page_as("viewer")
    html = client.get("/relations/?country=DE").content.decode()
    assert "Aachen" in html and "Daegu" not in html
    html = client.get("/relations/?status=signed&q=daegu").content.decode()
    assert "Daegu" in html and "Aachen" not in html


def test_list_page_shows_a_bad_filter_as_a_field_error(page_as, make_tie):
    make_tie(status=S.SIGNED)
    response = page_as("viewer").get("/relations/?established_after=yesterday&country=XX")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="field-error"') == 2 and "Daegu" not in html


def test_list_page_paginates(page_as, make_tie):
    make_ties(55)
    client = page_as("viewer")
    first = client.get("/relations/").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert client.get("/relations/?page=2").status_code == 200
    assert client.get("/relations/?page=abc").status_code == 200


def test_list_page_costs_the_same_queries_for_3_and_for_50_ties(page_as, django_assert_num_queries):
    client = page_as("viewer")
    make_ties(3)
    client.get("/relations/")
    with CaptureQueriesContext(connection) as few:
        client.get("/relations/")
    few_queries = len(few.captured_queries)  # read now: the next request empties the connection's log
    make_ties(47)
    client.get("/relations/")  # the new count kept, as the first one was (core.versions.cached_count)
    with django_assert_num_queries(few_queries):
        response = client.get("/relations/")
    assert response.content.decode().count('class="badge status-') == 50


def test_pages_need_login_and_the_view_permission(client, make_user, make_tie):
    relation = make_tie()
    assert client.get("/relations/").status_code == 302
    client.force_login(make_user(None, username="nobody"))
    assert client.get("/relations/").status_code == 403
    assert client.get(f"/relations/{relation.pk}/").status_code == 403


# --- detail ---------------------------------------------------------------------------------------------------


def test_detail_shows_both_ends_the_dated_steps_approvals_events_and_timeline(page_as, make_tie, officer):
    relation = make_tie(status=S.APPLIED, by=officer, document_no="甬外〔2015〕8号", note="Sent to the province")
    approval_record(relation=relation, level="city", outcome=ApprovalOutcome.APPROVED, on=dt.date(2015, 3, 9), by=None)
    approval_record(
        relation=relation,
        level="province",
        outcome=ApprovalOutcome.APPROVED,
        on=dt.date(2015, 4, 1),
        by=officer,
        document_no="浙外〔2015〕2号",
    )
    event = EventFactory(title="Daegu delegation visit")
    event.relations.add(relation)
    html = page_as("viewer").get(f"/relations/{relation.pk}/").content.decode()
    assert "Ningbo" in html and "Daegu" in html and "Sister city" in html
    assert "甬外〔2015〕8号" in html and "Sent to the province" in html and officer.username in html
    assert "Provincial foreign-affairs office" in html and "浙外〔2015〕2号" in html
    assert "Daegu delegation visit" in html and f'href="/events/{event.pk}/"' in html
    assert f'<section id="timeline" hx-get="/relations/{relation.pk}/timeline/" hx-trigger="load"></section>' in html
    assert "History of changes" in html


def test_detail_shows_the_signing_date_and_years_since(page_as, make_tie):
    relation = make_tie(status=S.SIGNED, established_on=dt.date(1994, 5, 20))
    html = page_as("viewer").get(f"/relations/{relation.pk}/").content.decode()
    years = dt.date.today().year - 1994 - ((dt.date.today().month, dt.date.today().day) < (5, 20))
    assert f"{years} years since signing" in html


@pytest.mark.parametrize(
    ("status", "buttons"),
    [
        (S.CONTACT, ["intent", "ended"]),
        (S.APPLIED, ["approved", "returned", "ended"]),
        (S.RETURNED, ["intent", "ended"]),
        (S.SIGNED, ["dormant", "ended"]),
        (S.DORMANT, ["signed", "ended"]),
        (S.ENDED, []),
    ],
)
def test_an_officer_sees_buttons_for_exactly_the_allowed_steps(page_as, make_tie, status, buttons):
    relation = make_tie(status=status)
    html = page_as("officer").get(f"/relations/{relation.pk}/").content.decode()
    assert step_buttons(html) == buttons
    assert ('id="approval-form"' in html) == (status == S.APPLIED)
    assert 'id="upgrade-form"' not in html


def test_an_officer_sees_the_upgrade_button_only_on_a_signed_friendly_exchange_tie(page_as, make_tie, other_partner):
    exchange = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    client = page_as("officer")
    html = client.get(f"/relations/{exchange.pk}/").content.decode()
    assert 'id="upgrade-form"' in html and step_buttons(html) == ["dormant", "ended"]
    intent = make_tie(status=S.INTENT, kind=RelationKind.FRIENDLY_EXCHANGE, target=other_partner)
    assert 'id="upgrade-form"' not in client.get(f"/relations/{intent.pk}/").content.decode()


def test_a_viewer_sees_no_step_buttons_and_gets_403_posting(page_as, make_tie):
    relation = make_tie(status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE)
    client = page_as("viewer")
    html = client.get(f"/relations/{relation.pk}/").content.decode()
    assert step_buttons(html) == [] and 'id="upgrade-form"' not in html and 'id="edit-relation"' not in html
    assert (
        client.post(f"/relations/{relation.pk}/advance/", {"status": "dormant", "date": "2020-01-01"}).status_code
        == 403
    )
    assert client.post(f"/relations/{relation.pk}/upgrade/", {"date": "2020-01-01"}).status_code == 403
    assert client.post(f"/relations/{relation.pk}/approvals/", {}).status_code == 403
    assert client.get(f"/relations/{relation.pk}/edit/").status_code == 403
    assert client.get("/relations/new/").status_code == 403
    relation.refresh_from_db()
    assert relation.status == S.SIGNED


def test_an_officer_advances_a_tie_from_the_page(page_as, make_tie, officer):
    relation = make_tie(status=S.CONTACT)
    client = page_as("officer")
    response = client.post(
        f"/relations/{relation.pk}/advance/",
        {"status": "intent", "date": "2015-04-01", "document_no": "A-7", "note": "Mayor's letter"},
    )
    assert response.status_code == 302 and response["Location"] == f"/relations/{relation.pk}/"
    relation.refresh_from_db()
    assert relation.status == S.INTENT
    step = relation.steps.get(to_status=S.INTENT)
    assert step.recorded_by == client.user and step.document_no == "A-7"


def test_a_refused_step_on_the_page_names_the_allowed_steps(page_as, make_tie):
    relation = make_tie(status=S.CONTACT)
    client = page_as("officer")
    response = client.post(f"/relations/{relation.pk}/advance/", {"status": "signed", "date": "2015-04-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Allowed next steps" in html and "(intent)" in html
    early = client.post(f"/relations/{relation.pk}/advance/", {"status": "intent", "date": "2014-01-01"})
    assert 'id="field-date"' in early.content.decode() and "earlier than the last step" in early.content.decode()


def test_an_officer_records_an_approval_and_an_upgrade_from_the_page(page_as, make_tie, other_partner):
    client = page_as("officer")
    applied = make_tie(status=S.APPLIED)
    response = client.post(
        f"/relations/{applied.pk}/approvals/",
        {"level": "city", "outcome": "approved", "date": "2015-06-18", "document_no": "X"},
    )
    assert response.status_code == 302
    assert ApprovalDecision.objects.get().recorded_by == client.user
    bad = client.post(
        f"/relations/{applied.pk}/approvals/", {"level": "emperor", "outcome": "approved", "date": "2015-06-19"}
    )
    assert bad.status_code == 200 and "field-error" in bad.content.decode()

    exchange = make_tie(
        status=S.SIGNED, kind=RelationKind.FRIENDLY_EXCHANGE, target=other_partner, established_on=dt.date(2004, 10, 1)
    )
    response = client.post(f"/relations/{exchange.pk}/upgrade/", {"date": "2014-10-01", "note": "10th"})
    successor = Relation.objects.get(upgraded_from=exchange)
    assert response.status_code == 302 and response["Location"] == f"/relations/{successor.pk}/"
    assert successor.established_on == dt.date(2004, 10, 1)
    html = client.get(f"/relations/{successor.pk}/").content.decode()
    assert f'href="/relations/{exchange.pk}/"' in html


def test_huge_or_malformed_ids_never_crash_a_page(page_as, make_tie, home):
    client = page_as("officer")
    huge = "99999999999999999999999"
    assert client.get(f"/relations/?entity={huge}").status_code == 200
    assert client.get(f"/relations/new/?source={huge}&target=abc").status_code == 200
    response = client.post(
        "/relations/new/", {"kind": "sister_city", "source": huge, "target": "x", "status": "contact"}
    )
    assert response.status_code == 200
    assert re.search(r'id="field-source">.*?class="field-error"', response.content.decode(), re.S)
    relation = make_tie()
    assert (
        client.post(f"/relations/{relation.pk}/advance/", {"status": "x" * 500, "date": "2020-01-01"}).status_code
        == 200
    )


def test_post_to_an_unknown_tie_is_404(page_as):
    client = page_as("officer")
    assert client.post("/relations/999999/advance/", {"status": "intent"}).status_code == 404
    assert client.get("/relations/999999/").status_code == 404


# --- create and edit ------------------------------------------------------------------------------------------


def test_the_new_tie_form_prefills_both_ends_and_lists_no_other_entity(page_as, home, partner):
    for i in range(30):
        EntityFactory(name=f"Unrelated {i}")
    html = page_as("officer").get(f"/relations/new/?source={home.pk}&target={partner.pk}").content.decode()
    assert f'<option value="{home.pk}" selected>' in html and f'<option value="{partner.pk}" selected>' in html
    assert "Unrelated" not in html
    assert 'hx-get="/entities/options/"' in html


def test_the_entity_search_returns_matching_options(page_as, home, partner, other_partner):
    client = page_as("officer")
    html = client.get("/entities/options/", {"target-search": "daegu"}).content.decode()
    assert f'value="{partner.pk}"' in html and "Aachen" not in html
    assert f'value="{other_partner.pk}"' in client.get("/entities/options/", {"q": "亚琛"}).content.decode()


def test_an_officer_creates_a_tie_from_the_form(page_as, home, partner):
    client = page_as("officer")
    response = client.post(
        "/relations/new/",
        {
            "kind": "sister_city",
            "source": home.pk,
            "target": partner.pk,
            "status": "signed",
            "established_on": "1994-05-20",
            "document_no": "甬政〔1994〕5号",
        },
    )
    relation = Relation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/relations/{relation.pk}/"
    assert relation.status == S.SIGNED and relation.steps.get().recorded_by == client.user


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target": "self"}, "target"),
        ({"status": "signed"}, "established_on"),
        ({"kind": "position", "title": "Mayor", "start_date": "2022-07-01", "end_date": "2018-06-30"}, "end_date"),
        ({"kind": "twin_town"}, "kind"),
        ({"target": ""}, "target"),
        ({"established_on": "20 May"}, "established_on"),
    ],
)
def test_the_form_shows_field_errors(page_as, home, partner, data, field):
    payload = {"kind": "sister_city", "source": home.pk, "target": partner.pk, "status": "contact", **data}
    if payload["target"] == "self":
        payload["target"] = home.pk
    response = page_as("officer").post("/relations/new/", payload)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'id="field-{field}">.*?class="field-error"', html, re.S), html
    assert not Relation.objects.exists()


def test_the_form_shows_a_duplicate_tie_on_the_target(page_as, make_tie, home, partner):
    make_tie(status=S.SIGNED)
    response = page_as("officer").post(
        "/relations/new/", {"kind": "sister_city", "source": home.pk, "target": partner.pk, "status": "contact"}
    )
    assert "already a live tie" in response.content.decode()


def test_an_officer_edits_a_tie_but_not_its_status(page_as, make_tie):
    relation = make_tie(status=S.SIGNED)
    client = page_as("officer")
    html = client.get(f"/relations/{relation.pk}/edit/").content.decode()
    assert 'name="status"' not in html
    response = client.post(
        f"/relations/{relation.pk}/edit/",
        {
            "kind": "sister_city",
            "source": relation.source_id,
            "target": relation.target_id,
            "established_on": "2015-03-02",
            "notes": "Signed at the city hall",
            "status": "ended",
        },
    )
    assert response.status_code == 302
    relation.refresh_from_db()
    assert relation.notes == "Signed at the city hall" and relation.status == S.SIGNED
    assert relation.history.first().history_user == client.user
    bad = client.post(
        f"/relations/{relation.pk}/edit/",
        {"kind": "sister_city", "source": relation.source_id, "target": relation.target_id, "established_on": ""},
    )
    assert bad.status_code == 200 and "signing date" in bad.content.decode()


def test_the_dates_on_the_page_are_localised_in_chinese(client, make_user, make_tie):
    relation = make_tie(status=S.SIGNED, established_on=START)
    client.force_login(make_user("viewer", username="zh-viewer"))
    html = client.get(f"/relations/{relation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "2015年3月1日" in html
