"""Issue 14, item 7: behind a TLS proxy HSTS is sent (HOINHAP_SECURE_PROXY_SSL_HEADER), the proxy's
public origin passes the CSRF check (HOINHAP_CSRF_TRUSTED_ORIGINS), and a database connection the server
killed (pg_terminate_backend, a restart) no longer turns the next request of that thread into a 500."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from wsgiref.util import setup_testing_defaults

import pytest
from django.test import Client, override_settings

PROXY = "HTTP_X_FORWARDED_PROTO,https"


def production_settings(**env: str) -> dict:
    """The settings module as production loads it, with ``env``: in a fresh interpreter, since
    settings are read from the environment once, at import."""
    code = ("import json; from hoinhap.config import settings as s; db = s.DATABASES['default']; print(json.dumps({"
            "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), 'trusted': s.CSRF_TRUSTED_ORIGINS, "
            "'hsts': s.SECURE_HSTS_SECONDS, 'max_age': db['CONN_MAX_AGE'], 'health': db['CONN_HEALTH_CHECKS']}))")
    base = {key: value for key, value in os.environ.items() if not key.startswith(("HOINHAP_", "DJANGO_"))}
    base.update(HOINHAP_ENV="production", HOINHAP_SECRET_KEY="s" * 50, HOINHAP_ALLOWED_HOSTS="hoinhap.example",
                DATABASE_URL="postgresql://hoinhap@db.example/hoinhap", **env)
    done = subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1])
    return json.loads(done.stdout)


def test_production_reads_the_proxy_header_trusted_origins_and_keeps_connections_healthy():
    plain = production_settings()
    assert plain["proxy"] is None and plain["trusted"] == [] and plain["hsts"] == 31536000
    assert plain["max_age"] == 60 and plain["health"] is True
    proxied = production_settings(HOINHAP_SECURE_PROXY_SSL_HEADER=PROXY,
                                  HOINHAP_CSRF_TRUSTED_ORIGINS="https://hoinhap.example, https://www.hoinhap.example")
    assert proxied["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxied["trusted"] == ["https://hoinhap.example", "https://www.hoinhap.example"]
    with pytest.raises(RuntimeError, match="HOINHAP_SECURE_PROXY_SSL_HEADER"):
        production_settings(HOINHAP_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")


def test_hsts_behind_a_tls_proxy(db, client):
    prod = production_settings(HOINHAP_SECURE_PROXY_SSL_HEADER=PROXY)
    with override_settings(SECURE_HSTS_SECONDS=prod["hsts"], SECURE_PROXY_SSL_HEADER=tuple(prod["proxy"])):
        assert client.get("/", HTTP_X_FORWARDED_PROTO="https")["Strict-Transport-Security"] == "max-age=31536000"
        assert "Strict-Transport-Security" not in client.get("/")  # plain HTTP never gets HSTS
    without = production_settings()
    with override_settings(SECURE_HSTS_SECONDS=without["hsts"], SECURE_PROXY_SSL_HEADER=without["proxy"]):
        # what production did before the setting: the proxy's HTTPS was invisible, so no HSTS at all
        assert "Strict-Transport-Security" not in client.get("/", HTTP_X_FORWARDED_PROTO="https")


def test_the_proxys_public_origin_passes_the_csrf_check_when_trusted(people, open_round):
    url = f"/api/v1/drafts/{open_round.draft.slug}/rounds/{open_round.number}/comments"
    browser = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https")
    browser.force_login(people["commenter"])
    browser.get("/dang-nhap/")
    headers = {"HTTP_X_CSRFTOKEN": browser.cookies["csrftoken"].value, "HTTP_ORIGIN": "https://hoinhap.example"}
    body = json.dumps({"text": "Qua máy chủ trung gian.", "organisation": "BCT"})
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        refused = browser.post(url, body, content_type="application/json", **headers)
        assert refused.status_code == 403  # the Host Django sees (testserver) is not the public name
        with override_settings(CSRF_TRUSTED_ORIGINS=["https://hoinhap.example"]):
            assert browser.post(url, body, content_type="application/json", **headers).status_code == 201


# --- A connection killed by the server ----------------------------------------------------------------

def _wsgi_get(handler, path: str) -> int:  # noqa: ANN001
    """One request through Django's WSGI handler, as a server thread makes it: unlike the test client,
    it sends request_started/finished with Django's connection housekeeping connected."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET"}
    setup_testing_defaults(environ)
    statuses: list[str] = []
    response = handler(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


def _terminate(connection, pid: int) -> None:  # noqa: ANN001
    """pg_terminate_backend from a second connection, then wait until the backend is gone."""
    killer = connection.get_new_connection(connection.get_connection_params())
    try:
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(100):
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(0.05)
    finally:
        killer.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("health_checks", "expected"), [("production", 200), ("off", 500)])
def test_the_next_request_after_pg_terminate_backend(health_checks, expected):
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL (HOINHAP_TEST_DATABASE_URL)")
    prod = production_settings()
    saved = {key: connection.settings_dict[key] for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.close()
    connection.settings_dict.update(CONN_MAX_AGE=prod["max_age"],
                                    CONN_HEALTH_CHECKS=prod["health"] if health_checks == "production" else False)
    try:
        handler = WSGIHandler()
        assert _wsgi_get(handler, "/api/v1/documents") == 200  # opens the thread's persistent connection
        _terminate(connection, connection.connection.info.backend_pid)
        assert _wsgi_get(handler, "/api/v1/documents") == expected  # "off" shows the test reproduces the 500
        assert _wsgi_get(handler, "/api/v1/documents") == 200
    finally:
        connection.close()
        connection.settings_dict.update(saved)
