"""Settings of the registry, read from the environment.

Safe by default: with nothing set, debug is off and the app refuses to start without
DJANGO_SECRET_KEY. `make run` sets DJANGO_DEBUG=1 for a developer's machine.
"""

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable; any other spelling refuses to start: a typo must never turn a
    protection off (`REQUIRE_STAFF_2FA=ture`)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of "
        f"{', '.join(sorted(_TRUE | _FALSE))}."
    )


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole number of at least `minimum`; anything else refuses to start, naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number of at least {minimum}."
        )
    return number


def env_rate(name: str, default: str) -> str:
    """A DRF rate such as `6000/minute`; a typo would otherwise fail on every API request."""
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate such as 6000/minute (per second, minute, hour, day)."
        )
    return value


DEBUG = env_bool("DJANGO_DEBUG")

# Never a built-in fallback key in production: a forged session is a forged reviewer.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (50+ random characters), "
            "or set DJANGO_DEBUG=1 on a development machine."
        )
    SECRET_KEY = "dev-only-insecure-key-never-used-when-debug-is-off-0123456789abcdef"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts",
    "registry",
    "accounts.apps.CentralAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "outbox",
    "registry.push",
    "django.forms",  # its widget templates, for FORM_RENDERER below
]

# The job queue (Django's tasks API, backported): jobs are rows in the register's own database,
# written in the same transaction as the change that causes them, and run by
# `manage.py db_worker` processes (any number, on any number of machines).
# Pushed deliveries (registry/push/) run on a queue of their own: `db_worker --queue-name push`
# processes apart from `--queue-name default` ones, so a slow subscriber never delays the
# registry's own jobs (e-mail, the watch).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "push"]}}
# A worker that dies (SIGKILL, a lost machine) leaves its job "running": past JOB_LEASE_SECONDS
# after its start, the scheduler (`run_due_jobs`, every minute) gives it back to the queue for
# another worker (registry/tasks.py). Longer than any job takes (the open-data build at a
# million accounts: about a minute). A job claimed JOB_MAX_CLAIMS times without ending is failed.
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 900, minimum=1)
JOB_MAX_CLAIMS = env_int("JOB_MAX_CLAIMS", 3, minimum=1)

# The longest request target (path and query) served, in bytes: the API's longest valid `url`
# (2,000 characters, each up to 12 bytes percent-encoded: 24,000) with room for the path and
# the other parameters. gunicorn reads any request line (gunicorn.conf.py) and
# RequestTargetLimitMiddleware refuses a longer one with the site's own 414 (JSON under /api/).
MAX_REQUEST_TARGET = 32 * 1024

# Who may read /metrics (registry.web.metrics): these client addresses (as the server sees them,
# never a forwarded header), or a request bearing METRICS_TOKEN. Neither set: nobody (404).
METRICS_ALLOWED_ADDRESSES = env_list("METRICS_ALLOWED_ADDRESSES")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "").strip()

