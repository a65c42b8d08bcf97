"""Search over the stored corpus: index sync on import, direct answers, grouping, CLI, API, page."""

import json

import pytest

from hoinhap.cli import main
from hoinhap.corpus.indexer import rebuild
from hoinhap.corpus.models import Provision, Work
from hoinhap.corpus.search import search, search_index, search_rows
from hoinhap.corpus.services import work_import
from hoinhap.search.engine import Filters, SearchIndex

pytestmark = pytest.mark.django_db

SMALL = """QUỐC HỘI
Luật số: 99/2026/QH15
LUẬT
THỬ NGHIỆM TÌM KIẾM
Điều 1. Cửa khẩu số
1. Cửa khẩu số được vận hành thống nhất trên toàn quốc.
Điều 2. Thuế quan
Biểu thuế quan ưu đãi áp dụng cho hàng hóa nhập khẩu.
"""


def test_import_indexes_the_work_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        work_import(actor=None, data=SMALL.encode(), filename="luat.txt")
    rows = search_rows("cửa khẩu số")
    assert rows[0]["work"] == "99/2026/QH15"
    assert rows[0]["eid"] in ("art_1", "art_1__cl_1")


def test_import_rolled_back_leaves_the_index_untouched(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        work_import(actor=None, data=SMALL.encode(), filename="luat.txt")
    assert len(callbacks) == 1  # queued for commit, not run
    assert len(search_index()) == 0


def test_reimport_replaces_the_passages(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        work_import(actor=None, data=SMALL.encode(), filename="luat.txt")
        work_import(actor=None, data=SMALL.replace("Thuế quan", "Hải quan").encode(), filename="luat.txt")
    assert [r["heading"] for r in search_rows("hải quan")][:1] == ["Hải quan"]
    assert all(r["heading"] != "Thuế quan" for r in search_rows("thuế quan"))
    assert len(search_index()) == Provision.objects.filter(kind__in=("article", "clause")).count()


def test_editing_a_works_record_reindexes_its_filters(django_capture_on_commit_callbacks):
    from hoinhap.core.models import AuditEntry
    from hoinhap.corpus.services import work_update

    with django_capture_on_commit_callbacks(execute=True):
        work = work_import(actor=None, data=SMALL.encode(), filename="luat.txt", status=Work.Status.IN_FORCE).work
    assert search("cửa khẩu số", filters=Filters(in_force=True)).results
    work.status = Work.Status.EXPIRED
    with django_capture_on_commit_callbacks(execute=True):
        work_update(actor=None, work=work, fields=["status"])
    assert not search("cửa khẩu số", filters=Filters(in_force=True)).results
    assert search("cửa khẩu số", filters=Filters(in_force=False)).results
    assert AuditEntry.objects.filter(action="corpus.work.changed", data={"fields": ["status"]}).exists()


def test_deleting_a_work_takes_its_passages_out_of_the_index(django_capture_on_commit_callbacks):
    from hoinhap.corpus.services import work_delete

    with django_capture_on_commit_callbacks(execute=True):
        work = work_import(actor=None, data=SMALL.encode(), filename="luat.txt").work
    assert len(search_index()) > 0
    with django_capture_on_commit_callbacks(execute=True):
        work_delete(actor=None, work=work)
    assert len(search_index()) == 0 and not Work.objects.exists()


def test_admin_edit_of_a_work_goes_through_the_service(admin_client, django_capture_on_commit_callbacks, settings):
    """The edit goes through the service: its outbox row, applied by the indexer (not by the request)."""
    from django.urls import reverse

    from hoinhap.corpus.indexer import catch_up
    from hoinhap.corpus.models import IndexOutbox

    with django_capture_on_commit_callbacks(execute=True):
        work = work_import(actor=None, data=SMALL.encode(), filename="luat.txt", status=Work.Status.IN_FORCE).work
    form = {"slug": work.slug, "number": work.number, "doc_type": work.doc_type, "issuer": work.issuer,
            "title": work.title, "date": work.date.isoformat() if work.date else "", "signer": work.signer,
            "status": "expired", "frbr_uri": work.frbr_uri, "issuer_code": work.issuer_code,
            "expressions-TOTAL_FORMS": "1", "expressions-INITIAL_FORMS": "1", "expressions-MIN_NUM_FORMS": "0",
            "expressions-MAX_NUM_FORMS": "1000", "expressions-0-id": str(work.expressions.first().pk),
            "expressions-0-work": str(work.pk)}
    settings.HOINHAP_INDEX_IN_PROCESS = False  # as in a web server
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:corpus_work_change", args=[work.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert IndexOutbox.objects.filter(work_id=work.pk).count() == 2  # the import's, the edit's
    catch_up()
    assert not search("cửa khẩu số", filters=Filters(in_force=True)).results


def test_direct_answers_go_to_the_provision(demo):
    assert search("khoản 2 Điều 18 Nghị quyết 250/2025/QH15").direct.eid == "chp_VI__art_18__cl_2"
    assert search("khoản 7 Điều 19 Nghị quyết 250/2025/QH15").direct.eid == "chp_VI__art_19"  # nearest above
    assert search("Điều 18 Nghị quyết 250/2025/QH15").direct.eid == "chp_VI__art_18"
    assert search("59-NQ/TW").direct.number == "59-NQ/TW"
    assert search("Điều 5 Luật 64/2025/QH15").direct is None  # not in the corpus


def test_ranked_results_are_grouped_and_filtered(demo):
    response = search("chuyên gia ngôn ngữ hiếm mức lương 300%")
    assert response.results[0].provision.eid.startswith("chp_VI__art_19")
    assert [g.work.number for g in response.groups][0] == "250/2025/QH15"
    assert len({g.work.id for g in response.groups}) == len(response.groups)
    only_cp = search("hội nhập quốc tế", filters=Filters(issuers=("CP",)))
    assert only_cp.results and {r.work.number for r in only_cp.results} == {"153/NQ-CP"}


def test_reindex_rebuilds_from_the_database(demo, settings):
    index = SearchIndex(settings.SEARCH_INDEX_DIR)  # the indexer's kind of handle: the readers cannot write
    index.clear()
    index.commit()
    search_index().reload()
    assert search_rows("hội nhập") == []
    result = rebuild()
    assert result.rebuilt and result.passages == len(search_index()) > 0
    assert search_rows("hội nhập")


def test_stale_index_entries_are_skipped(demo):
    hit = search("chuyên gia ngôn ngữ hiếm").results[0]
    hit.work.bottlenecks.all().delete()  # the register protects the works it points to
    Work.objects.filter(pk=hit.work.pk).delete()
    assert all(r.work.pk != hit.work.pk for r in search("chuyên gia ngôn ngữ hiếm").results)


def test_cli_search_json_and_reindex(demo, capsys):
    assert main(["search", "ngoai ngu hiem", "--json", "--top", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert 0 < len(rows) <= 3
    assert set(rows[0]) >= {"work", "eid", "heading", "snippet", "score"}
    assert "<mark>" not in rows[0]["snippet"]
    assert main(["reindex"]) == 0
    assert "đã lập chỉ mục" in capsys.readouterr().err


def test_api_search_contract(client, demo):
    rows = client.get("/api/v1/search", {"q": "Điều 19 Nghị quyết 250/2025/QH15", "top": 5}).json()
    assert rows[0]["direct"] is True and rows[0]["eid"] == "chp_VI__art_19" and rows[0]["score"] is None
    assert all(set(r) == {"work", "eid", "heading", "snippet", "score", "direct"} for r in rows)
    bad = client.get("/api/v1/search", {"q": " "})
    assert bad.status_code == 400 and bad.json()["error"]
    assert client.get("/api/v1/search", {"q": "x", "top": 1000}).status_code == 400
    assert client.get("/api/v1/search").status_code == 422


def test_search_page_without_and_with_htmx(client, demo):
    page = client.get("/tim-kiem/", {"q": "ngôn ngữ hiếm"}).content.decode()
    assert "<mark>" in page and 'role="search"' in page and "htmx-2.min.js" in page
    assert "/vb/250-2025-qh15/chp_VI__art_19" in page
    fragment = client.get("/tim-kiem/", {"q": "ngôn ngữ hiếm"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "<mark>" in fragment
    direct = client.get("/tim-kiem/", {"q": "Điều 18 Nghị quyết 250/2025/QH15"}).content.decode()
    assert "/vb/250-2025-qh15/chp_VI__art_18/" in direct
    paged = client.get("/tim-kiem/", {"q": "hội nhập", "page": 2}).content.decode()
    assert 'rel="prev"' in paged
    assert client.get("/tim-kiem/", {"q": "x", "year_from": "abc"}).status_code == 200
