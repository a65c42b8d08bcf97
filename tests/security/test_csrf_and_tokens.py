"""Issue 14, item 3: the session-authenticated API needs the CSRF token; machine clients use per-user
API tokens (hashed at rest, audited); anonymous public comments still need neither.

Django's test client skips CSRF checks unless asked, so every client here is
``Client(enforce_csrf_checks=True)``, as a browser on another site would be."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from django.test import Client

from hoinhap.core.models import ApiToken, AuditEntry
from hoinhap.core.services import token_create, token_revoke, user_deactivate
from hoinhap.drafting.models import Comment

EVIL = "https://evil.example"


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def _csrf_token(client: Client) -> str:
    """What a page of the site gives the browser: the csrftoken cookie (forms carry the same token)."""
    client.get("/dang-nhap/")
    return client.cookies["csrftoken"].value


def _comment_url(round_) -> str:  # noqa: ANN001
    return f"/api/v1/drafts/{round_.draft.slug}/rounds/{round_.number}/comments"


def _post(client: Client, url: str, payload: dict, **headers: str):  # noqa: ANN202
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


# --- Session cookies need the CSRF token ------------------------------------------------------------

@pytest.mark.parametrize("headers", [{}, {"HTTP_ORIGIN": EVIL}], ids=["no-token", "no-token-foreign-origin"])
def test_a_signed_in_organisations_comment_without_the_csrf_token_is_refused(browser, people, open_round, headers):
    browser.force_login(people["commenter"])
    before = AuditEntry.objects.count()
    response = _post(browser, _comment_url(open_round), {"text": "Góp ý giả mạo.", "organisation": "BCT"}, **headers)
    assert response.status_code == 403
    assert response.json()["error"] == "csrf_failed"
    assert "CSRF" in response.json()["message"]
    assert not Comment.objects.exists() and AuditEntry.objects.count() == before


def test_a_valid_token_from_a_foreign_origin_is_refused_too(browser, people, open_round):
    browser.force_login(people["commenter"])
    token = _csrf_token(browser)
    response = _post(browser, _comment_url(open_round), {"text": "Góp ý.", "organisation": "BCT"},
                     HTTP_X_CSRFTOKEN=token, HTTP_ORIGIN=EVIL)
    assert response.status_code == 403 and response.json()["error"] == "csrf_failed"
    assert not Comment.objects.exists()


def test_a_signed_in_organisations_comment_with_the_csrf_token_is_accepted(browser, people, open_round):
    browser.force_login(people["commenter"])
    token = _csrf_token(browser)
    response = _post(browser, _comment_url(open_round), {"text": "Góp ý thật.", "organisation": "BCT"},
                     HTTP_X_CSRFTOKEN=token, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 201, response.content
    assert Comment.objects.get().author == people["commenter"]


def test_the_secretariats_review_needs_the_csrf_token(browser, org, programme):
    from hoinhap.implementation import report_services

    task = programme.tasks.filter(lead=org["BTC"]).first()
    report = report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                           text="Đang thực hiện.", today=date(2025, 6, 1))
    url = f"/api/v1/reports/{report.pk}/review"
    browser.force_login(org["secretariat"])
    refused = _post(browser, url, {"accept": True}, HTTP_ORIGIN=EVIL)
    assert refused.status_code == 403 and refused.json()["error"] == "csrf_failed"
    report.refresh_from_db()
    assert report.review == "submitted"
    accepted = _post(browser, url, {"accept": True}, HTTP_X_CSRFTOKEN=_csrf_token(browser))
    assert accepted.status_code == 200, accepted.content
    report.refresh_from_db()
    assert report.review == "accepted"


def test_an_anonymous_public_comment_needs_no_token(browser, people, open_round):
    response = _post(browser, _comment_url(open_round), {"text": "Ý kiến của người dân.", "author_name": "Lan"})
    assert response.status_code == 201, response.content
    assert Comment.objects.get().author is None


def test_reads_need_no_csrf_token(browser, people, open_round):
    browser.force_login(people["commenter"])
    assert browser.get("/api/v1/drafts", HTTP_ORIGIN=EVIL).status_code == 200


def test_swagger_ui_sends_the_sessions_csrf_token(client):
    page = client.get("/api/docs").content.decode()
    assert 'data-api-csrf="true"' in page and 'data-csrf-token=""' not in page


# --- API tokens ----------------------------------------------------------------------------------------

def _bearer(plaintext: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_a_token_is_shown_once_and_stored_only_as_its_hash(people):
    token, plaintext = token_create(actor=people["commenter"], user=people["commenter"], name="máy chủ VCCI")
    assert plaintext.startswith("hn_") and len(plaintext) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert plaintext not in json.dumps([list(row) for row in ApiToken.objects.values_list()], default=str)
    assert stored.prefix == plaintext[:11]
    entry = AuditEntry.objects.get(action="core.token.created")
    assert entry.actor == people["commenter"] and entry.data["prefix"] == stored.prefix
    assert plaintext not in json.dumps(entry.data) and plaintext[11:] not in entry.target_repr


def test_a_bearer_token_writes_without_csrf_token_and_as_its_user(browser, people, open_round):
    _, plaintext = token_create(actor=people["commenter"], user=people["commenter"])
    response = _post(browser, _comment_url(open_round), {"text": "Gửi từ máy.", "organisation": "BCT"},
                     HTTP_ORIGIN=EVIL, **_bearer(plaintext))
    assert response.status_code == 201, response.content
    assert Comment.objects.get().author == people["commenter"]
    assert ApiToken.objects.get().last_used_at is not None


def test_with_both_a_session_and_a_token_the_token_decides(browser, people, open_round):
    _, outsider_token = token_create(actor=people["outsider"], user=people["outsider"])
    browser.force_login(people["commenter"])  # invited; the outsider's organisation is not
    refused = _post(browser, _comment_url(open_round), {"text": "Ai gửi?", "organisation": "BCT"},
                    **_bearer(outsider_token))
    assert refused.status_code == 403 and refused.json()["error"] != "csrf_failed"
    assert not Comment.objects.exists()
    _, commenter_token = token_create(actor=people["commenter"], user=people["commenter"])
    browser.force_login(people["outsider"])
    made = _post(browser, _comment_url(open_round), {"text": "Bộ Công Thương gửi.", "organisation": "BCT"},
                 **_bearer(commenter_token))
    assert made.status_code == 201 and Comment.objects.get().author == people["commenter"]


@pytest.mark.parametrize("how", ["wrong", "revoked", "deactivated", "not-bearer", "odd-bytes"])
def test_a_bad_token_is_401_and_changes_nothing(browser, people, open_round, how):
    from hoinhap.core.services import system_actor

    token, plaintext = token_create(actor=people["commenter"], user=people["commenter"])
    header = _bearer(plaintext)
    if how == "wrong":
        header = _bearer(plaintext[:-4] + "AAAA")
    elif how == "revoked":
        token_revoke(actor=people["commenter"], token=token)
    elif how == "deactivated":
        user_deactivate(actor=system_actor(), user=people["commenter"])
    elif how == "not-bearer":
        header = {"HTTP_AUTHORIZATION": f"Token {plaintext}"}
    else:  # NUL cannot even be sent to PostgreSQL: a 401, never a 500
        header = _bearer("hn_" + "\x00" * 40)
    before = AuditEntry.objects.count()
    response = _post(browser, _comment_url(open_round), {"text": "x", "organisation": "BCT"}, **header)
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert browser.get("/api/v1/drafts", **header).status_code == 401
    assert not Comment.objects.exists() and AuditEntry.objects.count() == before


def test_only_the_owner_or_an_administrator_manages_tokens(people):
    from hoinhap.core.errors import PermissionDenied
    from hoinhap.core.services import system_actor

    with pytest.raises(PermissionDenied):
        token_create(actor=people["outsider"], user=people["commenter"])
    token, _ = token_create(actor=system_actor(), user=people["commenter"])
    with pytest.raises(PermissionDenied):
        token_revoke(actor=people["outsider"], token=token)
    assert ApiToken.objects.get().revoked_at is None


# --- The account page ----------------------------------------------------------------------------------

def test_the_account_page_needs_a_sign_in(client):
    response = client.get("/tai-khoan/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_account_page_lists_roles_and_creates_a_token_shown_once(browser, people, open_round):
    browser.force_login(people["commenter"])
    page = browser.get("/tai-khoan/").content.decode()
    assert "Tài khoản của tôi" in page and "Cơ quan được lấy ý kiến" in page and "BCT" in page
    assert "Bạn chưa có khóa API nào." in page
    assert page.count("<h1>") == 1 and '<label for="id_name">' in page  # a heading, a labelled field
    assert 'aria-describedby="id_name_helptext"' in page
    refused = browser.post("/tai-khoan/", {"action": "create", "name": "không có mã CSRF"})
    assert refused.status_code == 403 and not ApiToken.objects.exists()
    created = browser.post("/tai-khoan/", {"action": "create", "name": "máy VCCI",
                                           "csrfmiddlewaretoken": _csrf_token(browser)})
    assert created.status_code == 200 and created["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    plaintext = created.context["plaintext"]
    assert plaintext and plaintext in created.content.decode() and token.name == "máy VCCI"
    again = browser.get("/tai-khoan/").content.decode()
    assert plaintext not in again and token.prefix in again
    response = _post(Client(enforce_csrf_checks=True), _comment_url(open_round),
                     {"text": "Qua khóa mới.", "organisation": "BCT"}, **_bearer(plaintext))
    assert response.status_code == 201


def test_the_account_page_revokes_only_ones_own_tokens(browser, people):
    own, _ = token_create(actor=people["commenter"], user=people["commenter"])
    other, _ = token_create(actor=people["outsider"], user=people["outsider"])
    browser.force_login(people["commenter"])
    csrf = _csrf_token(browser)
    foreign = browser.post("/tai-khoan/", {"action": "revoke", "token": other.pk, "csrfmiddlewaretoken": csrf})
    assert foreign.status_code == 404
    done = browser.post("/tai-khoan/", {"action": "revoke", "token": own.pk, "csrfmiddlewaretoken": csrf})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/"
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None and other.revoked_at is None
    entry = AuditEntry.objects.get(action="core.token.revoked")
    assert entry.actor == people["commenter"] and entry.target_id == str(own.pk)
    assert "Đã thu hồi khóa" in browser.get("/tai-khoan/").content.decode()


def test_the_footer_links_to_the_account_page(client, people):
    client.force_login(people["commenter"])
    assert 'href="/tai-khoan/"' in client.get("/").content.decode()
