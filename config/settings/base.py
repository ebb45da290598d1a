"""Settings shared by every environment, read from environment variables.

`local`, `test` and `production` choose the defaults; an explicit environment
variable always wins.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def tile_origins(url: str) -> list[str]:
    """The origin(s) a map tile URL template loads from, for the CSP's img-src:
    `https://{s}.tile.example.org/{z}/{x}/{y}.png` gives `https://*.tile.example.org`."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return []  # a relative URL: tiles served by this site
    host = re.sub(r"^\{[a-z]+\}\.", "*.", parts.netloc)
    return [f"{parts.scheme}://{host}"]


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: refusing to start with a guessable key."
        )
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "csp",
    "axes",
    # The project's apps, bottom layer first: each imports only from those above it here
    # (tests/test_layers.py).
    "base",
    "sources",
    "cities",
    "exchanges",
    "practices",
    "follows",
    "matching",
    "portal",
    "webhooks",
]

MIDDLEWARE = [
    # First, before anything that may answer on its own: partners' pages read the API.
    "base.cors.AnonymousReadCorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "base.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "base.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication, locale and messages: they must know who asks, in which
    # language. ETags and 304s first, so that responses from the cache get them too.
    "base.http_caching.HttpCachingMiddleware",
    "base.cache.AnonymousResponseCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.i18n",
                "base.context_processors.map_tiles",
                "base.context_processors.data_license",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A query of a web request stops after DB_STATEMENT_TIMEOUT_MS (the web processes set 25 s
# in config/wsgi.py, under gunicorn's 30 s): gunicorn kills a worker that takes longer,
# but PostgreSQL runs its query on to the end, and a few such queries slow every other
# request. Workers, beat and commands (bulk dumps, the generator) are not limited.
DB_STATEMENT_TIMEOUT_MS = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "0"))
if DB_STATEMENT_TIMEOUT_MS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The API's rate-limit counts live in the cache: a per-process one gives each worker its
# own budget per client. Production refuses to start so (base/checks.py) unless this
# says a single process is meant (one worker, a benchmark).
ALLOW_LOCAL_THROTTLES = env_bool("ALLOW_LOCAL_THROTTLES", False)

# Anonymous API and page responses are cached (base/cache.py) only in a cache that
# every process and host shares: a per-process cache would keep serving what another
# worker has just changed.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "300")) if REDIS_URL else 0

# How long browsers and shared caches may keep an anonymous API read before asking again
# (with its ETag, answered by a 304 when nothing changed). Reads by an account are private.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))

# Partners' web pages (maps, calendars) read the API from other sites: from any origin,
# anonymously (no cookies, no token: base/cors.py), GET, HEAD and OPTIONS only.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Link", "Content-Disposition", "Retry-After")
CORS_PREFLIGHT_MAX_AGE = 86400

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
]
# Our catalogues first; then the libraries' Brazilian Portuguese, built by `make install`
# (base/brazilian_catalogue.py), over their European `pt`.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "build" / "locale-pt-br"]
# Dates in templates use the named formats (`|date:"DATE_FORMAT"`) of the language.
FORMAT_MODULE_PATH = ["base.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries installed from the npm registry (package.json), no CDN.
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    # The maps' own background (land and borders), so they read without a tile server.
    ("vendor/topojson-client", BASE_DIR / "node_modules" / "topojson-client" / "dist"),
    ("vendor/world-atlas", BASE_DIR / "node_modules" / "world-atlas"),
    # The dashboard's charts and the cooperation network's graph.
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/cytoscape", BASE_DIR / "node_modules" / "cytoscape" / "dist"),
]
# Uploaded and generated files (the open-data dumps), Django's default storage.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
# Officials land on their city's page, others on the home page (portal/accounts.py).
LOGIN_REDIRECT_URL = "account-landing"

