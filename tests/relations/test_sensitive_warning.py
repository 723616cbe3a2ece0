"""A tie with a country on the list of sensitive destinations (admin-edited, or the settings' avoid list) shows
a warning on its page."""

import pytest
from django.utils import translation

from relations.models import SensitiveDestination
from relations.selectors import sensitive_destinations
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_a_tie_with_a_sensitive_destination_warns_on_its_page(page_as, make_tie):
    partner = EntityFactory(name="Pyongyang", country="KP")
    tie = make_tie(target=partner)
    SensitiveDestination.objects.create(country="KP", level="care", note="Through the provincial office only.")
    html = page_as("viewer").get(f"/relations/{tie.pk}/").content.decode()
    assert 'id="sensitive-KP"' in html
    assert "North Korea is on the office's list of sensitive destinations (Handle with care)" in html
    assert "Through the provincial office only." in html


def test_a_tie_elsewhere_shows_no_warning(page_as, make_tie):
    tie = make_tie()
    SensitiveDestination.objects.create(country="KP")
    html = page_as("viewer").get(f"/relations/{tie.pk}/").content.decode()
    assert "sensitive-warning" not in html


def test_the_settings_avoid_list_counts_as_sensitive_destinations(settings):
    settings.CRM_AVOID_COUNTRIES = ["SY"]
    SensitiveDestination.objects.create(country="KP", level="care")
    found = sensitive_destinations(["KP", "SY", "FR", ""])
    assert [(str(d.country), d.level) for d in found] == [("KP", "care"), ("SY", "avoid")]
    with translation.override("zh-hans"):
        assert str(found[1].get_level_display()) == "回避"
