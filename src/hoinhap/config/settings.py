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


def postgres_options(database: Any) -> Any:  # noqa: ANN401 - a DBConfig, or the dict of one
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
    "hoinhap.steering",  # the Steering Committee's meeting cycle (issue 18)
    "hoinhap.web",
    "hoinhap.throttle",  # rate limits on public writes, counted in the database
    "hoinhap.privacy",  # the data subject's rights and retention (docs/privacy.md)
    "hoinhap.notices",  # what concerns a person: the inbox on "Việc của tôi" and e-mail (issue 17)
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # the app's own CSS and scripts, without a separate server
    "hoinhap.core.middleware.BodySizeLimitMiddleware",  # 413 before an oversized body is read
    "hoinhap.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hoinhap.api.auth.ApiAuthMiddleware",  # API: bearer tokens, or the session's CSRF token on writes
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hoinhap.web.errors.DomainErrorMiddleware",  # a page's uncaught domain error as the site's error page
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
                "hoinhap.web.context.unread_notices",
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

# Read policy (helper D, issue 14 item 4; docs/security.md "What is public").
# "0" hides the overview's aggregate task counts (by bucket, overdue by lead agency) and the programmes'
# counts from anonymous readers; signed-in readers always see them.
HOINHAP_PUBLIC_TASK_COUNTS = os.environ.get("HOINHAP_PUBLIC_TASK_COUNTS", "1") == "1"
# "1": a signed-in user without a secretariat, administrator, analyst or staff role reads only the tasks
# its organisations lead or coordinate; off (default): every signed-in user reads every task.
HOINHAP_TASKS_ORG_SCOPED = os.environ.get("HOINHAP_TASKS_ORG_SCOPED", "0") == "1"

# Accounts, proxies and connections (helper C, issue 14 items 3 and 7; docs/security.md).
# Behind a TLS-terminating proxy, the header and value that mark the original request as HTTPS, e.g.
# "HTTP_X_FORWARDED_PROTO,https": then request.is_secure() is true, so HSTS and secure redirects apply.
# Set it only when the proxy always sets (or strips) that header; empty (default): not behind a proxy.
_PROXY_SSL = [part.strip() for part in os.environ.get("HOINHAP_SECURE_PROXY_SSL_HEADER", "").split(",") if part.strip()]
if _PROXY_SSL:
    if len(_PROXY_SSL) != 2:
        raise ImproperlyConfigured("HOINHAP_SECURE_PROXY_SSL_HEADER is 'HEADER,value', e.g. HTTP_X_FORWARDED_PROTO,https")
    SECURE_PROXY_SSL_HEADER = (_PROXY_SSL[0], _PROXY_SSL[1])
