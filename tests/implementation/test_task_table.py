"""Task tables as real plans lay them out (issue 15): short excerpts written for each class of input,
never whole documents."""

from __future__ import annotations

from hoinhap.implementation import task_table
from hoinhap.legal import tree

# One cell per line between lone "|" lines (the crawl's HTML tables): the appendix title glued
# before the headings, a group row shorter than the table, an empty cell written "** **", a
# rowspan sub-row (STT, lead and coordinators merged from the row above), "Như trên", two leads.
LONE_PIPE = """**PHỤ LỤC**
*(Kèm theo Quyết định số 1/QĐ-TTg)*
|
**STT**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Nội dung nhiệm
vụ**
|
**Thời hạn hoàn thành**
|
|
**A.**
|
**BỘ XÂY DỰNG**
|
|
1
|
Bộ Xây dựng
|
- Bộ Tài chính;
- Bộ Công Thương.
|
- Rà soát quy chuẩn
kỹ thuật về khí thải.
|
Quí IV-2025
|
|
- Xây dựng cơ sở dữ liệu.
|
Từ năm 2026
|
|
2
|
Như trên
|
** **
|
Ban hành bộ tiêu chí.
|
Theo yêu cầu
|
|
3
|
Bộ Tài chính, Bộ Nội vụ
|
Các bộ, ngành
|
Lập đề án.
|
2026-2030
|
Trang chủ | Liên hệ
"""


def test_cell_per_line_tables_with_groups_rowspans_and_same_as_above():
    result = task_table.read(text=LONE_PIPE)
    assert result.source == "table" and len(result.tables) == 1
    headings = {h["heading"]: h["read_as"] for h in result.tables[0].headings}
    assert headings == {"STT": "number", "Cơ quan chủ trì": "lead", "Cơ quan phối hợp": "coordinators",
                        "Nội dung nhiệm vụ": "title", "Thời hạn hoàn thành": "deadline"}
    first, sub, second, third = result.tasks
    assert (first.number, first.lead, first.deadline, first.group) == ("1", "Bộ Xây dựng", "Quí IV-2025",
                                                                      "A. BỘ XÂY DỰNG")
    assert first.title == "- Rà soát quy chuẩn kỹ thuật về khí thải."
    assert first.coordinators == "- Bộ Tài chính;\n- Bộ Công Thương."
    # the sub-row inherits the merged cells, keeps its own task and deadline, and its provenance
    assert (sub.number, sub.lead, sub.title, sub.deadline) == ("1", "Bộ Xây dựng", "- Xây dựng cơ sở dữ liệu.",
                                                              "Từ năm 2026")
    assert sub.coordinators == first.coordinators and sub.row == first.row + 1 and sub.table == 1
    assert (second.lead, second.coordinators, second.deadline) == ("Bộ Xây dựng", "", "Theo yêu cầu")
    assert third.lead == "Bộ Tài chính, Bộ Nội vụ" and "several leads" in third.warnings[0]
    assert any("several leads" in w for w in result.warnings)
    assert result.tables[0].groups == 1 and result.tables[0].tasks == 4


# Pipe rows: other words for every column, a row broken over lines, stray separator lines, the
# heading row repeated after a page break, a group "II." and sub-tasks "1.1" as children.
PIPE_ROWS = """| TT | Nội dung công việc | Đơn vị thực hiện | Đơn vị phối hợp | Tiến độ | Sản phẩm đầu ra |
|---|---|---|---|---|---|
| I. | Hoàn thiện thể chế | | | | |
| 1 | Sửa đổi Nghị định | Bộ Tư pháp | Bộ Tài chính | quý 4/2025 | Nghị định |
| 1.1 | Lấy ý kiến dự thảo | Bộ Tư pháp | | 15 ngày làm việc kể từ ngày nhận hồ sơ | Báo cáo |
| |||
| TT | Nội dung công việc | Đơn vị thực hiện | Đơn vị phối hợp | Tiến độ | Sản phẩm đầu ra |
| 2 | Xây dựng cơ sở dữ liệu về
đầu tư | Sở Tài chính | Các sở, ngành
| Năm 2025 và các năm tiếp theo | Cơ sở dữ liệu |
"""


def test_pipe_rows_broken_over_lines_and_repeated_headings():
    result = task_table.read(text=PIPE_ROWS)
    headings = [h["read_as"] for h in result.tables[0].headings]
    assert headings == ["number", "title", "lead", "coordinators", "deadline", "output"]
    tasks = {t.number: t for t in result.tasks}
    assert sorted(tasks) == ["1", "1.1", "2"]
    assert tasks["1.1"].parent_number == "1" and tasks["1"].group == "I. Hoàn thiện thể chế"
    assert tasks["2"].title == "Xây dựng cơ sở dữ liệu về đầu tư" and tasks["2"].lead == "Sở Tài chính"
    assert tasks["2"].deadline == "Năm 2025 và các năm tiếp theo" and tasks["2"].output == "Cơ sở dữ liệu"


