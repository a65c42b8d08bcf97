"""PDF in through every path that takes .txt and .docx (issue 15 item 3): a draft's new version by
the service and over HTTP; hostile PDFs answered 422 with nothing changed."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoinhap.core.models import AuditEntry
from hoinhap.drafting import services
from hoinhap.drafting.documents import version_document
from tests.legal.pdfs import blank_pages, digital_pdf, encrypted, needs_font, with_stream

V2 = ["DỰ THẢO", "LUẬT", "VỀ HỘI NHẬP QUỐC TẾ", "Điều 1. Phạm vi điều chỉnh", "Luật này quy định về hội nhập quốc tế.",
      "Điều 2. Đối tượng áp dụng", "Cơ quan, tổ chức, cá nhân có liên quan."]


@needs_font
def test_a_draft_version_is_imported_from_a_pdf(people, draft):
    version = services.version_import(actor=people["drafter"], draft=draft, data=digital_pdf(V2), filename="v2.pdf")
    assert version.source_format == "pdf"
    assert [a.heading for a in version_document(version).articles()] == ["Phạm vi điều chỉnh", "Đối tượng áp dụng"]


@pytest.mark.parametrize(("name", "make", "reason"), [
    ("locked.pdf", lambda: encrypted(blank_pages(1)), "protected by a password"),
    ("long.pdf", lambda: blank_pages(5), "has 5 pages; at most 4"),
    ("broken.pdf", lambda: b"%PDF-1.7\n" + b"\x00" * 300, "damaged PDF|no text"),
    ("bomb.pdf", lambda: with_stream(b"", "<< /Type /XObject /Subtype /Image /Width 90000 /Height 90000 >>"),
     "image of 90000x90000"),
])
def test_hostile_pdf_uploads_get_422_with_the_reason_and_change_nothing(client, people, draft, settings, name, make,
                                                                        reason):
    settings.HOINHAP_PDF_MAX_PAGES = 4
    client.force_login(people["drafter"])
    before = (draft.versions.count(), AuditEntry.objects.count())
    response = client.post(f"/api/v1/drafts/{draft.slug}/versions", {"file": SimpleUploadedFile(name, make())},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422, response.content
    assert re.search(reason, response.json()["message"])
    assert (draft.versions.count(), AuditEntry.objects.count()) == before
