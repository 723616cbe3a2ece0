"""The layers point one way: core <- contacts <- relations <- events <- crm <- demo; nothing imports bench.

Read from the source with `ast` (no import is executed), so a new module cannot slip an upward import past it.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each package's layer; a module may import its own layer or any lower one. crm and demo are the roof.
LAYERS = {
    "core": 0,
    "contacts": 1,
    "relations": 2,
    "events": 3,
    "servicedesk": 4,
    "trips": 4,
    "dedupe": 4,
    "imports": 4,
    "attachments": 4,
    "notifications": 4,
    "crm": 5,
    "demo": 6,
}
PRODUCT = tuple(LAYERS)

# Reverse accessors and lookups that lead from a lower app's models into a higher app's tables.
HIGHER_ACCESSORS = {
    "contacts": (
        "relations_out",
        "relations_in",
        "layout_targets",
        "layout_plans",
        "suggestion_dismissals",
        "participations",
        "followups",
        "timeline_notes",
        "calendar_feed",
        "events",
        "roster_entries",
        "not_duplicates_first",
        "not_duplicates_second",
        "attachments",
    ),
    "relations": ("participations", "followups", "timeline_notes", "calendar_feed", "events", "attachments"),
}


def _modules(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _upward_imports(package: str) -> list[str]:
    layer = LAYERS[package]
    problems = []
    for path in _modules(package):
        for imported in _imported_packages(path):
            if imported == "bench":
                problems.append(f"{path.relative_to(ROOT)} imports bench")
            elif imported in LAYERS and imported != package and LAYERS[imported] >= layer:
                problems.append(f"{path.relative_to(ROOT)} imports {imported}")
    return problems


@pytest.mark.parametrize("package", PRODUCT)
def test_no_module_imports_a_layer_above_its_own(package):
    assert _upward_imports(package) == []


def test_core_imports_no_app():
    imported = set().union(*(_imported_packages(path) for path in _modules("core")))
    assert imported & set(LAYERS) - {"core"} == set()


def test_benchmarks_build_their_worlds_with_demo_not_the_other_way_round():
    assert not (ROOT / "bench" / "world.py").exists()
    assert (ROOT / "demo" / "synthetic.py").exists()


@pytest.mark.parametrize("package", sorted(HIGHER_ACCESSORS))
def test_no_lower_app_reads_a_higher_apps_tables_through_accessors_or_lookups(package):
    names = "|".join(HIGHER_ACCESSORS[package])
    pattern = re.compile(rf"\.({names})\b(?!\s*=)|\b({names}|event)__\w+|[\"'](events|relations)\.[a-z]+_?[a-z]*[\"']")
    problems = []
    for path in _modules(package):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            match = pattern.search(code)
            if match and not (package == "relations" and match.group(3) == "relations"):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert problems == []


def test_the_checks_see_an_upward_import(tmp_path, monkeypatch):
    """The scanner itself must be able to fail: a planted upward import is reported."""
    fake = tmp_path / "contacts"
    fake.mkdir()
    (fake / "bad.py").write_text("from events.models import Event\nimport bench.run\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert sorted(_upward_imports("contacts")) == ["contacts/bad.py imports bench", "contacts/bad.py imports events"]
