"""A plan whose task table is laid out one cell per line between lone "|" lines (how the crawl and web
pages give HTML tables, ../shared/data/vn-plans/raw) keeps its table when imported into the corpus,
and the tasks are extracted from the stored tree (issue 15). A short excerpt written in that layout
(the plain-text recipe of ../shared/data/vn-legal/README.md), never a whole document: a header cell
over two lines with a rule under it, a group row, a task with two rowspan sub-rows in a row (the
layout of qd-2530's appendix: number, lead and coordinators merged from the row above), "Như trên",
and the site's footer after the table."""

from __future__ import annotations

from datetime import date

from hoinhap.corpus.services import work_import
from hoinhap.implementation import services
from hoinhap.legal import tree

PLAN = """QUYẾT ĐỊNH
Ban hành Kế hoạch hành động (thử)

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch hành động.

Điều 2. Quyết định này có hiệu lực từ ngày ký.

PHỤ LỤC
(Kèm theo Quyết định số 1/QĐ-TTg)

|
STT
|
Cơ quan chủ trì
|
Cơ quan phối hợp
|
Nhiệm vụ,
giải pháp
-------
|
Thời hạn hoàn thành
|
|
I.
|
HOÀN THIỆN THỂ CHẾ
|
|
1
|
Bộ Tài chính
|
- Bộ Ngoại giao;
- Bộ Công Thương.
|
- Sửa đổi Nghị định về quỹ
hỗ trợ doanh nghiệp hội nhập.
|
Quý IV/2025
|
|
- Xây dựng cơ sở dữ liệu doanh nghiệp.
|
Năm 2026
|
|
- Tập huấn cho doanh nghiệp.
|
Từ năm 2026
|
|
2
|
Như trên
|
Các bộ, ngành
|
Rà soát văn bản cản trở hội nhập.
|
2026-2030
|

Trang chủ | Liên hệ
"""


def _import(org):
    work = work_import(actor=None, data=PLAN.encode(), filename="kh-thu.md", number="1/QĐ-TTg").work
    programme = services.programme_create(actor=org["secretariat"], slug="kh-thu", title="Kế hoạch (thử)", work=work,
                                          effective_from=date(2025, 1, 1))
    return work, programme


def test_the_stored_tree_keeps_the_table_as_rows_of_cells(org):
    work, _ = _import(org)
    stored = tree.Document.from_dict(work.expressions.get().tree)
    tables = [node for node in stored.walk() if node.kind == tree.TABLE]
    assert len(tables) == 1 and tables[0].eid == "att_1__table_1"
    assert tables[0].text.split("\n") == [
        "| STT | Cơ quan chủ trì | Cơ quan phối hợp | Nhiệm vụ, giải pháp | Thời hạn hoàn thành |",
        "| I. | HOÀN THIỆN THỂ CHẾ |",
        "| 1 | Bộ Tài chính | - Bộ Ngoại giao; - Bộ Công Thương. | - Sửa đổi Nghị định về quỹ hỗ trợ doanh nghiệp "
        "hội nhập. | Quý IV/2025 |",
        "| - Xây dựng cơ sở dữ liệu doanh nghiệp. | Năm 2026 |",
        "| - Tập huấn cho doanh nghiệp. | Từ năm 2026 |",
        "| 2 | Như trên | Các bộ, ngành | Rà soát văn bản cản trở hội nhập. | 2026-2030 |",
    ]


def test_the_tasks_are_extracted_from_the_imported_work(org):
    _, programme = _import(org)
    result = services.programme_extract(actor=org["secretariat"], programme=programme)
    assert result.report.source == "table" and len(result.report.tables) == 1
    read_as = {h["heading"]: h["read_as"] for h in result.report.tables[0].headings}
    assert read_as == {"STT": "number", "Cơ quan chủ trì": "lead", "Cơ quan phối hợp": "coordinators",
                       "Nhiệm vụ, giải pháp": "title", "Thời hạn hoàn thành": "deadline"}
    tasks = list(programme.tasks.order_by("pk"))
    assert [(t.number, t.title, t.lead.name) for t in tasks] == [
        ("1", "- Sửa đổi Nghị định về quỹ hỗ trợ doanh nghiệp hội nhập.", "Bộ Tài chính"),
        ("1", "- Xây dựng cơ sở dữ liệu doanh nghiệp.", "Bộ Tài chính"),  # two sub-rows, each a task of its own
        ("1", "- Tập huấn cho doanh nghiệp.", "Bộ Tài chính"),
        ("2", "Rà soát văn bản cản trở hội nhập.", "Bộ Tài chính"),  # "Như trên"
    ]
    first, sub, continuous, last = tasks
    assert first.group == "I. HOÀN THIỆN THỂ CHẾ" and first.source_eid == "att_1__table_1"
    assert {o.code for o in first.coordinators.all()} == {"BNG", "BCT-BO"}
    assert first.deadline == date(2025, 12, 31) and sub.deadline == date(2026, 12, 31)
    assert continuous.continuous and last.deadline == date(2030, 12, 31)
    assert {o.code for o in sub.coordinators.all()} == {"BNG", "BCT-BO"}  # merged from the row above
