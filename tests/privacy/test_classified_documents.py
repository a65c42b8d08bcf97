"""Classified corpus documents (issue 19, item 5): marking deletes the text, provisions and outgoing
relations (the index drops them); a text is never imported for one again; readers without the
clearance do not find it in the list, the page, the API or the search's direct answers."""

from __future__ import annotations

import json

import pytest

from hoinhap.core.errors import NotFound, PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, User
from hoinhap.core.services import system_actor
from hoinhap.corpus.classified import work_classify
from hoinhap.corpus.models import Expression, Provision, Work
from hoinhap.corpus.search import direct_answer
from hoinhap.corpus.selectors import work_get, work_list
from hoinhap.corpus.services import work_import

TEXT = """NGHỊ ĐỊNH
Số: 77/2025/NĐ-CP
Về bảo vệ thông tin trong hội nhập

Điều 1. Phạm vi
Nghị định này quy định việc bảo vệ thông tin.
Điều 2. Hiệu lực
Nghị định này có hiệu lực từ ngày ký.
"""
REFERENCE = "Bản lưu tại Văn phòng Chính phủ, sổ mật số 4"


@pytest.fixture
def work(db):
    return work_import(actor=None, data=TEXT.encode(), filename="nd77.txt", number="77/2025/NĐ-CP").work


@pytest.fixture
def marked(work):
    return work_classify(actor=system_actor(), work=work, level="toi_mat", reference=REFERENCE)


def test_marking_deletes_the_text_and_refuses_it_later(work):
    assert Provision.objects.filter(expression__work=work).exists()
    work_classify(actor=system_actor(), work=work, level="mat", reference=REFERENCE)
    work.refresh_from_db()
    assert work.title == "Văn bản mật số 77/2025/NĐ-CP" and work.number == "77/2025/NĐ-CP"
    assert not Expression.objects.filter(work=work).exists() and not Provision.objects.filter(expression__work=work).exists()
    assert AuditEntry.objects.get(action="corpus.work.classified").data["level"] == "mat"
    with pytest.raises(ValidationFailed) as refused:
        work_import(actor=None, data=TEXT.encode(), filename="nd77.txt", number="77/2025/NĐ-CP")
    assert refused.value.details == {"level": "mat"}
    assert not Expression.objects.filter(work=work).exists()


def test_only_an_administrator_marks_and_a_reference_is_needed(work):
    with pytest.raises(PermissionDenied):
        work_classify(actor=User.objects.create_user("someone"), work=work, level="mat", reference=REFERENCE)
    with pytest.raises(ValidationFailed):
        work_classify(actor=system_actor(), work=work, level="mat", reference="")
    assert Work.objects.get(pk=work.pk).classification == ""


def test_hidden_from_readers_without_the_clearance(client, marked):
    reader = User.objects.create_user("doc-gia", clearance="mat")  # below "toi_mat"
    for who in (None, reader):
        assert marked not in work_list(reader=who)
        with pytest.raises(NotFound):
            work_get(marked.slug, who)
        client.logout()
        if who:
            client.force_login(who)
        assert client.get(f"/vb/{marked.slug}/").status_code == 404
        assert client.get(f"/api/v1/documents/{marked.slug}").status_code == 404
        assert marked.slug not in client.get("/api/v1/documents").content.decode()
        assert marked.slug not in client.get("/", {"text": "77"}).content.decode()
    assert direct_answer("Điều 1 Nghị định 77/2025/NĐ-CP") is None
    reader.clearance = "tuyet_mat"
    reader.save()
    client.force_login(reader)
    page = client.get(f"/vb/{marked.slug}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert REFERENCE in page and "Phạm vi" not in page
    shown = client.get(f"/api/v1/documents/{marked.slug}").json()
    assert (shown["classification"], shown["classified_reference"]) == ("toi_mat", REFERENCE)
    assert marked.slug in {row["slug"] for row in client.get("/api/v1/documents").json()}


def test_the_cli_marks_a_document(work, capsys):
    from hoinhap.cli import main

    assert main(["classify", "document", "77/2025/NĐ-CP", "mat", "--reference", REFERENCE, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["classification"] == "mat"
    assert main(["classify", "document", "77/2025/NĐ-CP", "tuyet_mat", "--reference", REFERENCE]) == 0
    assert Work.objects.get(pk=work.pk).classification == "tuyet_mat"


def test_the_list_filters_do_not_offer_a_hidden_documents_type_or_year(marked):
    from hoinhap.corpus.selectors import work_facets

    cleared = User.objects.create_user("cleared-facets", clearance="tuyet_mat")
    assert "Nghị định" not in work_facets(None)["types"] and "2025" not in work_facets(None)["years"]
    assert "Nghị định" in work_facets(cleared)["types"]
