"""One env-driven settings module. Every setting is listed in `.env.example`."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[1]  # src/joopas
PROJECT_DIR = BASE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("JOOPAS_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


DEV_SECRET_KEY = "joopas-dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY and not env_bool("JOOPAS_ALLOW_DEV_KEY", False):
    # The demo and tests set JOOPAS_ALLOW_DEV_KEY=1 (or DEBUG=1); production must bring its own key.
    raise ImproperlyConfigured("SECRET_KEY is the development key; set SECRET_KEY when DEBUG is off.")
if not DEBUG and SECRET_KEY != DEV_SECRET_KEY and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # The same bar as Django's security.W009, but refused rather than warned about outside the demo: sessions,
    # password-reset tokens and signed values are only as strong as this key.
    raise ImproperlyConfigured("SECRET_KEY is too weak: use at least 50 characters with at least 5 different "
                               "ones (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))').")
# Key of the pseudonymous actor reference in the audit log (core.audit.actor_ref). Set it once and keep it: the
# reference of one user stays the same across SECRET_KEY rotations only while this key stays.
AUDIT_PSEUDONYM_KEY = env("AUDIT_PSEUDONYM_KEY", SECRET_KEY)

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "joopas.core",
    "joopas.accounts",
    "joopas.organisations",
    "joopas.access",
    "joopas.catalogue",
    "joopas.networks",
    "joopas.exchange",
    "joopas.notifications",
    "joopas.rights",
    "joopas.registrations",
    "joopas.records",
    "joopas.applications",
    "joopas.site",
    "ninja",  # after joopas.site (its templates/ninja/swagger.html wins); self-hosted Swagger UI files
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "joopas.core.headers.SecurityHeadersMiddleware",  # Content-Security-Policy on every response
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "joopas.core.edge.EdgeMiddleware",  # input policy, JSON errors under /api/, 503 when the database is down
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "joopas.core.middleware.RequestIdMiddleware",
    "joopas.core.idempotency.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "joopas.config.urls"
WSGI_APPLICATION = "joopas.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joopas.site.context_processors.site",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'joopas.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work beside the one writer; IMMEDIATE takes the write lock up front so
        # two writers wait (busy timeout) instead of failing with "database is locked" mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Subprocess tests (worker, scheduler) need the test database on disk; one file per test process
    # so that concurrent test runs never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_joopas_{os.getpid()}.sqlite3")}
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql") and \
        (parallel := env("DB_PARALLEL_WORKERS_PER_QUERY", "0").strip()):
    # PostgreSQL: web requests are short and many at a time, so a parallel plan's worker start-up (~10 ms) costs
    # more than it saves and takes CPU from the other requests (the catalogue search ran 18 ms parallel, 5 ms
    # serial on 50 000 units). Reports that want parallel workers can SET LOCAL it themselves. Empty: send no
    # startup option (PgBouncer refuses unknown ones; set it with ALTER ROLE … SET instead). The option is added
    # to what DATABASE_URL's query string gives (sslmode=…, options=…).
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    db_options["options"] = f"{db_options.get('options', '')} -c max_parallel_workers_per_gather={int(parallel)}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

# --- Auth -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("JOOPAS_FAST_HASHER", False):  # tests only: argon2 per login would slow the suite
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:after_login"  # staff to their desk, others to the front page
LOGOUT_REDIRECT_URL = "site:home"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Lock per (account, IP): a stranger cannot lock the owner out, and an IP-wide lock would shut out a whole campus
# behind one NAT address. Spraying from one IP is refused by accounts.views.LoginView (LOGIN_IP_FAILURE_LIMIT).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 20)  # failed logins from one IP within the window
LOGIN_IP_WINDOW_SECONDS = env_int("LOGIN_IP_WINDOW_SECONDS", 900)
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 3600)
ACCESS_GRANT_MAX_MONTHS = env_int("ACCESS_GRANT_MAX_MONTHS", 12)  # R-ACC-2: longest grant, renewals included
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Security headers (docs/security.md) -----------------------------------------------------------------------
# Content-Security-Policy on every response (joopas.core.headers): our own origin only, no inline script or style.
# CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only instead (to try a change out first).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CSRF_COOKIE_HTTPONLY = True  # pages hand the token to htmx and Swagger UI in the markup; no script reads the cookie
# HTTPS outside the demo: SECURE_COOKIES=1 (the default when DEBUG=0) also turns on the redirect to https:// and
# HSTS; the demo and the tests run over plain http with SECURE_COOKIES=0. Health probes may use plain http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Entering the browsers' preload list is the registrable domain owner's decision (the service usually runs on a
    # subdomain of the institution's domain), so the header does not claim it unless SECURE_HSTS_PRELOAD=1.
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
# TLS ends at the reverse proxy, which must set (overwrite, never pass on) X-Forwarded-Proto; the web processes
# must be reachable only through it (docs/deploy.md "Reverse proxy and headers"). TRUST_X_FORWARDED_PROTO=0 leaves
# the scheme to gunicorn alone (FORWARDED_ALLOW_IPS).
SECURE_PROXY_SSL_HEADER = (("HTTP_X_FORWARDED_PROTO", "https")
                           if env_bool("TRUST_X_FORWARDED_PROTO", SESSION_COOKIE_SECURE) else None)

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "joopas_language"
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# WhiteNoise serves static files from the app folders directly, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Files people upload (JOO application attachments): outside the static files, given out only by views that check
# who reads (applications.views), never served by the web server directly.
PRIVATE_FILES_DIR = Path(env("PRIVATE_FILES_DIR", str(VAR_DIR / "private")))
# A request with uploads may be larger than the default 2.5 MB kept in memory before spooling to disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email ------------------------------------------------------------------
# Production sends through SMTP; with DEBUG (and in `joopas demo`, cli.py) mail goes to files in EMAIL_FILE_PATH, the
# demo's local mailbox (var/mail), one file per message.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend" if DEBUG
                    else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Joopas <noreply@joopas.invalid>")
# Who runs the service and where people write: shown in the privacy notices and the accessibility statement.
SERVICE_OPERATOR = env("SERVICE_OPERATOR", "")
SUPPORT_EMAIL = env("SUPPORT_EMAIL", "tuki@joopas.invalid")
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", SUPPORT_EMAIL)
ACCESSIBILITY_FEEDBACK_EMAIL = env("ACCESSIBILITY_FEEDBACK_EMAIL", SUPPORT_EMAIL)

# --- Notifications (notifications app; docs/development.md "Sending a notification") ---------------------------
# SMS goes through this backend class: the default only logs the message (logger joopas.notifications.sms);
# production points it at an SMS gateway's backend with `send(phone, text)`.
NOTIFICATIONS_SMS_BACKEND = env("NOTIFICATIONS_SMS_BACKEND", "joopas.notifications.sms.LogBackend")
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 6)

# --- Access rights -----------------------------------------------------------
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
ACCESS_APPLICATION_VALID_DAYS = env_int("ACCESS_APPLICATION_VALID_DAYS", 60)

# --- Background work --------------------------------------------------------
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 300)
JOBS_MAX_ATTEMPTS = env_int("JOBS_MAX_ATTEMPTS", 8)
JOBS_POLL_SECONDS = float(env("JOBS_POLL_SECONDS", "1.0"))

# Cache (catalogue search results): local memory per process by default; with several server processes
# set CACHE_URL=redis://host:6379/0 so that a catalogue write invalidates every process's results at once.
CACHE_URL = env("CACHE_URL")
CACHES = {"default": {"BACKEND": "joopas.core.cache.RedisCache", "LOCATION": CACHE_URL}
          if CACHE_URL.startswith(("redis://", "rediss://", "unix://")) else
          {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "joopas"}}
CATALOGUE_SEARCH_CACHE_SECONDS = env_int("CATALOGUE_SEARCH_CACHE_SECONDS", 30)
SCHEDULER_LEASE_SECONDS = env_int("SCHEDULER_LEASE_SECONDS", 30)
IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24)
RABBITMQ_URL = env("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")

# --- Institution exchange ---------------------------------------------------
EXCHANGE_PAYLOAD_RETENTION_DAYS = env_int("EXCHANGE_PAYLOAD_RETENTION_DAYS", 180)
EXCHANGE_RETRY_BASE_SECONDS = float(env("EXCHANGE_RETRY_BASE_SECONDS", "10"))
EXCHANGE_WEBHOOK_TIMEOUT = float(env("EXCHANGE_WEBHOOK_TIMEOUT", "10"))
EXCHANGE_WEBHOOK_BATCH = env_int("EXCHANGE_WEBHOOK_BATCH", 100)
EXCHANGE_WEBHOOK_ALLOW_HTTP = env_bool("EXCHANGE_WEBHOOK_ALLOW_HTTP", DEBUG)
# Webhook receivers must be public addresses on these ports (SSRF guard, docs/security.md); loopback (and then any
# port and http) only for the tests and the demo, whose receivers run on this machine.
EXCHANGE_WEBHOOK_ALLOW_LOOPBACK = env_bool("EXCHANGE_WEBHOOK_ALLOW_LOOPBACK", False)
EXCHANGE_WEBHOOK_PORTS = tuple(int(p) for p in env("EXCHANGE_WEBHOOK_PORTS", "443,8443").split(",") if p.strip())
EXCHANGE_WEBHOOK_SECRET_OVERLAP_HOURS = env_int("EXCHANGE_WEBHOOK_SECRET_OVERLAP_HOURS", 24)
# Key the webhook signing secrets are sealed with (derived with HKDF); defaults to SECRET_KEY.
EXCHANGE_SECRET_KEY = env("EXCHANGE_SECRET_KEY", SECRET_KEY)
EXCHANGE_QUEUE_PREFIX = env("EXCHANGE_QUEUE_PREFIX", "joopas.exchange.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
