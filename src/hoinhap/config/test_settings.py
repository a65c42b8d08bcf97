"""Test settings: SQLite in memory by default, PostgreSQL when HOINHAP_TEST_DATABASE_URL is set."""

import os
from typing import Any

import dj_database_url

from hoinhap.config.settings import *  # noqa: F403

_url = os.environ.get("HOINHAP_TEST_DATABASE_URL")
_SQLITE: Any = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
DATABASES = {"default": postgres_options(dj_database_url.parse(_url)) if _url else _SQLITE}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production uses Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
