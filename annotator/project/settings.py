"""Settings, all read from the environment.

- ``DATABASE_URL``: any URL dj-database-url understands. Unset, an SQLite file under ``data/``.
- ``SECRET_KEY``: required unless ``DEBUG`` is on.
- ``DEBUG``: off unless set to 1/true/yes/on.
- ``ALLOWED_HOSTS``: comma-separated; defaults to localhost only.
- ``JOB_LEASE_SECONDS`` (60): how long a background job's worker may go silent before the
  job is failed as stopped (its worker renews the lease every quarter of it).
- ``IMPORT_SOURCE_RETENTION_HOURS`` (72): how long the uploaded files of a failed import, or
  of a preview nobody confirmed, are kept for a retry; then they are deleted. A finished or
  discarded import's files are deleted at once.
- ``MODEL_RETRAIN_EVERY`` (50): gold label changes after which a campaign's built-in model is
  trained again in the background (0: only on an admin's request).

Text limits (characters; every form and API field also refuses control characters, see
``articles.plain_text``):

- ``NOTE_MAX_CHARS``: a label's note (default 10,000).
- ``SOURCE_MAX_CHARS``: a label's source (default 500, which is also the column's size: a
  larger value is capped there).
- ``GUIDELINES_MAX_CHARS``: a campaign's guidelines (default 100,000).
- ``NAME_MAX_CHARS``: a campaign's, outlet's or token's name (default 200; capped by each
  column: tokens take 100).
- ``SENTENCE_MAX_CHARS``: an imported sentence (default 5,000). A longer one is split at the
  last space before the limit (or cut at it, if it has none), so its text is kept whole across
  the pieces; the import reports how many it split.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))


def env_flag(name: str, *, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, or set DEBUG=1 for a "
            "local development server."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
    "annotator",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "annotator.query_strings.PlainQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "annotator.accounts.sessions.SessionUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "annotator.accounts.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "annotator.project.urls"
WSGI_APPLICATION = "annotator.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Database ------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'annotator.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env_flag("DATABASE_PREPARED_STATEMENTS", default=True):
        # Server-side binding lets PostgreSQL reuse plans of repeated queries; leave it off
        # behind a transaction-pooling proxy such as PgBouncer.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
else:
    if "DATABASE_URL" not in os.environ:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and the one writer work side by side; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock when two requests write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Auth ----------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions live on the server, so logging out (or an admin) ends them; the session row names
# its user, so one query loads both (annotator/accounts/sessions.py).
SESSION_ENGINE = "annotator.accounts.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_DAYS", "14")) * 24 * 3600
AUTHENTICATION_BACKENDS = [
    # Refuses a username tried from one address too often (it never signs anyone in).
    "annotator.accounts.login_limit.LoginLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Wrong passwords: after LOGIN_FAILURE_LIMIT for one account from one address, that pair waits
# LOGIN_LOCKOUT_MINUTES; the same account from elsewhere, and colleagues behind the same
# address, are not affected. The web login, the admin's and the API's token endpoint share it.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "annotator.accounts.login_limit.client_address"
AXES_LOCKOUT_CALLABLE = "annotator.accounts.views.login_locked"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation --------------------------------------------------------

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files --------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_flag("WHITENOISE_USE_FINDERS", default=DEBUG)

# Security ------------------------------------------------------------------

# Imported article text is hostile: no inline script or style may run on any page.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS=1: the site is served over HTTPS (directly or behind a TLS-terminating proxy): cookies
# are sent over HTTPS only, plain HTTP is redirected, and browsers are told to use HTTPS only
# for HSTS_SECONDS (HSTS_INCLUDE_SUBDOMAINS, HSTS_PRELOAD as the domain's owner decides).
HTTPS = env_flag("HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS or env_flag("SECURE_COOKIES")
SECURE_SSL_REDIRECT = HTTPS and env_flag("SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_flag("HSTS_PRELOAD")
# Behind a proxy that terminates TLS: PROXY_COUNT proxies (one nginx: 1) stand between the
# client and us; each appends to X-Forwarded-For, and the first sets X-Forwarded-Proto. Only
# then are those headers believed (for "is this HTTPS" and the client's address, which the
# login limit and the API throttles key on). Unset, they are ignored: a client could forge them.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# REST framework --------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: a caller without credentials (or with a bad token) then gets 401 with a
    # Bearer challenge (DRF takes the challenge from the first class; the session has none).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "annotator.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "annotator.api.errors.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["annotator.api.throttles.WriteThrottle"],
    "DEFAULT_THROTTLE_RATES": {"writes": os.environ.get("API_WRITE_RATE", "1200/min")},
    "DEFAULT_PAGINATION_CLASS": "annotator.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "NUM_PROXIES": PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim annotator API",
    "DESCRIPTION": "Import articles, review them, settle gold labels and export the data. "
    "Authenticate with a session (the browser) or `Authorization: Bearer <token>` "
    "(tokens are made on your settings page).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs page need a signed-in caller unless API_DOCS_PUBLIC is set.
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny"
        if env_flag("API_DOCS_PUBLIC")
        else "rest_framework.permissions.IsAuthenticated"
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several fields are named "status" or "format" with different choices: each set of
    # choices gets a name of its own, instead of a generated one (and a warning).
    "ENUM_NAME_OVERRIDES": {
        "ReviewStatusEnum": "annotator.models.Review.Status",
        "ExportJobStatusEnum": "annotator.models.ExportJob.Status",
        "ImportBatchStatusEnum": "articles.models.ImportBatch.Status",
        "ExportFormatEnum": "annotator.datasets.formats.FORMATS",
        "ImportFormatEnum": "articles.ingest.pipeline.FORMATS",
    },
}

# Import --------------------------------------------------------------------

INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(100 * 1024 * 1024)))
INGEST_URL_TIMEOUT = float(os.environ.get("INGEST_URL_TIMEOUT", "15"))
# Networks a URL import may reach even though they are private (e.g. "10.1.0.0/16").
INGEST_URL_ALLOWED_NETWORKS = [
    network.strip()
    for network in os.environ.get("INGEST_URL_ALLOWED_NETWORKS", "").split(",")
    if network.strip()
]
# Imports with more articles than this run as a background task from the web UI.
INGEST_BACKGROUND_ARTICLES = int(os.environ.get("INGEST_BACKGROUND_ARTICLES", "50"))

# Text limits (see the module docstring) ------------------------------------

NOTE_MAX_CHARS = int(os.environ.get("NOTE_MAX_CHARS", "10000"))
SOURCE_MAX_CHARS = min(int(os.environ.get("SOURCE_MAX_CHARS", "500")), 500)
GUIDELINES_MAX_CHARS = int(os.environ.get("GUIDELINES_MAX_CHARS", "100000"))
NAME_MAX_CHARS = int(os.environ.get("NAME_MAX_CHARS", "200"))
SENTENCE_MAX_CHARS = max(int(os.environ.get("SENTENCE_MAX_CHARS", "5000")), 100)

# Review queue --------------------------------------------------------------

# An in-progress review untouched (no label change) for this long stops holding its slot in
# the queue, so another reviewer can take the article; its labels stay for its reviewer.
REVIEW_RELEASE_MINUTES = int(os.environ.get("REVIEW_RELEASE_MINUTES", "120"))

# A reviewer whose median time between two labels (their label history) is below this many
# seconds is flagged on the campaign's quality page: too fast to have read the sentences.
REVIEW_FAST_SECONDS = float(os.environ.get("REVIEW_FAST_SECONDS", "1.0"))

# Reports ---------------------------------------------------------------------

# Without gold, a sentence's reported label is the strict majority of at least this many
# submitted reviews; with fewer it is unresolved.
REPORT_MIN_REVIEWS = max(int(os.environ.get("REPORT_MIN_REVIEWS", "2")), 1)

# The built-in model ------------------------------------------------------------

# A campaign's built-in model is trained again once its gold has changed this many times since
# the last training (0: only when an admin asks). Its files go under MEDIA_ROOT/models/.
MODEL_RETRAIN_EVERY = max(int(os.environ.get("MODEL_RETRAIN_EVERY", "50")), 0)

# Tasks ---------------------------------------------------------------------

# "immediate" runs a task inside the request that queues it (development, tests);
# "database" queues it in the database for `manage.py run_worker` processes (production).
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "immediate")]}}
# A running job's lease: its worker renews it every quarter of this; a job whose lease ran
# out is failed as stopped (articles/leases.py).
JOB_LEASE_SECONDS = float(os.environ.get("JOB_LEASE_SECONDS", "60"))
# A failed import's uploaded files (and an unconfirmed preview's) are kept this long for a
# retry, then deleted; a finished or discarded import's are deleted at once.
IMPORT_SOURCE_RETENTION_HOURS = float(os.environ.get("IMPORT_SOURCE_RETENTION_HOURS", "72"))

# Cache: shared by web and worker processes without a server (import progress lives here).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(DATA_DIR / "cache")),
    }
}

# Uploaded import files.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "uploads"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024  # pasted text; files stream to disk

# Logging -------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
