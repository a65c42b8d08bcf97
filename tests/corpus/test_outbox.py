"""The outbox: every write that changes searchable text appends a row in its own transaction; web
requests and searches never write the index (issue 14, item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoinhap.corpus import outbox, services
from hoinhap.corpus.indexer import catch_up
from hoinhap.corpus.models import IndexOutbox, Work
from hoinhap.corpus.search import search, search_index
from hoinhap.search.engine import Filters, SearchIndex

pytestmark = pytest.mark.django_db

SMALL = """QUỐC HỘI
Luật số: 98/2026/QH15
LUẬT
THỬ NGHIỆM HÀNG ĐỢI
Điều 1. Cảng biển thông minh
Cảng biển thông minh được kết nối dữ liệu với hải quan.
"""


def _rows() -> list[tuple[int, str]]:
    return list(IndexOutbox.objects.order_by("pk").values_list("work_id", "op"))


def test_every_corpus_write_appends_a_row_in_its_transaction(monkeypatch):
    work = services.work_import(actor=None, data=SMALL.encode(), filename="luat.txt").work
    assert _rows() == [(work.pk, "index")]
    assert services.work_import(actor=None, data=SMALL.encode(), filename="luat.txt").outcome == "unchanged"
    assert len(_rows()) == 1  # nothing changed, nothing to index
    work.status = Work.Status.EXPIRED
    services.work_update(actor=None, work=work, fields=["status"])
    pk = work.pk
    services.work_delete(actor=None, work=work)
    assert _rows() == [(pk, "index"), (pk, "index"), (pk, "delete")]

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_store_relations", explode)
    with pytest.raises(RuntimeError):
        services.work_import(actor=None, data=SMALL.encode(), filename="luat.txt")
    assert len(_rows()) == 3  # the failed import's row rolled back with its data


def test_an_adopted_draft_stored_in_the_corpus_appends_a_row():
    from hoinhap.legal.reading import read_bytes

    _, document = read_bytes(SMALL.encode(), "luat.txt")
    result = services.work_store_document(actor=None, document=document, source_name="du-thao v3")
    assert _rows() == [(result.work.pk, "index")]


def test_a_web_request_never_writes_the_index(admin_client, settings, django_capture_on_commit_callbacks):
    settings.HOINHAP_INDEX_IN_PROCESS = False  # as in a web server
    work = services.work_import(actor=None, data=SMALL.encode(), filename="luat.txt",
                                status=Work.Status.IN_FORCE).work
    catch_up()
    folder = settings.SEARCH_INDEX_DIR
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    form = {"slug": work.slug, "number": work.number, "doc_type": work.doc_type, "issuer": work.issuer,
            "title": work.title, "date": "", "signer": work.signer, "status": "expired",
            "frbr_uri": work.frbr_uri, "issuer_code": work.issuer_code,
            "expressions-TOTAL_FORMS": "1", "expressions-INITIAL_FORMS": "1", "expressions-MIN_NUM_FORMS": "0",
            "expressions-MAX_NUM_FORMS": "1000", "expressions-0-id": str(work.expressions.first().pk),
            "expressions-0-work": str(work.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:corpus_work_change", args=[work.pk]), form)
        assert admin_client.get("/tim-kiem/", {"q": "cảng biển thông minh"}).status_code == 200
    assert response.status_code == 302
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # not one file touched
    assert search("cảng biển thông minh", filters=Filters(in_force=True)).results  # the old state, until …
    assert catch_up().rows == 1  # … the indexer applies the edit's row
    assert not search("cảng biển thông minh", filters=Filters(in_force=True)).results


def test_searching_never_creates_nor_locks_the_index(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "not-built-yet"
    assert search("cảng biển").results == [] and len(search_index()) == 0
    assert not settings.SEARCH_INDEX_DIR.exists()
    services.work_import(actor=None, data=SMALL.encode(), filename="luat.txt")
    catch_up()
    writer = SearchIndex(settings.SEARCH_INDEX_DIR)
    writer.writer()  # another process holds tantivy's writer lock: searching does not need it
    assert search("cảng biển thông minh").results
    with pytest.raises(PermissionError):
        search_index().writer()


def test_the_generation_is_made_once_and_renewed_on_demand():
    first = outbox.current_generation()
    assert outbox.current_generation() == first
    assert outbox.renew_generation() != first