# Comma-separated origins (scheme and host, e.g. "https://hoinhap.gov.vn") whose unsafe requests pass
# the CSRF Origin check when the proxy's public name differs from the Host Django sees. Default: none.
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("HOINHAP_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# A persistent connection (conn_max_age above) that the server closed (a restart, pg_terminate_backend,
# an idle timeout) is checked before a request reuses it and replaced if dead, instead of failing it
# with a 500. HOINHAP_CONN_HEALTH_CHECKS=0 turns the check (one trivial query per request) off.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = os.environ.get("HOINHAP_CONN_HEALTH_CHECKS", "1") == "1"

# PDF in (helper H, issue 15 item 3; docs/parser.md "PDF"). A PDF with more pages is refused (422, nothing stored).
HOINHAP_PDF_MAX_PAGES = int(os.environ.get("HOINHAP_PDF_MAX_PAGES", "1000"))
# A scanned page whose OCR mean word confidence (0-100) is below this gets an import warning.
HOINHAP_OCR_MIN_CONFIDENCE = float(os.environ.get("HOINHAP_OCR_MIN_CONFIDENCE", "80"))
# Seconds Tesseract may spend on one page before the file is refused.
HOINHAP_OCR_TIMEOUT = float(os.environ.get("HOINHAP_OCR_TIMEOUT", "120"))

# Background jobs (issue 14 item 6): django-tasks with its database backend, so a job commits (or
# rolls back) with the data that asked for it; no broker. `hoinhap worker` runs them.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "hoinhap.jobs"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail", "reports"]}}
# Reports with at most this many rows are rendered during the request; larger ones go to the queue
# and answer 202 with a job URL. 2,000 comments render in 0.2-0.6 s (docs/performance.md).
HOINHAP_REPORT_INLINE_ROWS = int(os.environ.get("HOINHAP_REPORT_INLINE_ROWS", "2000"))
# A mail that fails is tried again this many times in all, after 1, 2, 4, … times the backoff.
HOINHAP_MAIL_ATTEMPTS = int(os.environ.get("HOINHAP_MAIL_ATTEMPTS", "5"))
HOINHAP_MAIL_BACKOFF_SECONDS = float(os.environ.get("HOINHAP_MAIL_BACKOFF_SECONDS", "60"))
# `hoinhap serve` runs a worker thread too ("1"), so one machine needs nothing more; set "0" where
# `hoinhap worker` runs as its own service.
HOINHAP_SERVE_WORKER = os.environ.get("HOINHAP_SERVE_WORKER", "1") == "1"

# Limits on what people send (helper A, issue 14 item 1; docs/security.md "Limits"). core/limits.py reads them.
# Characters of a free text: comment, proposed wording, quote, explanation, task report, reason (over: 422 too_long).
HOINHAP_MAX_TEXT_CHARS = int(os.environ.get("HOINHAP_MAX_TEXT_CHARS", "20000"))
# Characters of one provision's text in the editor (the longest node of the shared corpus has 44,144).
HOINHAP_MAX_PROVISION_CHARS = int(os.environ.get("HOINHAP_MAX_PROVISION_CHARS", "100000"))
# Bytes of a request body that is not a file upload (JSON, form): larger ones get 413 before they are read. The
# default holds the largest field percent-encoded (up to 9 bytes a character) with room to spare.
HOINHAP_MAX_BODY_BYTES = int(os.environ.get("HOINHAP_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
# Rate limits on anonymous and public writes (comments), as COUNT/SECONDS, counted in the database (throttle app):
# per client address for anonymous writers, per account for signed-in ones, per account for "intake" accounts.
HOINHAP_RATE_LIMITS = os.environ.get("HOINHAP_RATE_LIMITS", "on")  # "off" turns them off
HOINHAP_RATE_ANONYMOUS = os.environ.get("HOINHAP_RATE_ANONYMOUS", "20/600")
HOINHAP_RATE_ACCOUNT = os.environ.get("HOINHAP_RATE_ACCOUNT", "60/600")
# All signed-in (not intake) accounts writing from one client address, together.
HOINHAP_RATE_ACCOUNT_ADDRESS = os.environ.get("HOINHAP_RATE_ACCOUNT_ADDRESS", "300/600")
HOINHAP_RATE_INTAKE = os.environ.get("HOINHAP_RATE_INTAKE", "600/600")
# Reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed for the client's address.
HOINHAP_TRUSTED_PROXIES = os.environ.get("HOINHAP_TRUSTED_PROXIES", "")
# The form fields of a multipart request (not its files) are held to the same bound (Django's own setting).
DATA_UPLOAD_MAX_MEMORY_SIZE = HOINHAP_MAX_BODY_BYTES

# The search index kept by an outbox (helper E, issue 14 item 5; corpus/indexer.py, docs/architecture.md).
# "1": a process applies the outbox to its own index right after each corpus write commits. For tests and
# one-off scripts only: servers leave it off (their indexer thread, or `hoinhap indexer`, applies it).
HOINHAP_INDEX_IN_PROCESS = os.environ.get("HOINHAP_INDEX_IN_PROCESS", "0") == "1"
# Applied outbox rows older than this are deleted; an index folder that has not caught up for as long is rebuilt.
HOINHAP_OUTBOX_RETENTION_DAYS = float(os.environ.get("HOINHAP_OUTBOX_RETENTION_DAYS", "7"))
# How long an indexer keeps looking for an outbox id it skipped (a transaction that committed late, on PostgreSQL).
HOINHAP_OUTBOX_GAP_SECONDS = float(os.environ.get("HOINHAP_OUTBOX_GAP_SECONDS", "600"))
# The indexer's poll interval (on PostgreSQL it also wakes on NOTIFY hoinhap_outbox).
HOINHAP_INDEXER_POLL_SECONDS = float(os.environ.get("HOINHAP_INDEXER_POLL_SECONDS", "5"))
# `hoinhap restore` refuses an archive whose members add up to more than this many bytes (20 GiB) ...
HOINHAP_RESTORE_MAX_BYTES = int(os.environ.get("HOINHAP_RESTORE_MAX_BYTES", str(20 * 1024**3)))
# ... or to more than this many times the archive's own size (a gzip bomb; real backups expand 5-20 times).
HOINHAP_RESTORE_MAX_RATIO = float(os.environ.get("HOINHAP_RESTORE_MAX_RATIO", "200"))
# A comment sent after a round's deadline (the round not closed by hand nor frozen) is refused ("0", the default:
# the deadline is the one announced), or, with "1", accepted and flagged late for the report (drafting/round_services.py).
HOINHAP_ACCEPT_LATE_COMMENTS = os.environ.get("HOINHAP_ACCEPT_LATE_COMMENTS", "0") == "1"

# Retention of personal data (docs/privacy.md): a commenter's e-mail address (kept only to tell them
# their comment was answered) goes this many days after the round's deadline; a citizen's name this many.
HOINHAP_RETENTION_CONTACT_DAYS = int(os.environ.get("HOINHAP_RETENTION_CONTACT_DAYS", "365"))
HOINHAP_RETENTION_NAME_DAYS = int(os.environ.get("HOINHAP_RETENTION_NAME_DAYS", str(5 * 365)))
# The version of the privacy notice shown on the forms that take personal data; recorded with each consent.
HOINHAP_PRIVACY_NOTICE = os.environ.get("HOINHAP_PRIVACY_NOTICE", "2026-11")
# The site's public address, for absolute links in e-mails (the follow link of a comment); empty: paths only.
HOINHAP_PUBLIC_URL = os.environ.get("HOINHAP_PUBLIC_URL", "")
