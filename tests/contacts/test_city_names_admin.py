"""Issue 10: the curated names table is editable by admins; a correction reaches the gazetteer and its search."""

import pytest

from contacts import gazetteer
from contacts.models import CityName

JAKARTA = 1642911


@pytest.fixture(autouse=True)
def _fresh_names():
    gazetteer.names_changed()
    yield
    gazetteer.names_changed()  # the test's rows are rolled back without a signal


@pytest.mark.django_db
def test_an_admin_correction_wins_over_the_shipped_table_and_is_undone_by_deleting_it():
    assert gazetteer.get(JAKARTA).name_zh == "雅加达"
    correction = CityName.objects.create(geonameid=JAKARTA, name_zh="雅加达特区", aliases="椰城", source="test")
    city = gazetteer.get(JAKARTA)
    assert city.name_zh == "雅加达特区"
    assert "椰城" in city.aliases
    assert city.name == "Jakarta"  # blank fields keep the shipped value
    assert JAKARTA in {c.geonameid for c in gazetteer.search("椰城")}
    correction.delete()
    assert gazetteer.get(JAKARTA).name_zh == "雅加达"


@pytest.mark.django_db
def test_other_workers_see_a_correction_by_its_fingerprint(monkeypatch):
    assert gazetteer.get(JAKARTA).name_zh == "雅加达"
    # Written by another process: no signal here, so only the fingerprint check can notice it.
    CityName.objects.bulk_create([CityName(geonameid=JAKARTA, name_zh="雅加达市")])
    assert gazetteer.get(JAKARTA).name_zh == "雅加达"  # within the check interval
    monkeypatch.setattr(gazetteer, "NAMES_CHECK_SECONDS", -1)
    assert gazetteer.get(JAKARTA).name_zh == "雅加达市"


@pytest.mark.django_db
def test_the_correction_is_in_history_and_the_admin_lists_it(admin_client):
    CityName.objects.create(geonameid=JAKARTA, name_zh="雅加达特区")
    assert CityName.history.count() == 1
    response = admin_client.get("/admin/contacts/cityname/")
    assert response.status_code == 200 and "雅加达特区" in response.content.decode()


@pytest.mark.django_db
def test_only_admins_may_edit_the_names_table(make_user):
    officer, admin = make_user("officer"), make_user("admin")
    assert officer.has_perm("contacts.view_cityname")
    assert not officer.has_perm("contacts.change_cityname")
    assert not officer.has_perm("relations.change_sensitivedestination")
    assert admin.has_perm("contacts.change_cityname")
