"""Duplicates in the browser: an officer finds Aachen filed twice on the duplicates page, opens the merge form,
keeps the older record with the other's Chinese name, and lands on the merged record with both ties."""

import pytest

from contacts.models import Entity
from dedupe.models import Merge
from relations.models import Relation
from tests.factories import EntityFactory, HomeCityFactory, RelationFactory

pytestmark = pytest.mark.browser


def test_officer_merges_two_duplicates_through_the_page(login):
    home = HomeCityFactory()
    survivor = EntityFactory(name="Aachen", country="DE", geonameid=3247449)
    dup = EntityFactory(name="Aachen", name_zh="亚琛", country="DE", population=249_000)
    RelationFactory(source=home, target=survivor)
    RelationFactory(source=home, target=dup, kind="friendly_exchange")
    page = login("officer")

    page.goto("/entities/")
    page.click("#open-duplicates")
    row = page.locator(f"#pair-{survivor.pk}-{dup.pk}")
    row.wait_for()
    assert "same name" in row.inner_text()
    row.locator("a.merge-pair").click()

    page.wait_for_selector("#merge-form")
    page.check(f"#survivor-{survivor.pk}")
    page.check(f"#value_name_zh-{dup.pk}")
    page.check(f"#value_population-{dup.pk}")
    page.fill("#merge-form input[name=reason]", "Filed twice by the demo loader")
    page.click("#merge-submit")

    page.wait_for_selector("#entity-name")
    assert page.url.endswith(f"/entities/{survivor.pk}/")
    assert not Entity.objects.filter(pk=dup.pk).exists()
    survivor.refresh_from_db()
    assert (survivor.name_zh, survivor.population) == ("亚琛", 249_000)
    assert set(Relation.objects.filter(target=survivor).values_list("kind", flat=True)) == {
        "sister_city",
        "friendly_exchange",
    }
    assert Merge.objects.get().reason == "Filed twice by the demo loader"
    page.goto("/entities/duplicates/")
    page.wait_for_selector("#no-pairs")
    assert page.outside_requests == []
