"""A document without a number gets a readable label; the list's filters show each type and issuer
once and find every alias (issue 15 item 5)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from hoinhap.corpus import selectors
from hoinhap.corpus.models import Work

pytestmark = pytest.mark.django_db


def test_a_work_without_a_number_is_labelled_by_type_issuer_and_date_not_its_slug():
    # nq-188-2025-qh15 in the shared corpus: the crawl lost its header and so its number
    work = Work.objects.create(slug="nghi-quyet-thi-diem-2025-06-24", doc_type="Nghị quyết", issuer="Quốc hội",
                               date=date(2025, 6, 24), title="Nghị quyết Thí điểm một số cơ chế")
    with translation.override("vi"):
        assert work.label == "Nghị quyết của Quốc hội, ngày 24 tháng 6 năm 2025"
        assert str(work) == work.label
    numbered = Work.objects.create(slug="x", number="64/2025/QH15", doc_type="Luật")
    assert numbered.label == "64/2025/QH15"


def test_the_list_shows_the_label_of_a_work_without_a_number(client):
    Work.objects.create(slug="van-ban-2025-06-24", doc_type="Nghị quyết", issuer="Quốc hội", date=date(2025, 6, 24))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nghị quyết của Quốc hội, ngày 24 tháng 6 năm 2025" in page
    assert ">van-ban-2025-06-24<" not in page


def test_filters_show_each_type_and_issuer_once_and_match_every_alias():
    for slug, doc_type, code in [("a", "Nghị quyết", "BGDĐT"), ("b", "NGHỊ QUYẾT", "BGD&ĐT"), ("c", "Nghị  quyết", "BGDDT"),
                                 ("d", "Luật", "QH15"), ("e", "Quyết định", "QH14"), ("f", "Thông tư", "BGDĐT")]:
        Work.objects.create(slug=slug, number=f"{slug}/NQ-X", doc_type=doc_type, issuer_code=code)
    facets = selectors.work_facets()
    assert facets["types"] == ["Luật", "Nghị quyết", "Quyết định", "Thông tư"]
    assert facets["issuers"] == ["BGDĐT", "QH14", "QH15"]
    assert sorted(w.slug for w in selectors.work_list(doc_type="Nghị quyết")) == ["a", "b", "c"]
    assert sorted(w.slug for w in selectors.work_list(doc_type="NGHỊ QUYẾT")) == ["a", "b", "c"]
    assert sorted(w.slug for w in selectors.work_list(issuer="BGDĐT")) == ["a", "b", "c", "f"]
    assert sorted(w.slug for w in selectors.work_list(issuer="BGD&ĐT")) == ["a", "b", "c", "f"]
    assert [w.slug for w in selectors.work_list(issuer="QH15")] == ["d"]
