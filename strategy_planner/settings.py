"""Settings for Strategy Planner, all read from the environment.

The defaults run the app on a fresh machine with nothing but Python: SQLite in the project
folder and a file-system message broker. Production sets DATABASE_URL (PostgreSQL),
CELERY_BROKER_URL (Redis), SECRET_KEY and ALLOWED_HOSTS; see the README.
"""

import datetime
import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime files of the embedded defaults (SQLite database, broker queue); ignored by git.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY; "
            "for local development set DEBUG=true."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "users",
    "workspaces",
    "notifications",
    "strategy",
    "content_calendar",
    "curation",
    "accounts_registry",
    "results",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, exports and API answers for someone are kept by no cache (see its module).
    "strategy_planner.middleware.PrivateAnswersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After a request that may have written, raises the workspace's content revision, which
    # retires every cached fragment of its pages (workspaces/revisions.py).
    "workspaces.revisions.RevisionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change kept in the audit history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # A read that meets a connection the database ended is answered once more (reads only).
    "strategy_planner.middleware.ReadRetryMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into the
    # lockout page (users.lockout.lockout_response).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "strategy_planner.urls"
WSGI_APPLICATION = "strategy_planner.wsgi.application"

# Caches. The costly parts of workspace pages are kept, rendered, in "fragments" under the
# workspace's content revision (workspaces/revisions.py), so they are right in whichever cache:
# one in each process by default, bounded in entries; FRAGMENT_CACHE_SECONDS=0 turns it off.
FRAGMENT_CACHE_ALIAS = "fragments"
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    FRAGMENT_CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", default=300)},
    },
}

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
                "strategy_planner.context_processors.navigation",
            ],
            # {{ value|number }} everywhere, without {% load %}.
            "builtins": ["workspaces.templatetags.formatting"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Web, worker and beat share one SQLite file in development: WAL and immediate
    # transactions keep them from tripping over "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # The test database is a file too, not Django's shared in-memory one: there, a reader in
    # one thread makes a writer in another (the Celery worker in the tests) fail at once with
    # "table is locked" instead of waiting its turn. One file per test run (the process id), so
    # two runs side by side in one checkout don't share, and wipe, each other's database.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")
    )
else:
    # Persistent connections, checked before reuse, so a dropped connection costs no request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each app's part of the demo workspace (`python manage.py demo_workspace`), in this order.
DEMO_POPULATORS: list[str] = [
    "accounts_registry.demo.populate",
    "strategy.demo.populate",
    "content_calendar.demo.populate",
    "curation.demo.populate",
    "results.demo.populate",
]
# Each app's panel on the workspace dashboard, in this order: a function(request) returning a
# workspaces.dashboard.Panel, or None when it has nothing to show.
DASHBOARD_PANELS: list[str] = [
    "strategy.dashboard.panel",
    "content_calendar.dashboard.panel",
    "accounts_registry.dashboard.panel",
    "results.dashboard.panel",
]

# The periodic sweeps, by name (python manage.py run_sweep NAME): a function that sends what
# is due and returns a notifications.sweeps.SweepReport. Their schedule is in the database.
SWEEPS: dict[str, str] = {
    "plan_reviews": "strategy.reminders.plan_review_reminders_send",
    "posts": "content_calendar.reminders.post_reminders_send",
    "channel_checks": "content_calendar.reminders.channel_checks_send",
    "passwords": "accounts_registry.reminders.password_reminders_send",
    "handovers": "accounts_registry.reminders.handover_reminders_send",
    "check_ins": "results.reminders.check_in_reminders_send",
    "sub_goal_progress": "results.reminders.sub_goal_progress_send",
    "evaluations": "results.reminders.evaluation_reminders_send",
    "feeds": "curation.services.sources_fetch_due",
    "weekly_digest": "notifications.digest.weekly_digest_send",
}
# Each app's part of the weekly digest (see notifications.digest).
DIGEST_SECTIONS: list[str] = [
    "strategy.digest.lines",
    "content_calendar.digest.lines",
    "accounts_registry.digest.lines",
    "results.digest.lines",
]

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a login that is locked out before any password
    # is checked. It logs nobody in itself; ModelBackend does.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins (django-axes): five in a row for one address from one IP address lock that
