"""Build static/vendor/world-chn-110m.json, the world map of the layout drawn from China's point of view.

Run from the repository root: `.venv/bin/python scripts/build_map_layers.py [MAPS_DIR]` (standard library only).
MAPS_DIR defaults to $CRM_MAP_DATA, else shared/data/maps beside the checkout; it holds Natural Earth's nine
dashes (`ne_10m_maritime_indicator_chn.geojson`, public domain). The countries come from the vendored
world-atlas 110m topology (static/vendor/countries-110m.json, Natural Earth's default worldview), changed as
Natural Earth's China worldview (`ne_*_admin_0_countries_chn`) draws them:

- Taiwan is part of China: its polygon joins China's MultiPolygon (an island: no shared border to dissolve), so no
  separate Taiwan shape is left to click;
- Kosovo's shape is counted with Serbia (China does not recognise Kosovo); its outline is kept;
- Hong Kong and Macao have no shape of their own at 110m: they are already inside China's outline.

Added as objects of the same topology (same quantisation, so topojson-client decodes them like the countries):
`dashes`, the nine dashes of the South China Sea (a MultiLineString), and `islands`, the South China Sea island
groups as labelled points (their names are standard; their positions are the groups' approximate centres, as a
map at this scale marks them).

The output is deterministic (sorted keys, fixed rounding): run it again and commit the file with this script.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static" / "vendor" / "countries-110m.json"
OUTPUT = ROOT / "static" / "vendor" / "world-chn-110m.json"
DASHES = "ne_10m_maritime_indicator_chn.geojson"

CHINA, TAIWAN, SERBIA, KOSOVO = "156", "158", "688", "Kosovo"

# The South China Sea island groups (南海诸岛) and the two features a Chinese map labels by name.
# The last field says on which side of its point the inset writes the name, so that no two names overlap.
ISLANDS = [
    ("Dongsha Islands", "东沙群岛", 116.72, 20.70, "right"),
    ("Xisha Islands", "西沙群岛", 111.95, 16.50, "left"),
    ("Zhongsha Islands", "中沙群岛", 114.40, 15.90, "right"),
    ("Huangyan Island", "黄岩岛", 117.76, 15.15, "below"),
    ("Nansha Islands", "南沙群岛", 114.30, 9.90, "right"),
    ("Zengmu Ansha", "曾母暗沙", 112.28, 3.97, "right"),
]


def maps_dir(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    if os.environ.get("CRM_MAP_DATA"):
        return Path(os.environ["CRM_MAP_DATA"])
    # The shared folder lies beside the checkout (or beside the folder of worktrees).
    candidates = [ROOT.parent / "shared" / "data" / "maps", ROOT.parent.parent / "shared" / "data" / "maps"]
    return next((c for c in candidates if c.exists()), candidates[0])


def _polygons(geometry: dict) -> list:
    return [geometry["arcs"]] if geometry["type"] == "Polygon" else list(geometry["arcs"])


def countries_china_view(geometries: list[dict]) -> list[dict]:
    """The countries with Taiwan merged into China and Kosovo counted with Serbia."""
    by_id = {g.get("id"): g for g in geometries}
    china, taiwan = by_id[CHINA], by_id.get(TAIWAN)
    result = []
    for geometry in geometries:
        if geometry is taiwan:
            continue
        geometry = dict(geometry)
        if geometry is not None and geometry.get("id") == CHINA and taiwan is not None:
            geometry["type"] = "MultiPolygon"
            geometry["arcs"] = _polygons(china) + _polygons(taiwan)
        if (geometry.get("properties") or {}).get("name") == KOSOVO:
            geometry["id"] = SERBIA
            geometry["properties"] = {"name": "Serbia"}
        result.append(geometry)
    return result


def quantize(point: list[float], transform: dict) -> tuple[int, int]:
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return round((point[0] - tx) / sx), round((point[1] - ty) / sy)


def delta_arc(points: list[list[float]], transform: dict) -> list[list[int]]:
    """One line as a TopoJSON arc: quantised, repeated points dropped, delta-encoded."""
    quantized: list[tuple[int, int]] = []
    for point in points:
        q = quantize(point, transform)
        if not quantized or q != quantized[-1]:
            quantized.append(q)
    arc, previous = [], (0, 0)
    for x, y in quantized:
        arc.append([x - previous[0], y - previous[1]])
        previous = (x, y)
    return arc


def build(topology: dict, dashes: dict) -> dict:
    transform = topology["transform"]
    objects = topology["objects"]
    arcs = list(topology["arcs"])
    countries = dict(objects["countries"])
    countries["geometries"] = countries_china_view(objects["countries"]["geometries"])
    dash_arcs = []
    for feature in dashes["features"]:
        geometry = feature["geometry"]
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else geometry["coordinates"]
        for line in lines:
            arc = delta_arc(line, transform)
            if len(arc) >= 2:
                dash_arcs.append([len(arcs)])
                arcs.append(arc)
    islands = {
        "type": "GeometryCollection",
        "geometries": [
            {
                "type": "Point",
                "coordinates": list(quantize([lon, lat], transform)),
                "properties": {"name": en, "name_zh": zh, "label": side},
            }
            for en, zh, lon, lat, side in ISLANDS
        ],
    }
    return {
        "type": "Topology",
        "bbox": topology["bbox"],
        "transform": transform,
        "objects": {
            "countries": countries,
            "land": objects["land"],
            "dashes": {"type": "MultiLineString", "arcs": dash_arcs, "properties": {"name": "South China Sea dashes"}},
            "islands": islands,
        },
        "arcs": arcs,
    }


def main(argv: list[str]) -> int:
    source_dir = maps_dir(argv)
    dashes_path = source_dir / DASHES
    if not dashes_path.exists():
        print(f"{dashes_path} not found: pass the folder of the Natural Earth map data", file=sys.stderr)
        return 1
    topology = json.loads(SOURCE.read_text())
    dashes = json.loads(dashes_path.read_text())
    built = build(topology, dashes)
    OUTPUT.write_text(json.dumps(built, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(built['objects']['dashes']['arcs'])} dashes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
