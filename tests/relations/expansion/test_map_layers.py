"""The vendored world map from China's point of view (static/vendor/world-chn-110m.json), and the script that
builds it (scripts/build_map_layers.py): Taiwan within China, the nine dashes, the South China Sea islands."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BUILT = ROOT / "static" / "vendor" / "world-chn-110m.json"
SHARED_MAPS = [ROOT.parent / "shared" / "data" / "maps", ROOT.parent.parent / "shared" / "data" / "maps"]


def _script():
    spec = importlib.util.spec_from_file_location("build_map_layers", ROOT / "scripts" / "build_map_layers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _countries(topology):
    return topology["objects"]["countries"]["geometries"]


def test_the_vendored_map_has_no_taiwan_of_its_own_and_draws_it_within_china():
    topology = json.loads(BUILT.read_text())
    ids = [g.get("id") for g in _countries(topology)]
    assert "158" not in ids
    assert ids.count("156") == 1
    source = json.loads((ROOT / "static" / "vendor" / "countries-110m.json").read_text())
    taiwan = next(g for g in _countries(source) if g.get("id") == "158")
    china = next(g for g in _countries(topology) if g.get("id") == "156")
    assert taiwan["arcs"] in china["arcs"]
    assert all((g.get("properties") or {}).get("name") != "Kosovo" for g in _countries(topology))


def test_the_vendored_map_carries_the_nine_dashes_and_the_islands():
    topology = json.loads(BUILT.read_text())
    assert len(topology["objects"]["dashes"]["arcs"]) == 9
    names = {g["properties"]["name_zh"] for g in topology["objects"]["islands"]["geometries"]}
    assert {"东沙群岛", "西沙群岛", "中沙群岛", "南沙群岛"} <= names


def test_merging_taiwan_keeps_china_s_polygons_and_drops_taiwan():
    module = _script()
    geometries = [
        {"type": "Polygon", "id": "156", "arcs": [[0]], "properties": {"name": "China"}},
        {"type": "Polygon", "id": "158", "arcs": [[1]], "properties": {"name": "Taiwan"}},
        {"type": "Polygon", "id": "-99", "arcs": [[2]], "properties": {"name": "Kosovo"}},
    ]
    merged = module.countries_china_view(geometries)
    assert [g["id"] for g in merged] == ["156", "688"]
    assert merged[0] == {"type": "MultiPolygon", "id": "156", "arcs": [[[0]], [[1]]], "properties": {"name": "China"}}


def test_the_build_from_the_shared_map_data_gives_the_vendored_file(tmp_path, monkeypatch):
    maps = next((m for m in SHARED_MAPS if (m / "ne_10m_maritime_indicator_chn.geojson").exists()), None)
    if maps is None:
        pytest.skip("the shared Natural Earth map data is not on this machine")
    module = _script()
    monkeypatch.setattr(module, "OUTPUT", tmp_path / "world.json")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    assert module.main(["build_map_layers.py", str(maps)]) == 0
    assert (tmp_path / "world.json").read_text() == BUILT.read_text()
