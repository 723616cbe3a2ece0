"""A new entity that looks like one on file is flagged with the candidates before it is saved, in the page and the
API; one more click (the "Save anyway" button, `confirm_duplicate: true`) files it anyway."""

from contacts.models import Entity
from tests.factories import EntityFactory

URL = "/api/entities/"


def test_api_refuses_a_possible_duplicate_naming_the_candidates_until_confirmed(officer_api):
    aachen = EntityFactory(name="Aachen", name_zh="亚琛", country="DE", geonameid=3247449)
    payload = {"kind": "city", "name": "亞琛", "country": "DE"}
    refused = officer_api.post(URL, payload, format="json")
    assert refused.status_code == 400
    body = refused.json()
    assert "Aachen" in body["confirm_duplicate"][0] and f"#{aachen.pk}" in body["confirm_duplicate"][0]
    [candidate] = body["duplicates"]
    assert (candidate["id"], candidate["reasons"], candidate["matched_names"]) == (
        aachen.pk,
        ["same_name"],
        ["亞琛", "亚琛"],
    )
    assert candidate["url"].endswith(f"/api/entities/{aachen.pk}/")
    assert Entity.objects.count() == 1

    confirmed = officer_api.post(URL, {**payload, "confirm_duplicate": True}, format="json")
    assert confirmed.status_code == 201, confirmed.content
    assert "confirm_duplicate" not in confirmed.json()
    assert Entity.objects.count() == 2


def test_api_flags_the_same_geonameid_and_close_names_but_not_another_city(officer_api):
    EntityFactory(name="Aachen", country="DE", geonameid=3247449)
    by_id = officer_api.post(URL, {"kind": "city", "name": "Aix", "geonameid": 3247449}, format="json")
    assert by_id.json()["duplicates"][0]["reasons"] == ["geonameid"]
    close = officer_api.post(URL, {"kind": "city", "name": "Achen", "country": "DE"}, format="json")
    assert close.json()["duplicates"][0]["reasons"] == ["close_name"]
    other = officer_api.post(URL, {"kind": "city", "name": "Bonn", "country": "DE"}, format="json")
    assert other.status_code == 201
    # A change is never flagged (the entity is on file already).
    assert officer_api.patch(f"{URL}{other.json()['id']}/", {"name": "Achen"}, format="json").status_code == 200


def _form(**fields):
    return {"contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0", "kind": "city", "country": "DE", **fields}


def test_page_shows_the_candidates_and_saves_on_the_second_click(page_as):
    aachen = EntityFactory(name="Aachen", name_zh="亚琛", country="DE")
    client = page_as("officer")
    flagged = client.post("/entities/new/", _form(name="AACHEN"))
    assert flagged.status_code == 400
    html = flagged.content.decode()
    assert 'id="possible-duplicates"' in html and aachen.get_absolute_url() in html
    assert 'name="confirm_duplicate"' in html and "same name" in html
    assert Entity.objects.count() == 1
    saved = client.post("/entities/new/", _form(name="AACHEN", confirm_duplicate="1"))
    assert saved.status_code == 302
    assert Entity.objects.filter(name="AACHEN").exists()


def test_page_says_it_in_chinese(page_as):
    EntityFactory(name="Aachen", country="DE")
    client = page_as("officer")
    html = client.post("/entities/new/", _form(name="Aachen"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "可能已在档" in html and "仍然保存" in html
