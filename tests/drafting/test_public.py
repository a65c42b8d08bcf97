"""The public's side of a consultation: receipts and private follow links, the e-mail notice when a
comment is answered, closed rounds and late comments, consent, choosing the provision from a list,
the full text on one page, and moderation."""

from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import public_services
from hoinhap.drafting.models import Comment
from hoinhap.jobs.worker import run as run_worker

POINT_TEXT = """NGHỊ QUYẾT
VỀ THỬ NGHIỆM
Điều 1. Phạm vi
Nghị quyết này quy định việc thử nghiệm.
Điều 2. Hỗ trợ
1. Đối tượng được hỗ trợ gồm:
a) Doanh nghiệp nhỏ;
b) Hợp tác xã.
2. Mức hỗ trợ do Chính phủ quy định.
"""
POINT = "art_2__cl_1__pt_a"


def public(round_, text="Ý kiến của tôi.", **kw):
    return consult.comment_add(actor=None, round_=round_, text=text, author_name=kw.pop("author_name", "Nguyễn Văn A"),
                               **kw)


def test_each_comment_gets_a_unique_readable_receipt_and_a_hashed_token(open_round):
    first, second = public(open_round), public(open_round, "Ý kiến khác.")
    assert re.fullmatch(rf"GY-{open_round.pk}-[2-9A-HJKMNP-TV-Z]{{6}}", first.receipt)
    assert first.receipt != second.receipt
    token = first.follow_token
    stored = Comment.objects.get(pk=first.pk)
    assert stored.follow_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Comment.objects.filter(pk=first.pk).values().get())  # only the hash is kept
    assert public_services.follow_get(token) == stored


def test_the_confirmation_shows_the_receipt_and_the_private_link(client, open_round):
    url = f"/du-thao/{open_round.draft.slug}/v1/gop-y/"
    sent = client.post(url, {"eid": "chp_I__art_2__cl_1", "text": "Đề nghị làm rõ.", "author_name": "Trần B",
                             "consent": "on"}, follow=True)
    comment = Comment.objects.get()
    page = sent.content.decode()
    assert sent.status_code == 200 and comment.receipt in page
    link = re.search(r'href="(http://testserver/du-thao/y-kien/theo-doi/[^"/]+/)"', page).group(1)
    assert "Hãy giữ đường dẫn này" in page and sent["Referrer-Policy"] == "no-referrer"
    assert comment.eid == "chp_I__art_2__cl_1" and comment.consented_at is not None
    assert client.get(link).status_code == 200
    assert client.get("/du-thao/y-kien/da-gui/").status_code == 302  # shown once


def test_the_follow_page_shows_the_state_and_the_answer_and_a_wrong_token_is_404(client, people, open_round):
    comment = public(open_round, eid="chp_I__art_1")
    url = f"/du-thao/y-kien/theo-doi/{comment.follow_token}/"
    assert "Đã nhận, chưa được trả lời" in client.get(url).content.decode()
    consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="accepted",
                             explanation="Đã tiếp thu vào dự thảo lần 2.")
    page = client.get(url).content.decode()
    assert "Đã tiếp thu vào dự thảo lần 2." in page and "Điều 1" in page
    assert client.get("/du-thao/y-kien/theo-doi/khong-dung-ma-nay/").status_code == 404
    assert client.get(f"/du-thao/y-kien/theo-doi/{comment.follow_token}x/").status_code == 404
    assert client.get(f"/api/v1/comments/follow/{comment.follow_token}").json()["answer"]["disposition"] == "accepted"
    assert client.get("/api/v1/comments/follow/sai").status_code == 404


def test_an_answer_mails_the_follow_link_to_who_left_an_address(client, people, open_round, mailoutbox, settings):
    settings.HOINHAP_PUBLIC_URL = "https://hoinhap.example"
    silent = public(open_round, "Không để lại địa chỉ.")
    told = public(open_round, notify_email="dan@example.vn", consented=True)
    consult.comments_respond(actor=people["drafter"], comments=[silent, told], disposition="explained",
                             explanation="Giữ nguyên như dự thảo.")
    assert mailoutbox == []  # queued with the answer; the worker sends it
    run_worker(batch=True)
    notices = [m for m in mailoutbox if "đã được trả lời" in m.subject]  # (the round's invitations are mailed too)
    assert [m.to for m in notices] == [["dan@example.vn"]]
    link = re.search(r"https://hoinhap\.example(/du-thao/y-kien/theo-doi/\S+/)", notices[0].body).group(1)
    assert told.receipt in notices[0].subject
    assert "Giữ nguyên như dự thảo." in client.get(link).content.decode()
    assert "dan@example.vn" not in client.get(f"/du-thao/{open_round.draft.slug}/v1/toan-van/").content.decode()


def test_an_address_needs_consent_and_consent_is_recorded(open_round, settings):
    with pytest.raises(ValidationFailed):
        public(open_round, notify_email="dan@example.vn")
    with pytest.raises(ValidationFailed):
        public(open_round, notify_email="không phải địa chỉ", consented=True)
    settings.HOINHAP_PRIVACY_NOTICE = "2026-11-b"
    made = public(open_round, notify_email="dan@example.vn", consented=True)
    assert made.consented_at is not None and made.privacy_notice == "2026-11-b"
    assert public(open_round).consented_at is None  # no consent given: none recorded


