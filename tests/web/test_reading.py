"""The reader: the document list's filters and sort (page and API), citations linked in the text."""

import re

import pytest

pytestmark = pytest.mark.django_db


def numbers_on(page):
    return re.findall(r'<td><a href="/vb/[^"]+/">([^<]+)</a></td>', page.content.decode())


def test_list_filters_by_type_year_issuer_and_words(client, demo):
    assert numbers_on(client.get("/?type=Nghị quyết")) and all(
        "NQ" in n or "QH" in n for n in numbers_on(client.get("/?type=Nghị quyết")))
    assert numbers_on(client.get("/?issuer=QH15")) == ["250/2025/QH15"]
    assert numbers_on(client.get("/?text=153")) == ["153/NQ-CP"]
    assert numbers_on(client.get("/?text=hội+nhập+153")) == ["153/NQ-CP"]
    assert numbers_on(client.get("/?year=2025&issuer=TW")) == ["59-NQ/TW"]


def test_list_sorts_and_keeps_filters_in_the_url(client, demo):
    newest = numbers_on(client.get("/"))
    assert numbers_on(client.get("/?sort=date")) == list(reversed(newest))
    by_number = numbers_on(client.get("/?sort=number"))
    assert sorted(by_number) == sorted(newest) and by_number[0] == "153/NQ-CP"
    page = client.get("/?issuer=QH15&sort=title").content.decode()
    assert '<option value="QH15" selected>' in page and '<option value="title" selected>' in page


def test_list_shows_a_clear_error_for_a_value_it_cannot_take(client, demo):
    page = client.get("/?year=abc&sort=sideways")
    assert page.status_code == 200
    assert 'role="alert"' in page.content.decode()
    assert len(numbers_on(page)) == 3  # the filters that failed are not applied, nothing is hidden


def test_api_document_list_takes_the_same_filters(client, demo):
    assert [d["number"] for d in client.get("/api/v1/documents?issuer=QH15").json()] == ["250/2025/QH15"]
    dates = [d["date"] for d in client.get("/api/v1/documents?sort=date").json()]
    assert dates == sorted(dates)
    bad = client.get("/api/v1/documents?sort=sideways")
    assert bad.status_code == 400 and "sort" in bad.json()["message"]


def test_citations_link_to_the_cited_document_and_provision(client, demo):
    page = client.get("/vb/250-2025-qh15/").content.decode()
    # Another document in the corpus: its page.
    assert re.search(r'<a class="cite" href="/vb/59-nq-tw/">Nghị quyết số 59-NQ/TW</a>', page)
    # "khoản 1 Điều này" inside Article 18: that clause's anchor on this page.
    assert re.search(r'<a class="cite" href="/vb/250-2025-qh15/#chp_VI__art_18__cl_1">khoản 1 Điều này</a>', page)
    # "Điều 18 và Điều 19 Nghị quyết này": each article on its own.
    assert 'href="/vb/250-2025-qh15/#chp_VI__art_19"' in page


def test_linked_text_is_escaped(client, demo, django_capture_on_commit_callbacks):
    from hoinhap.corpus.services import work_import

    text = ("NGHỊ QUYẾT\nĐiều 1. Phạm vi\n1. Văn bản <script>alert(1)</script> & khoản 2 Điều này.\n"
            "2. Thực hiện Nghị quyết số 153/NQ-CP.\n")
    with django_capture_on_commit_callbacks(execute=True):
        work = work_import(actor=None, data=text.encode(), filename="x.txt", number="99/2026/NQ-CP").work
    page = client.get(f"/vb/{work.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert f'href="/vb/{work.slug}/#art_1__cl_2">khoản 2 Điều này</a>' in page
    assert 'href="/vb/153-nq-cp/">Nghị quyết số 153/NQ-CP</a>' in page


def test_a_provision_page_links_the_citations_of_its_own_subtree(client, demo):
    page = client.get("/vb/250-2025-qh15/chp_VI__art_18/").content.decode()
    assert re.search(r'<a class="cite" href="/vb/250-2025-qh15/#chp_VI__art_18__cl_1">khoản 1 Điều này</a>', page)
    assert "/vb/59-nq-tw/" not in page  # Article 1's citation of 59-NQ/TW is outside this article
