"""The evaluation on twinning pairs: reading both formats, matching to the gazetteer, hiding, the metrics, the
fitting, and the command on a small made-up fixture (the shared real data set is used only when present)."""

import math
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from relations.expansion import evaluation as ev
from relations.expansion.scoring import LEARNED_FEATURES

FIXTURES = Path(__file__).parents[1] / "fixtures"
SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "twinning" / "eu_wikidata_sistercities.tsv"


@pytest.fixture(scope="module")
def gazetteer():
    return ev.gazetteer_load(15000)


@pytest.fixture(scope="module")
def codes(gazetteer):
    return ev.country_codes(gazetteer.countries)


def test_country_names_and_codes_map_to_iso(codes):
    assert codes[ev.normalise("Germany")] == "DE"
    assert codes[ev.normalise("People's Republic of China")] == "CN"
    assert codes[ev.normalise("United States of America")] == "US"
    assert codes[ev.normalise("Czech Republic")] == "CZ"
    assert codes[ev.normalise("DE")] == "DE"


def test_reading_the_csv_and_the_wikidata_tsv(codes):
    pairs = ev.read_pairs(FIXTURES / "twinning_small.csv", codes)
    assert len(pairs) == 49  # the header row is skipped
    assert pairs[0][0] == ev.Mention("Aachen", "DE") and pairs[0][1] == ev.Mention("Reims", "FR")
    assert pairs[3][1] == ev.Mention("Verona", "IT")  # ISO codes work as well as names
    tsv = ev.read_pairs(FIXTURES / "twinning_small.tsv", codes)
    assert len(tsv) == 4
    ningbo, aachen = tsv[1]
    assert (ningbo.name, ningbo.country, aachen.country) == ("Ningbo", "CN", "DE")
    assert ningbo.latitude == pytest.approx(29.8782)


def test_name_variants_drop_qualifiers():
    assert ev.name_variants("Menden (Sauerland)")[:2] == ["menden (sauerland)", "menden"]
    assert "sesimbra" in ev.name_variants("Sesimbra Municipality")
    assert "falkenstein" in ev.name_variants("Falkenstein, Saxony")


def test_matching_uses_names_and_the_nearest_place(gazetteer, codes):
    pairs = ev.read_pairs(FIXTURES / "twinning_small.tsv", codes)
    matching = ev.match_pairs(pairs, gazetteer)
    names = {(gazetteer.places[a].name, gazetteer.places[b].name) for a, b in matching.edges}
    assert names == {("Aachen", "Reims"), ("Aachen", "Ningbo"), ("Metz", "Nancy")} or len(names) == 3
    assert (matching.rows, matching.rows_matched) == (4, 3)  # Atlantis is nowhere
    assert matching.cities_matched == 6 and matching.cities == 7
    # Without coordinates, the most populous place of the name in the country.
    paris = ev.match(ev.Mention("Paris", "FR"), gazetteer)
    assert gazetteer.places[paris].country == "FR" and gazetteer.places[paris].population > 2_000_000
    assert ev.match(ev.Mention("Paris", "US"), gazetteer) != paris


