"""`python manage.py suggest`: the same list as the API, as a table with the reasons indented."""

import datetime as dt
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from relations.models import LayoutPlan, LayoutRule, Relation
from tests.factories import EntityFactory, HomeCityFactory


@pytest.fixture
def home(db):
    cache.clear()
    home = HomeCityFactory(name="Ningbo", name_zh="宁波")
    daegu = EntityFactory(name="Daegu", country="KR", latitude=35.87, longitude=128.59, population=2_365_523)
    Relation.objects.create(
        source=home, target=daegu, kind="sister_city", status="signed", established_on=dt.date(2005, 9, 1)
    )
    plan = LayoutPlan.objects.create(home=home, name="Layout", start_year=2020, end_year=2035)
    LayoutRule.objects.create(plan=plan, country="KH", tier="focus", target=1)
    yield home
    cache.clear()


def run(*args, **options):
    out = StringIO()
    call_command("suggest", *args, stdout=out, **options)
    return out.getvalue()


def test_suggest_prints_the_list_with_reasons_indented(home):
    text = run("--home", str(home.pk), "--date", "2025-06-01")
    lines = text.splitlines()
    assert "suggestions for Ningbo" in lines[0]
    assert lines[1].split() == ["#", "kind", "score", "subject", "key"]
    assert any(line.split()[1:2] == ["anniversary"] and "anniversary:" in line for line in lines)
    assert any(
        line.startswith("       - The 20-year anniversary of the tie between Ningbo and Daegu") for line in lines
    )
    assert "country:KH" in text and "candidates: Phnom Penh" in text


def test_suggest_finds_the_home_by_name_and_filters_and_limits(home):
    text = run("--home", "宁波", "--kind", "gap", "--limit", "2", "--date", "2025-06-01", verbosity=0)
    rows = [line for line in text.splitlines() if line[:3].strip().isdigit()]
    assert len(rows) == 2 and all(" gap " in row for row in rows)


def test_suggest_speaks_chinese_when_asked(home):
    text = run("--home", "Ningbo", "--kind", "anniversary", "--date", "2025-06-01", "--language", "zh-hans")
    assert "Daegu" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--home", "999999"], "No entity with id"),
        (["--home", "Atlantis"], "No entity is named"),
        (["--home", "Ningbo", "--kind", "everything"], "Unknown kind"),
        (["--home", "Ningbo", "--date", "someday"], "--date"),
        (["--home", "Ningbo", "--limit", "-1"], "--limit"),
    ],
)
def test_suggest_refuses_bad_arguments(home, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
