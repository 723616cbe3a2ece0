"""contacts.services: validation, attribution in history, the delete refusal, filing from the gazetteer."""

import pytest
from django.core.exceptions import ValidationError

from contacts import gazetteer, services
from contacts.filters import EntityFilterSet
from contacts.models import Entity
from tests.factories import EntityFactory, EventFactory, ParticipantFactory, RelationFactory


def test_entity_create_normalises_and_attributes_the_write(officer):
    entity = services.entity_create(
        by=officer, kind="city", name="  Koper ", country="si", aliases=["Capodistria", " ", "Capodistria"], tags=[]
    )
    assert (entity.name, entity.country.code) == ("Koper", "SI")
    assert entity.aliases == ["Capodistria"]
    assert entity.history.get().history_user == officer
    assert "capodistria" in entity.search_text


def test_entity_create_refuses_unknown_fields(officer):
    with pytest.raises(TypeError):
        services.entity_create(by=officer, kind="city", name="X", colour="red")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"kind": "planet"}, "kind"),
        ({"latitude": -91, "longitude": 0}, "latitude"),
        ({"latitude": 0, "longitude": 200}, "longitude"),
        ({"population": -1}, "population"),
        ({"aliases": "Taegu"}, "aliases"),
    ],
)
def test_entity_create_names_the_bad_field(officer, fields, field):
    with pytest.raises(ValidationError) as info:
        services.entity_create(by=officer, **{"kind": "city", "name": "X", **fields})
    assert field in info.value.message_dict


def test_entity_update_without_a_change_writes_no_history(officer):
    entity = services.entity_create(by=officer, kind="city", name="Koper", country="SI")
    services.entity_update(entity=entity, by=officer, name="Koper", country="SI")
    assert entity.history.count() == 1
    services.entity_update(entity=entity, by=officer, name_zh="科佩尔")
    assert entity.history.count() == 2


def test_entity_archive_and_unarchive_are_recorded(officer):
    entity = EntityFactory()
    services.entity_archive(entity=entity, by=officer)
    services.entity_unarchive(entity=entity, by=officer)
    entity.refresh_from_db()
    assert not entity.archived
    assert [h.archived for h in entity.history.order_by("history_id")] == [False, True, False]


def test_entity_delete_refusal_counts_ties_and_distinct_events(admin_role_user):
    partner = EntityFactory(name="Daegu")
    RelationFactory(target=partner)
    event = EventFactory()
    ParticipantFactory(event=event, entity=partner, role="guest")
    ParticipantFactory(event=event, entity=partner, role="host")
    ParticipantFactory(entity=partner)
    with pytest.raises(ValidationError) as info:
        services.entity_delete(entity=partner, by=admin_role_user)
    message = info.value.messages[0]
    assert "1 tie," in message and "2 events" in message and "Archive it instead" in message


def test_entity_delete_keeps_a_restorable_record(admin_role_user):
    entity = EntityFactory(name="Gosford")
    pk = entity.pk
    services.entity_delete(entity=entity, by=admin_role_user)
    deleted = Entity.history.filter(id=pk, history_type="-").get()
    assert deleted.history_user == admin_role_user
    restored = deleted.instance
    restored.save()
    assert Entity.objects.get(pk=pk).name == "Gosford"


def test_from_gazetteer_fills_names_place_and_population(officer):
    hiroshima = gazetteer.search("hiroshima", country="JP", limit=1)[0]
    entity = services.entity_create_from_gazetteer(geonameid=hiroshima.geonameid, by=officer, tags=["sister city"])
    assert (entity.name, entity.name_zh, entity.name_en) == ("広島", "广岛", "Hiroshima")
    assert entity.country == "JP" and entity.geonameid == hiroshima.geonameid
    assert (entity.latitude, entity.longitude, entity.population) == (
        hiroshima.latitude,
        hiroshima.longitude,
        hiroshima.population,
    )
    assert entity.tags == ["sister city"] and entity.history.get().history_user == officer


def test_entity_filterset_offers_the_documented_filters():
    # A new filter must be added here and tested in test_api.py (NetBox's test_missing_filters idea).
    assert set(EntityFilterSet.base_filters) == {
        "q",
        "kind",
        "country",
        "region",
        "domestic",
        "tag",
        "archived",
        "parent_id",
    }
