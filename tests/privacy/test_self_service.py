"""The data subject's rights through the follow link of their comment (issue 19, item 3): see what is
held, download it, correct the name and the address, erase them (as the officer's erase does for that
comment); every act audited without the person's data; a frozen report keeps its hash and shows the
erased row as "Người dân"."""

from __future__ import annotations

import json

import pytest

from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.drafting.models import Comment
from hoinhap.drafting.public_services import new_follow_token
from hoinhap.privacy import self_service

NAME, EMAIL = "Nguyễn Thị Lan", "lan.nguyen@example.vn"


@pytest.fixture
def followed(consultation):
    token, digest = new_follow_token()
    comment = Comment.objects.create(round=consultation, version=consultation.version, is_public=True,
                                     text="Đề nghị làm rõ khoản 1.", author_name=NAME, notify_email=EMAIL,
                                     receipt="GY-1-LANLAN", follow_token_hash=digest, privacy_notice="2026-11")
    other = Comment.objects.create(round=consultation, version=consultation.version, is_public=True,
                                   text="Ý kiến khác.", author_name="Trần Văn Bình")
    return token, comment, other


def _audit_text() -> str:
    return json.dumps(list(AuditEntry.objects.filter(action__startswith="privacy.").values("data", "target_repr")),
                      ensure_ascii=False)


def test_the_page_shows_what_is_held_and_the_download_is_audited(client, followed):
    token, comment, _ = followed
    follow = client.get(f"/du-thao/y-kien/theo-doi/{token}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"/du-thao/y-kien/theo-doi/{token}/du-lieu/" in follow
    page = client.get(f"/du-thao/y-kien/theo-doi/{token}/du-lieu/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "no-referrer"
    shown = page.content.decode()
    assert NAME in shown and EMAIL in shown and "Đề nghị làm rõ khoản 1." in shown and "Trần Văn Bình" not in shown
    download = client.get(f"/du-thao/y-kien/theo-doi/{token}/du-lieu/", {"format": "json"})
    held = json.loads(download.content)
    assert download["Content-Disposition"].startswith("attachment")
    assert (held["name"], held["notify_email"], held["receipt"], held["privacy_notice"]) == (NAME, EMAIL, "GY-1-LANLAN",
                                                                                            "2026-11")
    entry = AuditEntry.objects.get(action="privacy.personal_data.self_exported")
    assert entry.data == {"comment": comment.pk} and NAME not in _audit_text() and EMAIL not in _audit_text()


def test_a_wrong_token_finds_nothing(client, followed):
    assert client.get("/du-thao/y-kien/theo-doi/khong-dung/du-lieu/").status_code == 404
    erase = {"action": "erase", "confirm": "yes"}
    assert client.post("/du-thao/y-kien/theo-doi/khong-dung/du-lieu/", erase).status_code == 404
    with pytest.raises(NotFound):
        self_service.self_erase(token="khong-dung")
    assert Comment.objects.filter(author_name=NAME).exists()


def test_correction_of_the_name_and_the_address(client, followed):
    token, comment, other = followed
    response = client.post(f"/du-thao/y-kien/theo-doi/{token}/du-lieu/",
                           {"action": "correct", "name": "Nguyễn  Thị Lan Anh", "email": "lan.anh@example.vn"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.author_name, comment.notify_email) == ("Nguyễn Thị Lan Anh", "lan.anh@example.vn")
    entry = AuditEntry.objects.get(action="privacy.personal_data.corrected")
    assert entry.data == {"comment": comment.pk, "fields": ["author_name", "notify_email"]}
    assert "lan.anh" not in _audit_text()
    assert self_service.self_correct(token=token, name="Nguyễn Thị Lan Anh", email="lan.anh@example.vn") == []
    with pytest.raises(ValidationFailed):
        self_service.self_correct(token=token, name="Lan", email="khong-phai-dia-chi")
    assert self_service.self_correct(token=token, name="", email="") == ["author_name", "notify_email"]
    assert Comment.objects.get(pk=other.pk).author_name == "Trần Văn Bình"
    assert AuditEntry.objects.filter(action="privacy.personal_data.corrected").count() == 2


def test_erasure_needs_the_confirmation_and_keeps_the_opinion(client, people, followed):
    token, comment, other = followed
    comment.author = people["commenter"]
    comment.save()
    url = f"/du-thao/y-kien/theo-doi/{token}/du-lieu/"
    client.post(url, {"action": "erase"})
    assert Comment.objects.get(pk=comment.pk).author_name == NAME  # not without the box ticked
    client.post(url, {"action": "erase", "confirm": "yes"})
    comment.refresh_from_db()
    assert (comment.author_name, comment.notify_email, comment.author, comment.text) == ("", "", None,
                                                                                         "Đề nghị làm rõ khoản 1.")
    assert Comment.objects.get(pk=other.pk).author_name == "Trần Văn Bình"
    assert AuditEntry.objects.get(action="privacy.personal_data.self_erased").data == {"comment": comment.pk}
    assert client.get(url).status_code == 200  # the link still shows the (now unnamed) comment


def test_a_frozen_report_keeps_its_hash_and_shows_the_erased_row_unnamed(client, people, followed):
    from hoinhap.drafting.report_data import frozen_report
    from hoinhap.drafting.round_services import round_freeze

    token, comment, _ = followed
    round_ = round_freeze(actor=people["drafter"], round_=comment.round)
    recorded, snapshot = round_.report_sha256, json.dumps(round_.report_snapshot, ensure_ascii=False, sort_keys=True)
    assert NAME in {row.organisation for part in frozen_report(round_).parts for row in part.rows}
    self_service.self_erase(token=token)
    round_.refresh_from_db()
    assert round_.report_sha256 == recorded
    assert json.dumps(round_.report_snapshot, ensure_ascii=False, sort_keys=True) == snapshot  # the record as frozen
    names = [row.organisation for part in frozen_report(round_).parts for row in part.rows]
    assert NAME not in names and "Người dân" in names and "Trần Văn Bình" in names
    html = client.get(f"/du-thao/{round_.draft.slug}/bao-cao/dot-{round_.number}.html").content.decode()
    assert NAME not in html and "Trần Văn Bình" in html