def test_headings_are_scored_by_meaning_not_listed():
    text = ("| STT | Nhiệm vụ | Văn bản giao nhiệm vụ | Người đứng đầu chịu trách nhiệm | Cơ quan chủ trì thực hiện "
            "| Thời hạn | Kết quả thực hiện |\n| 1 | Báo cáo | Thông báo 1/TB | Bộ trưởng | Bộ Ngoại giao | 31/12/2025 "
            "| Đang làm |\n")
    result = task_table.read(text=text)
    read_as = {h["heading"]: h["read_as"] for h in result.tables[0].headings}
    assert read_as["Nhiệm vụ"] == "title" and read_as["Văn bản giao nhiệm vụ"] == "ignored"
    assert read_as["Người đứng đầu chịu trách nhiệm"] == "ignored"
    assert read_as["Cơ quan chủ trì thực hiện"] == "lead" and read_as["Thời hạn"] == "deadline"
    assert result.tasks[0].lead == "Bộ Ngoại giao" and result.tasks[0].output == "Đang làm"


def test_a_table_without_headings_and_one_going_on_after_a_heading():
    headless = ("39 | Phát triển bảo hiểm sức khỏe | Bộ Tài chính | Bộ Y tế, các bộ, ngành | Báo cáo kết quả | 2026 |\n"
                "40 | Khám sức khỏe định kỳ | Bộ Y tế | Các địa phương | Các hoạt động hằng năm | 2027 |\n")
    tasks = task_table.read(text=headless).tasks
    assert [(t.number, t.lead, t.deadline, t.output) for t in tasks] == [
        ("39", "Bộ Tài chính", "2026", "Báo cáo kết quả"), ("40", "Bộ Y tế", "2027", "Các hoạt động hằng năm")]
    continued = PIPE_ROWS.split("| 2 |")[0] + "\nII. CÁC NHIỆM VỤ KHÁC\n\n| 3 | Tập huấn | Bộ Nội vụ | | 2026 | Lớp |\n"
    result = task_table.read(text=continued)
    assert result.tables[-1].continued and result.tasks[-1].lead == "Bộ Nội vụ"


def test_word_tables_come_as_table_nodes_with_their_eid():
    table = tree.Node(tree.TABLE, eid="att_1__table_1", text=(
        "| STT | Tên nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n| 1 | Xây dựng đề án | Bộ Ngoại giao | "
        "Quý IV/2025 - Quý II/2026 |\n| 2 | Tổ chức hội nghị | Như trên | Theo tiến độ dự án |"))
    result = task_table.read(tree.Document(body=[table]))
    assert [(t.lead, t.source_eid, t.row) for t in result.tasks] == [
        ("Bộ Ngoại giao", "att_1__table_1", 2), ("Bộ Ngoại giao", "att_1__table_1", 3)]


def test_without_a_table_the_provisions_that_assign_work_still_become_tasks():
    node = tree.Node(tree.CLAUSE, num="1", eid="cl_1",
                     text="Bộ Ngoại giao chủ trì, phối hợp với Bộ Công Thương xây dựng đề án, hoàn thành trong năm 2026.")
    duty = tree.Node(tree.CLAUSE, num="2", eid="cl_2", text="Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương "
                     "có trách nhiệm xây dựng kế hoạch thực hiện, trình trong năm 2026.")
    result = task_table.read(tree.Document(body=[node, duty]))
    assert result.source == "provisions" and result.tasks[0].lead == "Bộ Ngoại giao"
    assert result.tasks[0].coordinators == "Bộ Công Thương" and result.tables == []
    assert result.tasks[1].lead == "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
    assert (result.tasks[1].source_eid, result.tasks[1].deadline) == ("cl_2", "năm 2026")


def test_word_tables_with_merged_cells_paragraphs_and_headings_repeated_on_a_new_page():
    import io

    import docx

    from hoinhap.legal.reading import read_bytes

    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=5, cols=4)
    rows = [("STT", "Nội dung/nhiệm vụ", "Cơ quan/đơn vị chủ trì", "Thời hạn"),
            ("1", "Xây dựng đề án", "Bộ Ngoại giao", "Quý IV-2025"),
            ("2", "Tổ chức hội nghị", "", "Theo yêu cầu"),
            ("STT", "Nội dung/nhiệm vụ", "Cơ quan/đơn vị chủ trì", "Thời hạn"),
            ("3", "Báo cáo sơ kết", "Bộ Công Thương", "30/6/2026")]
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    table.cell(1, 2).merge(table.cell(2, 2))  # the lead merged down over rows 1 and 2
    table.cell(4, 1).add_paragraph("và gửi Bộ Ngoại giao")  # a cell of two paragraphs
    data = io.BytesIO()
    document.save(data)
    _, parsed = read_bytes(data.getvalue(), "ke-hoach.docx")
    result = task_table.read(parsed)
    assert [(t.number, t.lead, t.deadline) for t in result.tasks] == [
        ("1", "Bộ Ngoại giao", "Quý IV-2025"), ("2", "Bộ Ngoại giao", "Theo yêu cầu"), ("3", "Bộ Công Thương", "30/6/2026")]
    assert result.tasks[2].title == "Báo cáo sơ kết và gửi Bộ Ngoại giao"
    assert [h["read_as"] for h in result.tables[0].headings] == ["number", "title", "lead", "deadline"]


