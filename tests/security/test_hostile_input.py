"""Hostile and broken input over HTTP: a clear 4xx and nothing changed."""

from __future__ import annotations

import io
import zipfile

import pytest

from hoinhap.core.models import AuditEntry

from ..drafting.fixtures import V2

BOMB = (b"<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;'>"
        b"<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;'>]><akomaNtoso>&lol3;</akomaNtoso>")
XXE = b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]><akomaNtoso>&xxe;</akomaNtoso>"


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("bomb.xml", BOMB), ("xxe.xml", XXE), ("broken.xml", b"<akomaNtoso><act>"),
    ("bomb.docx", _zip("word/document.xml", b"\x00" * (30 * 1024 * 1024))),
    ("broken.docx", b"PK\x03\x04 not really"), ("empty.txt", b"   "), ("binary.txt", bytes(range(256)) * 40),
], ids=["xml-bomb", "external-entity", "malformed-xml", "zip-bomb", "broken-docx", "empty", "binary"])
def test_hostile_uploads_get_422_and_change_nothing(client, people, draft, name, data):
    client.force_login(people["drafter"])
    before = (draft.versions.count(), AuditEntry.objects.count())
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(f"/api/v1/drafts/{draft.slug}/versions", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 422, response.content[:200]
    assert response.json()["error"] == "unreadable"
    assert (draft.versions.count(), AuditEntry.objects.count()) == before


def test_a_good_upload_and_a_huge_one(client, people, draft, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["drafter"])
    ok = client.post(f"/api/v1/drafts/{draft.slug}/versions", {"file": SimpleUploadedFile("v2.txt", V2.encode())})
    assert ok.status_code == 201 and ok.json()["number"] == 2
    settings.HOINHAP_MAX_UPLOAD_BYTES = 1024
    huge = client.post(f"/api/v1/drafts/{draft.slug}/versions", {"file": SimpleUploadedFile("big.txt", b"x" * 5000)})
    assert huge.status_code == 413 and draft.versions.count() == 2


def test_windows_unicode_text_is_read_and_a_legacy_encoding_is_refused_with_advice(client, people, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoinhap.drafting.documents import version_document

    client.force_login(people["drafter"])
    url = f"/api/v1/drafts/{draft.slug}/versions"
    utf16 = client.post(url, {"file": SimpleUploadedFile("v2.txt", V2.encode("utf-16"))})
    assert utf16.status_code == 201
    assert len(version_document(draft.versions.get(number=2)).articles()) == 4
    latin = client.post(url, {"file": SimpleUploadedFile("v3.txt", b"Dieu 1. Pham vi, caf\xe9 (windows-1252)")})
    assert latin.status_code == 422 and "UTF-8" in latin.json()["message"]
    assert draft.versions.count() == 2


@pytest.mark.parametrize("url", ["/api/v1/tasks?as_of=2025-02-30", "/api/v1/partners/count?as_of=not-a-date",
                                 "/api/v1/tasks?limit=-1", "/api/v1/mechanisms/salary_support/evaluate?month=2025-13",
                                 "/api/v1/documents?year=abc", "/api/v1/search?q="])
def test_invalid_dates_and_numbers_are_4xx(client, demo, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("url", ["/api/v1/tasks?programme=%00", "/tim-kiem/?q=a%00b"])
def test_a_nul_character_is_refused_before_the_database_sees_it(client, url):
    assert client.get(url).status_code == 400


def test_a_nul_in_a_json_body_is_refused(client, org):
    client.force_login(org["secretariat"])
    body = '{"title": "x\\u0000", "lead": "BTP"}'
    assert client.post("/api/v1/programmes/x/tasks", body, content_type="application/json").status_code == 400
