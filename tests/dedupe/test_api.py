"""The duplicates API: candidate pairs (paginated, constant queries), not a duplicate, merge and undo by role."""

import pytest

from contacts.models import Entity
from dedupe.models import Merge, NotDuplicate
from tests.factories import EntityFactory, ParticipantFactory, RelationFactory


def _pairs(n: int, country: str = "DE"):
    for i in range(n):
        EntityFactory(name=f"Town{chr(65 + i % 26)}{chr(65 + i // 26)}", country=country)
        EntityFactory(name=f"town{chr(65 + i % 26)}{chr(65 + i // 26)}", country=country)


def test_pairs_are_listed_best_first_with_what_they_share(officer_api):
    a = EntityFactory(name="Aachen", name_zh="亚琛", country="DE", geonameid=3247449)
    b = EntityFactory(name="亞琛", country="DE", geonameid=3247449)
    EntityFactory(name="Bonn", country="DE")
    EntityFactory(name="Achen", country="DE", kind="school")
    response = officer_api.get("/api/duplicates/")
    assert response.status_code == 200
    [pair] = response.json()["results"]
    assert (pair["first"]["id"], pair["second"]["id"], pair["score"]) == (a.pk, b.pk, 100)
    assert pair["reasons"] == ["geonameid", "same_name"]
    assert pair["matched_names"] == ["亚琛", "亞琛"]
    assert officer_api.get("/api/duplicates/", {"country": "FR"}).json()["count"] == 0
    assert officer_api.get("/api/duplicates/", {"kind": "city", "country": "de"}).json()["count"] == 1


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_reads_in_constant_queries(officer_api, django_assert_num_queries, n):
    _pairs(n)
    officer_api.get("/api/duplicates/")  # the session and permissions are read once
    with django_assert_num_queries(3):  # the entities, the silenced pairs, the page's rows
        response = officer_api.get("/api/duplicates/", {"page_size": 100})
    assert response.json()["count"] == n


def test_not_a_duplicate_silences_the_pair(officer_api, api_as):
    a = EntityFactory(name="Springfield", country="US")
    b = EntityFactory(name="Springfield", country="US")
    created = officer_api.post("/api/not-duplicates/", {"first": b.pk, "second": a.pk, "note": "Two towns"})
    assert created.status_code == 201, created.content
    assert (created.json()["first"], created.json()["second"]) == (a.pk, b.pk)
    assert officer_api.get("/api/duplicates/").json()["count"] == 0
    record = NotDuplicate.objects.get()
    assert officer_api.get("/api/not-duplicates/", {"entity": b.pk}).json()["count"] == 1
    assert officer_api.get("/api/not-duplicates/", {"entity": EntityFactory().pk}).json()["count"] == 0
    assert officer_api.delete(f"/api/not-duplicates/{record.pk}/").status_code == 403  # admins un-silence
    assert api_as("admin").delete(f"/api/not-duplicates/{record.pk}/").status_code == 204
    assert officer_api.get("/api/duplicates/").json()["count"] == 1
    assert api_as("viewer").post("/api/not-duplicates/", {"first": a.pk, "second": b.pk}).status_code == 403


def test_officers_merge_and_admins_undo(officer_api, api_as):
    survivor = EntityFactory(name="Aachen", country="DE")
    dup = EntityFactory(name="Aachen", name_zh="亚琛", country="DE", population=249_000)
    ParticipantFactory(entity=dup)
    tie = RelationFactory(target=dup)
    assert api_as("viewer").post("/api/entities/merge/", {"survivor": survivor.pk, "merged": [dup.pk]}).status_code == (
        403
    )
    response = officer_api.post(
        "/api/entities/merge/",
        {"survivor": survivor.pk, "merged": [dup.pk], "values": {"population": dup.pk}, "reason": "Twice"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["survivor"] == survivor.pk and body["merged_ids"] == [dup.pk] and body["merged_by"] == "api-officer"
    survivor.refresh_from_db()
    assert survivor.name_zh == "亚琛" and survivor.participations.count() == 1
    tie.refresh_from_db()
    assert tie.target == survivor

    url = f"/api/merges/{body['id']}/undo/"
    assert officer_api.post(url).status_code == 403
    undone = api_as("admin").post(url, {"reason": "Not the same"}, format="json")
    assert undone.status_code == 200, undone.content
    assert undone.json()["undone_by"] == "api-admin"
    tie.refresh_from_db()
    assert tie.target_id == dup.pk and Entity.objects.get(pk=dup.pk).participations.count() == 1
    again = api_as("admin").post(url)
    assert again.status_code == 400 and "undone already" in again.json()["non_field_errors"][0]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"merged": []}, "merged"),
        ({"merged": [999999]}, "merged"),
        ({"values": {"colour": 1}}, "values"),
        ({"values": {"name": 999999}}, "name"),
    ],
)
def test_a_refused_merge_names_the_field(officer_api, payload, field):
    survivor = EntityFactory(name="Aachen", country="DE")
    dup = EntityFactory(name="Aachen", country="DE")
    response = officer_api.post(
        "/api/entities/merge/", {"survivor": survivor.pk, "merged": [dup.pk], **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Entity.objects.count() == 2 and not Merge.objects.exists()
