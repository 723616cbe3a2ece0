"""The duplicates pages: the list (filters, constant queries, not a duplicate), the merge form, the merges and their
undo, and the admin action."""

import re

import pytest

from contacts.models import Entity
from dedupe.models import Merge, NotDuplicate
from tests.factories import EntityFactory, RelationFactory


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_shows_pairs_with_score_and_reasons_and_filters(page_as):
    a = EntityFactory(name="Aachen", country="DE")
    b = EntityFactory(name="AACHEN", country="DE")
    EntityFactory(name="Lyon", country="FR")
    EntityFactory(name="LYON", country="FR", kind="school")
    client = page_as("officer")
    html = _html(client.get("/entities/duplicates/"))
    assert f'id="pair-{a.pk}-{b.pk}"' in html and "same name" in html
    assert f"?ids={a.pk},{b.pk}" in html and "Not a duplicate" in html
    assert "2 pairs" in html
    assert "1 pair" in _html(client.get("/entities/duplicates/", {"country": "DE"}))
    assert "No possible duplicates" in _html(client.get("/entities/duplicates/", {"country": "FR", "kind": "city"}))
    assert "可能重复" in _html(client.get("/entities/duplicates/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert "/entities/duplicates/" in _html(client.get("/entities/"))  # reached from the entities' page


def test_a_viewer_sees_pairs_but_no_buttons(page_as):
    EntityFactory(name="Aachen", country="DE")
    EntityFactory(name="Aachen", country="DE")
    html = _html(page_as("viewer").get("/entities/duplicates/"))
    assert 'id="pair-table"' in html and "merge-pair" not in html and "not-duplicate" not in html


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_reads_in_constant_queries(page_as, django_assert_num_queries, n):
    for i in range(n):
        EntityFactory(name=f"Ort{chr(65 + i % 26)}{chr(65 + i // 26)}", country="AT")
        EntityFactory(name=f"ort{chr(65 + i % 26)}{chr(65 + i // 26)}", country="AT")
    client = page_as("officer")
    client.get("/entities/duplicates/")
    with django_assert_num_queries(6):  # session, user, the entities, silenced pairs, the page's rows, perms (1)
        html = _html(client.get("/entities/duplicates/"))
    assert len(re.findall(r'id="pair-\d', html)) == min(n, 25)


def test_not_a_duplicate_from_the_page(page_as):
    a = EntityFactory(name="Springfield", country="US")
    b = EntityFactory(name="Springfield", country="US")
    client = page_as("officer")
    response = client.post(
        "/entities/duplicates/not/", {"first": a.pk, "second": b.pk, "next": "/entities/duplicates/?country=US"}
    )
    assert response.status_code == 302 and response["Location"] == "/entities/duplicates/?country=US"
    assert NotDuplicate.objects.get().decided_by == client.user
    assert "No possible duplicates" in _html(client.get("/entities/duplicates/"))
    # An outside address is not followed.
    response = client.post("/entities/duplicates/not/", {"first": a.pk, "second": b.pk, "next": "https://evil.test/"})
    assert response["Location"] == "/entities/duplicates/"
    assert page_as("viewer").post("/entities/duplicates/not/", {"first": a.pk, "second": b.pk}).status_code == 403


def test_merge_form_compares_the_fields_and_merges(page_as):
    survivor = EntityFactory(name="Aachen", country="DE", population=None)
    dup = EntityFactory(name="Aachen", name_zh="亚琛", country="DE", population=249_000, notes="From the 2019 sheet")
    tie = RelationFactory(target=dup)
    client = page_as("officer")
    html = _html(client.get("/entities/merge/", {"ids": f"{survivor.pk},{dup.pk}"}))
    assert 'id="row-name_zh"' in html and 'id="row-population"' in html and 'id="row-name"' not in html
    assert f'id="value_population-{dup.pk}"' in html
    response = client.post(
        "/entities/merge/",
        {
            "ids": f"{survivor.pk},{dup.pk}",
            "survivor": survivor.pk,
            "value_name_zh": dup.pk,
            "value_population": dup.pk,
            "value_notes": survivor.pk,
            "reason": "Filed twice",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/entities/{survivor.pk}/"
    survivor.refresh_from_db()
    assert (survivor.name_zh, survivor.population, survivor.notes) == ("亚琛", 249_000, "")
    tie.refresh_from_db()
    assert tie.target == survivor
    merge = Merge.objects.get()
    assert merge.reason == "Filed twice"
    detail = _html(client.get(f"/merges/{merge.pk}/"))
    assert merge.summary in detail and "undo-form" not in detail  # officers do not undo
    assert merge.summary in _html(client.get("/merges/"))


def test_merge_form_shows_a_refusal(page_as):
    a = EntityFactory(name="Aachen", country="DE")
    b = EntityFactory(name="Aachen", country="DE")
    RelationFactory(source=a, target=b, kind="friendly_exchange")
    client = page_as("officer")
    response = client.post("/entities/merge/", {"ids": f"{a.pk},{b.pk}", "survivor": a.pk})
    assert response.status_code == 400
    assert "ties two of these entities" in response.content.decode()
    assert Entity.objects.count() == 2
    assert client.get("/entities/merge/", {"ids": str(a.pk)}).status_code == 302  # one entity: nothing to merge
    assert page_as("viewer").get("/entities/merge/", {"ids": f"{a.pk},{b.pk}"}).status_code == 403


def test_an_admin_undoes_from_the_merge_page(page_as, officer):
    from dedupe.services import entities_merge

    survivor = EntityFactory(name="Aachen", country="DE")
    dup = EntityFactory(name="Aachen", country="DE")
    merge = entities_merge(survivor=survivor, merged=[dup], by=officer)
    assert page_as("officer").post(f"/merges/{merge.pk}/undo/").status_code == 403
    client = page_as("admin")  # (the same test client, now logged in as an admin)
    assert 'id="undo-form"' in _html(client.get(f"/merges/{merge.pk}/"))
    response = client.post(f"/merges/{merge.pk}/undo/", {"reason": "Two cities after all"})
    assert response.status_code == 302
    assert Entity.objects.filter(pk=dup.pk).exists()
    assert 'id="merge-undone"' in _html(client.get(f"/merges/{merge.pk}/"))


def test_the_admin_action_opens_the_merge_form(client, make_user):
    a = EntityFactory(name="Aachen", country="DE")
    b = EntityFactory(name="Aachen", country="DE")
    client.force_login(make_user("admin", username="site-admin"))
    response = client.post("/admin/contacts/entity/", {"action": "merge_entities", "_selected_action": [a.pk, b.pk]})
    assert response.status_code == 302
    assert response["Location"] == f"/entities/merge/?ids={a.pk}%2C{b.pk}"