MIDDLEWARE = [
    "registry.web.metrics.MetricsMiddleware",
    "registry.web.middleware.RequestIdMiddleware",
    "registry.web.middleware.RequestTargetLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "registry.web.middleware.PermissionsPolicyMiddleware",
    # Outside every middleware that writes a body; it compresses only what carries no secret.
    "registry.web.compression.CompressionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session: marks every signed-in or non-public answer private, never stored.
    "registry.web.middleware.PrivateAnswersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After OTP: re-checks sign-ins through the identity provider, honours its second factor.
    "accounts.oidc_session.ProviderSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.access.AccessRuleMiddleware",
    # Last, so that a locked-out client is refused before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"
ASGI_APPLICATION = "registry.asgi.application"

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
                "registry.web.context_processors.site",
            ],
        },
    },
]
# Form widgets rendered by the engine above, so templates/django/forms/widgets/ can replace
# Django's own (a select's options written inline rather than included one by one).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite file for `make run` on a fresh machine; PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the server and the job worker share the file. A transaction takes the write
    # lock when it begins (never a failed upgrade halfway), waits up to 20 s for it, and readers
    # never wait for a writer (write-ahead log). With that log, `synchronous=NORMAL` cannot
    # corrupt the file; it syncs at checkpoints, not at every commit (SQLite's advice for WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests run on a file beside it (`test_<name>`, as pytest-django names PostgreSQL's), not in
    # memory: a file is what `make run` uses, and it lets threads wait for the write lock.
    _sqlite = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_sqlite.with_name(f"test_{_sqlite.name}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis when REDIS_URL is set, as on several app servers.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A Redis that stops answering is a cache miss (registry.web.caching), not a hung
            # worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The public answers cached under the register version (registry.web.caching) stay in each worker's
# memory, whatever the default cache: they are read only under the current version, which all
# workers share, so none can be served after a change; and a rush costs no round trip to Redis
# for them. A bounded number, the least recently used dropped first.
CACHES["answers"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "registry-answers",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 3000},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out account or client before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"  # the central unit to its queue, a ministry to its register
LOGOUT_REDIRECT_URL = "public:directory"
# Invitations use the password-reset token machinery: a link is valid for 7 days.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# Sessions: in the database (stateless app servers), expire after 8 idle hours.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Throttle failed sign-ins per account and per client (django-axes, database only).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
# Failures count per person, whatever the spelling of the address (accounts.identity).
AXES_USERNAME_CALLABLE = "accounts.identity.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Behind a load balancer, the client is the address its proxy puts in X-Forwarded-For;
# without this every client would share the balancer's address (and its lockout).
# One rule decides the client's address for every limit and log (registry.web.client_address).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "registry.web.client_address.client_address"

# Staff roles (reviewers, central admins) must sign in with a second factor when set.
REQUIRE_STAFF_2FA = env_bool("REQUIRE_STAFF_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Registre des comptes officiels"
# The admin never shows a TOTP key or its QR code: whoever reads one holds that second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sign-in through the State's identity provider (OpenID Connect), beside local accounts. Off
# unless both the provider (its issuer or discovery URL) and this site's client id are set.
# See docs/oidc.md: what to register at the provider, and what each variable means.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "").strip() or (
    f"{OIDC_ISSUER}/.well-known/openid-configuration" if OIDC_ISSUER else ""
)
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()  # empty: a public client
if bool(OIDC_DISCOVERY_URL) != bool(OIDC_CLIENT_ID):
    raise ImproperlyConfigured(
        "Set both OIDC_ISSUER (or OIDC_DISCOVERY_URL) and OIDC_CLIENT_ID, or neither."
    )
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile").strip()
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email").strip()
# The `amr` values (RFC 8176) or `acr` values that mean a second factor was used: then the
# registry's own TOTP step is skipped for that session. Empty lists: never skipped.
OIDC_TWO_FACTOR_AMR = env_list("OIDC_TWO_FACTOR_AMR", "mfa")
OIDC_TWO_FACTOR_ACR = env_list("OIDC_TWO_FACTOR_ACR")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "").strip()  # on the sign-in button
# Every OIDC_RECHECK_SECONDS the provider is asked again (refresh token) whether the person may go
# on; a provider that gives no refresh token: the session ends OIDC_SESSION_MAX_AGE after sign-in.
OIDC_RECHECK_SECONDS = env_int("OIDC_RECHECK_SECONDS", 600)
OIDC_SESSION_MAX_AGE = env_int("OIDC_SESSION_MAX_AGE", 8 * 3600)
# Nobody may sign in with a local password while the provider is configured (break glass: unset).
OIDC_REQUIRED_FOR_ALL = env_bool("OIDC_REQUIRED_FOR_ALL")
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)  # seconds, each call to the provider

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("lb", _("Luxembourgish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language, in every page, e-mail and the admin (registry/formats/<code>/);
# Django has none for lb, and its English one is American.
FORMAT_MODULE_PATH = ["registry.formats"]
TIME_ZONE = "Europe/Luxembourg"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            # The manifest needs `collectstatic` first; tests and `make run` skip it.
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: the console in development (each message printed readable: headers decoded), SMTP
# from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "outbox.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "registre@sip.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail goes through the outbox and the job queue (outbox/tasks.py): a refused one is
# tried again after EMAIL_RETRY_SECONDS, then twice as long each time, EMAIL_MAX_ATTEMPTS times
# in all (60 s and 10 attempts: the last one about 8.5 hours after the first), then marked failed.
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 10)
# How long personal data is kept (registry.retention, run daily; the privacy notice and
# docs/privacy.md say the same): reports after they are dealt with, staff accounts after the
# person's last role ended (then anonymised), sign-in and lockout records, e-mails' bodies.
RETENTION_REPORT_DAYS = env_int("RETENTION_REPORT_DAYS", 365, minimum=1)
RETENTION_STAFF_DAYS = env_int("RETENTION_STAFF_DAYS", 365, minimum=1)
RETENTION_SIGN_IN_DAYS = env_int("RETENTION_SIGN_IN_DAYS", 90, minimum=1)
RETENTION_EMAIL_BODY_DAYS = env_int("RETENTION_EMAIL_BODY_DAYS", 30, minimum=1)
# Absolute links in e-mails (no request to read the host from in a cron job), share cards and
# open data. The default suits `make run` only: `check --deploy` refuses it (registry.checks).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the job writes the open-data files of each register version (registry.exports.files),
# read by every app server: on several servers, a directory they all mount (docs/deployment.md).
OPEN_DATA_DIR = Path(os.environ.get("OPEN_DATA_DIR") or BASE_DIR / "var" / "open-data")

# The registry as the government's verifier on Bluesky (registry.exports.bluesky_verifier): its own
# account's PDS, handle and app password. All three or none; off when none is set.
_BLUESKY = {
    "pds": os.environ.get("BLUESKY_VERIFIER_PDS", "").strip(),
    "identifier": os.environ.get("BLUESKY_VERIFIER_HANDLE", "").strip(),
    "password": os.environ.get("BLUESKY_VERIFIER_APP_PASSWORD", "").strip(),
}
if any(_BLUESKY.values()) and not all(_BLUESKY.values()):
    raise ImproperlyConfigured(
        "Set all of BLUESKY_VERIFIER_PDS, BLUESKY_VERIFIER_HANDLE and "
        "BLUESKY_VERIFIER_APP_PASSWORD, or none of them."
    )
BLUESKY_VERIFIER = _BLUESKY if all(_BLUESKY.values()) else None

# HTTPS in production: every `check --deploy` warning answered.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script, no external origin: everything comes from this site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Where browsers report what the policy blocked (registry.web.csp_reports): `report-to`
        # names the `Reporting-Endpoints` entry (registry.web.middleware), `report-uri` is for
        # browsers without the Reporting API.
        "report-to": "csp",
        "report-uri": "/csp-report",
    }
}
REPORTING_ENDPOINTS = 'csp="/csp-report"'

