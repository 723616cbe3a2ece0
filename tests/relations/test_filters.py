"""RelationFilterSet through the API: every filter, and bad values as 400 naming the filter."""

import datetime as dt

import pytest

from contacts.models import Region
from relations.choices import RelationKind, RelationStatus
from tests.factories import EntityFactory

S = RelationStatus
URL = "/api/relations/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def ningbo_ties(make_tie, home, partner, other_partner):
    """Ningbo's ties: Daegu (KR, sister city, signed 2004), Aachen (DE, friendly exchange, intent),
    Bogor (ID, cooperation, signed 2019), and a district's friendly-district tie with Daegu."""
    bogor = EntityFactory(name="Bogor", name_zh="茂物", country="ID")
    district = EntityFactory(name="Haishu", name_zh="海曙区", kind="district", country="CN", domestic=True)
    ties = {
        "daegu": make_tie(status=S.SIGNED, established_on=dt.date(2004, 10, 1)),
        "aachen": make_tie(status=S.INTENT, kind=RelationKind.FRIENDLY_EXCHANGE, target=other_partner),
        "bogor": make_tie(
            status=S.SIGNED, kind=RelationKind.COOPERATION, target=bogor, established_on=dt.date(2019, 4, 2)
        ),
        "school": make_tie(status=S.CONTACT, kind=RelationKind.FRIENDLY_DISTRICT, source=district, target=partner),
    }
    ties["ended"] = make_tie(status=S.ENDED, kind=RelationKind.SISTER_CITY, target=bogor)
    return ties


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def get(api_as):
    client = api_as("viewer")
    return lambda query: client.get(URL + "?" + query)


def test_filter_by_kind(get, ningbo_ties):
    assert ids(get("kind=friendly_exchange")) == {ningbo_ties["aachen"].pk}


def test_filter_by_status(get, ningbo_ties):
    assert ids(get("status=signed")) == {ningbo_ties["daegu"].pk, ningbo_ties["bogor"].pk}


def test_filter_live_leaves_out_upgraded_and_ended(get, ningbo_ties):
    assert ningbo_ties["ended"].pk not in ids(get("live=true"))
    assert ids(get("live=false")) == {ningbo_ties["ended"].pk}


def test_filter_by_entity_matches_either_end(get, ningbo_ties, partner, home):
    assert ids(get(f"entity={partner.pk}")) == {ningbo_ties["daegu"].pk, ningbo_ties["school"].pk}
    assert ningbo_ties["school"].pk not in ids(get(f"entity={home.pk}"))


def test_filter_by_source_and_target_id(get, ningbo_ties, home, partner):
    assert ids(get(f"source_id={home.pk}&target_id={partner.pk}")) == {ningbo_ties["daegu"].pk}
    assert ids(get(f"source_id={ningbo_ties['school'].source_id}")) == {ningbo_ties["school"].pk}


def test_filter_by_the_partners_country_in_either_case(get, ningbo_ties):
    assert ids(get("country=DE")) == {ningbo_ties["aachen"].pk}
    assert ids(get("country=kr")) == {ningbo_ties["daegu"].pk, ningbo_ties["school"].pk}


def test_filter_by_the_partners_region(get, ningbo_ties):
    Region.objects.update_or_create(
        code="asean", defaults={"kind": "bloc", "name": "ASEAN", "countries": ["ID", "TH", "VN"]}
    )
    assert ids(get("region=asean")) == {ningbo_ties["bogor"].pk, ningbo_ties["ended"].pk}
    assert ids(get("region=ID&status=signed")) == {ningbo_ties["bogor"].pk}


def test_filter_by_signing_date_range(get, ningbo_ties):
    assert ids(get("established_after=2010-01-01")) == {ningbo_ties["bogor"].pk}
    assert ids(get("established_before=2010-01-01")) == {ningbo_ties["daegu"].pk}
    assert ids(get("established_after=2004-10-01&established_before=2019-04-02")) == {
        ningbo_ties["daegu"].pk,
        ningbo_ties["bogor"].pk,
    }


def test_search_q_matches_names_chinese_and_pinyin(get, ningbo_ties):
    assert ids(get("q=daegu")) == {ningbo_ties["daegu"].pk, ningbo_ties["school"].pk}
    assert ids(get("q=茂物")) == {ningbo_ties["bogor"].pk, ningbo_ties["ended"].pk}
    assert ningbo_ties["school"].pk in ids(get("q=haishu"))


def test_ordering_by_signing_date(get, ningbo_ties):
    rows = get("status=signed&ordering=established_on").json()["results"]
    assert [r["id"] for r in rows] == [ningbo_ties["daegu"].pk, ningbo_ties["bogor"].pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=twin_town", "kind"),
        ("status=married", "status"),
        ("country=XX", "country"),
        ("country=Korea", "country"),
        ("region=atlantis", "region"),
        ("entity=abc", "entity"),
        ("entity=99999999999999999999999", "entity"),
        ("target_id=0", "target_id"),
        ("source_id=1.5x", "source_id"),
        ("established_after=2020-13-45", "established_after"),
        ("established_before=yesterday", "established_before"),
        ("live=perhaps", "live"),
    ],
)
def test_bad_filter_values_get_400_naming_the_filter(get, ningbo_ties, query, field):
    response = get(query)
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_an_unknown_entity_id_gives_an_empty_list_not_an_error(get, ningbo_ties):
    assert ids(get("entity=999999")) == set()
