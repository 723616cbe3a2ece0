"""Where attachments are stored, from the environment: local MEDIA_ROOT by default, an S3-compatible store with
CRM_STORAGE=s3 (django-storages), and the limits. Read in a fresh interpreter, as the settings are at start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps({'backend': type(s).__module__ + '.' + type(s).__name__, 'media': settings.MEDIA_ROOT, "
    "'max': settings.CRM_ATTACHMENT_MAX_BYTES, 'types': sorted(settings.CRM_ATTACHMENT_TYPES), "
    "'bucket': getattr(s, 'bucket_name', None), 'endpoint': getattr(s, 'endpoint_url', None), "
    "'acl': getattr(s, 'default_acl', 'n/a'), 'email': settings.EMAIL_BACKEND}))"
)


def _settings(**env_extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CRM_"))}
    env.update(DJANGO_SETTINGS_MODULE="crm.settings", **env_extra)
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_by_default_files_go_to_var_media_and_mail_to_the_console():
    shown = json.loads(_settings().stdout)
    assert shown["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["media"] == str(ROOT / "var" / "media")
    assert shown["max"] == 25 * 1024 * 1024 and "pdf" in shown["types"] and "html" not in shown["types"]
    assert shown["email"] == "django.core.mail.backends.console.EmailBackend"


def test_an_s3_compatible_store_and_smtp_are_configured_by_environment_variables():
    result = _settings(
        CRM_STORAGE="s3",
        CRM_S3_BUCKET="crm-files",
        CRM_S3_ENDPOINT_URL="https://minio.intranet:9000",
        CRM_ATTACHMENT_MAX_MB="5",
        CRM_ATTACHMENT_TYPES="pdf,jpg",
        DJANGO_EMAIL_HOST="smtp.intranet",
    )
    shown = json.loads(result.stdout)
    assert shown["backend"] == "storages.backends.s3.S3Storage"
    assert (shown["bucket"], shown["endpoint"], shown["acl"]) == ("crm-files", "https://minio.intranet:9000", None)
    assert shown["max"] == 5 * 1024 * 1024 and shown["types"] == ["jpg", "pdf"]
    assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_s3_without_a_bucket_refuses_to_start():
    result = _settings(CRM_STORAGE="s3")
    assert result.returncode != 0 and "CRM_S3_BUCKET" in result.stderr