def test_a_row_with_a_second_lead_and_coordinating_pair_joins_the_task_above():
    text = "\n".join(["|", "TT", "|", "Tên đề án ưu tiên", "|", "Cơ quan chủ trì", "|", "Cơ quan phối hợp", "|",
                      "Thời hạn hoàn thành", "|", "|", "1", "|", "Đề án phong trào", "|", "Trung ương Mặt trận Tổ quốc",
                      "|", "Các bộ, ngành", "|", "2030", "|", "|", "Ủy ban nhân dân các tỉnh", "|",
                      "Các cơ quan báo chí địa phương", "|", "|", "2", "|", "Đề án bãi chôn lấp", "|",
                      "Ủy ban nhân dân các tỉnh", "|", "Các bộ, ngành", "|", "2026-2030", "|"])
    first, second = task_table.read(text=text).tasks
    assert first.lead == "Trung ương Mặt trận Tổ quốc || Ủy ban nhân dân các tỉnh"
    assert "several leads" in first.warnings[0]  # the store keeps the first as lead, the other coordinates
    assert first.coordinators == "Các bộ, ngành || Các cơ quan báo chí địa phương" and first.deadline == "2030"
    assert (second.number, second.lead) == ("2", "Ủy ban nhân dân các tỉnh")


def _lone_pipe(rows):  # noqa: ANN001, ANN202 - a cell-per-line table as the crawl writes it
    lines = []
    for row in rows:
        for cell in row:
            lines += ["|", *cell.split("\n")]
        lines.append("|")
    return "\n".join(lines)


def test_short_rows_put_each_cell_where_it_fits():
    text = _lone_pipe([
        ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Kết quả", "Nguồn kinh phí"),
        ("1", "Đào tạo cán bộ", "Sở Nội vụ", "Sở Tài chính", "Năm 2025-2030", "Khoá đào tạo", "Ngân sách"),
        ("Quản lý hệ thống", "Sở Tài chính"),  # its own task and lead; the rest merged from above
        ("Biên soạn tài liệu", "Các sở, ngành liên quan", "Quý IV/2026", "Tài liệu"),  # a group: coordinators
        ("2", "Khắc phục các nhiệm vụ phải hoàn thành trong năm 2025 tại các Chỉ thị, Nghị quyết của Chính phủ "
              "và các văn bản chỉ đạo của Thủ tướng", "Cơ quan ngang bộ, cơ quan thuộc Chính phủ", "31/12/2025"),
    ])
    first, own_lead, own_coordinators, long_title = task_table.read(text=text).tasks
    assert (own_lead.title, own_lead.lead, own_lead.coordinators) == ("Quản lý hệ thống", "Sở Tài chính", "Sở Tài chính")
    assert own_lead.deadline == first.deadline and own_lead.number == "1"
    assert (own_coordinators.lead, own_coordinators.coordinators) == ("Sở Tài chính", "Các sở, ngành liên quan")
    assert (own_coordinators.title, own_coordinators.output, own_coordinators.deadline) == (
        "Biên soạn tài liệu", "Tài liệu", "Quý IV/2026")
    assert long_title.title.startswith("Khắc phục") and long_title.deadline == "31/12/2025"
    assert long_title.lead == "Cơ quan ngang bộ, cơ quan thuộc Chính phủ"


def test_nested_group_rows_give_each_task_its_group_path():
    text = ("| TT | Nhiệm vụ | Chủ trì | Tiến độ |\n| I | Thể chế | | |\n| I.1 | Luật | | |\n"
            "| 1 | Sửa luật | Bộ Tư pháp | 2026 |\n| II | Hạ tầng | | |\n| 2 | Xây dựng | Bộ Xây dựng | 2027 |\n")
    result = task_table.read(text=text)
    assert [t.group for t in result.tasks] == ["I Thể chế › I.1 Luật", "II Hạ tầng"]
    assert result.tables[0].groups == 3


def test_agency_cells_as_plans_write_them():
    from hoinhap.implementation.agencies import split_agencies

    names = [ref.text for ref in split_agencies("- Bộ Khoa học và Công nghệ;\n- Ủy ban nhân dân các tỉnh, thành phố "
                                                "trực thuộc trung ương || Bộ Tài chính, Thành phố Hà Nội")]
    assert names == ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
                     "Bộ Tài chính", "Thành phố Hà Nội"]
