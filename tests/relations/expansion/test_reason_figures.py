"""The suggestions' reasons quote figures as an officer writes them: a population rounded, in 万 in Chinese, and
distances on the great circle (not the straight chord through the Earth)."""

import re

from django.utils import translation

from core.geo import great_circle_km
from relations.expansion.kinds import suggest
from relations.expansion.layout import RuleFact
from tests.relations.expansion.test_suggest_kinds import CITIES, HOME, NEIGHBOURS, City, plan, world

LOS_ANGELES = City(90, "Los Angeles", "US", 34.05, -118.24, 3_898_747, name_zh="洛杉矶")
CITIES_US = [*CITIES, LOS_ANGELES]


def _reasons(language):
    w = world(plan=plan([RuleFact(tier="focus", country="US", target=1)]))
    with translation.override(language):
        found = suggest(w, CITIES_US, kinds=["gap"], neighbours=NEIGHBOURS)
    return next(s for s in found if s.key == "city:90").reasons


def test_km_from_us_is_the_great_circle_distance():
    true_km = great_circle_km(HOME.latitude, HOME.longitude, LOS_ANGELES.latitude, LOS_ANGELES.longitude)
    reason = next(r for r in _reasons("en") if r.endswith("km from us."))
    assert reason == f"{round(true_km):,} km from us."
    assert round(true_km) > 10_500  # the chord said about 9,200


def test_a_population_reads_in_millions_in_english_and_in_wan_in_chinese():
    assert "A major city: population about 3.9 million." in _reasons("en")
    chinese = _reasons("zh-hans")
    assert "重要城市：人口约390万。" in chinese
    assert not any(re.search(r"\d{5,}", r.replace(",", "")) and "人口" in r for r in chinese)
