"""System checks for the production path: the static files can be collected, and were collected completely.

With `DJANGO_DEBUG=0` every page renders `{% static %}` through the manifest storage; a file that names a
missing one (a vendored script's `sourceMappingURL`, a stylesheet's `url()`) makes `collectstatic` stop
before it writes the manifest, and then every page, the login page included, answers 500.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import HashedFilesMixin, ManifestStaticFilesStorage
from django.core.checks import Error, Info, Tags, register
from django.utils.module_loading import import_string


def _staticfiles_class() -> type:
    return import_string(settings.STORAGES["staticfiles"]["BACKEND"])


def _uses_manifest() -> bool:
    return issubclass(_staticfiles_class(), HashedFilesMixin)


def _found_files() -> dict:
    """Every static file the finders offer, as collectstatic gathers them: {prefixed path: (storage, path)}."""
    found = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            prefix = getattr(storage, "prefix", None)
            prefixed = f"{prefix}/{path}" if prefix else path
            found.setdefault(prefixed.replace("\\", "/"), (storage, path))
    return found


@register(Tags.staticfiles, deploy=True)
def static_files_collectable(app_configs=None, **kwargs):
    """Run the manifest storage's post-processing into a scratch folder: every reference between files resolves."""
    if not _uses_manifest():
        return []
    errors = []
    with tempfile.TemporaryDirectory(prefix="crm-static-check-") as scratch:
        target = ManifestStaticFilesStorage(location=scratch)
        found = _found_files()
        for prefixed, (storage, path) in found.items():
            with storage.open(path) as source:
                target.save(prefixed, source)
        for name, _hashed, processed in target.post_process(found):
            if isinstance(processed, Exception):
                errors.append(
                    Error(
                        f"Static file {name!r} cannot be post-processed: {processed}",
                        hint="collectstatic would stop here and write no manifest; remove or supply the reference.",
                        id="crm.E001",
                    )
                )
    return errors


@register(Tags.staticfiles, deploy=True)
def static_manifest_written(app_configs=None, **kwargs):
    """With the manifest storage, STATIC_ROOT holds the manifest once anything was collected there."""
    if not _uses_manifest() or not settings.STATIC_ROOT:
        return []
    root = Path(settings.STATIC_ROOT)
    manifest = root / _staticfiles_class().manifest_name
    if manifest.is_file():
        return []
    if root.is_dir() and any(root.iterdir()):
        return [
            Error(
                f"{root} holds collected static files but no {manifest.name}: the last collectstatic failed.",
                hint="Every page answers 500 without the manifest. Run `manage.py collectstatic --noinput` again.",
                id="crm.E002",
            )
        ]
    return [
        Info(
            f"Static files are not collected into {root} yet.",
            hint="Run `manage.py collectstatic --noinput` before starting the server.",
            id="crm.I001",
        )
    ]