def test_hiding_is_deterministic_and_never_hides_every_tie():
    edges = [("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("e", "f"), ("e", "g")]
    homes, hidden = ev.hide(edges, cities=10, holdout=0.9, seed=3)
    assert homes == sorted(homes) and set(homes) == {"a", "b", "c", "e"}
    assert all(0 < len(hidden[h]) < len({x for e in edges if h in e for x in e} - {h}) for h in homes)
    assert (homes, hidden) == ev.hide(edges, cities=10, holdout=0.9, seed=3)


def test_metrics_count_ties_as_a_random_order():
    assert ev.expected_hits(0, 1, 10) == 1.0 and ev.expected_hits(10, 1, 10) == 0.0
    assert ev.expected_hits(5, 10, 10) == pytest.approx(5 / 10)  # ranks 6..15, five of them within 10
    assert ev.expected_reciprocal_rank(0, 1) == 1.0
    assert ev.expected_reciprocal_rank(1, 2) == pytest.approx((1 / 2 + 1 / 3) / 2)
    n = 1000
    assert ev.expected_reciprocal_rank(0, n) == pytest.approx(sum(1 / k for k in range(1, n + 1)) / n, rel=1e-6)


def test_ranking_several_targets_at_once_equals_ranking_each_with_the_others_left_out():
    import random

    from relations.expansion.scoring import Place, PlaceTable

    rng = random.Random(3)
    for _trial in range(200):
        n = rng.randint(3, 40)
        table = PlaceTable([Place(key=f"k{i:02}", name="x", country=rng.choice("ABCD")) for i in range(n)])
        scores = [rng.choice([0.0, 1.0, 2.0, -math.inf, rng.random()]) for _ in range(n)]
        targets = rng.sample(range(n), rng.randint(1, min(4, n)))
        one_by_one = []
        for target in targets:
            alone = [-math.inf if i in targets and i != target else v for i, v in enumerate(scores)]
            one_by_one.append(ev.rank_target(alone, table, target))
        given = list(scores)
        assert ev.rank_targets(scores, table, targets) == one_by_one
        assert scores == given


def test_fit_weights_learns_which_feature_marks_the_partner():
    # Feature 0 marks the partner (but not always); feature 1 is the same for everyone and says nothing.
    k = len(LEARNED_FEATURES)
    groups = []
    for g in range(60):
        marked = g % 10 != 0
        rows = [([1.0 if marked else 0.0, 0.5] + [0.0] * (k - 2), 0.0)]
        rows += [([1.0 if (not marked and j == 0) else 0.0, 0.5] + [0.0] * (k - 2), 0.0) for j in range(9)]
        groups.append(rows)
    weights = ev.fit_weights(groups)
    assert weights[LEARNED_FEATURES[0]] > 2
    assert abs(weights[LEARNED_FEATURES[1]]) < 1e-6


def test_evaluate_on_the_small_fixture_finds_hidden_partners(gazetteer):
    report = ev.evaluate(
        FIXTURES / "twinning_small.csv", holdout=0.3, cities=12, seed=1, train_homes=30, gazetteer=gazetteer
    )
    assert report.matching.rows == 49 and report.matching.rows_matched == 48
    assert set(report.rows) == {
        "random",
        "most populous",
        "most twinned",
        "resource allocation",
        "adamic-adar",
        "country prior + log population",
        "engine",
        "engine (default weights)",
    }
    assert report.homes == 12 and report.hidden >= 12
    for row in report.rows.values():
        assert set(row) == {"hits@10", "hits@50", "mrr", "country_hits@3"}
        assert all(0.0 <= v <= 1.0 and not math.isnan(v) for v in row.values())
    # Triangles: most hidden partners share a partner with the city, and the engine finds them.
    assert report.rows["engine"]["hits@10"] >= 0.5
    assert report.rows["engine"]["hits@10"] > report.rows["random"]["hits@10"]
    assert report.rows["engine"]["country_hits@3"] > report.rows["most populous"]["country_hits@3"]
    again = ev.evaluate(
        FIXTURES / "twinning_small.csv", holdout=0.3, cities=12, seed=1, train_homes=30, gazetteer=gazetteer
    )
    assert again.rows == report.rows


def test_the_command_prints_the_match_rate_and_one_table(db):
    out = StringIO()
    call_command(
        "evaluate_suggestions",
        str(FIXTURES / "twinning_small.csv"),
        "--cities",
        "8",
        "--holdout",
        "0.3",
        "--min-population",
        "15000",
        "--train-cities",
        "20",
        verbosity=0,
        stdout=out,
    )
    text = out.getvalue()
    assert "48 of 49 rows (98.0%)" in text
    for name in ("random", "most populous", "most twinned", "resource allocation", "engine"):
        assert f"\n{name} " in text
    assert "Hits@10" in text and "Hits@50" in text and "MRR" in text and "country Hits@3" in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such/file.csv"], "No such file"),
        ([str(FIXTURES / "twinning_small.csv"), "--holdout", "1.5"], "--holdout"),
        ([str(FIXTURES / "twinning_small.csv"), "--cities", "0"], "--cities"),
    ],
)
def test_the_command_refuses_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_suggestions", *args, verbosity=0, stdout=StringIO())


@pytest.mark.skipif(
    not SHARED.exists() or not os.environ.get("CRM_EVALUATE_SHARED"),
    reason="set CRM_EVALUATE_SHARED=1 to run on ../shared/data/twinning (minutes)",
)
def test_the_engine_beats_every_baseline_on_the_shared_data():
    report = ev.evaluate(SHARED, holdout=0.1, cities=200, seed=1)
    assert report.matching.row_rate > 0.8
    assert ev.engine_beats_baselines(report), ev.report_table(report)


def _reference_of(path, gazetteer):
    matching = ev.match_pairs(ev.read_pairs(path, ev.country_codes(gazetteer.countries)), gazetteer)
    places = gazetteer.places
    return [
        ev.reference.ReferenceTie(places[a].geonameid, "", "", places[b].geonameid, "", "") for a, b in matching.edges
    ]


