"""Settings shared by every environment. Everything that differs between machines comes from environment
variables (HackSoft); SQLite is the embedded default so that the demo runs with nothing installed."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key only serves the demo and the tests; production settings refuse to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-demo-key-do-not-use-in-production-5b1f0c9e2d")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # First, so that its registration/ templates (login, password reset) win over the admin's.
    "moukawil.www",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "moukawil.core",
    "moukawil.territory",
    "moukawil.accounts",
    "moukawil.registry",
    "moukawil.certificates",
    "moukawil.rules",
    "moukawil.declarations",
    "moukawil.enterprises",
    "moukawil.programmes",
    "moukawil.privacy",
    "moukawil.infitah",
    "moukawil.indicators",
    "moukawil.conventions",
    "moukawil.demo",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "moukawil.caravans",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "moukawil.www.headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "moukawil.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "moukawil.accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Login protection (docs/security.md): attempts on one account or address take turns, django-axes last.
    "moukawil.accounts.login_guard.SerializedLoginMiddleware",
    "axes.middleware.AxesMiddleware",
    "moukawil.core.replica.ReplicaPinMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "moukawil.www.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "moukawil.www.forms.AccessibleFormRenderer"

# --- Database -------------------------------------------------------------------------------------------
# SQLite (default): WAL so that readers never wait for the writer, IMMEDIATE transactions so that two writers
# queue at BEGIN instead of failing half-way with "database is locked" (the numbering service relies on it).
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "moukawil.sqlite3"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)  # var/ does not exist on a fresh clone
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    else:
        config["OPTIONS"] = {**postgresql_options(), **config.get("OPTIONS", {})}
    return config


# PostgreSQL: parameters bound by the server, so that a statement's text is the same from one request to the next
# and psycopg prepares it after PREPARE_THRESHOLD runs on a connection (kept CONN_MAX_AGE seconds): the planner no
# longer plans the API's lists and the pages' queries at every request (1 to 3 ms each over the register's indexes,
# docs/benchmarks.md). DB_PREPARED_STATEMENTS=0 turns both off (a transaction-mode PgBouncer without
# max_prepared_statements).
def postgresql_options() -> dict:
    if not env_bool("DB_PREPARED_STATEMENTS", True):
        return {}
    return {"server_side_binding": True, "prepare_threshold": int(os.environ.get("DB_PREPARE_THRESHOLD", "2"))}


DATABASES = {"default": database_from_env()}
# An optional read replica of the primary (PostgreSQL streaming replication). Dashboards, figures and exports read
# from it (core.replica.reading_replica); every write and every other read goes to the primary.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(), conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["OPTIONS"] = {**postgresql_options(), **DATABASES["replica"].get("OPTIONS", {})}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["moukawil.core.replica.PrimaryReplicaRouter"]
# After a browser wrote, its requests read the primary for this many seconds (longer than the replica's lag).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts --------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = 60 * 60 * 8  # one working day

# --- Login protection (django-axes, docs/security.md) ------------------------------------------------------------
# Failures are kept in the database; after AXES_FAILURE_LIMIT failures an account, and separately an address, is
# refused for LOGIN_COOLOFF_MINUTES (the page says until when). Unlock earlier: `moukawil axes_reset_username
# EMAIL`, `moukawil axes_reset_ip ADDRESS`, or delete the attempt in the admin (« Tentatives d'accès »).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "moukawil.accounts.backends.UserBackend"]
# Two-factor login (TOTP) for chamber and agency officers and administrators (accounts.two_factor). On in
# production; off by default elsewhere so that the demo's accounts log in with their password alone.
MOUKAWIL_REQUIRE_2FA = env_bool("MOUKAWIL_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Moukawil"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "moukawil.accounts.login_guard.attempt_username"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the unlock time shown stays true
AXES_LOCKOUT_CALLABLE = "moukawil.accounts.login_guard.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# --- Security headers (docs/security.md) ---------------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only — no inline script,
# no on*= attribute, no style= attribute (JavaScript in moukawil/www/static/, styles in moukawil.css). Bootstrap's
# stylesheet draws its icons (select arrows, checks) as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Request rates (core.throttling): count/period, period s, m, h or d.
THROTTLE_RATES = {
    "api_account": os.environ.get("THROTTLE_API_ACCOUNT", "1200/m"),
    "api_anonymous": os.environ.get("THROTTLE_API_ANONYMOUS", "120/m"),
    "verification": os.environ.get("THROTTLE_VERIFICATION", "20/m"),
}
# The cache the rates are counted in: CACHES under « Sessions and cache » below (CACHE_URL=redis://… shares them).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# --- Sessions and cache ----------------------------------------------------------------------------------
# Every web process of every machine must see the same sessions and cache: sessions live in the database (the
# primary); the cache is per process unless CACHE_URL names a shared one — redis://host:6379/1 (sessions are then
# read through it: cached_db) or "database" (a table, `moukawil createcachetable`).
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
elif CACHE_URL == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "moukawil_cache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Internationalisation --------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("ar", _("العربية"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "moukawil_language"
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Front-end packages come from npm at build time (`npm ci`) and are served straight from node_modules.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / package / "dist")
    for name, package in (("bootstrap", "bootstrap"), ("htmx", "htmx.org"), ("chartjs", "chart.js"), ("jsqr", "jsqr"))
    if (NODE_MODULES / package / "dist").is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files (import files). Never served publicly: imports are read by the application only.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# --- Background tasks (core.tasks) -------------------------------------------------------------------------------
# Long work (imports, reminders, recomputation) runs in `moukawil worker`, never in the web process. The queue is
# the database by default (SQLite or PostgreSQL, nothing to install); TASKS_BACKEND=rq puts it in Redis (REDIS_URL)
# for many worker machines; "immediate" runs each task at once in the calling process (tests).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_BACKENDS = {
    "database": "django_tasks_db.backend.DatabaseBackend",
    "rq": "django_tasks_rq.backend.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600}}
# A task that fails on an unexpected error (not a business refusal) is tried again, this many times in all.
TASKS_MAX_ATTEMPTS = int(os.environ.get("TASKS_MAX_ATTEMPTS", "3"))
# A running job whose worker gave no sign of life for this long is taken back by the next worker that starts
# (a worker killed on the same machine is seen at once: its process is gone).
TASKS_STALE_AFTER = int(os.environ.get("TASKS_STALE_AFTER", str(6 * 3600)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest file each kind of upload takes, in bytes (refused by the form, the API and the service alike).
UPLOAD_MAX_BYTES = {
    "default": int(os.environ.get("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024))),
    "registry.import": int(os.environ.get("UPLOAD_MAX_BYTES_REGISTRY_IMPORT", str(100 * 1024 * 1024))),
    "enterprises.import": int(os.environ.get("UPLOAD_MAX_BYTES_ENTERPRISES_IMPORT", str(20 * 1024 * 1024))),
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ----------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Moukawil <no-reply@moukawil.ma>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))

# --- Certificates ------------------------------------------------------------------------------------------
# Ed25519 seed (base64) that signs certificates' QR codes. Without it, a key is generated into
# CERTIFICATE_KEY_PATH when CERTIFICATE_KEY_AUTOCREATE is on (demo, tests); production requires the variable.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_KEY_PATH = os.environ.get("CERTIFICATE_KEY_PATH", str(BASE_DIR / "var" / "certificate-signing.key"))
CERTIFICATE_KEY_AUTOCREATE = env_bool("CERTIFICATE_KEY_AUTOCREATE", True)

# --- API -------------------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # fpdf2's font subsetting logs every glyph at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
