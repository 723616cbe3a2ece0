"""The timeline partial that the entity and tie pages load with htmx."""

import datetime as dt

import pytest

from events.models import Note
from events.timeline_views import TIMELINE_PAGE_SIZE
from tests.factories import EntityFactory, EventFactory, NoteFactory, ParticipantFactory, RelationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_city():
    """A city with more events than one page holds, and a note."""
    city = EntityFactory(name="Daegu")
    for n in range(TIMELINE_PAGE_SIZE + 5):
        ParticipantFactory(
            entity=city,
            event=EventFactory(title=f"Visit {n:02d}", start_date=dt.date(2020, 1, 1) + dt.timedelta(days=n)),
        )
    NoteFactory(entity=city, text="Likes calligraphy.")
    return city


def test_partial_renders_items_filters_and_the_load_more_trigger(page_as, busy_city):
    response = page_as("viewer").get(f"/entities/{busy_city.pk}/timeline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # a partial, not a page
    assert f'id="timeline-entity-{busy_city.pk}"' in html
    assert "Likes calligraphy." in html
    assert "Visit 24" in html and "Visit 05" not in html  # newest first, one page
    assert 'hx-trigger="revealed, click"' in html and 'hx-swap="outerHTML"' in html
    assert f"/entities/{busy_city.pk}/timeline/?page=2" in html
    assert 'name="type" value="event"' in html and 'name="include" value="children"' in html
    assert "timeline-note-form" not in html  # viewers read only


def test_next_page_returns_only_the_following_items(page_as, busy_city):
    client = page_as("viewer")
    html = client.get(f"/entities/{busy_city.pk}/timeline/?page=2").content.decode()
    assert "timeline-filters" not in html
    assert "Visit 05" in html and "Visit 00" in html and "Visit 24" not in html
    assert "page=3" not in html  # the last page has no trigger
    assert client.get(f"/entities/{busy_city.pk}/timeline/?page=9").content == b""


def test_type_filter_keeps_itself_in_the_load_more_link(page_as, busy_city):
    client = page_as("viewer")
    html = client.get(f"/entities/{busy_city.pk}/timeline/?type=event").content.decode()
    assert "Likes calligraphy." not in html
    assert "type=event&amp;page=2" in html
    bad = client.get(f"/entities/{busy_city.pk}/timeline/?type=bogus&date_after=nope")
    assert bad.status_code == 200 and "form-error" in bad.content.decode()


def test_officer_adds_a_note_and_sees_it_in_the_timeline(page_as):
    city = EntityFactory()
    client = page_as("officer")
    page = client.get(f"/entities/{city.pk}/timeline/").content.decode()
    assert "timeline-note-form" in page
    response = client.post(
        f"/entities/{city.pk}/timeline/notes/", {"text": "Agreed on a youth exchange."}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Agreed on a youth exchange." in response.content.decode()
    assert Note.objects.get().author == client.user
    empty = client.post(f"/entities/{city.pk}/timeline/notes/", {"text": "  "})
    assert empty.status_code == 200 and "field-error" in empty.content.decode()
    assert Note.objects.count() == 1


def test_viewer_cannot_add_a_note_on_the_page(page_as):
    city = EntityFactory()
    assert page_as("viewer").post(f"/entities/{city.pk}/timeline/notes/", {"text": "x"}).status_code == 403
    assert not Note.objects.exists()


def test_relation_timeline_partial(page_as):
    tie = RelationFactory()
    event = EventFactory(title="Signing in Daegu")
    event.relations.add(tie)
    client = page_as("officer")
    html = client.get(f"/relations/{tie.pk}/timeline/").content.decode()
    assert "Signing in Daegu" in html and 'name="include"' not in html
    client.post(f"/relations/{tie.pk}/timeline/notes/", {"text": "Tie note"})
    assert Note.objects.get().relation == tie
    assert client.get("/relations/999999/timeline/").status_code == 404


def test_timeline_partial_needs_login(client, busy_city):
    response = client.get(f"/entities/{busy_city.pk}/timeline/")
    assert response.status_code == 302
