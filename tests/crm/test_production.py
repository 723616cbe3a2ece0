"""The production path: static files collect with the manifest storage; the checks report what would break it."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

from crm import checks

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 60 + "-production-test-key-with-enough-entropy",
    "DJANGO_ALLOWED_HOSTS": "crm.example.org",
}
MANIFEST = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}


def _manage(*args: str, env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="crm.settings", **env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_collectstatic_writes_the_manifest_with_production_settings(tmp_path):
    result = _manage("collectstatic", "--noinput", "-v", "0", env_extra={"DJANGO_STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "vendor/chart.umd.min.js" in manifest
    # After a complete collection the deploy check has nothing to say about static files.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra={"DJANGO_STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr + result.stdout
    assert "crm.I001" not in result.stdout + result.stderr


def test_no_vendored_file_names_a_missing_source_map():
    missing = []
    for path in (ROOT / "static").rglob("*"):
        if path.suffix in {".js", ".css"}:
            for line in path.read_text(encoding="utf-8", errors="ignore").splitlines()[-3:]:
                if "sourceMappingURL=" in line:
                    target = path.parent / line.split("sourceMappingURL=", 1)[1].strip(" */")
                    if not target.exists():
                        missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_check_reports_a_static_file_that_names_a_missing_one(tmp_path):
    (tmp_path / "broken.js").write_text("console.log(1);\n//# sourceMappingURL=broken.js.map\n")
    with override_settings(
        STATICFILES_DIRS=[tmp_path],
        STORAGES={**MANIFEST, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    ):
        errors = checks.static_files_collectable()
    assert [error.id for error in errors] == ["crm.E001"]
    assert "broken.js.map" in errors[0].msg


def test_check_passes_on_the_project_static_files():
    with override_settings(
        STORAGES={**MANIFEST, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    ):
        assert checks.static_files_collectable() == []


def test_check_reports_a_collection_that_wrote_no_manifest(tmp_path):
    storages = {**MANIFEST, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STATIC_ROOT=str(tmp_path), STORAGES=storages):
        assert [m.id for m in checks.static_manifest_written()] == ["crm.I001"]  # nothing collected yet
        (tmp_path / "vendor").mkdir()
        assert [m.id for m in checks.static_manifest_written()] == ["crm.E002"]  # collected, no manifest
        (tmp_path / "staticfiles.json").write_text("{}")
        assert checks.static_manifest_written() == []
