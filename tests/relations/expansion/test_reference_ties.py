"""The reference network: country labels, matching with the distance check, merging lists, the shipped file and
the loader command (on small hand-built gazetteers)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from relations.expansion import reference as ref

CODES = {
    "germany": "DE",
    "france": "FR",
    "united kingdom": "GB",
    "china": "CN",
    "de": "DE",
    "cn": "CN",
    **{k: v for k, v in ref.COUNTRY_ALIASES.items()},
}

PLACES = ref.Places(
    [
        (1, "Aachen", "DE", 50.78, 6.08, 250000),
        (2, "Reims", "FR", 49.26, 4.03, 180000),
        (3, "Cardiff", "GB", 51.48, -3.18, 350000),
        (4, "Dongcheng", "CN", 29.0, 107.1, 30000),  # a namesake far from Beijing
        (5, "Nantes", "FR", 47.22, -1.55, 300000),
        (6, "Edinburgh", "GB", 55.95, -3.19, 480000),
    ],
    {"aachen": [1], "reims": [2], "cardiff": [3], "dongcheng": [4], "nantes": [5], "edinburgh": [6]},
)


def test_uk_nations_territories_and_variants_map_to_their_codes():
    assert ref.country_code("England", CODES) == "GB"
    assert ref.country_code("Wales, United Kingdom", CODES) == "GB"
    assert ref.country_code("Scotland", CODES) == "GB"
    assert ref.country_code("Georgia (country)", CODES) == "GE"
    assert ref.country_code("in Germany", CODES) == "DE"
    assert ref.country_code("Réunion, France", CODES) == "RE"
    assert ref.country_code("Atlantis", CODES) == ""


def test_matching_refuses_a_namesake_far_from_the_lists_coordinates():
    beijing = ref.Mention("Dongcheng (Beijing)", "CN", 39.93, 116.42)
    assert ref.match(beijing, PLACES) == (None, "far")
    assert ref.match(ref.Mention("Dongcheng", "CN"), PLACES) == (4, "")  # no coordinates: by name alone
    assert ref.match(ref.Mention("Aachen", "DE", 50.77, 6.09), PLACES) == (1, "")
    assert ref.match(ref.Mention("Aachen", "FR"), PLACES) == (None, "name")  # the country must agree
    assert ref.match(ref.Mention("Aachen", ""), PLACES) == (None, "country")


def test_build_merges_duplicates_across_lists_and_reports_what_it_dropped():
    m = ref.Mention
    sources = {
        "wikipedia": [(m("Aachen", "DE"), m("Reims", "FR")), (m("Cardiff", "GB"), m("Nantes", "FR"))],
        "wikidata": [
            (m("Reims", "FR"), m("Aachen", "DE")),
            (m("Dongcheng", "CN", 39.93, 116.42), m("Aachen", "DE")),
            (m("Nowhere", "", label="Prussia"), m("Aachen", "DE")),
        ],
    }
    ties, report = ref.build(sources, PLACES)
    assert [(t.a, t.b, t.sources) for t in ties] == [(1, 2, "wikidata|wikipedia"), (3, 5, "wikipedia")]
    assert report.matched == {"wikipedia": 2, "wikidata": 1}
    assert report.dropped["far"] == 1 and report.dropped["country"] == 1
    assert report.unknown_countries == {"Prussia": 1}
    assert report.merged == 1
    assert any("farther than 40 km" in line for line in report.lines())


def test_reading_the_loader_csv_with_and_without_coordinates(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("Aachen,DE,Reims,France,50.78,6.08,49.26,4.03\nCardiff,Wales,Nantes,FR\n", encoding="utf-8")
    pairs = ref.read_pairs(path, CODES)
    assert pairs[0][0] == ref.Mention("Aachen", "DE", 50.78, 6.08, "DE")
    assert pairs[1][0].country == "GB" and pairs[1][1].latitude is None


def test_written_ties_read_back_and_the_shipped_network_is_there(tmp_path):
    ties = [ref.ReferenceTie(1, "Aachen", "DE", 2, "Reims", "FR", "x")]
    ref.write(ties, tmp_path / "t.csv.gz")
    assert ref.read(tmp_path / "t.csv.gz") == ties
    assert ref.SHIPPED.is_file() and (ref.SHIPPED.parent / "LICENSE-reference_ties.txt").is_file()
    shipped = ref.read(ref.SHIPPED)
    assert len(shipped) > 20000
    assert all(t.a < t.b for t in shipped[:1000])


@pytest.fixture
def loaded(tmp_path, settings, monkeypatch):
    settings.CRM_REFERENCE_TIES = str(tmp_path / "loaded.csv.gz")
    monkeypatch.setattr(ref, "places_from_geonames", lambda floor=1000: PLACES)
    ref._cached.cache_clear()
    yield tmp_path
    ref._cached.cache_clear()


def test_load_reference_ties_adds_to_the_network_in_use_or_replaces_it(loaded):
    path = loaded / "pairs.csv"
    path.write_text("city1,country1,city2,country2\nCardiff,Wales,Edinburgh,Scotland\n", encoding="utf-8")
    out = StringIO()
    call_command("load_reference_ties", str(path), stdout=out, stderr=StringIO())
    assert "1 of 1 rows matched" in out.getvalue()
    assert ref.active_path() == loaded / "loaded.csv.gz"
    assert len(ref.ties()) == len(ref.read(ref.SHIPPED)) + 1
    call_command("load_reference_ties", str(path), "--replace", stdout=StringIO(), stderr=StringIO())
    assert [(t.a, t.b) for t in ref.ties()] == [(3, 6)]


def test_load_reference_ties_refuses_a_missing_or_empty_file(loaded):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_reference_ties", str(loaded / "nope.csv"))
    (loaded / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="No pairs"):
        call_command("load_reference_ties", str(loaded / "empty.csv"), stderr=StringIO())