# pair out for 15 minutes, counted from the fifth; a successful login starts the count again.
# The pair, not the address alone, so that a stranger cannot lock a colleague out from
# elsewhere; a guesser still gets only five tries per IP address every 15 minutes. Tries during
# the lockout do not extend it, so "try again in 15 minutes" is true. Staff lift a lockout early
# under "Axes > Access attempts" in the admin site (or `manage.py axes_reset_username`).
AXES_FAILURE_LIMIT = 5
# Failed logins from one address, across email addresses, before that address is paused for
# the cool-off time too (users/lockout.py): a shared office address stays well below it.
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", default=20)
# The password reset email leaves after the answer (users.forms.PasswordResetForm), so the
# answer takes as long for an address with an account as for one without.
PASSWORD_RESET_EMAIL_IN_BACKGROUND = True
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Both login forms (ours and the admin site's) post the address as "username"; the address is
# compared the way the user table does (any case), so Eva@… and eva@… count as one.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "users.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "users.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "users.lockout.lockout_response"
# Only failures are kept (until their cool-off ends), not a log of every login and its IP.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner in the output of every management command
# How many proxies in front of the app append to X-Forwarded-For (1 behind one nginx); 0 trusts
# only the connection's address. Without it every login would seem to come from the proxy.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
# How long an invitation link to a workspace stays valid.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# --- The API (Django REST Framework, under /api/) ----------------------------------------------
# Personal API tokens (Authorization: Bearer …) first: its challenge makes an anonymous call a
# 401; the browser's session works too (with CSRF for writes). JSON only: the documentation is
# our own page (/api/docs/), rendered from the OpenAPI schema without any script.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "api.base.exception_handler",
    # 429 with Retry-After over these (api/throttling.py); a script that syncs a calendar
    # stays far below them.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.TokenRateThrottle",
        "api.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_TOKEN", default="120/minute"),
        "address": env.str("API_RATE_ADDRESS", default="600/minute"),
        "bad_token": env.str("API_RATE_BAD_TOKEN", default="20/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Strategy Planner API",
    "DESCRIPTION": (
        "Plans, posts, accounts, handovers and notifications of one workspace, with the same "
        'rules and roles as the pages. Errors are JSON: {"detail": …, "errors": {field: '
        "[…]}}, in the language of Accept-Language (else the person's own)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/w/",
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "strategy.models.StrategyPlan.Status",
        "PostStatusEnum": "content_calendar.models.Post.Status",
        "PostCategoryEnum": "content_calendar.models.Category",
        "AccountStatusEnum": "accounts_registry.models.SocialAccount.Status",
        "EvaluationStatusEnum": "results.models.Evaluation.Status",
        "SpendKindEnum": "results.models.Spend.Kind",
    },
}

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date and number style per language (and English with the month first, for workspaces
# that choose it): strategy_planner/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["strategy_planner.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
# Everything the pages need (Bootstrap included) is in static/: the app works offline.
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Uploaded files (a post's images): in VAR_DIR/media by default, never served as static files
# (the app hands each to members of its workspace only). MEDIA_STORAGE=s3 keeps them in an
# S3-compatible bucket instead, through django-storages (pip install -e '.[s3]'), configured by
# its own AWS_* variables (bucket, endpoint, keys).
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "media/"
_MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if _MEDIA_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif _MEDIA_STORAGE == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE is “filesystem” or “s3”.")
# Images on a post: at most this many bytes and pixels each, this many per post.
POST_IMAGE_MAX_BYTES = env.int("POST_IMAGE_MAX_BYTES", default=8 * 1024 * 1024)
POST_IMAGE_MAX_PIXELS = env.int("POST_IMAGE_MAX_PIXELS", default=40_000_000)
POST_IMAGES_PER_POST = 10
# Feeds of curated content (curation/fetching.py): what one fetch may take.
FEED_MAX_BYTES = env.int("FEED_MAX_BYTES", default=5 * 1024 * 1024)
FEED_FETCH_TIMEOUT = env.float("FEED_FETCH_TIMEOUT", default=10.0)
FEED_MAX_REDIRECTS = 3
# Host names that may resolve to a private address. For tests only, which serve feeds on
# 127.0.0.1: never set in a deployment, where it would let anyone who may add a source make
# the server fetch addresses inside its network.
FEED_PRIVATE_HOSTS_ALLOWED: list[str] = []
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL selects the backend, e.g. smtp+tls://user:password@smtp.example.com:587.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Strategy Planner <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in emails point at, e.g. https://planner.example.com.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # A broker that needs no server: messages are files in var/broker.
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # A task a worker took but never acknowledged (the worker was killed) goes back to the
    # queue after this many seconds. Our tasks run in seconds and each is safe to run twice
    # (exactly once by conditional updates), so five minutes is plenty, not Redis's hour.
    # kombu looks for such tasks every 10 s but by default scans only every tenth time (every
    # 100 s), which would add up to 100 s to the timeout; a scan is one cheap Redis query.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=300),
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
# A task is acknowledged after it ran, so a worker that dies mid-task leaves it for another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = None  # no results are kept, so beat needs no clean-up task
# The schedule is kept in the database (django-celery-beat), so an admin can change or pause
# a periodic task in the admin site without a deploy. Each app installs its default entries
# with a data migration; a CELERY_BEAT_SCHEDULE here would overwrite the admin's changes every
# time beat starts, so there is none.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Uploads --------------------------------------------------------------------------------
# Imports are small files: each import refuses one above its own limit (1 MB for the CSV
# imports, checked by their forms; 2 MB for a plan). The CSV preview sends the file back
# base64-encoded in a form field (a third larger), so the non-file part of a request may hold
# up to 2.5 MB; a larger one is refused with 400 before it is parsed. The proxy in front should
# cap whole requests too (nginx: client_max_body_size 3m).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# Uploads above this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Security -------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts, styles, fonts and images come from our own
# static files only. No inline <script>, no on…= handlers and no style="…" attributes: the
# bars that show a share use the .pct-N classes of static/css/app.css. data: images are the
# small SVGs Bootstrap draws form controls with.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The language cookie is read by the server only, like the others.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Lockouts and repeated failures are warnings; the rest of django-axes is chatter.
        "axes": {"level": "WARNING"},
    },
}
