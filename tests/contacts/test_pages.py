"""Entity pages: list with filters, detail, forms with field errors, archive/delete, gazetteer, roles, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import gazetteer
from contacts.models import Entity
from tests.factories import (
    ContactPointFactory,
    EntityFactory,
    EventFactory,
    HomeCityFactory,
    ParticipantFactory,
    RelationFactory,
)


def html(response) -> str:
    return response.content.decode()


# List


def test_list_shows_names_side_by_side_with_the_localised_country(page_as):
    EntityFactory(name="대구", name_zh="大邱", name_en="Daegu", country="KR")
    page = page_as("viewer")
    response = page.get("/entities/")
    assert response.status_code == 200
    body = html(response)
    assert "대구" in body and "大邱" in body and "Daegu" in body and "South Korea" in body
    body_zh = html(page.get("/entities/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "韩国" in body_zh


def test_list_filters_like_the_api(page_as):
    EntityFactory(name="Daegu", country="KR", kind="city", tags=["port"])
    EntityFactory(name="Haiphong", country="VN", kind="city")
    EntityFactory(name="Consulate-General of Japan", country="JP", kind="consulate")
    EntityFactory(name="Old Partner", country="KR", archived=True)
    page = page_as("viewer")

    def shown(**params) -> set[str]:
        response = page.get("/entities/", params)
        assert response.status_code == 200
        listed = {entity.name for entity in response.context["entities"]}
        assert all(name in html(response) for name in listed)
        return listed

    assert shown() == {"Daegu", "Haiphong", "Consulate-General of Japan"}
    assert shown(region="asean") == {"Haiphong"}
    assert shown(kind="consulate") == {"Consulate-General of Japan"}
    assert shown(country="KR") == {"Daegu"}
    assert shown(q="daqiu") == set()
    assert shown(q="DAEGU") == {"Daegu"}
    assert shown(tag="port") == {"Daegu"}
    assert shown(archived="true") == {"Old Partner"}


def test_list_shows_a_bad_filter_as_a_form_error_not_a_500(page_as):
    response = page_as("viewer").get("/entities/", {"region": "atlantis", "country": "XX"})
    assert response.status_code == 200
    assert "Unknown region" in html(response)
    assert "Select a valid choice" in html(response)


def test_list_counts_ties_and_events_per_row(page_as):
    partner = EntityFactory(name="Daegu")
    RelationFactory(target=partner)
    ParticipantFactory(entity=partner)
    response = page_as("viewer").get("/entities/", {"q": "daegu"})
    row = next(r for r in response.context["entities"] if r.name == "Daegu")
    assert row.ties_count == 1 and row.events_count == 1


def test_list_paginates(page_as):
    for i in range(30):
        EntityFactory(name=f"Partner {i:02d}")
    page = page_as("viewer")
    first = page.get("/entities/")
    assert first.context["page_obj"].paginator.num_pages == 2
    assert 'rel="next"' in html(first)
    assert len(page.get("/entities/", {"page": 2}).context["entities"]) == 5
    assert page.get("/entities/", {"page": "abc"}).status_code == 200


def test_list_page_costs_the_same_queries_for_3_and_50_entities(page_as, django_assert_num_queries):
    home = HomeCityFactory()

    def world(start: int, end: int) -> None:
        for i in range(start, end):
            entity = EntityFactory(name=f"Partner {i:02d}", parent=home, tags=["port"])
            ContactPointFactory(entity=entity)
            RelationFactory(source=home, target=entity)
            ParticipantFactory(entity=entity)

    world(0, 2)
    page = page_as("viewer")
    with CaptureQueriesContext(connection) as small:
        assert page.get("/entities/", {"region": "asia"}).status_code == 200
    world(2, 49)
    with django_assert_num_queries(len(small.captured_queries)):
        response = page.get("/entities/", {"region": "asia"})
    assert response.context["page_obj"].paginator.count == 50
    assert len(response.context["entities"]) == 25


# Detail


def test_detail_shows_facts_names_contact_points_children_ties_events_history_and_timeline(page_as):
    home = HomeCityFactory()
    daegu = EntityFactory(
        name="대구",
        name_zh="大邱",
        name_en="Daegu",
        country="KR",
        population=2_365_523,
        aliases=["Taegu"],
        tags=["APEC"],
    )
    ContactPointFactory(entity=daegu, kind="email", value="intl@daegu.example")
    EntityFactory(name="Daegu Bank", kind="enterprise", parent=daegu)
    RelationFactory(source=home, target=daegu, kind="sister_city")
    event = EventFactory(title="Daegu delegation at the Ningbo trade fair")
    ParticipantFactory(event=event, entity=daegu, headcount=12)
    response = page_as("viewer").get(f"/entities/{daegu.pk}/")
    assert response.status_code == 200
    body = html(response)
    for text in (
        "대구",
        "大邱",
        "Daegu",
        "South Korea",
        "2,365,523",
        "Taegu",
        "APEC",
        "intl@daegu.example",
        "Daegu Bank",
        "Ningbo",
        "Sister city",
        "Agreement signed",
        "Daegu delegation at the Ningbo trade fair",
        "Eastern Asia",
        "History of changes",
    ):
        assert text in body, text
    assert f'<section id="timeline" hx-get="/entities/{daegu.pk}/timeline/" hx-trigger="load"></section>' in body


def test_detail_of_a_missing_entity_is_404(page_as):
    assert page_as("viewer").get("/entities/999999/").status_code == 404


def test_viewer_sees_no_edit_buttons(page_as):
    entity = EntityFactory()
    page = page_as("viewer")
    body = html(page.get(f"/entities/{entity.pk}/"))
    assert 'id="edit-entity"' not in body and 'id="delete-entity"' not in body and 'id="archive-entity"' not in body
    assert 'id="new-entity"' not in html(page.get("/entities/"))


def test_officer_sees_edit_and_archive_but_not_delete(page_as):
    entity = EntityFactory()
    body = html(page_as("officer").get(f"/entities/{entity.pk}/"))
    assert 'id="edit-entity"' in body and 'id="archive-entity"' in body
    assert 'id="delete-entity"' not in body


# Forms


def test_officer_creates_an_entity_with_a_contact_point(page_as):
    home = HomeCityFactory()
    response = page_as("officer").post(
        "/entities/new/",
        {
            "kind": "school",
            "name": "Ningbo No. 2 Middle School",
            "name_zh": "宁波二中",
            "country": "CN",
            "domestic": "on",
            "parent": home.pk,
            "aliases": "NB2\nNingbo Number Two",
            "tags": "千校结好, secondary",
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-kind": "email",
            "contacts-0-label": "office",
            "contacts-0-value": "office@nb2.example",
            "contacts-1-kind": "",
            "contacts-1-value": "",
        },
    )
    entity = Entity.objects.get(name="Ningbo No. 2 Middle School")
    assert response.status_code == 302 and response["Location"] == f"/entities/{entity.pk}/"
    assert entity.parent == home and entity.domestic and entity.aliases == ["NB2", "Ningbo Number Two"]
    assert entity.tags == ["千校结好", "secondary"]
    assert list(entity.contact_points.values_list("value", flat=True)) == ["office@nb2.example"]
    assert entity.history.first().history_user.username == "page-officer"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "city", "name": "", "country": "KR"}, "name", "This field is required"),
        ({"kind": "city", "name": "Atlantis", "country": "XX"}, "country", "Select a valid choice"),
        ({"kind": "planet", "name": "Mars"}, "kind", "Select a valid choice"),
        ({"kind": "city", "name": "North", "latitude": "95", "longitude": "0"}, "latitude", "between -90 and 90"),
        ({"kind": "city", "name": "Half", "latitude": "10"}, "longitude", "both latitude and longitude"),
    ],
)
def test_create_form_shows_clear_field_errors(page_as, data, field, message):
    response = page_as("officer").post(
        "/entities/new/", {**data, "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert message in html(response)
    assert not Entity.objects.filter(name=data["name"] or "-").exists()


def test_edit_form_changes_fields_and_contact_points(page_as):
    entity = EntityFactory(name="Koper", country="SI")
    point = ContactPointFactory(entity=entity, kind="phone", value="+386 1")
    page = page_as("officer")
    form = page.get(f"/entities/{entity.pk}/edit/")
    assert form.status_code == 200 and "+386 1" in html(form)
    response = page.post(
        f"/entities/{entity.pk}/edit/",
        {
            "kind": "city",
            "name": "Koper",
            "name_zh": "科佩尔",
            "country": "SI",
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": point.pk,
            "contacts-0-kind": "phone",
            "contacts-0-value": "+386 5 000",
            "contacts-1-kind": "email",
            "contacts-1-value": "info@koper.example",
        },
    )
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.name_zh == "科佩尔"
    assert sorted(entity.contact_points.values_list("value", flat=True)) == ["+386 5 000", "info@koper.example"]


def test_edit_form_refuses_the_entity_as_its_own_parent(page_as):
    entity = EntityFactory(name="Koper", country="SI")
    response = page_as("officer").post(
        f"/entities/{entity.pk}/edit/",
        {
            "kind": "city",
            "name": "Koper",
            "country": "SI",
            "parent": entity.pk,
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "own parent" in " ".join(response.context["form"].errors["parent"])


def test_parent_picker_offers_matching_entities(page_as):
    EntityFactory(name="대구", name_zh="大邱")
    response = page_as("officer").get("/entities/options/", {"parent-search": "daqiu"})
    assert response.status_code == 200 and "大邱" in html(response)


@pytest.mark.parametrize("url", ["/entities/new/", "/entities/{pk}/edit/"])
def test_viewer_gets_403_on_the_forms(page_as, url):
    entity = EntityFactory()
    page = page_as("viewer")
    assert page.get(url.format(pk=entity.pk)).status_code == 403
    assert page.post(url.format(pk=entity.pk), {"kind": "city", "name": "X"}).status_code == 403
    assert not Entity.objects.filter(name="X").exists()


def test_viewer_gets_403_on_archive_delete_and_gazetteer_add(page_as):
    entity = EntityFactory()
    page = page_as("viewer")
    assert page.post(f"/entities/{entity.pk}/archive/").status_code == 403
    assert page.post(f"/entities/{entity.pk}/delete/").status_code == 403
    assert page.post("/entities/gazetteer/add/", {"geonameid": 1835329}).status_code == 403


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/entities/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Archive and delete


def test_officer_archives_and_brings_back(page_as):
    entity = EntityFactory()
    page = page_as("officer")
    assert page.post(f"/entities/{entity.pk}/archive/").status_code == 302
    entity.refresh_from_db()
    assert entity.archived
    page.post(f"/entities/{entity.pk}/archive/", {"archived": "0"})
    entity.refresh_from_db()
    assert not entity.archived


def test_officer_cannot_delete(page_as):
    entity = EntityFactory()
    assert page_as("officer").post(f"/entities/{entity.pk}/delete/").status_code == 403


def test_admin_deletes_an_unlinked_entity(page_as):
    entity = EntityFactory()
    response = page_as("admin").post(f"/entities/{entity.pk}/delete/", follow=True)
    assert not Entity.objects.filter(pk=entity.pk).exists()
    assert "was deleted" in html(response)


def test_deleting_a_linked_entity_is_refused_with_a_message(page_as):
    partner = EntityFactory(name="Daegu")
    RelationFactory(target=partner)
    response = page_as("admin").post(f"/entities/{partner.pk}/delete/", follow=True)
    assert Entity.objects.filter(pk=partner.pk).exists()
    assert response.redirect_chain[-1][0] == f"/entities/{partner.pk}/"
    assert "1 tie" in html(response) and "Archive it instead" in html(response)


# Gazetteer


def test_gazetteer_page_finds_cities_and_marks_those_on_file(page_as):
    daegu = gazetteer.search("daegu", limit=1)[0]
    entity = EntityFactory(name="Daegu", geonameid=daegu.geonameid)
    page = page_as("officer")
    assert page.get("/entities/gazetteer/").status_code == 200
    body = html(page.get("/entities/gazetteer/", {"q": "daegu"}))
    assert "大邱" in body and "2,365,523" in body and f"/entities/{entity.pk}/" in body
    partial = page.get("/entities/gazetteer/", {"q": "koper", "country": "SI"}, HTTP_HX_REQUEST="true")
    assert "<html" not in html(partial) and "Koper" in html(partial) and "Add to file" in html(partial)


def test_viewer_sees_gazetteer_results_without_add_buttons(page_as):
    body = html(page_as("viewer").get("/entities/gazetteer/", {"q": "koper"}))
    assert "Koper" in body and "Add to file" not in body


def test_add_to_file_creates_the_city_and_shows_its_page(page_as):
    koper = gazetteer.search("koper", country="SI", limit=1)[0]
    response = page_as("officer").post("/entities/gazetteer/add/", {"geonameid": koper.geonameid, "kind": "city"})
    entity = Entity.objects.get(geonameid=koper.geonameid)
    assert response.status_code == 302 and response["Location"] == f"/entities/{entity.pk}/"
    assert entity.name == "Koper" and entity.country == "SI" and entity.population == koper.population
    assert entity.latitude == koper.latitude and entity.kind == "city"


def test_add_to_file_twice_is_refused_with_a_message(page_as):
    koper = gazetteer.search("koper", country="SI", limit=1)[0]
    page = page_as("officer")
    page.post("/entities/gazetteer/add/", {"geonameid": koper.geonameid})
    response = page.post("/entities/gazetteer/add/", {"geonameid": koper.geonameid, "q": "koper"}, follow=True)
    assert "already on file" in html(response)
    assert Entity.objects.filter(geonameid=koper.geonameid).count() == 1


def test_list_and_page_are_titled_in_the_readers_language_with_the_local_name_second(page_as):
    """Issue 10: a filed foreign city took its native script as its title (ក្រុងព្រះសីហនុ 西哈努克市)."""
    city = EntityFactory(name="ក្រុងព្រះសីហនុ", name_zh="西哈努克市", name_en="Sihanoukville")
    client = page_as("viewer")
    for language, title, second in (("zh-hans", "西哈努克市", "Sihanoukville"), ("en", "Sihanoukville", "西哈努克市")):
        listing = html(client.get("/entities/", HTTP_ACCEPT_LANGUAGE=language))
        assert f"<strong>{title}</strong>" in listing
        assert f"{second} · ក្រុងព្រះសីហនុ" in listing
        detail = html(client.get(f"/entities/{city.pk}/", HTTP_ACCEPT_LANGUAGE=language))
        assert f'<h1 id="entity-name">{title}</h1>' in detail
        assert 'id="entity-name-local">ក្រុងព្រះសីហនុ<' in detail


def test_detail_shows_the_latest_ties_and_children_and_links_to_the_rest(page_as):
    """A province's home city has thousands of ties and records under it: the page shows the latest 20 ties and
    the first 50 records filed under it, says how many there are, links to the filtered lists, and costs the same
    queries for 25 ties as for 60."""
    from contacts.views import ENTITY_PAGE_CHILDREN, ENTITY_PAGE_TIES

    home = HomeCityFactory(name="Ningbo")
    for _index in range(ENTITY_PAGE_TIES + 5):
        RelationFactory(source=home)
    for index in range(ENTITY_PAGE_CHILDREN + 2):
        EntityFactory(name=f"School {index:03}", kind="school", parent=home, domestic=True, country="CN")
    client = page_as("viewer")
    client.get(f"/entities/{home.pk}/")
    with CaptureQueriesContext(connection) as few:
        page = html(client.get(f"/entities/{home.pk}/", {"lang": "en"}))
    ties = page.split('id="ties"')[1].split("</section>")[0]
    assert ties.count("View tie") == ENTITY_PAGE_TIES
    assert f"({ENTITY_PAGE_TIES + 5})" in ties
    assert f"/relations/?entity={home.pk}" in ties and f"see all {ENTITY_PAGE_TIES + 5} ties" in ties
    children = page.split('id="children"')[1].split("</section>")[0]
    assert children.count('class="chip"') == ENTITY_PAGE_CHILDREN
    assert f"/entities/?parent_id={home.pk}" in children and f"see all {ENTITY_PAGE_CHILDREN + 2} records" in children
    for _index in range(35):
        RelationFactory(source=home)
    with CaptureQueriesContext(connection) as many:
        page = html(client.get(f"/entities/{home.pk}/", {"lang": "en"}))
    assert len(few) == len(many)
    assert page.split('id="ties"')[1].split("</section>")[0].count("View tie") == ENTITY_PAGE_TIES


@pytest.mark.django_db
def test_the_admin_takes_a_bare_website_as_https_like_the_entity_form(rf):
    from django.contrib.admin.sites import site

    form = site._registry[Entity].get_form(rf.get("/"))(data={"website": "aachen.de"})
    form.is_valid()
    assert form.cleaned_data["website"] == "https://aachen.de"
