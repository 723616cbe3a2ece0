"""The one rule for an entity's name in the active language (contacts.naming), and the things that ask it."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from contacts.naming import display_name, entity_display_name

DAEGU = SimpleNamespace(name="대구", name_zh="大邱", name_en="Daegu")


def test_chinese_readers_get_the_chinese_name_others_the_english_one():
    assert display_name("대구", "大邱", "Daegu", language="zh-hans") == "大邱"
    assert display_name("대구", "大邱", "Daegu", language="en") == "Daegu"


def test_a_missing_name_falls_back_to_the_local_one_then_to_any():
    assert display_name("대구", "", "Daegu", language="zh-hans") == "대구"
    assert display_name("대구", "大邱", "", language="en") == "대구"
    assert display_name("", "", "Daegu", language="zh-hans") == "Daegu"
    assert display_name("", "大邱", "", language="en") == "大邱"


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