# Repeated failed logins lock the username out from that address (django-axes), on every
# login form, the admin's and any later one, since it works at the authentication backend.
# The state lives in the database, shared by every host.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours
# Username and address together: an attacker cannot lock a colleague out from elsewhere,
# and one office behind a single address is not locked out by one person's typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind N trusted proxies, the client address is the Nth from the right of
# X-Forwarded-For; with none, REMOTE_ADDR (a forged header is then ignored).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Single sign-on for partner organisations: OpenID Connect (mozilla-django-oidc), off
# unless OIDC_RP_CLIENT_ID is set; then its backend and its URLs (/oidc/authenticate/,
# /oidc/callback/) are installed and the sign-in page offers it. A first sign-in creates
# an account with no role (it reads what anyone reads) until a curator grants one; an
# address whose domain is in OIDC_PARTNER_DOMAINS, and that the provider does not say is
# unverified, gets the partner role at once.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_PARTNER_DOMAINS = [domain.lower() for domain in env_list("OIDC_PARTNER_DOMAINS", [])]
if OIDC_ENABLED:

    def _required(name: str) -> str:
        value = os.environ.get(name, "")
        if not value:
            raise ImproperlyConfigured(f"{name} must be set when OIDC_RP_CLIENT_ID is.")
        return value

    OIDC_RP_CLIENT_SECRET = _required("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _required("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = _required("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _required("OIDC_OP_USER_ENDPOINT")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")):
        OIDC_OP_JWKS_ENDPOINT = _required("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("portal.oidc.PartnerOIDCBackend")

# Map tiles: any XYZ tile server (an intranet one, say). Without a reachable tile
# server the maps still show their markers on a blank background.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# Content-Security-Policy (django-csp): scripts only from this site, never inline; map
# tiles from the tile server. Templates colour SDG badges with `style=` attributes, so
# inline style *attributes* are allowed (style-src-attr), never inline <style> elements
# (style-src-elem); style-src is the fallback of browsers without those two.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *tile_origins(MAP_TILE_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

REST_FRAMEWORK = {
    # Token first: a client that fails to authenticate gets a 401 naming the Token scheme.
    # Refused tokens count against the client's address (portal/api/throttling.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "base.api.throttling.RateLimitedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.ActionPermission"],
    # JSON only, with a nesting limit (a deep body would otherwise exhaust the recursion
    # limit); the site's forms are Django views. One parser: the schema offers each write
    # body as application/json alone, which generated clients can use.
    "DEFAULT_PARSER_CLASSES": ["base.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Services raise Django's ValidationError and PermissionDenied: answered once, here.
    "EXCEPTION_HANDLER": "base.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "base.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "base.api.pagination.PageNumberPagination",
    "DEFAULT_THROTTLE_CLASSES": ["base.api.throttling.RoleRateThrottle"],
    # Requests per client; partners hold a token for the higher rate.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_RATE_ANON", "60/min"),
        "user": os.environ.get("API_RATE_USER", "120/min"),
        "partner": os.environ.get("API_RATE_PARTNER", "1000/min"),
    },
    # Anonymous clients are counted by address: behind N trusted proxies, the Nth from the
    # right of X-Forwarded-For (as for the login lockout); with none, REMOTE_ADDR.
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
    # Coordinates and measured values are numbers in JSON, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
}

# The portal's public address, for the links in emails sent outside a request and the
# API's server in its schema.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The licence of the open data (the API, its exports, the pages, the bulk dumps, the
# dossiers): named in the schema, the page footers and every export.
DATA_LICENSE_NAME = os.environ.get("DATA_LICENSE_NAME", "CC BY 4.0")
DATA_LICENSE_URL = os.environ.get(
    "DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"
)

# Who reads the contact form's messages (comma-separated addresses); the active curators
# when unset. Each client may send CONTACT_MESSAGES_PER_HOUR of them.
CONTACT_EMAIL = env_list("CONTACT_EMAIL", [])
CONTACT_MESSAGES_PER_HOUR = int(os.environ.get("CONTACT_MESSAGES_PER_HOUR", "5"))

# Whom partners write to about the API (in its schema); an email address only if set.
API_CONTACT = {
    "name": os.environ.get("API_CONTACT_NAME", "PeerCities"),
    "url": os.environ.get("API_CONTACT_URL", f"{SITE_URL}/"),
}
if os.environ.get("API_CONTACT_EMAIL"):
    API_CONTACT["email"] = os.environ["API_CONTACT_EMAIL"]

SPECTACULAR_SETTINGS = {
    "TITLE": "PeerCities API",
    "DESCRIPTION": "City-to-city peer learning for decent work: cities, exchanges, roadmaps "
    "and good practices. Lists are paginated (`?page=`, `?page_size=` up to 100), ordered "
    "with `?ordering=` and searched with `?q=`; cities, events and practices also export "
    "every matching row with `?format=csv`, cities with `?format=geojson` and events with "
    "`?format=ics`. Authenticate with a session or with `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "LICENSE": {"name": DATA_LICENSE_NAME, "url": DATA_LICENSE_URL},
    "CONTACT": API_CONTACT,
    "SERVERS": [{"url": SITE_URL}],
    "SERVE_INCLUDE_SCHEMA": False,
    # What a client sends and what it gets back are different shapes (a city by its slug
    # in a write, as an object in the answer): one component each, `...Request` for bodies.
    "COMPONENT_SPLIT_REQUEST": True,
    # Tag and name operations by resource (`cities_list`), not by the version prefix.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a `kind` and a `status`: name each enum after its owner.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "cities.models.OrganizationKind",
        "PartnershipKindEnum": "cities.models.PartnershipKind",
        "PartnershipStatusEnum": "cities.models.PartnershipStatus",
        "EventKindEnum": "exchanges.models.EventKind",
        "EventStatusEnum": "exchanges.models.EventStatus",
        "ActionStatusEnum": "exchanges.models.ActionStatus",
        "PracticeStatusEnum": "practices.models.PracticeStatus",
        "ResultKindEnum": "practices.models.ResultKind",
        "TargetGroupEnum": "practices.models.TargetGroup",
        "SexEnum": "practices.models.Sex",
        "ParticipationRoleEnum": "exchanges.models.ParticipationRole",
        "RegistrantRoleEnum": "exchanges.models.RegistrantRole",
        "ReportStatusEnum": "exchanges.reporting.ReportStatus",
        "LearningNoteStatusEnum": "exchanges.models.LearningNoteStatus",
        "DatePrecisionEnum": "base.dates.DatePrecision",
        "AdoptionStageEnum": "practices.models.AdoptionStage",
        "AdoptionStageWriteEnum": "practices.api.adoption_writes.STAGE_CHOICES",
        "ChallengeStatusEnum": "matching.models.ChallengeStatus",
    },
}

