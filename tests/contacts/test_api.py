"""/api/entities/, /api/regions/ and /api/gazetteer/: roles, CRUD, every filter, search, bad input, history,
the refusal to delete a linked entity, filing from the gazetteer, and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import gazetteer
from contacts.models import ContactPoint, Entity, Region
from tests.factories import (
    ContactPointFactory,
    EntityFactory,
    FollowUpFactory,
    HomeCityFactory,
    NoteFactory,
    ParticipantFactory,
    RelationFactory,
)

URL = "/api/entities/"


def detail(entity) -> str:
    return f"{URL}{entity.pk}/"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


# Roles: the foundation issue's required test


def test_anonymous_gets_401_on_entities(api_client, db):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {"kind": "city", "name": "Daegu"}, format="json").status_code == 401


def test_viewer_reads_but_cannot_write(api_as):
    entity = EntityFactory()
    api = api_as("viewer")
    assert api.get(URL).status_code == 200
    assert api.get(detail(entity)).status_code == 200
    assert api.post(URL, {"kind": "city", "name": "Daegu", "country": "KR"}, format="json").status_code == 403
    assert api.patch(detail(entity), {"name": "X"}, format="json").status_code == 403
    assert api.delete(detail(entity)).status_code == 403


def test_officer_creates_and_changes_but_cannot_delete(api_as):
    api = api_as("officer")
    created = api.post(URL, {"kind": "city", "name": "Daegu", "name_zh": "大邱", "country": "KR"}, format="json")
    assert created.status_code == 201, created.content
    entity_url = detail(Entity.objects.get(pk=created.json()["id"]))
    assert api.patch(entity_url, {"notes": "Sister city since 2015."}, format="json").status_code == 200
    assert api.delete(entity_url).status_code == 403


def test_admin_deletes_an_unlinked_entity(api_as):
    entity = EntityFactory()
    response = api_as("admin").delete(detail(entity))
    assert response.status_code == 204
    assert not Entity.objects.filter(pk=entity.pk).exists()
    assert entity.history.filter(history_type="-").exists()


# Create, read, update


def test_create_with_contact_points_inline_and_read_them_back(officer_api):
    home = HomeCityFactory()
    payload = {
        "kind": "school",
        "name": "Ningbo Foreign Language School",
        "name_zh": "宁波外国语学校",
        "country": "cn",
        "domestic": True,
        "parent": home.pk,
        "aliases": ["NFLS"],
        "tags": ["千校结好", "secondary"],
        "contact_points": [
            {"kind": "email", "label": "international office", "value": "intl@nfls.example"},
            {"kind": "phone", "value": "+86 574 0000 0000"},
        ],
    }
    response = officer_api.post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["country"] == "CN"
    assert body["parent_brief"]["id"] == home.pk and body["parent_brief"]["name_zh"] == "宁波"
    assert [(p["kind"], p["value"]) for p in body["contact_points"]] == [
        ("email", "intl@nfls.example"),
        ("phone", "+86 574 0000 0000"),
    ]
    entity = Entity.objects.get(pk=body["id"])
    assert entity.tags == ["千校结好", "secondary"] and entity.contact_points.count() == 2


def test_retrieve_shows_names_country_name_and_page_url(officer_api):
    entity = EntityFactory(name="대구", name_zh="大邱", name_en="Daegu", country="KR")
    body = officer_api.get(detail(entity)).json()
    assert (body["name"], body["name_zh"], body["name_en"]) == ("대구", "大邱", "Daegu")
    assert body["country_name"] == "South Korea"
    assert body["page_url"].endswith(f"/entities/{entity.pk}/")
    assert body["url"].endswith(f"/api/entities/{entity.pk}/")


def test_patch_replaces_the_contact_point_list_keeping_ids(officer_api):
    entity = EntityFactory()
    kept = ContactPointFactory(entity=entity, kind="email", value="old@example.org")
    dropped = ContactPointFactory(entity=entity, kind="phone", value="123")
    response = officer_api.patch(
        detail(entity),
        {
            "contact_points": [
                {"id": kept.pk, "kind": "email", "label": "mayor's office", "value": "new@example.org"},
                {"kind": "address", "value": "1 City Hall Road"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    kept.refresh_from_db()
    assert kept.value == "new@example.org" and kept.label == "mayor's office"
    assert not ContactPoint.objects.filter(pk=dropped.pk).exists()
    assert set(entity.contact_points.values_list("kind", flat=True)) == {"email", "address"}


def test_patch_refuses_a_contact_point_of_another_entity(officer_api):
    entity, other = EntityFactory(), EntityFactory()
    foreign = ContactPointFactory(entity=other)
    response = officer_api.patch(
        detail(entity),
        {"contact_points": [{"id": foreign.pk, "kind": "email", "value": "x@example.org"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "contact_points" in response.json()


def test_put_is_not_offered(officer_api):
    entity = EntityFactory()
    assert officer_api.put(detail(entity), {"kind": "city", "name": "X"}, format="json").status_code == 405


def test_archive_and_unarchive(officer_api):
    entity = EntityFactory()
    response = officer_api.post(f"{detail(entity)}archive/", {}, format="json")
    assert response.status_code == 200 and response.json()["archived"] is True
    response = officer_api.post(f"{detail(entity)}unarchive/", {}, format="json")
    assert response.status_code == 200 and response.json()["archived"] is False
    assert officer_api.post(f"{detail(entity)}archive/", {"archived": False}, format="json").json()["archived"] is False


def test_viewer_cannot_archive(api_as):
    entity = EntityFactory()
    assert api_as("viewer").post(f"{detail(entity)}archive/", {}, format="json").status_code == 403


def test_unknown_entity_is_404_not_500(officer_api):
    assert officer_api.get(f"{URL}999999/").status_code == 404
    assert officer_api.get(f"{URL}abc/").status_code == 404


# Bad input: 400 naming the field


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "city", "name": "Atlantis", "country": "XX"}, "country"),
        ({"kind": "planet", "name": "Mars"}, "kind"),
        ({"kind": "city", "name": "North", "latitude": 91, "longitude": 0}, "latitude"),
        ({"kind": "city", "name": "East", "latitude": 0, "longitude": -181}, "longitude"),
        ({"kind": "city", "name": "Crowded", "population": -5}, "population"),
        ({"kind": "city"}, "name"),
        ({"kind": "city", "name": "Nowhere", "parent": 999999}, "parent"),
        ({"kind": "city", "name": "Web", "website": "not a url"}, "website"),
        ({"kind": "city", "name": "Bad", "contact_points": [{"kind": "pigeon", "value": "x"}]}, "contact_points"),
        ({"kind": "city", "name": "Tags", "tags": "one,two"}, "tags"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(officer_api, payload, field):
    response = officer_api.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_an_entity_cannot_be_its_own_parent_or_ancestor(officer_api):
    city = EntityFactory()
    district = EntityFactory(kind="district", parent=city)
    response = officer_api.patch(detail(city), {"parent": city.pk}, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    response = officer_api.patch(detail(city), {"parent": district.pk}, format="json")
    assert response.status_code == 400 and "parent" in response.json()


# Delete refusal


def test_deleting_an_entity_with_ties_and_events_is_refused_with_counts(api_as):
    partner = EntityFactory(name="Daegu")
    RelationFactory(target=partner)
    RelationFactory(source=partner, target=EntityFactory(), kind="friendly_exchange")
    ParticipantFactory(entity=partner)
    response = api_as("admin").delete(detail(partner))
    assert response.status_code == 400
    message = " ".join(response.json()["non_field_errors"])
    assert "2 ties" in message and "1 event" in message and "Archive it instead" in message
    assert Entity.objects.filter(pk=partner.pk).exists()


@pytest.mark.parametrize("link", ["child", "followup", "note"])
def test_deleting_an_entity_with_children_followups_or_notes_is_refused(api_as, link):
    entity = EntityFactory()
    if link == "child":
        EntityFactory(kind="school", parent=entity)
    elif link == "followup":
        FollowUpFactory(entity=entity)
    else:
        NoteFactory(entity=entity)
    response = api_as("admin").delete(detail(entity))
    assert response.status_code == 400
    assert "Archive it instead" in response.json()["non_field_errors"][0]


# History


def test_history_shows_who_changed_which_fields_through_the_api(officer_api):
    created = officer_api.post(URL, {"kind": "city", "name": "Koper", "country": "SI"}, format="json").json()
    officer_api.patch(f"{URL}{created['id']}/", {"name_zh": "科佩尔", "tags": ["port"]}, format="json")
    response = officer_api.get(f"{URL}{created['id']}/history/")
    assert response.status_code == 200
    newest, first = response.json()[0], response.json()[-1]
    assert first["type"] == "created" and first["user"] == "api-officer"
    assert newest["type"] == "changed" and newest["user"] == "api-officer"
    changed = {c["field"]: c for c in newest["changes"]}
    assert changed["name_zh"]["old"] == "" and changed["name_zh"]["new"] == "科佩尔"
    assert "tags" in changed


def test_viewer_reads_history(api_as):
    entity = EntityFactory()
    assert api_as("viewer").get(f"{detail(entity)}history/").status_code == 200


# Filters


def test_filter_by_kind(officer_api):
    EntityFactory(name="Daegu", kind="city")
    EntityFactory(name="Consulate-General of Japan", kind="consulate", country="JP")
    assert names(officer_api.get(URL, {"kind": "consulate"})) == {"Consulate-General of Japan"}
    response = officer_api.get(URL, {"kind": "planet"})
    assert response.status_code == 400 and "kind" in response.json()


def test_filter_by_country_in_either_case(officer_api):
    EntityFactory(name="Daegu", country="KR")
    EntityFactory(name="Aachen", country="DE")
    assert names(officer_api.get(URL, {"country": "DE"})) == {"Aachen"}
    assert names(officer_api.get(URL, {"country": "kr"})) == {"Daegu"}
    response = officer_api.get(URL, {"country": "XX"})
    assert response.status_code == 400 and "country" in response.json()


def test_filter_by_region_continent_subregion_bloc_or_country(officer_api):
    EntityFactory(name="Daegu", country="KR")
    EntityFactory(name="Haiphong", country="VN")
    EntityFactory(name="Rouen", country="FR")
    EntityFactory(name="Manta", country="EC")
    assert names(officer_api.get(URL, {"region": "asia"})) == {"Daegu", "Haiphong"}
    assert names(officer_api.get(URL, {"region": "eastern-asia"})) == {"Daegu"}
    assert names(officer_api.get(URL, {"region": "asean"})) == {"Haiphong"}
    assert names(officer_api.get(URL, {"region": "eu"})) == {"Rouen"}
    assert names(officer_api.get(URL, {"region": "latin-america-and-the-caribbean"})) == {"Manta"}
    assert names(officer_api.get(URL, {"region": "FR"})) == {"Rouen"}


def test_unknown_region_filter_is_a_400_naming_region(officer_api):
    response = officer_api.get(URL, {"region": "atlantis"})
    assert response.status_code == 400
    assert "region" in response.json()


def test_filter_by_domestic(officer_api):
    HomeCityFactory(name="Ningbo")
    EntityFactory(name="Daegu")
    assert names(officer_api.get(URL, {"domestic": "true"})) == {"Ningbo"}
    assert names(officer_api.get(URL, {"domestic": "false"})) == {"Daegu"}


def test_filter_by_tag_matches_whole_list_items(officer_api):
    EntityFactory(name="Busan", tags=["port", "APEC"])
    EntityFactory(name="Koper", tags=["seaport"])
    EntityFactory(name="Xi'an", tags=["千校结好"])
    assert names(officer_api.get(URL, {"tag": "port"})) == {"Busan"}
    assert names(officer_api.get(URL, {"tag": "千校结好"})) == {"Xi'an"}
    assert names(officer_api.get(URL, {"tag": "nothing"})) == set()


def test_filter_by_archived(officer_api):
    EntityFactory(name="Active")
    EntityFactory(name="Old", archived=True)
    assert names(officer_api.get(URL, {"archived": "true"})) == {"Old"}
    assert names(officer_api.get(URL, {"archived": "false"})) == {"Active"}
    assert names(officer_api.get(URL)) == {"Active", "Old"}


def test_filter_by_parent_id(officer_api):
    home = HomeCityFactory()
    EntityFactory(name="Yinzhou", kind="district", parent=home, country="CN", domestic=True)
    EntityFactory(name="Daegu")
    assert names(officer_api.get(URL, {"parent_id": home.pk})) == {"Yinzhou"}
    assert officer_api.get(URL, {"parent_id": "abc"}).status_code == 400


def test_filters_combine(officer_api):
    EntityFactory(name="Daegu", country="KR", kind="city")
    EntityFactory(name="Consulate-General of Korea", country="KR", kind="consulate")
    EntityFactory(name="Aachen", country="DE", kind="city")
    assert names(officer_api.get(URL, {"region": "asia", "kind": "city"})) == {"Daegu"}


# q search


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nagaokakyo", "Nagaokakyō"),
        ("NAGAOKAKYŌ", "Nagaokakyō"),
        ("daqiu", "대구"),
        ("da qiu", "대구"),
        ("大邱", "대구"),
        ("daegu", "대구"),
        ("Taegu", "대구"),
        ("长冈京", "Nagaokakyō"),
        ("changgangjing", "Nagaokakyō"),
        ("bydgoszcz", "Bydgoszcz"),
        ("bromberg", "Bydgoszcz"),
        ("比得哥什", "Bydgoszcz"),
    ],
)
def test_q_matches_every_name_and_alias_ignoring_case_and_accents_and_by_pinyin(officer_api, query, expected):
    EntityFactory(name="Nagaokakyō", name_zh="长冈京", name_en="Nagaokakyo", country="JP")
    EntityFactory(name="대구", name_zh="大邱", name_en="Daegu", aliases=["Taegu"], country="KR")
    EntityFactory(name="Bydgoszcz", name_zh="比得哥什", aliases=["Bromberg"], country="PL")
    assert names(officer_api.get(URL, {"q": query})) == {expected}


def test_q_finds_nothing_for_an_unknown_name(officer_api):
    EntityFactory(name="Daegu")
    assert names(officer_api.get(URL, {"q": "zzzz"})) == set()


def test_ordering_by_population(officer_api):
    EntityFactory(name="Small", population=10)
    EntityFactory(name="Big", population=1000)
    rows = officer_api.get(URL, {"ordering": "-population"}).json()["results"]
    assert [r["name"] for r in rows] == ["Big", "Small"]


def test_list_rows_count_ties_and_events(officer_api):
    partner = EntityFactory(name="Daegu")
    RelationFactory(target=partner)
    ParticipantFactory(entity=partner)
    ParticipantFactory(entity=partner)
    row = next(r for r in officer_api.get(URL).json()["results"] if r["name"] == "Daegu")
    assert row["ties_count"] == 1 and row["events_count"] == 2


# Query counts


def _world(n: int, start: int = 0) -> None:
    home = Entity.objects.filter(domestic=True).first() or HomeCityFactory()
    for i in range(start, n):
        entity = EntityFactory(name=f"Partner {i}", parent=home if i % 2 else None, tags=["t"])
        ContactPointFactory(entity=entity)
        if i % 3 == 0:
            RelationFactory(source=home, target=entity)
            ParticipantFactory(entity=entity)


def test_list_endpoint_costs_the_same_queries_for_3_and_50_entities(officer_api, django_assert_num_queries):
    _world(3)
    officer_api.get(URL)  # warm the user's permission cache
    with CaptureQueriesContext(connection) as small:
        assert officer_api.get(URL, {"region": "asia"}).status_code == 200
    _world(50, start=3)
    with django_assert_num_queries(len(small.captured_queries)):
        response = officer_api.get(URL, {"region": "asia"})
    assert response.json()["count"] == 51


# Regions


def test_regions_are_listed_and_retrieved_by_code(api_as):
    api = api_as("viewer")
    response = api.get("/api/regions/", {"page_size": 100})
    assert response.status_code == 200
    codes = {r["code"] for r in response.json()["results"]}
    assert {"asia", "eastern-asia", "asean", "eu", "rcep", "brics"} <= codes
    asean = api.get("/api/regions/asean/").json()
    assert asean["name_zh"] == "东盟" and "VN" in asean["countries"]


def test_regions_filter_by_kind_and_country(api_as):
    api = api_as("viewer")
    blocs = {r["code"] for r in api.get("/api/regions/", {"kind": "bloc"}).json()["results"]}
    assert blocs == {"asean", "eu", "rcep", "brics", "bri"}
    of_korea = {r["code"] for r in api.get("/api/regions/", {"country": "KR"}).json()["results"]}
    assert of_korea == {"asia", "eastern-asia", "rcep", "bri"}


def test_only_admins_write_regions(api_as):
    payload = {"code": "g20", "kind": "bloc", "name": "G20", "name_zh": "二十国集团", "countries": ["cn", "US"]}
    assert api_as("viewer").post("/api/regions/", payload, format="json").status_code == 403
    assert api_as("officer").post("/api/regions/", payload, format="json").status_code == 403
    assert api_as("officer").patch("/api/regions/asean/", {"name": "X"}, format="json").status_code == 403
    response = api_as("admin").post("/api/regions/", payload, format="json")
    assert response.status_code == 201, response.content
    assert Region.objects.get(code="g20").countries == ["CN", "US"]
    assert api_as("admin").patch("/api/regions/g20/", {"name_zh": "G20"}, format="json").status_code == 200
    assert api_as("admin").delete("/api/regions/g20/").status_code == 204


def test_a_region_with_an_unknown_country_is_refused(api_as):
    payload = {"code": "atlantis", "kind": "bloc", "name": "Atlantis", "countries": ["XX"]}
    response = api_as("admin").post("/api/regions/", payload, format="json")
    assert response.status_code == 400 and "countries" in response.json()


def test_anonymous_gets_401_on_regions_and_gazetteer(api_client, db):
    assert api_client.get("/api/regions/").status_code == 401
    assert api_client.get("/api/gazetteer/", {"q": "daegu"}).status_code == 401


# Gazetteer


def test_gazetteer_search_returns_cities_with_names_and_coordinates(api_as):
    response = api_as("viewer").get("/api/gazetteer/", {"q": "daegu"})
    assert response.status_code == 200
    daegu = response.json()[0]
    assert daegu["name"] == "Daegu" and daegu["country"] == "KR" and daegu["name_zh"] == "大邱"
    assert daegu["population"] > 1_000_000 and 35 < daegu["latitude"] < 36
    assert set(daegu) >= {
        "geonameid",
        "name",
        "name_zh",
        "country",
        "population",
        "latitude",
        "longitude",
        "capital",
        "entity_id",
    }
    assert daegu["entity_id"] is None


def test_gazetteer_search_by_country_and_chinese_name(api_as):
    api = api_as("viewer")
    hits = api.get("/api/gazetteer/", {"q": "san", "country": "CL"}).json()
    assert hits and {h["country"] for h in hits} == {"CL"}
    assert api.get("/api/gazetteer/", {"q": "首尔"}).json()[0]["name"] == "Seoul"


def test_gazetteer_marks_cities_already_on_file_without_a_query_per_row(api_as, django_assert_max_num_queries):
    api = api_as("viewer")
    api.get("/api/gazetteer/", {"q": "x"})  # warm the permission cache
    hits = gazetteer.search("san", limit=20)
    entity = EntityFactory(name=hits[0].name, geonameid=hits[0].geonameid)
    with django_assert_max_num_queries(1):
        response = api.get("/api/gazetteer/", {"q": "san", "limit": 20})
    rows = response.json()
    assert len(rows) == 20
    assert rows[0]["entity_id"] == entity.pk and all(r["entity_id"] is None for r in rows[1:])


@pytest.mark.parametrize(
    ("params", "field"),
    [({}, "q"), ({"q": "daegu", "country": "XX"}, "country"), ({"q": "daegu", "limit": "0"}, "limit")],
)
def test_gazetteer_bad_input_is_a_400_naming_the_field(api_as, params, field):
    response = api_as("viewer").get("/api/gazetteer/", params)
    assert response.status_code == 400 and field in response.json()


def test_from_gazetteer_files_a_city_with_its_names_coordinates_and_population(officer_api):
    daegu = gazetteer.search("daegu", limit=1)[0]
    home = HomeCityFactory()
    response = officer_api.post(f"{URL}from-gazetteer/", {"geonameid": daegu.geonameid}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["name_zh"], body["name_en"]) == ("대구", "大邱", "Daegu")
    assert body["kind"] == "city" and body["country"] == "KR" and body["geonameid"] == daegu.geonameid
    assert body["population"] == daegu.population and body["latitude"] == daegu.latitude
    district = gazetteer.search("fenghua", country="CN", limit=1)[0]
    response = officer_api.post(
        f"{URL}from-gazetteer/",
        {"geonameid": district.geonameid, "kind": "district", "domestic": True, "parent": home.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["domestic"] is True and response.json()["parent"] == home.pk
    # Now the gazetteer says it is on file.
    hit = officer_api.get("/api/gazetteer/", {"q": "daegu"}).json()[0]
    assert hit["entity_id"] == body["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"geonameid": 1}, "geonameid"),
        ({"geonameid": "abc"}, "geonameid"),
        ({}, "geonameid"),
        ({"geonameid": 1835329, "kind": "school"}, "kind"),
        ({"geonameid": 1835329, "kind": "planet"}, "kind"),
    ],
)
def test_from_gazetteer_bad_input_is_a_400_naming_the_field(officer_api, payload, field):
    response = officer_api.post(f"{URL}from-gazetteer/", payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_from_gazetteer_refuses_a_city_already_on_file(officer_api):
    daegu = gazetteer.search("daegu", limit=1)[0]
    assert officer_api.post(f"{URL}from-gazetteer/", {"geonameid": daegu.geonameid}, format="json").status_code == 201
    response = officer_api.post(f"{URL}from-gazetteer/", {"geonameid": daegu.geonameid}, format="json")
    assert response.status_code == 400 and "geonameid" in response.json()


def test_viewer_cannot_file_from_the_gazetteer(api_as):
    response = api_as("viewer").post(f"{URL}from-gazetteer/", {"geonameid": 1835329}, format="json")
    assert response.status_code == 403


def test_region_history_records_the_admin_edit(api_as):
    api = api_as("admin")
    assert (
        api.patch(
            "/api/regions/brics/",
            {"countries": ["BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "ID", "SA"]},
            format="json",
        ).status_code
        == 200
    )
    response = api.get("/api/regions/brics/history/")
    assert response.status_code == 200
    newest = response.json()[0]
    assert newest["user"] == "api-admin" and newest["changes"][0]["field"] == "countries"


# The list's brief shapes build their answer directly (a 50-row page costs less): it must stay what the fields say


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_list_row_and_the_brief_shape_answer_what_their_declared_fields_answer(language):
    from django.utils import translation
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from contacts.api.serializers import EntityBriefSerializer, EntityListSerializer
    from contacts.selectors import entity_brief_list

    home = HomeCityFactory()
    daegu = EntityFactory(name="Daegu", name_zh="大邱", country="KR", parent=home, tags=["t", "维"], population=5)
    bare = EntityFactory(name="대구", country="", tags=[], title="Mayor")
    RelationFactory(source=home, target=daegu)
    ParticipantFactory(entity=daegu)
    request = APIRequestFactory().get(URL)
    with translation.override(language):
        rows = list(entity_brief_list(counts=True).filter(pk__in=[home.pk, daegu.pk, bare.pk]))
        for row in rows:
            listed = EntityListSerializer(context={"request": request})
            assert listed.to_representation(row) == serializers.ModelSerializer.to_representation(listed, row)
            brief = EntityBriefSerializer(context={"request": request})
            assert brief.to_representation(row) == serializers.ModelSerializer.to_representation(brief, row)
    assert {row.pk: (row.ties_count, row.events_count) for row in rows} == {
        home.pk: (1, 0),
        daegu.pk: (1, 1),
        bare.pk: (0, 0),
    }


def test_a_listed_entity_takes_the_brief_columns_in_their_order():
    from dataclasses import fields

    from contacts.selectors import ENTITY_BRIEF_FIELDS, ListedEntity

    assert ("id", *[f.name for f in fields(ListedEntity)][1:]) == ENTITY_BRIEF_FIELDS
    assert fields(ListedEntity)[0].name == "pk"