def test_the_form_refuses_a_name_without_consent(client, open_round):
    response = client.post(f"/du-thao/{open_round.draft.slug}/v1/gop-y/", {"text": "Ý kiến.", "author_name": "C"})
    assert response.status_code == 200 and "Vui lòng đồng ý" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_closed_round_refuses_and_the_setting_flags_late(people, open_round, settings):
    after = open_round.deadline + timedelta(days=1)
    with pytest.raises(ValidationFailed, match="đã kết thúc"):
        public(open_round, today=after)
    with pytest.raises(ValidationFailed):  # an invited organisation too
        consult.comment_add(actor=people["commenter"], round_=open_round, text="Muộn.", organisation=people["moit"],
                            today=after)
    on_time = public(open_round, today=open_round.deadline)
    assert not on_time.is_late
    settings.HOINHAP_ACCEPT_LATE_COMMENTS = True
    late = public(open_round, "Gửi muộn.", today=after)
    assert late.is_late
    type(open_round).objects.filter(pk=open_round.pk).update(closed_at=timezone.now())
    with pytest.raises(ValidationFailed):  # closed by the committee: no late comment at all
        public(open_round, "Sau khi đóng.", today=open_round.opens_on)


def test_the_form_lists_every_provision_and_posts_the_eid_of_a_point(client, people, settings):
    from hoinhap.drafting import services

    draft = services.draft_create(actor=people["drafter"], slug="nq-thu", title="Nghị quyết thử",
                                  drafting_agency=people["mofa"])
    version = services.version_import(actor=people["drafter"], draft=draft, data=POINT_TEXT.encode(), filename="v1.txt")
    version = services.version_publish(actor=people["drafter"], version=version)
    today = date.today()
    consult.round_open(actor=people["drafter"], version=version, opens_on=today, deadline=today + timedelta(days=5),
                       public=True)
    form = client.get(f"/du-thao/nq-thu/v1/gop-y/?eid={POINT}").content.decode()
    assert f'<option value="{POINT}" selected>Điều 2, khoản 1, điểm a</option>' in form
    assert ">Điều 2, khoản 2</option>" in form and ">Toàn bộ dự thảo</option>" in form
    assert "Bạn góp ý về" in form and "Thông báo về dữ liệu cá nhân" in form
    client.post("/du-thao/nq-thu/v1/gop-y/", {"eid": POINT, "text": "Thêm hộ kinh doanh.", "author_name": "D",
                                               "consent": "on"})
    assert Comment.objects.get().eid == POINT
    page = client.get("/du-thao/nq-thu/v1/toan-van/").content.decode()
    assert f'id="{POINT}"' in page and f'href="#{"art_2"}"' in page
    assert f"/du-thao/nq-thu/v1/gop-y/?eid={POINT}" in page


def test_hiding_needs_the_committee_and_a_reason_and_is_audited(client, people, open_round):
    comment = public(open_round, "Lời lẽ xúc phạm.", eid="chp_I__art_1")
    consult.comments_respond(actor=people["drafter"], comments=[comment], disposition="out_of_scope",
                             explanation="Không thuộc phạm vi.")
    with pytest.raises(PermissionDenied):
        public_services.comment_hide(actor=people["commenter"], comment=comment, reason="Xúc phạm")
    with pytest.raises(ValidationFailed):
        public_services.comment_hide(actor=people["drafter"], comment=comment, reason="  ")
    public_services.comment_hide(actor=people["drafter"], comment=comment, reason="Ngôn từ xúc phạm")
    assert Comment.objects.filter(pk=comment.pk, hidden_at__isnull=False).exists()  # hidden, never deleted
    entry = AuditEntry.objects.get(action="drafting.comment.hidden")
    assert entry.target_id == str(comment.pk) and entry.data["reason"] == "Ngôn từ xúc phạm"
    page = client.get(f"/du-thao/{open_round.draft.slug}/v1/toan-van/").content.decode()
    assert "Ý kiến đã bị ẩn: Ngôn từ xúc phạm" in page and "Lời lẽ xúc phạm." not in page
    api = client.get(f"/api/v1/comments/follow/{comment.follow_token}").json()
    assert api["state"] == "hidden" and api["hidden_reason"] == "Ngôn từ xúc phạm"


def test_moderation_in_the_browser_and_the_api(client, people, open_round):
    comment = public(open_round, "Quảng cáo.")
    url = f"/du-thao/{open_round.draft.slug}/y-kien/{comment.pk}/an/"
    assert client.post(url, {"reason": "Quảng cáo"}).status_code == 403  # anonymous
    client.force_login(people["drafter"])
    assert client.post(url, {"reason": "Quảng cáo", "next": "https://evil.example/"})["Location"] == \
        f"/du-thao/{open_round.draft.slug}/"
    assert Comment.objects.get(pk=comment.pk).hidden_reason == "Quảng cáo"
    api = f"/api/v1/drafts/{open_round.draft.slug}/comments/{comment.pk}/unhide"
    assert client.post(api, {"reason": ""}, content_type="application/json").status_code == 400
    shown = client.post(api, {"reason": "Nhầm lẫn"}, content_type="application/json")
    assert shown.status_code == 200 and shown.json()["hidden"] is False
    assert AuditEntry.objects.filter(action="drafting.comment.unhidden", data__reason="Nhầm lẫn").exists()


def test_the_api_comment_returns_the_receipt_and_the_follow_url(client, open_round):
    made = client.post(f"/api/v1/drafts/{open_round.draft.slug}/comments",
                       {"text": "Ý kiến qua API.", "eid": "chp_I__art_1", "author_name": "E", "consent": True},
                       content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    comment = Comment.objects.get(pk=body["id"])
    assert body["receipt"] == comment.receipt and body["late"] is False
    assert client.get(body["follow_url"]).status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/comments/follow/{token}" in schema["paths"]
