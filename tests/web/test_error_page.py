"""One handler for the pages' domain errors (``web/errors.py``): an uncaught error is the site's page
in the reader's language, with the error's message and status; Unauthenticated goes to the log-in page;
the API keeps its JSON."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext

from hoinhap.config import urls as site_urls
from hoinhap.core import errors

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# Each kind raised with a message the catalogue translates, as the services raise them.
RAISED = {
    "not-found": lambda: errors.NotFound(gettext("no draft %(slug)r") % {"slug": "khong-co"}),
    "forbidden": lambda: errors.PermissionDenied(gettext("Only the drafting committee may do this.")),
    "conflict": lambda: errors.Conflict(gettext("freeze the round's report before signing it")),
    "invalid": lambda: errors.ValidationFailed(gettext("Hiding a comment needs a reason.")),
    "unreadable": lambda: errors.UnreadableInput(gettext("The letter is larger than 20 MB.")),
    "limited": lambda: errors.RateLimited(gettext("Unknown action."), retry_after=42),
    "anonymous": lambda: errors.Unauthenticated("sign in"),
}


def _raising(request: HttpRequest, kind: str) -> HttpResponse:
    raise RAISED[kind]()


urlpatterns = [path("__loi__/<str:kind>/", _raising), *site_urls.urlpatterns]


@pytest.mark.parametrize(("kind", "status", "heading", "message"), [
    ("not-found", 404, "Không tìm thấy", "không có dự thảo &#x27;khong-co&#x27;"),
    ("forbidden", 403, "Không được phép", "Chỉ ban soạn thảo được làm việc này."),
    ("conflict", 409, "Hiện không thực hiện được", "chốt báo cáo của đợt lấy ý kiến trước khi ký"),
    ("invalid", 400, "Vui lòng kiểm tra thông tin đã nhập", "Cần ghi lý do khi ẩn ý kiến."),
    ("unreadable", 422, "Không đọc được tệp", "Công văn lớn hơn 20 MB."),
    ("limited", 429, "Quá nhiều yêu cầu", "Thao tác không hợp lệ."),
])
def test_each_kind_is_the_sites_page_with_its_status_in_vietnamese(client, kind, status, heading, message):
    page = client.get(f"/__loi__/{kind}/", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert page.status_code == status
    assert f"<h1>{heading}</h1>" in html and f'role="alert">{message}</p>' in html
    assert '<main id="main"' in html and "<nav" in html  # the site's layout
    assert page["Cache-Control"] == "no-store"
    assert page.get("Retry-After") == ("42" if kind == "limited" else None)


def test_in_english_on_request(client):
    page = client.get("/__loi__/not-found/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.content.decode()
    assert "no draft &#x27;khong-co&#x27;" in page.content.decode()


def test_signing_in_first_goes_to_the_log_in_page(client):
    page = client.get("/__loi__/anonymous/")
    assert page.status_code == 302 and page["Location"].startswith("/dang-nhap/?next=/__loi__/anonymous/")


def test_a_real_page_answers_a_missing_draft_with_the_error_page(client):
    page = client.get("/du-thao/khong-co/v1/toan-bo/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 404 and "không có dự thảo &#x27;khong-co&#x27;" in page.content.decode()
    assert '<main id="main"' in page.content.decode()


def test_a_hidden_version_is_not_found_and_a_forbidden_moderation_is_403(client, people, open_round):
    from hoinhap.drafting import consultation_services, services

    services.version_import(actor=people["drafter"], draft=open_round.draft, data="Điều 1. Thử\nNội dung.".encode(),
                            filename="v2.txt")  # version 2, unpublished: the public does not see it
    assert client.get("/du-thao/nq-hoi-nhap/v2/").status_code == 404
    comment = consultation_services.comment_add(actor=people["commenter"], round_=open_round, text="Góp ý.",
                                                organisation=people["moit"])
    client.force_login(people["outsider"])
    refused = client.post(f"/du-thao/nq-hoi-nhap/y-kien/{comment.pk}/an/", {"reason": "Lạc đề."},
                          HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 403 and '<main id="main"' in refused.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_the_api_keeps_its_json(client, org):
    client.force_login(org["btc"])
    answer = client.get("/api/v1/tasks/999999")
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"
