"""Settings for the test suite (pytest reads this module): the project's settings with what only tests want changed.

Nothing here may change what a test observes about the product; it only removes work a test does not look at.
"""

from crm.settings import *  # noqa: F403

# PBKDF2's hundreds of thousands of rounds are the point in production and pure cost in tests, where every
# fixture user gets a password and every browser login checks one.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Plain storage: no manifest to build or look up (the deploy check runs the production settings separately).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One process-local cache per test process, as in development.
# An import page's preview and import run in the request (in production, in a thread of their own: imports.services)
IMPORTS_IN_BACKGROUND = False

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "crm-tests"}}

# Warnings a test provokes on purpose (404s, refused writes) are not news; errors still show.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}

# Uploaded files go to a directory of this test process, not to the worktree's var/media.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="crm-test-media-")

# WhiteNoise lists every app's static files each time its middleware starts, and each test client starts the
# middleware afresh (about 450 files, a good part of a small API test's time). In autorefresh mode, as in development,
# it looks a file up when asked for it instead: the same files served, the same 404s for the rest.
WHITENOISE_AUTOREFRESH = True