# Behind a reverse proxy in production; every secure default turns on when DEBUG is off.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # The load balancer's health check speaks plain http to each host.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_HTTPONLY = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PeerCities <noreply@peercities.org>")
# The file-based email backend's folder (EMAIL_BACKEND=...filebased.EmailBackend).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")

# Webhooks (webhooks/http.py): how long a partner's server has to answer, and whether
# it may be on a private or loopback address (a developer's machine, the tests' server;
# never in production: the portal would call into its own network).
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "5"))
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
# Sending mail never waits longer than this on an SMTP server (the queue retries).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# PDF dossiers (exchanges/dossier_renders.py): how long a rendering is kept in the cache
# (a content change makes a new one anyway), and how many new renderings a client may ask.
DOSSIER_PDF_CACHE_SECONDS = int(os.environ.get("DOSSIER_PDF_CACHE_SECONDS", "86400"))
# How long the signed address printed on an attendance certificate verifies it.
CERTIFICATE_VERIFICATION_DAYS = int(os.environ.get("CERTIFICATE_VERIFICATION_DAYS", "3650"))
DOSSIER_RENDER_RATE = os.environ.get("DOSSIER_RENDER_RATE", "20/hour")

# The task queue (config/celery.py): Celery with Redis as its broker. Without a broker
# (`make run`, the tests) tasks run eagerly, in the process that queues them: their
# retries follow at once, and a task that fails for good is recorded, not raised into the
# request that queued it.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
# A task is acknowledged once it has run, not when a worker takes it: a worker that dies
# mid-task (killed, out of memory, host lost) leaves it to another. Tasks are therefore
# written to run twice safely.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One task at a time per worker process: a slow PDF does not hold mail taken in advance.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands an unacknowledged task to another worker after this many seconds. It must
# exceed the longest task and its retry countdowns (else a task still running, or
# waiting for its retry, runs twice): mail retries wait at most 10 minutes, a PDF
# renders in seconds. A task whose worker died runs again within this time.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900"))
}
# A task running longer is stopped (its worker process replaced), well within the
# visibility timeout, after which Redis would hand it to a second worker.
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Nobody reads task results: failures are recorded for staff (base.models.FailedTask).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# The daily jobs, run by `celery beat` (`make beat`, on one host only).
CELERY_BEAT_SCHEDULE = {
    "remind-stale-practices": {
        "task": "practices.tasks.remind_stale_practices",
        "schedule": crontab(hour=3, minute=15),
    },
    "remind-progress-reports": {
        "task": "exchanges.tasks.remind_progress_reports",
        "schedule": crontab(hour=7, minute=0),
    },
    "anonymize-registrations": {
        "task": "exchanges.tasks.anonymize_registrations",
        "schedule": crontab(hour=3, minute=30),
    },
    # A seat offered from the waiting list and not confirmed in time goes to the next
    # person waiting within a quarter of an hour of its deadline.
    "expire-seat-offers": {
        "task": "exchanges.tasks.expire_seat_offers",
        "schedule": crontab(minute="*/15"),
    },
    "forget-sent-emails": {
        "task": "base.tasks.forget_sent_emails",
        "schedule": crontab(hour=3, minute=45),
    },
    "forget-old-webhook-deliveries": {
        "task": "webhooks.tasks.forget_old_deliveries",
        "schedule": crontab(hour=3, minute=50),
    },
    "forget-old-follow-activities": {
        "task": "follows.tasks.forget_old_activities",
        "schedule": crontab(hour=3, minute=55),
    },
    "send-daily-digests": {
        "task": "follows.tasks.send_digests",
        "schedule": crontab(hour=6, minute=0),
        "kwargs": {"frequency": "daily"},
    },
    "send-weekly-digests": {
        "task": "follows.tasks.send_digests",
        "schedule": crontab(hour=6, minute=10, day_of_week="mon"),
        "kwargs": {"frequency": "weekly"},
    },
    "write-open-data-dumps": {
        "task": "portal.tasks.write_open_data_dumps",
        "schedule": crontab(hour=2, minute=30),
    },
}
