"""Search, without the database: normalisation (accents, case, pinyin, transliteration, Traditional forms) and the
gazetteer's search."""

from types import SimpleNamespace

import pytest

from contacts import gazetteer
from contacts.search import entity_search_text, normalise, query_terms, search_terms, to_mainland


def test_normalise_strips_accents_and_case():
    assert normalise("Nagaokakyō") == "nagaokakyo"
    assert normalise("BYDGOSZCZ") == "bydgoszcz"
    assert normalise("Bourgoin-Jallieu") == "bourgoin-jallieu"
    assert normalise("Chișinău") == "chisinau"


def test_normalise_keeps_chinese_characters():
    assert normalise("大邱") == "大邱"
    assert normalise("") == ""


def test_search_terms_of_a_chinese_name_include_its_pinyin_with_and_without_spaces():
    terms = search_terms("大邱")
    assert "大邱" in terms
    assert "daqiu" in terms
    assert "da qiu" in terms


def test_search_terms_transliterate_other_scripts():
    assert "daegu" in search_terms("Daegu")
    assert "moskva" in search_terms("Москва")


def test_query_terms_normalise_the_query_and_add_its_transliteration():
    assert query_terms("  NAGAOKAKYŌ ") == ["nagaokakyo"]
    assert query_terms("大邱") == ["大邱"]
    assert "odessa" in query_terms("Одесса")
    assert query_terms("   ") == []


def test_entity_search_text_holds_every_name_alias_and_pinyin():
    entity = SimpleNamespace(name="Nagaokakyō", name_zh="长冈京", name_en="Nagaokakyo City", aliases=["長岡京市"])
    text = entity_search_text(entity)
    for term in ("nagaokakyo", "长冈京", "changgangjing", "nagaokakyo city", "長岡京市"):
        assert term in text


def test_other_readings_of_a_character_are_searchable():
    assert "changgangjing" in search_terms("长冈京")
    assert "zhanggangjing" in search_terms("长冈京")


def test_a_traditional_name_or_query_is_searchable_in_its_mainland_form():
    assert "台北" in search_terms("臺北")
    assert query_terms("東京") == ["東京", "东京"]
    assert to_mainland("杜拜") == "迪拜"


# The gazetteer's search: main names (English, Chinese, pinyin of the Chinese name, local script, curated aliases)
# before GeoNames' obscure alternates.


def _first(q: str, **kwargs) -> tuple[str, str]:
    city = gazetteer.search(q, limit=1, **kwargs)[0]
    return city.name, city.name_zh


@pytest.mark.parametrize(
    ("q", "name"),
    [
        ("雅加达", "Jakarta"),  # Chinese name
        ("伊斯坦堡", "Istanbul"),  # a Taiwan form, converted like the names
        ("東京", "Tokyo"),  # Traditional
        ("胡志明", "Ho Chi Minh City"),  # short form: a prefix of 胡志明市
        ("西港", "Sihanoukville"),  # curated alias
        ("西贡", "Ho Chi Minh City"),
        ("maowu", "Bogor"),  # pinyin of 茂物
        ("mao wu", "Bogor"),
        ("yajiada", "Jakarta"),
        ("Sihanoukville", "Sihanoukville"),  # English
        ("ក្រុងព្រះសីហនុ", "Sihanoukville"),  # native script
        ("서울", "Seoul"),
        ("Saigon", "Ho Chi Minh City"),  # a GeoNames alternate still finds the city
    ],
)
def test_gazetteer_search_finds_a_city_by_any_of_its_names(q, name):
    assert _first(q)[0] == name


def test_gazetteer_search_ranks_the_main_name_before_an_obscure_alternate():
    # GeoNames lists Nagaokakyō as "Kōtari 神足", one of its districts; the curated table names it right.
    assert _first("Nagaokakyo") == ("Nagaokakyō", "长冈京")
    assert _first("Nagaokakyō") == ("Nagaokakyō", "长冈京")
    # Exact main names win over bigger cities that merely list the name among their alternates.
    assert _first("Islamabad")[0] == "Islamabad"  # not Chattogram
    assert _first("Cancun")[0] == "Cancún"  # not Changchun
    assert _first("Manhattan")[0] == "Manhattan"  # not New York City
    assert _first("New Delhi")[0] == "New Delhi"  # not Delhi


def test_gazetteer_search_ranks_a_main_name_prefix_before_an_exact_alternate():
    names = [c.name for c in gazetteer.search("Sihanouk", limit=5)]
    assert names[0] == "Sihanoukville"
    hits = gazetteer.search("Jayapura", limit=3)
    assert hits[0].name == "Jayapura"  # not Jaipur, whose alternates hold "Jayapura"


def test_gazetteer_search_keeps_to_the_country_asked_for():
    assert {c.country for c in gazetteer.search("san", country="cl", limit=10)} == {"CL"}
    assert gazetteer.search("   ") == []
