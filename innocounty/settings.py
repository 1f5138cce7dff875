"""Settings for innocounty, driven by environment variables (see .env.example).

Production differs from development only by environment. Nothing here reads a secret from the
repository: SECRET_KEY comes from the environment or, on a single machine, from a file created
once under DATA_DIR.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the embedded database, uploaded evidence and the generated secret key live.
DATA_DIR = Path(os.environ.get("DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = envbool("DEBUG", "0")


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    # A single-machine install keeps a generated key beside its data, so sessions survive
    # restarts and every worker process shares it; several servers must set SECRET_KEY.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "innocounty.web",
    "innocounty.plans",
    "innocounty.reporting",
    "innocounty.monitor",
    "innocounty.bulletins",
    "innocounty.audit",
    "innocounty.ops",
    "innocounty.accounts",
    "innocounty.supervision",
    "innocounty.acceptance",
    "innocounty.api",
    "innocounty.province",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "template_partials",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "innocounty.web.faults.FaultMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "innocounty.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "innocounty.urls"
WSGI_APPLICATION = "innocounty.wsgi.application"

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
                "innocounty.web.context_processors.navigation",
                "innocounty.supervision.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'innocounty.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets readers go on while one unit saves; the timeout waits out a short write lock.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # A transaction takes the write lock when it begins (BEGIN IMMEDIATE): upgrading a read
    # to a write later fails at once with "database is locked" when another worker wrote.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"].setdefault("TEST", {"NAME": ""})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保 2.0: at least three of capitals, small letters, digits, symbols (MinimumLength: 8).
    {"NAME": "innocounty.accounts.validators.CharacterClassesValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# WhiteNoise expects the folder even before the first collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Served by WhiteNoise straight from the package when collectstatic has not been run.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "0")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- security (ops) ---
# Production differs only by environment; with the variables below set as docs/zh/运维指南.md
# shows, `innocounty check --deploy` reports no warning.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# SESSION_COOKIE_AGE counts from the login: saving the session on every request to make it
# an idle timeout would cost a write per page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# HTTPS: seconds browsers must use HTTPS only (0: no HSTS header); include subdomains and
# allow preloading unless turned off.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0")
SECURE_REFERRER_POLICY = "same-origin"


def _proxy_ssl_header(name: str) -> tuple[str, str] | None:
    # "X-Forwarded-Proto" (as nginx sends it) → ("HTTP_X_FORWARDED_PROTO", "https").
    if not name:
        return None
    return ("HTTP_" + name.upper().replace("-", "_").removeprefix("HTTP_"), "https")


# Behind nginx: the header that says the original request was HTTPS. Set only when the proxy
# always sets (or strips) it, otherwise a client could claim HTTPS.
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip())
# Behind a proxy the client address comes from the last X-Forwarded-For entry, which the
# proxy itself appended; without a proxy the header is ignored, as any client could forge it.
USE_X_FORWARDED_FOR = envbool("USE_X_FORWARDED_FOR", "0")
# Login throttling: this many failed logins within LOGIN_LOCKOUT_SECONDS lock the account;
# LOGIN_MAX_FAILURES_PER_ADDRESS (higher: one office may share an address) lock the address.
LOGIN_MAX_FAILURES = envint("LOGIN_MAX_FAILURES", "5")
LOGIN_MAX_FAILURES_PER_ADDRESS = envint("LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
LOGIN_LOCKOUT_SECONDS = envint("LOGIN_LOCKOUT_SECONDS", "900")
# Audit log retention in days (等保 2.0: at least 180); `innocounty purge-audit` deletes older.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", "365")

# --- reminders (innocounty remind): e-mail is sent only when EMAIL_HOST is set ---
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "innocounty@localhost")
# Group-robot webhook (企业微信/钉钉): POST {"msgtype": "text", "text": {"content": ...}}.
NOTIFY_WEBHOOK_URL = os.environ.get("NOTIFY_WEBHOOK_URL", "").strip()
# Idle sessions: signed out after this many seconds without a request (0: never), on top of
# SESSION_COOKIE_AGE, which counts from the login. Exact to within a minute.
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", "1800")
# Every page is served with this policy: scripts, styles, fonts and images from the site only;
# no inline script. Style attributes stay allowed (charts and progress bars size themselves with
# them); <style> elements do not.
CONTENT_SECURITY_POLICY = os.environ.get("CONTENT_SECURITY_POLICY", "").strip() or (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Headers after the session (every page, fault pages too); the idle check before the login
# check (see innocounty/ops/middleware.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "innocounty.ops.middleware.SecurityHeadersMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.LoginRequiredMiddleware"),
    "innocounty.ops.middleware.IdleSessionMiddleware",
)
# Key of the HMAC that signs backups (innocounty/ops/backup.py); SECRET_KEY when unset. A
# restore on another server needs the same key, or --trust-unsigned.
BACKUP_SIGNING_KEY = os.environ.get("BACKUP_SIGNING_KEY", "").strip() or SECRET_KEY

# --- API (/api/v1/, innocounty/api) ---
# Tokens only (`innocounty create-token USERNAME`; header `Authorization: Token <token>`), JSON
# only (no browsable pages: they would need inline scripts the CSP forbids), throttled per
# person; the per-address rate is for endpoints open without a token (none today: DRF
# refuses a request without a valid token, 401, before it counts). The counts live in the
# cache (per process with the default local-memory cache).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "").strip() or "30/minute",
        "user": os.environ.get("API_THROTTLE_USER", "").strip() or "600/minute",
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": 1 if USE_X_FORWARDED_FOR else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "innocounty API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
