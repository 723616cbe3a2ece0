"""Search normalisation, without the database: accents, case, pinyin, transliteration."""

from types import SimpleNamespace

from contacts.search import entity_search_text, normalise, query_terms, search_terms


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
