"""The one rule for an entity's name in the active language (contacts.naming), and the things that ask it."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from contacts.naming import display_name, entity_display_name, other_names

DAEGU = SimpleNamespace(name="대구", name_zh="大邱", name_en="Daegu")


def test_chinese_readers_get_the_chinese_name_others_the_english_one():
    assert display_name("대구", "大邱", "Daegu", language="zh-hans") == "大邱"
    assert display_name("대구", "大邱", "Daegu", language="en") == "Daegu"


def test_a_native_script_name_is_never_the_title_while_a_chinese_or_english_one_exists():
    # Issue 10: Sihanoukville was titled "ក្រុងព្រះសីហនុ" in lists and pickers.
    assert display_name("ក្រុងព្រះសីហនុ", "", "Sihanoukville", language="zh-hans") == "Sihanoukville"
    assert display_name("대구", "大邱", "", language="en") == "大邱"
    assert display_name("", "", "Daegu", language="zh-hans") == "Daegu"
    assert display_name("", "大邱", "", language="en") == "大邱"


def test_a_latin_local_name_titles_an_english_page_and_any_name_is_the_last_resort():
    assert display_name("Aachen", "亚琛", "", language="en") == "Aachen"
    assert display_name("Hải Phòng", "海防", "", language="en") == "Hải Phòng"
    assert display_name("대구", "", "", language="en") == "대구"
    assert display_name("대구", "", "", language="zh-hans") == "대구"


def test_the_other_names_follow_the_title_each_once():
    sihanoukville = SimpleNamespace(name="ក្រុងព្រះសីហនុ", name_zh="西哈努克市", name_en="Sihanoukville")
    assert other_names(sihanoukville, language="zh-hans") == ["Sihanoukville", "ក្រុងព្រះសីហនុ"]
    assert other_names(sihanoukville, language="en") == ["西哈努克市", "ក្រុងព្រះសីហនុ"]
    assert other_names(SimpleNamespace(name="Aachen", name_zh="亚琛", name_en="Aachen"), language="en") == ["亚琛"]


def test_an_entity_reads_as_its_title_wherever_it_is_printed(db):
    from tests.factories import EntityFactory

    entity = EntityFactory(name="ក្រុងព្រះសីហនុ", name_zh="西哈努克市", name_en="Sihanoukville")
    with translation.override("zh-hans"):
        assert str(entity) == "西哈努克市"
    with translation.override("en"):
        assert str(entity) == "Sihanoukville"


def test_the_active_language_is_the_default():
    with translation.override("zh-hans"):
        assert entity_display_name(DAEGU) == "大邱"
    with translation.override("en"):
        assert entity_display_name(DAEGU) == "Daegu"


def test_a_region_without_an_english_name_reads_by_the_same_rule():
    region = SimpleNamespace(name="Asia", name_zh="亚洲")
    assert entity_display_name(region, language="zh-hans") == "亚洲"
    assert entity_display_name(region, language="en") == "Asia"


def test_the_template_filter_asks_the_same_rule():
    template = Template("{% load naming %}{{ entity|display_name }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"entity": DAEGU})) == "大邱"
    with translation.override("en"):
        assert template.render(Context({"entity": DAEGU})) == "Daegu"
