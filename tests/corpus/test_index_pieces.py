"""The indexer's passages built from texts tokenized once (issue 15 item 6) are exactly those it
built before, when each passage's text was gathered and tokenized whole: same keys, same filters,
same strings in every field (so the search results cannot change)."""

from __future__ import annotations

import pytest

from hoinhap.corpus import services
from hoinhap.corpus.models import Provision, Work
from hoinhap.corpus.search import SEARCHED_KINDS, _text_from, passages_for, passages_of
from hoinhap.search.engine import passage_fields
from tests.conftest import VN_LEGAL, needs_shared
from tests.search.test_pieces import reference_fields


def former_passages(work: Work) -> dict[int, dict[str, tuple[str, ...]]]:
    """What the indexer wrote before: for each article, clause or item, its heading and the text of
    its subtree gathered with ``_text_from`` and tokenized as one text."""
    fields = {}
    for expression in work.expressions.all():
        rows = list(expression.provisions.order_by("position"))
        for i, row in enumerate(rows):
            if row.kind in SEARCHED_KINDS:
                fields[row.id] = reference_fields(row.heading, "\n".join(_text_from(rows, i)))
    return fields


def _decree(seq: int) -> bytes:
    return (f"CHÍNH PHỦ\nSố: {seq}/2025/NĐ-CP | Hà Nội, ngày 01 tháng 4 năm 2025\nNGHỊ ĐỊNH\nVỀ THỬ NGHIỆM\n"
            "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Nghị định này quy định chi tiết.\n"
            "a) Điểm a của khoản 1;\nb) Điểm b.\n2. Khoản hai.\nĐiều 2. Hiệu lực\nCó hiệu lực từ ngày ký.").encode()


@pytest.mark.django_db
def test_passages_match_the_former_ones_on_a_small_decree():
    work = services.work_import(actor=None, data=_decree(31), filename="nd-31.txt").work
    passages = list(passages_for(work))
    assert {p.key: passage_fields(p) for p in passages} == former_passages(work)
    article = next(p for p in passages if p.heading == "Phạm vi điều chỉnh")
    assert "khoản_hai" in passage_fields(article)["bi"][0].split()  # a clause's text is in its article's passage
    assert {p.work for p in passages} == {work.id}


@needs_shared
@pytest.mark.django_db
def test_passages_match_the_former_ones_on_real_documents():
    names = ["nd-30-2020-ndcp-cong-tac-van-thu.txt", "luat-60-2024-qh15-du-lieu.txt", "kl-69-kltw-2024-kh-cn.txt"]
    works = [services.work_import(actor=None, data=(VN_LEGAL / "txt" / name).read_bytes(), filename=name).work
             for name in names]
    expected: dict[int, dict[str, tuple[str, ...]]] = {}
    for work in works:
        expected.update(former_passages(work))
    got = {p.key: passage_fields(p) for p in passages_of(works)}  # several works in one read
    assert got == expected
    assert len(got) == Provision.objects.filter(kind__in=SEARCHED_KINDS).count() > 100