# The public API may be read from any origin, GET only; nothing else is opened.
# The API and the list of official accounts for scanners are read by other sites' scripts.
CORS_URLS_REGEX = (
    r"^/(api/v1/.*|\.well-known/official-accounts\.(json|json\.sig|pub)|transparency/.*)$"
)
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# A browser client may read that a search's count was capped (registry.api.pagination).
CORS_EXPOSE_HEADERS = ["Registry-Count-Capped", "Retry-After", "RateLimit", "RateLimit-Policy"]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "registry.api.schema.PublicAutoSchema",
    # Per client; the rate is read on each request (registry.api.throttling).
    "DEFAULT_THROTTLE_CLASSES": ["registry.api.throttling.PublicRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_rate("API_THROTTLE_RATE", "6000/minute")},
    # The same proxy count as sign-in throttling: 0 trusts only REMOTE_ADDR, so a forged
    # X-Forwarded-For cannot dodge the API's throttle.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Every error has one shape: {"error": message, "code": code}.
    "EXCEPTION_HANDLER": "registry.api.errors.api_exception_handler",
}
# How long a proxy or browser may reuse a public page or API answer without asking again. 0 (the
# default): `no-cache`, so it revalidates every time (a 304 costs no query) and never shows an
# account as official after its suspension. N > 0 accepts answers up to N seconds old.
PUBLIC_CACHE_MAX_AGE = env_int("PUBLIC_CACHE_MAX_AGE", 0)
# The freshness promise: no server answers from a kept answer whose register version it has not
# confirmed in the database within this many seconds (registry.freshness); Redis's notices make
# it immediate in the common case. Whatever Redis does, a suspension reaches every answer by then.
REGISTER_FRESHNESS_SECONDS = env_int("REGISTER_FRESHNESS_MS", 1000, minimum=1) / 1000
# How long a shared cache in front (HAProxy's cache, nginx proxy_cache) may serve a public answer
# without asking (`s-maxage`); 0: it revalidates like a browser. The end-to-end bound is then this
# plus REGISTER_FRESHNESS_MS (docs/deployment.md).
SHARED_CACHE_MAX_AGE = env_int("SHARED_CACHE_MAX_AGE", 0)
SPECTACULAR_SETTINGS = {
    "TITLE": "Official Accounts Registry API",
    "DESCRIPTION": "Verify whether a social media link belongs to an official government account.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # OpenAPI 3.1 and names from identifiers only: what generated clients need (api/schema.py).
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.for_generated_clients",
        "registry.push.openapi.add_webhooks",  # the `webhooks` section: what endpoints receive
    ],
}

