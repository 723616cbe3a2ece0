"""Numbers, dates, countries and long names as a reader sees them (issue 15 item 12): numbers grouped (252,000 /
25.2万), dates entered in a text box as 2024-05-06 whatever the browser's locale, countries as codes (emoji flags are
boxes on Windows), and a name too long refused with a message instead of cut by the browser."""

import datetime as dt

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation

from core.templatetags.numbers import amount
from events.forms import FollowUpForm
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        (252000, "252,000", "25.2万"),
        (10000, "10,000", "1万"),
        (9999, "9,999", "9999"),
        (1_340_000_000, "1,340,000,000", "13.4亿"),
        (0, "0", "0"),
        ("12.5", "12.50", "12.50"),
        (None, "", ""),
        ("n/a", "n/a", "n/a"),
    ],
)
def test_amounts_read_in_each_language(value, en, zh):
    with translation.override("en"):
        assert amount(value) == en
    with translation.override("zh-hans"):
        assert amount(value) == zh


def test_exact_figures_in_chinese_prose_stay_as_offices_write_them():
    # 1362人次, not 1,362人次 (tests/servicedesk/test_sentences.py): magnitudes read in 万 through `amount` instead.
    with translation.override("zh-hans"):
        assert intcomma(1362) == "1362"
        assert amount(252000) == "25.2万"


def test_a_city_shows_its_population_in_wan_and_its_country_as_a_code(page_as):
    entity = EntityFactory(name="Daegu", name_zh="大邱", country="KR", population=2_380_000)
    client = page_as("viewer")
    zh = client.get(entity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "238万" in zh
    en = client.get(entity.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2,380,000" in en
    listing = client.get("/entities/").content.decode()
    assert '<abbr class="country-code"' in listing and ">KR</abbr>" in listing
    assert "\U0001f1f0\U0001f1f7" not in listing + en  # 🇰🇷 as regional-indicator letters


def test_date_inputs_are_text_boxes_in_the_iso_form(officer):
    form = FollowUpForm(user=officer, initial={"due_date": dt.date(2024, 5, 6)})
    html = str(form["due_date"])
    assert 'type="text"' in html and 'value="2024-05-06"' in html and 'inputmode="numeric"' in html
    assert 'type="date"' not in html


def test_a_date_typed_the_chinese_way_is_read(officer):
    with translation.override("zh-hans"):
        form = FollowUpForm({"title": "x", "due_date": "2030/01/15"}, user=officer)
        assert form.is_valid(), form.errors
    assert form.cleaned_data["due_date"] == dt.date(2030, 1, 15)


def test_no_page_renders_a_date_input_the_browser_would_draw_in_its_own_locale(page_as):
    client = page_as("officer")
    for url in ("/events/new/", "/followups/", "/relations/new/", "/events/", "/reports/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        assert 'type="date"' not in response.content.decode(), url


def test_a_title_too_long_is_refused_naming_the_field_not_cut(page_as):
    client = page_as("officer")
    html = client.get("/followups/").content.decode()
    assert "maxlength" not in html.split('id="followup-form"')[1].split("</form>")[0]
    response = client.post("/followups/", {"title": "长" * 301, "due_date": "2030-01-15"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "300" in " ".join(response.context["form"].errors["title"])
