"""Hong Kong, Macao and Taiwan are parts of China: named so, grouped apart from foreign countries in every picker and
filter, and counted apart in the year's figures and summary."""

from datetime import date

import pytest
from django.utils import translation
from django_countries import countries

from contacts.countries import (
    HONG_KONG_MACAO_TAIWAN,
    country_choices,
    country_codes,
    foreign_country_codes,
    is_foreign_country,
    is_hong_kong_macao_taiwan,
)
from contacts.filters import EntityFilterSet
from contacts.forms import EntityForm, GazetteerSearchForm
from events.choices import EventKind, EventStatus
from events.filters import EventFilterSet
from events.stats import SCOPE_FOREIGN, SCOPE_HMT, year_report, year_stats
from relations.filters import RelationFilterSet
from tests.factories import EntityFactory, EventFactory, ParticipantFactory


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", {"HK": "中国香港", "MO": "中国澳门", "TW": "中国台湾"}),
        ("en", {"HK": "Hong Kong, China", "MO": "Macao, China", "TW": "Taiwan, China"}),
    ],
)
def test_hong_kong_macao_and_taiwan_are_named_as_parts_of_china(language, expected):
    with translation.override(language):
        names = {code: str(name) for code, name in countries}
    assert {code: names[code] for code in HONG_KONG_MACAO_TAIWAN} == expected


def test_the_three_are_neither_china_nor_foreign_countries():
    assert [is_hong_kong_macao_taiwan(code) for code in ("hk", "MO", "TW", "CN", "JP", "", None)] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert [is_foreign_country(code) for code in ("HK", "CN", "jp", "")] == [False, False, True, False]
    foreign = foreign_country_codes()
    assert "JP" in foreign and "KP" in foreign
    assert not {"CN", "HK", "MO", "TW"} & set(foreign)


def _groups(choices):
    return {str(label): [code for code, _name in options] for label, options in choices if isinstance(options, list)}


def test_pickers_offer_china_then_hong_kong_macao_taiwan_then_foreign_countries():
    with translation.override("zh-hans"):
        choices = country_choices()
        groups = _groups(choices)
    assert choices[0][0] == "" and choices[1][0] == "CN"
    assert groups["港澳台"] == ["HK", "MO", "TW"]
    assert set(groups["外国"]) == set(foreign_country_codes())
    flat = [code for _label, options in choices[2:] for code, _name in options]
    assert len(flat) == len(set(flat)) == len(countries) - 1  # every code once, China at the top


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form",
    [
        lambda: EntityForm(),
        lambda: GazetteerSearchForm(),
        lambda: EntityFilterSet().form,
        lambda: EventFilterSet().form,
        lambda: RelationFilterSet().form,
    ],
    ids=["entity form", "gazetteer search", "entity filter", "event filter", "relation filter"],
)
def test_every_country_picker_groups_hong_kong_macao_taiwan_apart(form):
    field = form().fields["country"]
    with translation.override("en"):
        groups = _groups(list(field.choices))
    assert groups["Hong Kong, Macao and Taiwan, China"] == ["HK", "MO", "TW"]
    assert "TW" not in groups["Foreign countries"]


@pytest.mark.django_db
def test_a_filter_accepts_a_grouped_code_and_finds_it(client, make_user):
    taipei = EntityFactory(name="Taipei", name_zh="台北", country="TW")
    EntityFactory(name="Osaka", name_zh="大阪", country="JP")
    found = EntityFilterSet({"country": "tw"}).qs
    assert list(found) == [taipei]


@pytest.mark.django_db
def test_figures_count_foreign_exchanges_and_those_with_hong_kong_macao_taiwan_apart():
    hong_kong = EntityFactory(name="Hong Kong", name_zh="香港", country="HK")
    macao = EntityFactory(name="Macao", name_zh="澳门", country="MO")
    osaka = EntityFactory(name="Osaka", name_zh="大阪", country="JP")
    busan = EntityFactory(name="Busan", name_zh="釜山", country="KR")

    def held(when, headcount, *partners):
        event = EventFactory(
            kind=EventKind.VISIT_IN, headcount=headcount, status=EventStatus.HELD, start_date=when, end_date=when
        )
        for partner in partners:
            ParticipantFactory(event=event, entity=partner, role="guest", headcount=0)

    held(date(2025, 3, 1), 10, hong_kong)
    held(date(2025, 4, 1), 5, hong_kong, macao)  # one exchange with two of them counts once
    held(date(2025, 5, 1), 7, osaka)
    held(date(2025, 6, 1), 3, osaka, busan, macao)  # both foreign and 港澳台: once in each
    held(date(2024, 6, 1), 4, busan)

    rows = {row["key"]: row for row in year_stats(year=2025, by="scope")["rows"]}
    assert (rows[SCOPE_FOREIGN]["batches"], rows[SCOPE_FOREIGN]["person_times"]) == (2, 10)
    assert (rows[SCOPE_FOREIGN]["prev_batches"], rows[SCOPE_FOREIGN]["prev_person_times"]) == (1, 4)
    assert (rows[SCOPE_HMT]["batches"], rows[SCOPE_HMT]["person_times"]) == (3, 18)

    with translation.override("zh-hans"):
        report = year_report(year=2025)
        labels = [row["label"] for row in report["breakdowns"]["country"]["rows"]]
        summary = " ".join(report["summary"])
    assert "中国香港" in labels and "中国澳门" in labels
    assert "其中涉外交流2批10人次，涉港澳台交流3批18人次。" in summary
    # "Our partners came from N countries" counts foreign countries only (Japan and Korea), not Hong Kong or Macao.
    assert "交往对象来自2个国家" in summary


def test_the_filters_accept_exactly_the_codes_the_choices_offer(officer_api):
    offered = set()
    for value, label in country_choices(blank_label=False):
        if isinstance(label, list):  # a group: (its name, its countries)
            offered.update(code for code, _name in label)
        else:
            offered.add(value)
    assert offered == country_codes() and {"CN", "HK", "MO", "TW", "JP"} <= offered
    assert officer_api.get("/api/entities/", {"country": "hk"}).status_code == 200
    refused = officer_api.get("/api/entities/", {"country": "JPN"})
    assert refused.status_code == 400 and "country" in refused.json()
