"""/api/anniversaries/ and /api/anniversaries/plan/, and the dashboard's anniversaries panel."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event, FollowUp
from relations.anniversaries import add_months
from relations.choices import RelationKind, RelationStatus
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.django_db

URL = "/api/anniversaries/"
PLAN_URL = "/api/anniversaries/plan/"


@pytest.fixture
def ties():
    home = HomeCityFactory(name="Ningbo")
    daegu = EntityFactory(name="대구", name_en="Daegu", name_zh="大邱", country="KR")
    old = RelationFactory(
        source=home,
        target=daegu,
        kind=RelationKind.FRIENDLY_EXCHANGE,
        status=RelationStatus.UPGRADED,
        established_on=date(2006, 11, 5),
    )
    sister = RelationFactory(
        source=home, target=daegu, kind=RelationKind.SISTER_CITY, upgraded_from=old, established_on=date(2016, 11, 5)
    )
    nagaokakyo = RelationFactory(
        source=home,
        target=EntityFactory(name="Nagaokakyo", name_zh="长冈京", country="JP"),
        kind=RelationKind.FRIENDLY_EXCHANGE,
        established_on=date(2013, 12, 20),
    )
    RelationFactory(
        source=home, target=EntityFactory(name="Gone"), status=RelationStatus.ENDED, established_on=date(2016, 12, 1)
    )
    return {"sister": sister, "old": old, "nagaokakyo": nagaokakyo}


def test_list_gives_the_window_sorted_by_date_with_milestones(api_as, ties):
    response = api_as("viewer").get(URL, {"start": "2026-11-01", "end": "2027-01-31"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["relation"], row["date"], row["years"], row["milestone"]) for row in rows] == [
        (ties["sister"].pk, "2026-11-05", 20, True),
        (ties["nagaokakyo"].pk, "2026-12-20", 13, False),
    ]
    first = rows[0]
    assert first["partner"]["id"] == ties["sister"].target_id and first["partner"]["country"] == "KR"
    assert first["partner_name"] == "Daegu" and first["home"]["name"] == "Ningbo"
    assert first["kind"] == "sister_city" and first["established_on"] == "2006-11-05"
    assert first["planned"] is False
    assert first["title"] == "Daegu – 20th anniversary of the sister-city tie"


def test_list_defaults_to_the_next_18_months(api_as, ties):
    rows = api_as("viewer").get(URL).json()["results"]
    today = timezone.localdate()
    dates = [date.fromisoformat(row["date"]) for row in rows]
    assert dates and all(today <= on <= add_months(today, 18) for on in dates)
    assert dates == sorted(dates)
    assert ties["old"].pk not in {row["relation"] for row in rows}


def test_list_titles_follow_the_language(api_as, ties):
    rows = (
        api_as("viewer")
        .get(URL, {"start": "2026-11-01", "end": "2026-11-30"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
        .json()["results"]
    )
    assert rows[0]["title"] == "大邱 结好20周年"
    assert rows[0]["partner_name"] == "大邱"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-13-01"}, "start"),
        ({"end": "tomorrow"}, "end"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"start": "2000-01-01", "end": "2100-01-01"}, "end"),
    ],
)
def test_bad_dates_are_refused_naming_the_parameter(api_as, db, params, field):
    response = api_as("viewer").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_anonymous_gets_401(api_client, db):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(PLAN_URL, {}).status_code == 401


def test_plan_creates_then_finds_the_same_plan(api_as, ties):
    api = api_as("officer")
    payload = {"relation": ties["sister"].pk, "date": "2026-11-05"}
    created = api.post(PLAN_URL, payload, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["created"] is True
    followup = FollowUp.objects.get(pk=body["followup"])
    assert followup.event_id == body["event"] and followup.owner == api.user
    assert followup.due_date == date(2026, 2, 5)
    assert followup.history.first().history_user == api.user
    again = api.post(PLAN_URL, payload, format="json")
    assert again.status_code == 200
    assert again.json() == {
        "followup": body["followup"],
        "event": body["event"],
        "created": False,
        "due_date": "2026-02-05",
        "late": False,
        "note": "",
    }
    assert FollowUp.objects.count() == 1 and Event.objects.count() == 1
    listed = api.get(URL, {"start": "2026-11-01", "end": "2026-11-30"}).json()["results"]
    assert listed[0]["planned"] is True


def test_plan_refuses_viewers_and_bad_input(api_as, ties):
    payload = {"relation": ties["sister"].pk, "date": "2026-11-05"}
    assert api_as("viewer").post(PLAN_URL, payload, format="json").status_code == 403
    officer = api_as("officer")
    bad_relation = officer.post(PLAN_URL, {"relation": 999999, "date": "2026-11-05"}, format="json")
    assert bad_relation.status_code == 400 and "relation" in bad_relation.json()
    not_a_date = officer.post(PLAN_URL, {"relation": ties["sister"].pk, "date": "soon"}, format="json")
    assert not_a_date.status_code == 400 and "date" in not_a_date.json()
    wrong_day = officer.post(PLAN_URL, {"relation": ties["sister"].pk, "date": "2026-11-06"}, format="json")
    assert wrong_day.status_code == 400 and "date" in wrong_day.json()
    upgraded_away = officer.post(PLAN_URL, {"relation": ties["old"].pk, "date": "2026-11-05"}, format="json")
    assert upgraded_away.status_code == 400 and "relation" in upgraded_away.json()
    assert not FollowUp.objects.exists()


def test_list_costs_the_same_queries_for_few_and_many_ties(api_as, ties, django_assert_num_queries):
    api = api_as("viewer")
    api.get(URL)  # warm up the user's permission cache
    # The token, the ties' version, the window's narrow rows (ids and dates), then the page's ties and their plans.
    with django_assert_num_queries(5):
        few = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).json()["results"]
    home = HomeCityFactory(name="Other home")
    for index in range(30):
        RelationFactory(source=home, established_on=date(2000 + index % 20, 1 + index % 12, 1 + index % 28))
    with django_assert_num_queries(5):
        many = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).json()["results"]
    # Read again with no tie changed: the window comes from the cache (the version only, no narrow rows).
    with CaptureQueriesContext(connection) as queries:
        again = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).json()["results"]
    assert again == many
    assert not any('"established_on"' in q["sql"] and "IN (" not in q["sql"] for q in queries.captured_queries)
    assert len(queries) <= 4
    assert len(many) == len(few) + 30


def test_list_paginates_with_a_default_page_of_50(api_as, ties):
    home = HomeCityFactory(name="Busy home")
    for index in range(60):
        RelationFactory(source=home, established_on=date(2000 + index % 20, 1 + index % 12, 1 + index % 28))
    api = api_as("viewer")
    first = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert first["count"] == 60 + 2 and len(first["results"]) == 50 and first["next"]
    second = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31", "page": 2}).json()
    assert len(second["results"]) == 12 and second["next"] is None
    dates = [row["date"] for row in first["results"] + second["results"]]
    assert dates == sorted(dates)
    small = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31", "page_size": 5}).json()
    assert len(small["results"]) == 5


def test_panel_lists_milestones_first_with_plan_buttons_for_officers(page_as, ties):
    today = timezone.localdate()
    home = ties["sister"].source
    # A milestone (10 years) later in the window, and an ordinary one (11 years) sooner.
    soon, later = add_months(today, 2), add_months(today, 10)
    RelationFactory(
        source=home,
        target=EntityFactory(name="Ordinary"),
        established_on=date(soon.year - 11, soon.month, min(soon.day, 28)),
    )
    RelationFactory(
        source=home,
        target=EntityFactory(name="Milestone"),
        established_on=date(later.year - 10, later.month, min(later.day, 28)),
    )
    client = page_as("officer")
    response = client.get("/anniversaries/panel/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Milestone") < html.index("Ordinary")
    assert "anniversary-plan-form" in html


def test_panel_hides_the_plan_button_from_viewers(page_as, ties):
    response = page_as("viewer").get("/anniversaries/panel/")
    assert response.status_code == 200
    assert "anniversary-plan-form" not in response.content.decode()


def test_panel_plan_button_plans_and_shows_planned(page_as, ties):
    client = page_as("officer")
    response = client.post(
        "/anniversaries/plan/", {"relation": ties["sister"].pk, "date": "2026-11-05"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "anniversary-planned" in response.content.decode()
    assert FollowUp.objects.filter(relation=ties["sister"], anniversary_on=date(2026, 11, 5)).count() == 1
    bad = client.post("/anniversaries/plan/", {"relation": "x", "date": "2026-11-05"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400
    assert (
        page_as("viewer")
        .post("/anniversaries/plan/", {"relation": ties["sister"].pk, "date": "2026-11-05"})
        .status_code
        == 403
    )


def test_a_page_loads_only_its_own_ties_whatever_the_window_holds(api_as, ties, django_assert_num_queries):
    """300 ties in the window cost the same queries as 3, and only the page's 50 ties are loaded as records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = HomeCityFactory(name="Province")
    for index in range(300):
        RelationFactory(source=home, established_on=date(2000 + index % 20, 1 + index % 12, 1 + index % 28))
    api = api_as("viewer")
    api.get(URL)
    with CaptureQueriesContext(connection) as queries:
        body = api.get(URL, {"start": "2026-01-01", "end": "2026-12-31"}).json()
    assert body["count"] == 300 + 2 and len(body["results"]) == 50 and len(queries) == 5
    (hydrate,) = [q["sql"] for q in queries if '"relations_relation"."id" IN (' in q["sql"]]
    assert len(hydrate.split('"relations_relation"."id" IN (')[1].split(")")[0].split(",")) == 50
