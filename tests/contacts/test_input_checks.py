"""Input is refused when it cannot be right (issue 9, findings 5 and 9): control characters in names and texts,
links other than http(s), emails and phone numbers that are none; each a 400 naming the field, or a form error."""

import pytest

from contacts.models import Entity
from tests.factories import ContactPointFactory, EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/entities/"


def _messages(response, field):
    body = response.json()
    assert field in body, body
    return " ".join(body[field])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Vertical\u000btab"}, "name"),
        ({"name": "Bell", "name_zh": "铃\u0007"}, "name_zh"),
        ({"name": "Escape", "title": "Mayor\u001b[31m"}, "title"),
        ({"name": "Aliased", "aliases": ["ok", "b\u0085ad"]}, "aliases"),
        ({"name": "Tagged", "tags": ["x\u0001y"]}, "tags"),
        ({"name": "Noted", "notes": "line\u000cfeed"}, "notes"),
    ],
)
def test_control_characters_are_a_400_naming_the_field(officer_api, payload, field):
    response = officer_api.post(URL, {"kind": "city", **payload}, format="json")
    assert response.status_code == 400, response.content
    assert "control character" in _messages(response, field)
    assert not Entity.objects.exists()


def test_long_texts_keep_tabs_and_line_breaks(officer_api):
    response = officer_api.post(URL, {"kind": "city", "name": "Ok", "notes": "a\tb\r\nc\nd"}, format="json")
    assert response.status_code == 201, response.content
    assert Entity.objects.get().notes == "a\tb\r\nc\nd"


def test_a_control_character_in_an_event_title_or_a_tie_note_is_refused(officer_api):
    city = EntityFactory()
    response = officer_api.post(
        "/api/events/", {"kind": "visit_in", "title": "Vis\u000bit", "start_date": "2024-05-01"}, format="json"
    )
    assert response.status_code == 400 and "title" in response.json(), response.content
    response = officer_api.patch(f"{URL}{city.pk}/", {"name": "Re\u0007named"}, format="json")
    assert response.status_code == 400 and "name" in response.json()


def test_the_entity_form_shows_a_control_character_as_a_field_error(page_as):
    response = page_as("officer").post(
        "/entities/new/",
        {"kind": "city", "name": "Vertical\u000btab", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 400
    assert "control character" in " ".join(response.context["form"].errors["name"])
    assert not Entity.objects.exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("website", "javascript:alert(1)", "http:// or https://"),
        ("website", "data:text/html,<script>alert(1)</script>", "http:// or https://"),
        ("website", "ftp://files.example.org/", "http:// or https://"),
        ("email", "not-an-email", "valid email"),
        ("phone", "call me maybe", "phone number"),
        ("phone", "12", "phone number"),
        ("phone", "1" * 21, "phone number"),
    ],
)
def test_contact_points_must_be_what_their_kind_says(officer_api, kind, value, message):
    payload = {"kind": "city", "name": "Contactable", "contact_points": [{"kind": kind, "value": value}]}
    response = officer_api.post(URL, payload, format="json")
    assert response.status_code == 400, response.content
    assert message in _messages(response, "contact_points")
    assert not Entity.objects.exists()
    entity = EntityFactory()
    response = officer_api.patch(f"{URL}{entity.pk}/", {"contact_points": payload["contact_points"]}, format="json")
    assert response.status_code == 400 and message in _messages(response, "contact_points")


def test_good_contact_points_are_kept(officer_api):
    points = [
        {"kind": "website", "value": "https://www.daegu.go.kr/"},
        {"kind": "email", "value": "office@daegu.example"},
        {"kind": "phone", "value": "+82 (53) 120-0000"},
    ]
    response = officer_api.post(URL, {"kind": "city", "name": "Daegu", "contact_points": points}, format="json")
    assert response.status_code == 201, response.content


def test_the_entity_website_must_be_http_or_https(officer_api):
    response = officer_api.post(URL, {"kind": "city", "name": "Web", "website": "ftp://example.org/"}, format="json")
    assert response.status_code == 400 and "http:// or https://" in _messages(response, "website")


def test_a_stored_non_http_link_is_shown_as_plain_text(page_as):
    entity = EntityFactory(website="ftp://old.example.org/")
    ContactPointFactory(entity=entity, kind="website", value="javascript:alert(1)")
    ContactPointFactory(entity=entity, kind="website", value="https://ok.example.org/")
    html = page_as("viewer").get(f"/entities/{entity.pk}/").content.decode()
    assert 'href="javascript:' not in html and "javascript:alert(1)" in html
    assert 'href="ftp://' not in html and "ftp://old.example.org/" in html
    assert 'href="https://ok.example.org/"' in html
