"""A plan whose task table is laid out one cell per line between lone "|" lines (how the crawl and web
pages give HTML tables, ../shared/data/vn-plans/raw) keeps its table when imported into the corpus,
and the tasks are extracted from the stored tree (issue 15). A short excerpt written in that layout
(the plain-text recipe of ../shared/data/vn-legal/README.md), never a whole document: a header cell
over two lines with a rule under it, a group row, a task with two rowspan sub-rows in a row (the
layout of qd-2530's appendix: number, lead and coordinators merged from the row above), "Như trên",
and the site's footer after the table."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from hoinhap.corpus.services import work_import
from hoinhap.implementation import services, task_table
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


def _import(org, text=PLAN, slug="kh-thu", number="1/QĐ-TTg"):  # noqa: ANN001, ANN202
    work = work_import(actor=None, data=text.encode(), filename=f"{slug}.md", number=number).work
    programme = services.programme_create(actor=org["secretariat"], slug=slug, title="Kế hoạch (thử)", work=work,
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
    assert {o.code for o in first.coordinators.all()} == {"BNG", "BCT"}
    assert first.deadline == date(2025, 12, 31) and sub.deadline == date(2026, 12, 31)
    assert continuous.continuous and last.deadline == date(2030, 12, 31)
    assert {o.code for o in sub.coordinators.all()} == {"BNG", "BCT"}  # merged from the row above


# Pipe rows broken over several lines, with stray separator lines (the layout of nq-1339 in
# ../shared/data/vn-plans/raw): a row cut inside its cells, the next cells on lines of their own; a lead
# going on on a line with no pipe before it; a row closed by "||" whose number cell is missing.
BROKEN_PLAN = """QUYẾT ĐỊNH
Ban hành Kế hoạch xây dựng văn bản (thử)

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xây dựng văn bản.

Điều 2. Quyết định này có hiệu lực từ ngày ký.

PHỤ LỤC
(Kèm theo Quyết định số 2/QĐ-TTg)

| TT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | Cơ quan thẩm định | Tiến độ | |
|
| I. Văn bản thuộc thẩm quyền của Chính phủ |
| |||||
| | Nghị định về quỹ hỗ trợ doanh nghiệp hội nhập | Chính phủ | Bộ Tài chính
| - Bộ Tư pháp thẩm định; - Bộ Ngoại giao tham gia.
| Quý IV/2025 | |
| | Nghị định về xúc tiến thương mại | Chính phủ |
Bộ Công Thương |
| Bộ Tư pháp | Năm 2026 | |
| Quyết định về đàm phán hiệp định | Thủ tướng Chính phủ | Bộ Ngoại giao | Bộ Tư pháp | Theo yêu cầu | ||
"""


def _import_broken(org):  # noqa: ANN001, ANN202
    return _import(org, BROKEN_PLAN, "kh-xd", "2/QĐ-TTg")


def test_broken_pipe_rows_are_stored_as_whole_rows(org):
    work, _ = _import_broken(org)
    stored = tree.Document.from_dict(work.expressions.get().tree)
    tables = [node for node in stored.walk() if node.kind == tree.TABLE]
    assert len(tables) == 1 and tables[0].text.split("\n") == [
        "| TT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | Cơ quan thẩm định | Tiến độ |  |",
        "| I. Văn bản thuộc thẩm quyền của Chính phủ |",
        "|  | Nghị định về quỹ hỗ trợ doanh nghiệp hội nhập | Chính phủ | Bộ Tài chính | - Bộ Tư pháp thẩm định; "
        "- Bộ Ngoại giao tham gia. | Quý IV/2025 |  |",
        "|  | Nghị định về xúc tiến thương mại | Chính phủ | Bộ Công Thương | Bộ Tư pháp | Năm 2026 |  |",
        "| Quyết định về đàm phán hiệp định | Thủ tướng Chính phủ | Bộ Ngoại giao | Bộ Tư pháp | Theo yêu cầu |  |  |",
    ]


def test_tasks_of_broken_pipe_rows_are_extracted_from_the_imported_work_as_from_the_file(org):
    """The parser joins broken rows by the extractor's own rule (``legal.cell_tables.pipe_rows``), so the
    stored tree gives the tasks the file as received gives."""
    work, programme = _import_broken(org)
    from_file = task_table.read(text=BROKEN_PLAN)
    from_tree = task_table.read(tree.Document.from_dict(work.expressions.get().tree))
    assert [asdict(t) | {"source_eid": ""} for t in from_tree.tasks] == [asdict(t) for t in from_file.tasks]
    services.programme_extract(actor=org["secretariat"], programme=programme)
    tasks = list(programme.tasks.order_by("pk"))
    assert [(t.title, t.lead.name, t.deadline_text) for t in tasks] == [
        ("Nghị định về quỹ hỗ trợ doanh nghiệp hội nhập", "Bộ Tài chính", "Quý IV/2025"),
        ("Nghị định về xúc tiến thương mại", "Bộ Công Thương", "Năm 2026"),
        ("Quyết định về đàm phán hiệp định", "Bộ Ngoại giao", "Theo yêu cầu"),
    ]
    assert [t.deadline for t in tasks[:2]] == [date(2025, 12, 31), date(2026, 12, 31)]
    assert all(t.group == "I. Văn bản thuộc thẩm quyền của Chính phủ" for t in tasks)