# Open data: who publishes it and under which licence, as data portals harvest it
# (/open-data/datapackage.json, /open-data/catalog.jsonld).
OPEN_DATA_PUBLISHER = os.environ.get(
    "OPEN_DATA_PUBLISHER", "Service information et presse du gouvernement"
)
OPEN_DATA_PUBLISHER_URL = os.environ.get("OPEN_DATA_PUBLISHER_URL", "")  # empty: this site
OPEN_DATA_LICENSE = os.environ.get(
    "OPEN_DATA_LICENSE", "https://creativecommons.org/publicdomain/zero/1.0/"
)
OPEN_DATA_LICENSE_ID = os.environ.get("OPEN_DATA_LICENSE_ID", "CC0-1.0")  # its SPDX id
OPEN_DATA_CONTACT = os.environ.get("OPEN_DATA_CONTACT", f"mailto:{DEFAULT_FROM_EMAIL}")
# The atom feed's entry ids are tag: URIs (RFC 4151) under this authority (a domain the
# publisher owns, and the year it owned it from): they never change when the site moves.
FEED_TAG_AUTHORITY = os.environ.get("FEED_TAG_AUTHORITY", "sip.example,2026")

# /.well-known/security.txt (RFC 9116): where to report a vulnerability (SECURITY.md).
# Where citizens download the browser extension's zip (`make extension`), shown on /extension/;
# empty: the page explains the extension without a download link.
EXTENSION_DOWNLOAD_URL = os.environ.get("EXTENSION_DOWNLOAD_URL", "")
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@sip.example")
SECURITY_TXT_DAYS = env_int("SECURITY_TXT_DAYS", 180)  # Expires: this many days ahead

# Browser features no page of the registry uses, refused to every page and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=(), interest-cohort=()"
)

# The register's own rules.
REVIEW_INTERVAL_DAYS = env_int("REVIEW_INTERVAL_DAYS", 365, minimum=1)
REMINDER_DAYS_BEFORE = (30, 7)
REPORTS_PER_HOUR_PER_CLIENT = env_int("REPORTS_PER_HOUR_PER_CLIENT", 5)

# Routes /bench/ceiling, the constant answer `bench/run` measures every endpoint against.
# Only for a benchmark run: off unless the environment turns it on.
BENCH_CEILING = env_bool("BENCH_CEILING")

# One line per event on standard output, with the request id.
# One JSON object per line (python-json-logger) for the log collector: Django, the job worker
# and the scheduler through LOGGING, gunicorn's access and error logs through its logger class
# (registry.web.log_redaction). Plain text for `make run` (debug on). Redaction applies to both.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
JSON_LOG_FIELDS = "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "registry.web.middleware.RequestIdFilter"},
        # No token, password or session id in a line (registry.web.log_redaction).
        "redact_secrets": {"()": "registry.web.log_redaction.RedactSecretsFilter"},
    },
    "formatters": {
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        },
        "json": {
            "()": "registry.web.log_redaction.RedactingJsonFormatter",
            "fmt": JSON_LOG_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": sys.stdout,
            "filters": ["request_id", "redact_secrets"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own loggers through the same handler at the same level, not a second time on
    # its debug console handler (`make run` keeps its start-up quiet with DJANGO_LOG_LEVEL).
    "loggers": {
        "django": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        "django.db.backends": {"level": "WARNING"},
        # One line per request with its route, status and duration (registry.web.metrics).
        "registry.requests": {
            "level": os.environ.get("REQUEST_LOG_LEVEL", os.environ.get("DJANGO_LOG_LEVEL", "INFO"))
        },
    },
}

# --- The watch (registry/watch/): re-checks published accounts on their platforms. ----------------


def _env_strict_flag(name: str) -> bool:
    """A protection switch: only 0/1/true/false; a typo refuses to start instead of guessing."""
    value = os.environ.get(name, "").strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return False
    if value in {"1", "true", "yes", "on"}:
        return True
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}.")


def _env_json_dict(name: str) -> dict:
    import json

    value = os.environ.get(name, "").strip()
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {exc}") from exc
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object.")
    return parsed


