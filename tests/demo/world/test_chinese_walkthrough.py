"""The Chinese interface over a demo walk-through (issue 15 item 11, Done when): the demo loaded, an officer and an
administrator logged in with zh-hans, every main page and the pages of a few records opened; no English word or raw
code may remain in what a reader sees (text, placeholders, titles, labels, button values). Proper names and other
data are allowed: every word found in the demo's own records is, and a short list of acronyms and product names."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

pytestmark = pytest.mark.django_db

# Acronyms, formats and names that Chinese pages write in Latin letters too.
ALLOWED = {
    "api",
    "csv",
    "xlsx",
    "docx",
    "ics",
    "json",
    "pdf",
    "url",
    "html",
    "iso",
    "apec",
    "geonames",
    "openapi",
    "swagger",
    "redoc",
    "webcal",
    "ical",
    "outlook",
    "google",
    "uclg",
    "asean",
    "brics",
    "pinyin",
    "email",
    "token",
    "crm",
    "abtc",
    "yyyy",
    "gdp",
    "ngo",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "http",
    "https",
    "www",
    "com",
    "org",
    "cn",
    "english",  # the language switcher names each language in itself
    "excel",
    "thunderbird",
    "utf",
    "gb",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
CODE = re.compile(r"[A-Z]{2,}(-[A-Z0-9]*)*-?")  # a document's or a card's number: APEC-CHN-330200-0002
VISIBLE_ATTRS = ("placeholder", "title", "aria-label", "alt")
SKIPPED_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "noscript", "template"}


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside scripts and code, and the attributes a browser shows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        values = dict(attrs)
        for name in VISIBLE_ATTRS:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def data_words() -> set[str]:
    """Every word in the demo's records (names in every script, titles, places, notes, tags, usernames…)."""
    words: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label in (
            "contenttypes",
            "sessions",
            "admin",
            "axes",
            "authtoken",
        ) or model.__name__.startswith("Historical"):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value:
                    words.update(w.casefold().strip("'’-") for w in WORD.findall(str(value)))
    return words


def world_words() -> set[str]:
    """The names of the world's places the expansion pages propose (GeoNames and the twin-town lists), not on file."""
    from contacts import gazetteer

    words: set[str] = set()
    for place in gazetteer.cities():
        for name in (place.name, place.ascii_name):
            words.update(w.casefold().strip("'’-") for w in WORD.findall(name or ""))
    return words


@pytest.fixture(scope="module")
def walk(demo):
    """The demo's users and the words its records and the world's reference data allow."""
    return {"users": demo["users"], "words": data_words(), "world": world_words()}


def _pages() -> list[str]:
    from contacts.models import Entity
    from events.models import Event, FollowUp
    from relations.models import Relation
    from trips.models import Trip

    daegu = Entity.objects.get(name_zh="大邱")
    pages = [
        "/",
        "/entities/",
        daegu.get_absolute_url(),
        "/entities/new/",
        f"/entities/{daegu.pk}/edit/",
        "/entities/gazetteer/",
        "/entities/duplicates/",
        "/merges/",
        "/relations/",
        "/relations/new/",
        "/events/",
        "/events/new/",
        "/followups/",
        "/followups/?show=all",
        "/calendar/",
        "/reports/",
        "/expansion/",
        "/expansion/map/",
        "/expansion/network/",
        "/profile/",
        "/search/?q=daqiu",
        "/notifications/",
        "/imports/",
        "/imports/new/",
        "/services/",
        "/services/new/",
        "/services/apec-cards/",
        "/trips/",
        "/trips/new/",
        "/trips/quarter/",
        "/accounts/password/",
    ]
    for kind in ("consulate", "person", "enterprise", "school"):
        entity = Entity.objects.filter(kind=kind).order_by("pk").first()
        if entity:
            pages.append(entity.get_absolute_url())
    for relation in Relation.objects.filter(target=daegu).order_by("pk")[:2]:
        pages.append(relation.get_absolute_url())
    pages.append(f"/relations/{Relation.objects.order_by('-pk').first().pk}/")
    for event in Event.objects.order_by("-start_date")[:2]:
        pages.append(event.get_absolute_url())
    pages.append(f"/events/{Event.objects.order_by('-start_date').first().pk}/edit/")
    followup = FollowUp.objects.order_by("pk").first()
    if followup:
        pages.append(f"/followups/{followup.pk}/")
    trip = Trip.objects.order_by("pk").first()
    if trip:
        pages.append(f"/trips/{trip.pk}/")
    return pages


def english_left(html: str, allowed: set[str]) -> list[str]:
    found = []
    for text in visible_text(html):
        for word in WORD.findall(text):
            key = word.casefold().strip("'’-")
            if key in allowed or key.rstrip("s") in allowed or CODE.fullmatch(word):
                continue
            found.append(f"{word!r} in {text[:120]!r}")
    return found


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_no_english_remains_in_the_chinese_pages_of_the_demo(walk, db, role):  # db: its logins roll back
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(walk["users"][role])
    allowed = ALLOWED | walk["words"]
    problems = {}
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "zh-hans", url
        # The expansion pages propose places of the world not on file, by their gazetteer names.
        left = english_left(
            response.content.decode(), allowed | walk["world"] if url.startswith("/expansion/") else allowed
        )
        if left:
            problems[url] = sorted(set(left))[:15]
    if role == "admin":
        response = client.get("/trash/")
        assert response.status_code == 200
        left = english_left(response.content.decode(), allowed)
        if left:
            problems["/trash/"] = sorted(set(left))[:15]
    assert not problems, "\n".join(f"{url}:\n  " + "\n  ".join(words) for url, words in problems.items())


def test_the_check_sees_english_in_text_and_attributes():
    html = (
        '<p>已保存</p><input placeholder="Search"><script>var x = "Hidden";</script><button title="Close">关</button>'
    )
    assert english_left(html, set()) == ["'Search' in 'Search'", "'Close' in 'Close'"]
    assert english_left("<p>Daegu 大邱</p>", {"daegu"}) == []
