"""The drafting committee's pages through the Django test client: create a draft, upload a .docx and a
.txt, copy, edit at any depth, insert/delete/move, publish (renumbering), close a stage, adopt; and
what a user outside the committee sees (no forms) and gets (403 on every POST)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument

from hoinhap.core.models import AuditEntry
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Draft, Version
from tests.legal.pdfs import digital_pdf, needs_font

from .fixtures import V1, V2

pytestmark = pytest.mark.django_db
BASE = "/du-thao/nq-hoi-nhap"


def _docx(text: str) -> bytes:
    document = WordDocument()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _doc(version: Version):  # noqa: ANN202 - the version as stored now (pages change it behind the test's back)
    return version_document(Version.objects.get(pk=version.pk))


def _messages(response) -> list[str]:  # noqa: ANN001
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def committee(client, people):  # noqa: ANN001, ANN201
    client.force_login(people["drafter"])
    return client


def test_create_a_draft_then_upload_docx_and_txt_then_copy(committee, people):
    page = committee.get("/du-thao/")
    assert "/du-thao/moi/" in page.content.decode()
    form = committee.get("/du-thao/moi/")
    assert form.status_code == 200 and "Bộ Ngoại giao" in form.content.decode()
    created = committee.post("/du-thao/moi/", {"title": "Nghị quyết về cơ chế hội nhập", "slug": "nq-hoi-nhap",
                                               "doc_type": "Nghị quyết", "drafting_agency": people["mofa"].pk,
                                               "stage_scheme": "na_resolution"}, follow=True)
    assert created.redirect_chain[-1][0] == f"{BASE}/phien-ban-moi/"
    assert "Đã tạo dự thảo" in " ".join(_messages(created))
    draft = Draft.objects.get(slug="nq-hoi-nhap")
    assert draft.drafting_agency == people["mofa"] and draft.stages.count() == 9
    again = committee.post("/du-thao/moi/", {"title": "Khác", "slug": "nq-hoi-nhap", "doc_type": "Nghị quyết",
                                             "drafting_agency": people["mofa"].pk, "stage_scheme": "na_resolution"})
    assert again.status_code == 409 and "nq-hoi-nhap" in again.content.decode()

    upload_page = committee.get(f"{BASE}/phien-ban-moi/").content.decode()
    assert 'type="file"' in upload_page and 'name="copy"' not in upload_page  # nothing to copy yet
    docx = committee.post(f"{BASE}/phien-ban-moi/", {"file": SimpleUploadedFile("v1.docx", _docx(V1))}, follow=True)
    assert docx.redirect_chain[-1][0] == f"{BASE}/v1/"
    assert "Phiên bản 1" in " ".join(_messages(docx))
    assert [a.num for a in version_document(draft.versions.get(number=1)).articles()] == ["1", "2", "3", "4"]
    txt = committee.post(f"{BASE}/phien-ban-moi/", {"file": SimpleUploadedFile("v2.txt", V2.encode())})
    assert txt.status_code == 302 and draft.versions.get(number=2).source_format == "txt"
    copied = committee.post(f"{BASE}/phien-ban-moi/", {"copy": "1"}, follow=True)
    assert copied.redirect_chain[-1][0] == f"{BASE}/v3/"
    assert draft.versions.get(number=3).source_format == "copy"


def test_an_unreadable_upload_is_a_vietnamese_error_on_the_form(committee, draft):
    response = committee.post(f"{BASE}/phien-ban-moi/", {"file": SimpleUploadedFile("v.docx", b"PK\x03\x04broken")})
    assert response.status_code == 422
    assert "Không đọc được tệp" in response.content.decode()
    assert draft.versions.count() == 1


def test_edit_an_article_made_of_clauses_by_its_heading_and_a_clause_and_a_point(committee, people, draft):
    page = committee.get(f"{BASE}/v1/chp_II__art_3/sua/")
    body = page.content.decode()
    assert 'name="heading"' in body and 'name="text"' not in body  # no empty text box
    saved = committee.post(f"{BASE}/v1/chp_II__art_3/sua/", {"heading": "Hỗ trợ thu nhập", "base_revision": 1},
                           follow=True)
    assert "đã lưu" in " ".join(_messages(saved))
    version = draft.versions.get(number=1)
    article = _doc(version).find("chp_II__art_3")
    assert article.heading == "Hỗ trợ thu nhập" and len(article.children) == 2
    clause_page = committee.get(f"{BASE}/v1/chp_II__art_3__cl_1/sua/").content.decode()
    assert 'name="text"' in clause_page and 'name="heading"' not in clause_page
    committee.post(f"{BASE}/v1/chp_II__art_3__cl_1/sua/", {"text": "Khoản mới.", "base_revision": 1})
    assert _doc(version).find("chp_II__art_3__cl_1").text == "Khoản mới."
    # a point, inserted through the page, then edited
    inserted = committee.post(f"{BASE}/v1/chp_II__art_3__cl_2/chen/?vi-tri=trong",
                              {"text": "Điểm thứ nhất.", "base_structure_revision": 1}, follow=True)
    assert inserted.redirect_chain[-1][0] == f"{BASE}/v1/" and "a)" in " ".join(_messages(inserted))
    committee.post(f"{BASE}/v1/chp_II__art_3__cl_2__pt_a/sua/", {"text": "Điểm đã sửa.", "base_revision": 1})
    assert _doc(version).find("chp_II__art_3__cl_2__pt_a").text == "Điểm đã sửa."


def test_the_article_page_shows_actions_on_every_clause(committee, draft):
    body = committee.get(f"{BASE}/v1/chp_II__art_3/").content.decode()
    for eid in ("chp_II__art_3__cl_1", "chp_II__art_3__cl_2"):
        assert f"{BASE}/v1/{eid}/sua/" in body and f"{BASE}/v1/{eid}/chen/?vi-tri=sau" in body
        assert f"{BASE}/v1/{eid}/di-chuyen/" in body and f"{BASE}/v1/{eid}/xoa/" in body


def test_insert_delete_and_move_through_the_pages(committee, draft):
    version = draft.versions.get(number=1)
    form = committee.get(f"{BASE}/v1/chp_I__art_2/chen/?vi-tri=sau")
    assert form.status_code == 200 and "Chèn một điều" in form.content.decode()
    committee.post(f"{BASE}/v1/chp_I__art_2/chen/?vi-tri=sau",
                   {"heading": "Đặc phái viên", "text": "Thủ tướng cử đặc phái viên.", "base_structure_revision": 1})
    assert [a.marker for a in _doc(version).articles()][:3] == ["Điều 1.", "Điều 2.", "Điều 2a."]
    empty = committee.post(f"{BASE}/v1/chp_I__art_2/chen/?vi-tri=sau", {"base_structure_revision": 2})
    assert empty.status_code == 200 and "Hãy viết tên hoặc nội dung" in empty.content.decode()
    moved = committee.post(f"{BASE}/v1/chp_I__art_2a/di-chuyen/",
                           {"direction": "up", "base_structure_revision": 2, "next": f"{BASE}/v1/chp_I__art_1/"},
                           follow=True)
    assert moved.redirect_chain[-1][0] == f"{BASE}/v1/chp_I__art_1/"
    assert "được chuyển lên" in " ".join(_messages(moved))
    assert [a.num for a in _doc(version).articles()][:3] == ["1", "2a", "2"]
    stale = committee.post(f"{BASE}/v1/chp_I__art_2/di-chuyen/", {"direction": "up", "base_structure_revision": 2},
                           follow=True)
    assert "Có người đã thay đổi cấu trúc" in " ".join(_messages(stale))
    assert [a.num for a in _doc(version).articles()][:3] == ["1", "2a", "2"]
    confirm = committee.get(f"{BASE}/v1/chp_II__art_3/xoa/")
    assert "2 khoản" in confirm.content.decode() or "2 quy định" in confirm.content.decode()
    committee.post(f"{BASE}/v1/chp_II__art_3/xoa/", {"base_structure_revision": 3})
    assert _doc(version).find("chp_II__art_3") is None


def test_publish_with_renumbering_then_close_a_stage_and_adopt(committee, people, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    committee.post(f"{BASE}/v1/chp_I__art_1/chen/?vi-tri=sau",
                   {"heading": "Mới", "text": "Điều mới.", "base_structure_revision": 1})
    page = committee.get(f"{BASE}/v1/cong-bo/")
    assert "renumber" in page.content.decode()
    published = committee.post(f"{BASE}/v1/cong-bo/", {"renumber": "on"}, follow=True)
    assert "đánh số lại" in " ".join(_messages(published))
    version = draft.versions.get(number=1)
    assert version.is_published
    assert [a.marker for a in _doc(version).articles()] == [f"Điều {n}." for n in range(1, 6)]
    again = committee.post(f"{BASE}/v1/cong-bo/", {})
    assert again.status_code == 409

    proposal = f"{BASE}/giai-doan/proposal/"
    assert committee.get(proposal).status_code == 200
    bound = committee.post(proposal, {"action": "bind", "version": version.pk}, follow=True)
    assert "phiên bản 1" in " ".join(_messages(bound))
    closed = committee.post(proposal, {"action": "close"}, follow=True)
    assert "Đã đóng giai đoạn" in " ".join(_messages(closed))
    drafting = f"{BASE}/giai-doan/drafting/"
    refused = committee.post(drafting, {"action": "close"})
    assert refused.status_code == 400 and "phiên bản đã công bố" in refused.content.decode()
    committee.post(drafting, {"action": "bind", "version": version.pk})
    document = committee.post(drafting, {"action": "document", "kind": "submission", "title": "Tờ trình số 1",
                                         "file": SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4 to trinh")},
                              follow=True)
    assert "Đã thêm tài liệu" in " ".join(_messages(document))
    assert draft.stages.get(code="drafting").documents.filter(kind="submission").exists()
    incomplete = committee.post(drafting, {"action": "close"})  # no round held, no report filed
    assert incomplete.status_code == 400 and "Hồ sơ chưa đủ" in incomplete.content.decode()
    committee.post(drafting, {"action": "document", "kind": "comment_response_report", "title": "Báo cáo số 2",
                              "file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao")})
    committee.post(drafting, {"action": "close"})
    assert draft.stages.get(code="drafting").closed_at is not None

    bad = committee.post(f"{BASE}/thong-qua/", {"number": "x", "adopted_on": "99/99/2025"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    not_a_number = committee.post(f"{BASE}/thong-qua/", {"number": "x", "adopted_on": "30/11/2025"})
    assert not_a_number.status_code == 400 and "Hãy kiểm tra lại dữ liệu" in not_a_number.content.decode()
    assert 'name="adopted_on"' in committee.get(f"{BASE}/thong-qua/").content.decode()
    adopted = committee.post(f"{BASE}/thong-qua/", {"number": "250/2025/QH15", "adopted_on": "30/11/2025",
                                                   "issuer": "Quốc hội"}, follow=True)
    assert "250/2025/QH15" in " ".join(_messages(adopted))
    draft.refresh_from_db()
    assert draft.adopted_work is not None and draft.adopted_work.number == "250/2025/QH15"


def test_outside_the_committee_no_forms_and_403(client, people, draft):
    client.force_login(people["commenter"])
    assert "/du-thao/moi/" not in client.get("/du-thao/").content.decode()
    assert "/phien-ban-moi/" not in client.get(f"{BASE}/").content.decode()
    assert client.get("/du-thao/moi/").status_code == 403
    before = AuditEntry.objects.count()
    posts = [
        ("/du-thao/moi/", {"title": "X", "slug": "x", "doc_type": "Luật", "drafting_agency": people["moit"].pk,
                           "stage_scheme": "na_resolution"}),
        (f"{BASE}/phien-ban-moi/", {"copy": "1"}),
        (f"{BASE}/v1/cong-bo/", {"renumber": "on"}),
        (f"{BASE}/v1/chp_I__art_1/sua/", {"heading": "X", "text": "Y", "base_revision": 1}),
        (f"{BASE}/v1/chp_I__art_1/chen/?vi-tri=sau", {"heading": "X", "base_structure_revision": 1}),
        (f"{BASE}/v1/chp_I__art_1/xoa/", {"base_structure_revision": 1}),
        (f"{BASE}/v1/chp_I__art_1/di-chuyen/", {"direction": "down", "base_structure_revision": 1}),
        (f"{BASE}/giai-doan/proposal/", {"action": "close"}),
        (f"{BASE}/thong-qua/", {"number": "250/2025/QH15", "adopted_on": "30/11/2025"}),
    ]
    for url, data in posts:  # an unpublished version is not revealed to outsiders: 404, as on its pages
        assert client.post(url, data).status_code == (404 if "/v1/" in url else 403), url
    client.logout()
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404), url
    assert AuditEntry.objects.count() == before
    assert Version.objects.filter(draft=draft).count() == 1


def test_a_published_version_shows_no_structure_actions(committee, people, draft):
    from hoinhap.drafting import services

    services.version_publish(actor=people["drafter"], version=draft.versions.get(number=1))
    body = committee.get(f"{BASE}/v1/chp_II__art_3/").content.decode()
    assert "/di-chuyen/" not in body and "/sua/" not in body


@needs_font
def test_a_pdf_upload_becomes_a_version(committee, draft):
    pdf = digital_pdf(V2.strip().splitlines())
    response = committee.post(f"{BASE}/phien-ban-moi/", {"file": SimpleUploadedFile("v2.pdf", pdf)}, follow=True)
    assert response.redirect_chain[-1][0] == f"{BASE}/v2/"
    version = draft.versions.get(number=2)
    assert version.source_format == "pdf"
    assert [a.heading for a in _doc(version).articles()] == [
        "Phạm vi điều chỉnh", "Đặc phái viên", "Đối tượng áp dụng", "Hỗ trợ lương"]


def test_a_reviewer_reads_the_version_being_edited_without_any_action(client, people, draft):
    from hoinhap.core.models import Membership

    Membership.objects.create(user=people["outsider"], organisation=people["mof"], role=Membership.Role.REVIEWER)
    client.force_login(people["outsider"])
    page = client.get(f"{BASE}/v1/chp_II__art_3/")
    assert page.status_code == 200 and "Người làm công tác đối ngoại" in page.content.decode()
    assert "/sua/" not in page.content.decode() and "/di-chuyen/" not in page.content.decode()
    assert client.get(f"{BASE}/v1/chp_II__art_3/sua/").status_code == 403