# Where each platform's public endpoints answer; tests point these at stand-in servers.
WATCH_BASE_URLS = {
    "bluesky": "https://public.api.bsky.app",
    "mastodon": "https://{host}",  # the account's own server
    "youtube": "https://www.youtube.com",
    "github": "https://api.github.com",
    "telegram": "https://t.me",
    "x": "https://api.x.com",
    # Bluesky's push stream (Jetstream), read by `manage.py watch_bluesky_stream`.
    "jetstream": "wss://jetstream2.us-east.bsky.network",
    **_env_json_dict("WATCH_BASE_URLS"),
}
# The only way to let the watch reach loopback or private addresses (stand-ins): off by default,
# since a profile link is attacker-chosen text (SSRF).
WATCH_ALLOW_PRIVATE_ADDRESSES = _env_strict_flag("WATCH_ALLOW_PRIVATE_ADDRESSES")
# X answers only with a token: without one, X is "not watched".
WATCH_X_BEARER_TOKEN = os.environ.get("WATCH_X_BEARER_TOKEN", "").strip()
# Platforms ask robots to say who they are and how to reach their operator.
WATCH_CONTACT = os.environ.get("WATCH_CONTACT", DEFAULT_FROM_EMAIL)
WATCH_USER_AGENT = f"OfficialAccountsRegistry/1.0 (+{SITE_URL}; {WATCH_CONTACT})"
WATCH_CONNECT_TIMEOUT = 5  # seconds to open the connection
WATCH_TOTAL_TIMEOUT = 15  # seconds for the whole answer: a slow drip is cut here
WATCH_MAX_BYTES = 2_000_000  # YouTube's channel pages are about 1 MB
# Hours between two checks of one entry, per platform ("default" for the others): set only to
# override the cadence the watch computes from the rate below and the register's size (every
# entry as often as the rate allows, at most every 15 minutes, at least daily).
WATCH_INTERVAL_HOURS = _env_json_dict("WATCH_INTERVAL_HOURS")
# Requests per minute per platform, across every worker: about half of each platform's keyless
# limit, leaving room for confirming reads and retries (Bluesky's public AppView 3,000 per 5 min
# per address; a Mastodon server 300 per 5 min; GitHub 60 an hour without a token; YouTube's and
# t.me's pages publish none).
WATCH_RATE_PER_MINUTE = {
    "default": 60,
    "bluesky": 300,
    "mastodon": 30,
    "github": 1,
    "youtube": 30,
    "telegram": 20,
    "x": 10,
    **_env_json_dict("WATCH_RATE_PER_MINUTE"),
}
WATCH_CONCURRENCY = {"default": 2, **_env_json_dict("WATCH_CONCURRENCY")}
# A failed check is retried after 5 min, 10, 20… up to the platform's interval.
WATCH_RETRY_BASE_MINUTES = 5
# Evidence before action: a finding that changes a public answer, the queue or an inbox needs
# this many consistent reads (the first included), each at least WATCH_CONFIRM_SECONDS after the
# one before. 3 reads 20 minutes apart: a platform's bad minute or a maintenance window under an
# hour never changes an answer; a real rename or deletion is acted on within about 40 minutes.
# (A takeover, the handle answering with another permanent id, is acted on at the first read.)
WATCH_CONFIRM_READS = env_int("WATCH_CONFIRM_READS", 3, minimum=1)
WATCH_CONFIRM_SECONDS = env_int("WATCH_CONFIRM_SECONDS", 1200)
# How long a claimed check keeps its entry and its platform slot: longer than any fetch can take
# (WATCH_TOTAL_TIMEOUT per request, two or three requests), so only a dead worker's claim lapses.
WATCH_CLAIM_SECONDS = 120
# Consecutive days an account must be gone before the ministry is asked to close its entry.
WATCH_GONE_DAYS_BEFORE_CLOSE = env_int("WATCH_GONE_DAYS_BEFORE_CLOSE", 7)
# A profile that loses every one of these phrases has "lost its official mention".
WATCH_OFFICIAL_PHRASES = (
    "official account",
    "compte officiel",
    "offizieller account",
    "offizielles konto",
    "offiziellen account",
    "offiziellen konto",
    "officiel",
    "offiziell",
    "official",
)

