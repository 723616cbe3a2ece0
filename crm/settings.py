"""Settings for the foreign-affairs CRM, read from environment variables only (see README)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "dev-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if not DEBUG else "*")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    "django_countries",
    "core",
    "contacts",
    "relations",
    "events",
    "servicedesk",
    "trips",
    "dedupe",
    "imports",
    "attachments",
    "notifications",
    "crm",
    "demo",
]

MIDDLEWARE = [
    # First, so that it counts every statement of the request (a no-op unless CRM_QUERY_COUNT_HEADER).
    "core.middleware.QueryCountMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (issue 9, finding 11): see CONTENT_SECURITY_POLICY below.
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "crm.middleware.LoginRequiredMiddleware",
    # Last: turns a login attempt that axes flagged as locked out into the lockout page (or JSON under /api/).
    "axes.middleware.AxesMiddleware",
]

# The benchmark's X-Query-Count header on every response (core.middleware); off in production.
CRM_QUERY_COUNT_HEADER = env_bool("DJANGO_QUERY_COUNT_HEADER", False)

ROOT_URLCONF = "crm.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "crm.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold a small office's concurrent writes (issue 9, finding 2): write transactions
    # take the write lock when they begin (a deferred one that reads first cannot wait for it and fails at once
    # with "database is locked"), a waiting writer retries for `timeout` seconds, and WAL lets readers go on
    # while one writes. synchronous=NORMAL is safe with WAL (a power cut may lose the last commit, never corrupt).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: Django tells every entry here when a password has changed, by any path (see crm/passwords.py).
    {"NAME": "crm.passwords.RevokeTokensOnPasswordChange"},
]

# Axes refuses a locked-out login before the password is checked (issue 9, finding 8); then Django's own backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "crm.auth.PermissionBackend",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# A form renders no maxlength: the browser cut a pasted 300-character title to 200 without a word; the server now
# refuses it naming the field and the length (core.forms.FormRenderer).
FORM_RENDERER = "core.forms.FormRenderer"

# Hong Kong, Macao and Taiwan are parts of China: named so in every picker, list, figure and export
# (contacts/countries.py groups them apart from foreign countries).
COUNTRIES_OVERRIDE = {"HK": _("Hong Kong, China"), "MO": _("Macao, China"), "TW": _("Taiwan, China")}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic's target (production); in development static files are served from STATICFILES_DIRS directly.
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or (None if DEBUG else str(BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files (attachments): on local disk under MEDIA_ROOT by default (included in `manage.py backup`), or in an
# S3-compatible store (MinIO, Ceph, a cloud's object storage) with CRM_STORAGE=s3. Never served as static files:
# every download goes through a view that checks the permission, so MEDIA_URL is not routed.
MEDIA_ROOT = os.environ.get("DJANGO_MEDIA_ROOT") or str(BASE_DIR / "var" / "media")
MEDIA_URL = "/media-not-served/"
CRM_STORAGE = os.environ.get("CRM_STORAGE", "local").strip().lower()
if CRM_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured("CRM_STORAGE must be 'local' or 's3'.")
_FILE_STORAGE: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if CRM_STORAGE == "s3":
    _FILE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("CRM_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("CRM_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("CRM_S3_REGION") or None,
            "access_key": os.environ.get("CRM_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("CRM_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("CRM_S3_PREFIX", "crm"),
            "default_acl": None,  # private objects; the bucket's policy decides, never public-read
            "querystring_auth": True,
            "file_overwrite": False,
            "addressing_style": os.environ.get("CRM_S3_ADDRESSING_STYLE") or None,
        },
    }
    if not _FILE_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("CRM_S3_BUCKET must be set when CRM_STORAGE=s3.")
# Reminders (manage.py send_reminders, from cron or a systemd timer) reach users in the bell and by e-mail. E-mail goes
# to the console (the log) unless an SMTP server is named.
CRM_BASE_URL = os.environ.get("CRM_BASE_URL", "http://127.0.0.1:8000")
CRM_REMINDER_FOLLOWUP_DAYS = int(os.environ.get("CRM_REMINDER_FOLLOWUP_DAYS", "1"))
CRM_REMINDER_ANNIVERSARIES = os.environ.get("CRM_REMINDER_ANNIVERSARIES", "milestones").strip().lower()
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "crm@localhost")

CRM_ATTACHMENT_MAX_BYTES = int(os.environ.get("CRM_ATTACHMENT_MAX_MB", "25")) * 1024 * 1024
# Extension -> the content type a download is served with. Only these may be attached (no HTML, no SVG, no scripts).
_ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "txt": "text/plain",
}
_allowed = env_list("CRM_ATTACHMENT_TYPES", ",".join(_ATTACHMENT_TYPES))
CRM_ATTACHMENT_TYPES = {ext.lower(): _ATTACHMENT_TYPES.get(ext.lower(), "application/octet-stream") for ext in _allowed}

STORAGES = {
    "default": _FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "crm:dashboard"
LOGOUT_REDIRECT_URL = "login"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "crm"}}

# The import pages' previews and imports run in a thread of the web process while the page shows their progress
# (imports.services.import_job_start); 0 runs them in the request (a worker's timeout must then allow for them).
# On SQLite a running job's progress is kept in a small file in DJANGO_IMPORTS_PROGRESS_DIR (default: the system's
# temporary folder), since the import holds SQLite's one write lock until it commits.
IMPORTS_IN_BACKGROUND = env_bool("DJANGO_IMPORTS_IN_BACKGROUND", True)
IMPORTS_PROGRESS_DIR = os.environ.get("DJANGO_IMPORTS_PROGRESS_DIR", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "crm.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "core.filters.OrderingFilter",  # DRF's, refusing an unknown field with a 400
    ],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Only the views that name a scope are throttled (the token endpoint); counted per client address.
    "DEFAULT_THROTTLE_RATES": {"auth-token": os.environ.get("DJANGO_TOKEN_THROTTLE_RATE", "20/minute")},
}

# API tokens (django-rest-knox, issue 9 finding 7): stored hashed, a new one per login, valid for
# DJANGO_TOKEN_TTL_HOURS; `DELETE /api/auth/token/` revokes the one in use, a password change revokes them all.
TOKEN_TTL_HOURS = float(os.environ.get("DJANGO_TOKEN_TTL_HOURS", "10"))
if TOKEN_TTL_HOURS <= 0:
    raise ImproperlyConfigured("DJANGO_TOKEN_TTL_HOURS must be a positive number of hours.")
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Token",  # clients keep sending `Authorization: Token <token>`
    "AUTO_REFRESH": False,  # a token lives its TTL from the login, however often it is used
}

# Login lockout (django-axes, issue 9 finding 8), on the login form, the admin's login and the token endpoint alike:
# after DJANGO_AXES_FAILURE_LIMIT failures a username is locked, and so is the address they came from, each for
# DJANGO_AXES_COOLOFF_MINUTES; an admin unlocks earlier (admin: Access attempts, or `manage.py axes_reset_username`).
# DJANGO_AXES_LOCKOUT_PARAMETERS lists what is counted apart: `username,ip_address` (the default) locks each on its
# own; `username+ip_address` locks only the pair (an office behind one address then cannot lock everyone out).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item
    for item in env_list("DJANGO_AXES_LOCKOUT_PARAMETERS", "username,ip_address")
]
# A success does not clear the count: axes would clear every count of the address too, so anyone holding one account
# could keep guessing other people's passwords by logging in as themselves between guesses. Counts expire instead,
# AXES_COOLOFF_TIME after the last failure.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed attempt is kept (admin: Access failures), not only a count
AXES_LOCKOUT_CALLABLE = "crm.lockout.lockout_response"
if env_bool("DJANGO_BEHIND_PROXY", False):
    # The client's address is the one the proxy appends to X-Forwarded-For (the right-most; what stands left of it
    # the client may have sent itself), not the proxy's own.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_ORDER = "right-most"
    REST_FRAMEWORK["NUM_PROXIES"] = 1

SPECTACULAR_SETTINGS = {
    "TITLE": "Foreign-affairs CRM API",
    "DESCRIPTION": "Partners, ties and their lifecycle, exchanges, anniversaries, figures and expansion.",
    "VERSION": __import__("core").__version__,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several apps have fields named kind/level/status: give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "events.choices.EventKind",
        "ImportKindEnum": "imports.choices.ImportKind",
        "ImportStatusEnum": "imports.choices.ImportStatus",
        "ImportRowStatusEnum": "imports.choices.RowStatus",
        "AttachmentKindEnum": "attachments.choices.AttachmentKind",
        "SearchKindEnum": "crm.search.SEARCH_KINDS",
        "EventLevelEnum": "events.choices.EventLevel",
        "EventStatusEnum": "events.choices.EventStatus",
        "ParticipantRoleEnum": "events.choices.ParticipantRole",
        "RosterRoleEnum": "events.choices.RosterRole",
        "GiftDirectionEnum": "events.choices.GiftDirection",
        "EntityKindEnum": "contacts.choices.EntityKind",
        "ContactPointKindEnum": "contacts.choices.ContactPointKind",
        "RegionKindEnum": "contacts.choices.RegionKind",
        "RelationKindEnum": "relations.choices.RelationKind",
        "RelationStatusEnum": "relations.choices.RelationStatus",
        "ApprovalLevelEnum": "relations.choices.ApprovalLevel",
        "ApprovalOutcomeEnum": "relations.choices.ApprovalOutcome",
        "PlanTierEnum": "relations.choices.PlanTier",
        "TripKindEnum": "trips.choices.TripKind",
        "TravellerCategoryEnum": "trips.choices.TravellerCategory",
        "CadreLevelEnum": "trips.choices.CadreLevel",
        "TripApprovingLevelEnum": "trips.choices.ApprovingLevel",
        "TripPayerEnum": "trips.choices.Payer",
        "TripStatusEnum": "trips.choices.TripStatus",
        "TripStepKindEnum": "trips.choices.StepKind",
    },
}

# Content-Security-Policy (django-csp 4, issue 9 finding 11), sent on every page, API answer and the login page alike.
# Every asset is local (static/vendor/), so the policy is strict: no 'unsafe-inline', no 'unsafe-eval', nothing from
# another host. Templates therefore hold no inline <script>, no style="" attribute and no on*= handler (scripts live
# in static/crm/*.js, data reaches them through data-* attributes or json_script; tests/crm/test_csp.py scans every
# template). htmx's own indicator <style> is switched off by the htmx-config meta tag in base.html, its rules are in
# static/crm/app.css. The only exceptions are per view, not per path: the API documentation pages (Swagger UI and
# ReDoc, drf-spectacular-sidecar) inject <style> elements and ReDoc runs a blob: worker; crm/urls.py decorates those
# two views with crm.csp.API_DOCS_CSP. The Django admin needs none (its templates carry no inline code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Production hardening: on when DEBUG is off, each overridable for a TLS-terminating proxy setup.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if env_bool("DJANGO_BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Domain settings
CRM_HOME_ENTITY = os.environ.get("CRM_HOME_ENTITY", "")  # id or name of the home city; default: first domestic city
CRM_DORMANT_MONTHS = int(os.environ.get("CRM_DORMANT_MONTHS", "24"))
# The levels that decide a city tie's application, in order (lower ties stop at the province).
CRM_APPROVAL_CHAIN = tuple(
    level.strip()
    for level in os.environ.get("CRM_APPROVAL_CHAIN", "city,province,association,ministry").split(",")
    if level.strip()
)
# Sensitive destinations: countries the suggestions never propose (ISO alpha-2, comma-separated; a plan's `avoid`
# tier adds its own), and land borders across which a partner country's neighbour is not proposed.
CRM_AVOID_COUNTRIES = [c.strip().upper() for c in os.environ.get("CRM_AVOID_COUNTRIES", "").split(",") if c.strip()]
CRM_SENSITIVE_BORDERS = [("KR", "KP")]
CRM_SUGGESTIONS_PER_COUNTRY = int(os.environ.get("CRM_SUGGESTIONS_PER_COUNTRY", "5"))  # candidate cities per country
# The reference network of real ties loaded with `load_reference_ties` (absent: the shipped one is used).
CRM_REFERENCE_TIES = os.environ.get("CRM_REFERENCE_TIES", str(BASE_DIR / "var" / "reference_ties.csv.gz"))