def test_a_hidden_tie_in_the_reference_network_is_not_found_through_it(gazetteer):
    """The reference network holds every tie of the file, the hidden ones included: the evaluation removes them
    from it, so the run is the same as without it (a leak would put every hidden partner at rank 1)."""
    path = FIXTURES / "twinning_small.csv"
    kwargs = {"holdout": 0.3, "cities": 12, "seed": 1, "train_homes": 30, "gazetteer": gazetteer}
    plain = ev.evaluate(path, **kwargs)
    with_reference = ev.evaluate(path, reference_ties=_reference_of(path, gazetteer), **kwargs)
    assert with_reference.reference > 0
    assert with_reference.groups == plain.groups
    assert with_reference.rows["resource allocation"]["mrr"] < 1.0


def test_reports_one_table_per_group_of_homes_with_the_chinese_homes_their_own(gazetteer):
    report = ev.evaluate(
        FIXTURES / "twinning_small.csv", holdout=0.3, cities=12, seed=1, train_homes=30, gazetteer=gazetteer
    )
    assert list(report.groups) == ["All homes", "Chinese homes (CN)"]
    text = ev.report_table(report)
    assert "All homes (12 homes" in text and "Chinese homes (CN) (" in text
    mean = ev.mean_rows([report, report], "All homes")
    assert mean == report.rows


def test_train_on_an_earlier_list_and_score_the_pairs_the_later_one_adds(tmp_path, gazetteer):
    lines = (FIXTURES / "twinning_small.csv").read_text(encoding="utf-8").splitlines()
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("\n".join(lines[:-8]) + "\n", encoding="utf-8")
    report = ev.evaluate(
        earlier,
        test_path=FIXTURES / "twinning_small.csv",
        cities=50,
        seed=1,
        train_homes=30,
        gazetteer=gazetteer,
    )
    assert 0 < report.hidden <= 16  # each of the 8 later pairs counts for its cities that the earlier list has
    assert report.matching.rows == len(lines) - 9


def test_coordinates_in_the_csv_pick_the_place_near_them(tmp_path, gazetteer):
    path = tmp_path / "pairs.csv"
    path.write_text(
        "city1,country1,lat1,lng1,city2,country2,lat2,lng2\nParis,France,48.85,2.35,Paris,United States,33.66,-95.55\n",
        encoding="utf-8",
    )
    ((a, b),) = ev.read_pairs(path, ev.country_codes(gazetteer.countries))
    assert a.latitude == 48.85 and b.country == "US"
    assert gazetteer.places[ev.match(b, gazetteer)].country == "US"


def test_the_command_scores_a_later_list_against_an_earlier_one(db, tmp_path):
    lines = (FIXTURES / "twinning_small.csv").read_text(encoding="utf-8").splitlines()
    earlier = tmp_path / "earlier.csv"
    earlier.write_text("\n".join(lines[:-8]) + "\n", encoding="utf-8")
    out = StringIO()
    call_command(
        "evaluate_suggestions",
        "--train",
        str(earlier),
        "--test",
        str(FIXTURES / "twinning_small.csv"),
        "--min-population",
        "15000",
        "--train-cities",
        "20",
        "--no-reference",
        "--seeds",
        "1",
        "2",
        verbosity=0,
        stdout=out,
    )
    text = out.getvalue()
    assert "All homes (" in text and "Chinese homes (CN) (" in text and "mean of seeds 1, 2" in text
    assert "adamic-adar" in text and "country prior + log population" in text
    with pytest.raises(CommandError, match="go together"):
        call_command("evaluate_suggestions", "--train", str(earlier), verbosity=0, stdout=StringIO())


def test_fit_product_weights_refits_the_home_country_pulled_towards_the_general_fit(gazetteer):
    ties = _reference_of(FIXTURES / "twinning_small.csv", gazetteer)
    general, specific, n_general, n_specific = ev.fit_product_weights(ties, homes=30, gazetteer=gazetteer, country="DE")
    assert n_general > 0 and set(general) == set(LEARNED_FEATURES)
    assert set(specific) == set(LEARNED_FEATURES)
    # With a strong pull and few groups the country's weights stay near the general ones.
    centred = ev.fit_weights([], prior=general)
    assert centred == pytest.approx(general)


def test_weights_for_a_chinese_home_are_their_own():
    from relations.expansion.scoring import CHINA_WEIGHTS, DEFAULT_WEIGHTS, weights_for

    assert weights_for("CN") is CHINA_WEIGHTS and weights_for("de") is DEFAULT_WEIGHTS
    assert abs(CHINA_WEIGHTS["ties_with_our_country"]) < abs(DEFAULT_WEIGHTS["ties_with_our_country"])