# Push (registry/push/): webhooks and WebSub. A failed delivery is tried again after
# PUSH_RETRY_SECONDS, twice as long each time up to PUSH_RETRY_MAX_SECONDS, PUSH_MAX_ATTEMPTS
# tries in all: with 30 s, 6 h and 22 tries the last comes about 3.1 days after the first
# (never lose one).
PUSH_RETRY_SECONDS = env_int("PUSH_RETRY_SECONDS", 30, minimum=1)
PUSH_RETRY_MAX_SECONDS = env_int("PUSH_RETRY_MAX_SECONDS", 6 * 3600, minimum=1)
PUSH_MAX_ATTEMPTS = env_int("PUSH_MAX_ATTEMPTS", 22, minimum=1)
# Deliveries waiting per subscriber: past it, a change is recorded as not sent (replayable).
PUSH_MAX_QUEUED = env_int("PUSH_MAX_QUEUED", 10_000, minimum=1)
PUSH_TIMEOUT = 5  # seconds for a subscriber's whole answer: a slow one is cut here
PUSH_MAX_ANSWER_BYTES = 64 * 1024  # of the answer kept and read: the rest is ignored
PUSH_DRAIN_SECONDS = 10  # then a subscriber's drain queues itself behind the others
PUSH_BUSY_RETRY_SECONDS = 2  # a drain that finds another one running looks again this late
PUSH_BATCH = 200  # deliveries read at a time by a drain
# A change wakes a subscriber's drain this many seconds later: the changes of a burst meanwhile
# go out in the same drain (measured: one drain per change and subscriber swamps the workers).
PUSH_COALESCE_SECONDS = float(env_int("PUSH_COALESCE_MILLISECONDS", 1000)) / 1000
# How long a previous webhook secret stays valid after a rotation (both sign every message).
PUSH_SECRET_OVERLAP_HOURS = env_int("PUSH_SECRET_OVERLAP_HOURS", 72, minimum=1)
# WebSub leases: the default when the subscriber asks none, and the bounds of one it asks.
PUSH_WEBSUB_LEASE_SECONDS = 10 * 86400
PUSH_WEBSUB_MIN_LEASE_SECONDS = 3600
PUSH_WEBSUB_MAX_LEASE_SECONDS = 30 * 86400

# The Bluesky labeler (registry/push/labels.py): its DID (did:web of this site by default: the DID
# document is served at /.well-known/did.json), its secp256k1 signing key (64 hex digits; none:
# no labels are issued, unless DEBUG, which signs with a published demo key), and the address
# apps reach it at (the site; subscribeLabels is `manage.py serve_labels` behind the same host).
LABELER_DID = os.environ.get("LABELER_DID", "").strip() or "did:web:" + urlsplit(
    SITE_URL
).netloc.replace(":", "%3A")
LABELER_SIGNING_KEY = os.environ.get("LABELER_SIGNING_KEY", "").strip().lower()
if LABELER_SIGNING_KEY and not re.fullmatch(r"[0-9a-f]{64}", LABELER_SIGNING_KEY):
    raise ImproperlyConfigured("LABELER_SIGNING_KEY must be 64 hexadecimal digits (secp256k1).")
LABELER_SERVICE_URL = os.environ.get("LABELER_SERVICE_URL", SITE_URL).rstrip("/")
# How often the subscribeLabels server looks for new labels (seconds).
LABELER_POLL_SECONDS = 1.0

# The public log (docs/transparency.md). Its Ed25519 signing key (PEM, PKCS#8): a file, or the
# PEM itself in the environment; never in the repository. With debug on and neither set, a demo
# key is generated on first use in var/ (ignored by git), so `make run` signs with it.
TRANSPARENCY_SIGNING_KEY_FILE = os.environ.get("TRANSPARENCY_SIGNING_KEY_FILE", "")
TRANSPARENCY_SIGNING_KEY = os.environ.get("TRANSPARENCY_SIGNING_KEY", "")
TRANSPARENCY_DEMO_KEY_FILE = BASE_DIR / "var" / "transparency-demo-key.pem"
# The log's origin line and key name: a schema-less URL naming this log, never to change.
TRANSPARENCY_ORIGIN = os.environ.get(
    "TRANSPARENCY_ORIGIN", SITE_URL.split("://", 1)[-1] + "/transparency"
)
# The vkeys (type 0x04, C2SP tlog-cosignature) of the witnesses whose cosignatures are kept.
TRANSPARENCY_WITNESS_KEYS = env_list("TRANSPARENCY_WITNESS_KEYS")
# Days the signed offline list may be used after it was generated (its `expires`).
TRANSPARENCY_LIST_DAYS = env_int("TRANSPARENCY_LIST_DAYS", 7, minimum=1)
