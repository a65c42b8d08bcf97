"""Log-in: Argon2 hashes, throttling of failed log-ins, session and CSRF settings, a strict CSP."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from hoinhap.core.models import User

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("ana", password="a-long-password-1")
    assert user.password.startswith("argon2$")


def test_production_hashers_start_with_argon2():
    from importlib import import_module

    production = import_module("hoinhap.config.settings")
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_in_and_five_failures_lock_the_account(client):
    User.objects.create_user("ana", password="a-long-password-1")
    ok = client.post("/dang-nhap/", {"username": "ana", "password": "a-long-password-1"})
    assert ok.status_code == 302 and "_auth_user_id" in client.session
    other = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert other.post("/dang-nhap/", {"username": "ana", "password": "wrong"}).status_code in (200, 429)
    locked = other.post("/dang-nhap/", {"username": "ana", "password": "a-long-password-1"})
    assert locked.status_code == 429 and "_auth_user_id" not in other.session
    assert Client().post("/dang-nhap/", {"username": "ana", "password": "a-long-password-1"},
                         REMOTE_ADDR="10.0.0.9").status_code == 302  # another address is not locked out


def test_csrf_is_enforced_on_forms():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/dang-nhap/", {"username": "x", "password": "y"}).status_code == 403


def test_every_page_carries_a_strict_content_security_policy(client):
    policy = client.get("/dang-nhap/")["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_session_cookie_settings():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.X_FRAME_OPTIONS == "DENY"


def test_only_the_standalone_html_report_may_use_inline_style(client, demo):
    page = client.get("/du-thao/nq-co-che-hoi-nhap/")
    report = client.get("/du-thao/nq-co-che-hoi-nhap/bao-cao/dot-1.html")
    assert "unsafe-inline" not in page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in report["Content-Security-Policy"]
    assert "script-src 'self'" in report["Content-Security-Policy"]


def test_the_api_docs_load_nothing_from_elsewhere_and_run_no_inline_script(client):
    import re

    page = client.get("/api/docs").content.decode()
    assert "http://" not in page and "https://" not in page  # no CDN
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attrs or "application/json" in attrs for attrs in scripts)
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
