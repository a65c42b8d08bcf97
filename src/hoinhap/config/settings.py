"""Settings, from the environment. ``HOINHAP_ENV`` is development (default), test or production;
production refuses to start without ``HOINHAP_SECRET_KEY`` and ``HOINHAP_ALLOWED_HOSTS``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("HOINHAP_ENV", "development")
DEBUG = os.environ.get("HOINHAP_DEBUG", "1" if ENV == "development" else "0") == "1"

SECRET_KEY = os.environ.get("HOINHAP_SECRET_KEY", "")
if not SECRET_KEY:
    if ENV == "production":
        raise ImproperlyConfigured("HOINHAP_SECRET_KEY must be set in production")
    SECRET_KEY = "development-only-insecure-key-never-used-in-production"

ALLOWED_HOSTS = [h for h in os.environ.get("HOINHAP_ALLOWED_HOSTS", "").split(",") if h]
if not ALLOWED_HOSTS:
    if ENV == "production":
        raise ImproperlyConfigured("HOINHAP_ALLOWED_HOSTS must be set in production")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

DEFAULT_DATABASE_URL = f"sqlite:///{Path.cwd() / 'hoinhap.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=60)}


def postgres_options(database: dict[str, Any]) -> dict[str, Any]:
    """PostgreSQL's JIT compiler costs ~250 ms a query whenever the planner's estimate is large, which
    the status-as-of-a-date queries' correlated sub-plans make it (measured in docs/performance.md);
    these queries run in 30-60 ms without it. HOINHAP_PG_JIT=on keeps it."""
    if database["ENGINE"].endswith("postgresql") and os.environ.get("HOINHAP_PG_JIT") != "on":
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return database


postgres_options(DATABASES["default"])
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"].get("NAME") not in ("", ":memory:"):
    # The embedded database under several threads: write-ahead log (readers never wait for a writer),
    # transactions that take the write lock when they begin (no deadlock on upgrade), a patient timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE",
         "timeout": 20})
# The search index is derived data kept beside the database: "hoinhap.sqlite3" → "hoinhap.search/".
_DB_NAME = str(DATABASES["default"].get("NAME") or "")
_DEFAULT_INDEX = (Path(_DB_NAME).with_suffix(".search") if DATABASES["default"]["ENGINE"].endswith("sqlite3")
                  and _DB_NAME not in ("", ":memory:") else Path.cwd() / "hoinhap-search")
SEARCH_INDEX_DIR = Path(os.environ.get("HOINHAP_SEARCH_INDEX", _DEFAULT_INDEX))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # so /api/docs serves Swagger UI from the package's own static files, not from a CDN
    "axes",
    "hoinhap.core",
    "hoinhap.corpus",
    "hoinhap.indicators",
    "hoinhap.drafting",
    "hoinhap.implementation",
    "hoinhap.web",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # the app's own CSS and scripts, without a separate server
    "hoinhap.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers the locked-out log-ins
]
ROOT_URLCONF = "hoinhap.config.urls"
WSGI_APPLICATION = "hoinhap.config.wsgi.application"
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
            ]
        },
    }
]

AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves the static files from the apps' folders; collectstatic is needed only when a
# front server should serve them (set HOINHAP_STATIC_ROOT then).
STATIC_ROOT = Path(os.environ["HOINHAP_STATIC_ROOT"]) if os.environ.get("HOINHAP_STATIC_ROOT") else None
MEDIA_ROOT = Path(os.environ.get("HOINHAP_MEDIA_ROOT", Path.cwd() / "media"))

# Sessions: HTTP-only, same-site, eight working hours, secure cookies and HSTS in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = ENV == "production"
SECURE_HSTS_SECONDS = 31536000 if ENV == "production" else 0
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: every script, style, font and image comes from this site; no
# inline script or style, no framing. The standalone HTML report relaxes style-src for itself only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
        "font-src": ["'self'"], "connect-src": ["'self'"], "frame-ancestors": ["'none'"], "form-action": ["'self'"],
        "base-uri": ["'none'"], "object-src": ["'none'"],
    },
}

# Failed log-ins: five in a row for a user name from one address lock it for 30 minutes (django-axes).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("HOINHAP_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked.html"

# Optional OpenID Connect for a ministry's identity provider: set the four variables to enable it.
OIDC_RP_CLIENT_ID = os.environ.get("HOINHAP_OIDC_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = os.environ["HOINHAP_OIDC_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["HOINHAP_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["HOINHAP_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["HOINHAP_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("HOINHAP_OIDC_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("HOINHAP_OIDC_SIGN_ALGO", "RS256")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("mozilla_django_oidc.auth.OIDCAuthenticationBackend")
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
HOINHAP_MAX_UPLOAD_BYTES = int(os.environ.get("HOINHAP_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))  # documents
EMAIL_BACKEND = os.environ.get("HOINHAP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:overview"
LOGOUT_REDIRECT_URL = "web:home"
DEFAULT_FROM_EMAIL = os.environ.get("HOINHAP_FROM_EMAIL", "hoinhap@localhost")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HOINHAP_LOG_LEVEL", "WARNING")},
}

WHITENOISE_USE_FINDERS = True  # serve from the apps' static folders; no collectstatic step to forget
