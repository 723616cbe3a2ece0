"""Figures in prose (core.figures): a population rounded as an officer writes it, in 万/亿 in Chinese and in
thousands, millions and billions in English."""

import pytest
from django.utils import translation

from core.figures import approximate, grouped


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (14_002_598, "about 14.0 million", "约1400万"),
        (2_566_540, "about 2.6 million", "约257万"),
        (1_411_778_724, "about 1.4 billion", "约14.1亿"),
        (123_456_789, "about 123 million", "约1.2亿"),
        (85_432, "about 85,400", "约8.5万"),
        (20_000, "about 20,000", "约2万"),
        (250_000, "about 250,000", "约25万"),
        (999_999, "about 1,000,000", "约100万"),
    ],
)
def test_approximate_rounds_a_population_in_the_reader_s_units(value, english, chinese):
    with translation.override("en"):
        assert approximate(value) == english
    with translation.override("zh-hans"):
        assert approximate(value) == chinese


def test_a_small_figure_is_shown_whole_and_without_about():
    with translation.override("en"):
        assert approximate(8_543) == "8,543"
    with translation.override("zh-hans"):
        assert approximate(8_543) == "8543"  # Chinese writes four digits without a separator
    assert approximate(None) == ""


def test_about_can_be_left_out_in_a_sentence_that_compares():
    with translation.override("zh-hans"):
        assert approximate(7_000_000, about=False) == "700万"
    with translation.override("en"):
        assert approximate(7_000_000, about=False) == "7.0 million"


def test_grouped_uses_the_language_s_separators():
    with translation.override("en"):
        assert grouped(10_304) == "10,304"
        assert grouped(1234.5, 1) == "1,234.5"
