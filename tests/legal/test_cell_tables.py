"""Tables laid out one cell per line between lone "|" lines (the crawl's HTML tables, issue 15) are kept
in the tree as table nodes of pipe rows. Short excerpts in that layout, never whole documents."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from hoinhap.legal import tree
from hoinhap.legal.akn_export import NS, to_akn
from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.cell_tables import as_pipe_rows, row_cells
from hoinhap.legal.parser import marker_free, parse_text
from hoinhap.legal.schema import validate
from tests.legal.helpers import feed_line_by_line

# A header cell over two lines with a rule under it, a group row, a row with a sub-row (its number
# and lead merged from the row above), an empty cell ("-" alone: a rule line, which carries no text).
BODY = """Điều 1. Phân công
Các cơ quan thực hiện các nhiệm vụ sau:
|
STT
|
Nhiệm vụ,
giải pháp
-------
|
Cơ quan chủ trì
|
|
I.
|
THỂ CHẾ
|
|
1
|
Sửa đổi Nghị định
về quỹ hỗ trợ.
|
Bộ Tài chính
|
|
Xây dựng cơ sở dữ liệu.
|
-
|

Điều 2. Hiệu lực
Quyết định này có hiệu lực từ ngày ký.
"""

ROWS = ["| STT | Nhiệm vụ, giải pháp | Cơ quan chủ trì |", "| I. | THỂ CHẾ |",
        "| 1 | Sửa đổi Nghị định về quỹ hỗ trợ. | Bộ Tài chính |", "| Xây dựng cơ sở dữ liệu. |  |"]


def _no_text_lost(source: str, document: tree.Document) -> bool:
    return tree.squash(marker_free(source)) == tree.squash(document.source_text().replace("|", ""))


def test_a_cell_per_line_table_is_a_table_node_of_rows_in_its_article():
    document = parse_text(BODY)
    article = document.find("art_1")
    assert article is not None and article.text == "Các cơ quan thực hiện các nhiệm vụ sau:"
    assert [(n.kind, n.eid) for n in article.children] == [(tree.TABLE, "art_1__table_1")]
    assert article.children[0].text.split("\n") == ROWS
    assert [a.num for a in document.articles()] == ["1", "2"]  # the blank line ended the table
    assert document.find("art_2").text == "Quyết định này có hiệu lực từ ngày ký."
    assert _no_text_lost(BODY, document) and not document.warnings


def test_the_table_exports_to_valid_akoma_ntoso_and_reads_back_the_same():
    document = parse_text(BODY)
    xml = to_akn(document)
    valid, errors = validate(xml)
    assert valid, errors[:3]
    rows = etree.fromstring(xml).iter(f"{{{NS}}}tr")
    assert [[td.findtext(f"{{{NS}}}p") for td in tr] for tr in rows] == [
        ["STT", "Nhiệm vụ, giải pháp", "Cơ quan chủ trì"], ["I.", "THỂ CHẾ"],
        ["1", "Sửa đổi Nghị định về quỹ hỗ trợ.", "Bộ Tài chính"], ["Xây dựng cơ sở dữ liệu.", ""]]
    again, original = read_akn(xml).to_dict(markers=True), document.to_dict(markers=True)
    again.pop("warnings"), original.pop("warnings")
    assert again == original


def test_the_inline_path_reads_the_table_as_feed_does():
    assert parse_text(BODY).to_dict(markers=True) == feed_line_by_line(BODY).to_dict(markers=True)


def test_every_line_keeps_its_number():
    """Each row is written on the line of its first pipe and the table's other lines become lone
    pipes, so that warnings after a table still point at their line."""
    lines = BODY.split("\n")
    written = as_pipe_rows(lines, BODY)
    assert len(written) == len(lines)
    assert written[2] == ROWS[0] and written[11] == ROWS[1] and written[3:11] == ["|"] * 8
    assert written[-4:] == lines[-4:]
    repeated = BODY.replace("Điều 2. Hiệu lực", "Điều 1. Lặp lại")
    warnings = parse_text(repeated).warnings
    assert [w.line for w in warnings] == [repeated.split("\n").index("Điều 1. Lặp lại") + 1]


def test_text_after_the_table_is_not_a_cell():
    """After the table's last pipe, a blank line and an appendix heading (a crawl's "PHỤ LỤC II" came
    right after a table's last pipe in tt-58) stay what they are; so does a footer line."""
    source = "Điều 1. Bảng\n|\nA\n|\nB\n|\n|\nC\n|\nD\n|\n\nPHỤ LỤC II\nDANH MỤC\n|\nTrang chủ"
    document = parse_text(source)
    assert document.find("art_1__table_1").text == "| A | B |\n| C | D |"
    assert [(n.kind, n.heading) for n in document.body if n.kind == tree.APPENDIX] == [
        (tree.APPENDIX, "DANH MỤC")]
    assert _no_text_lost(source, document)


def test_lone_pipes_that_are_no_table_are_left_alone():
    """A signature laid out as two cells far apart, a line with pipes inside the run (another layout),
    a lone pipe with too few after it: nothing is rewritten."""
    signature = ["|", "Nơi nhận:", *[f"- Bộ {i};" for i in range(12)], "|", "TM. CHÍNH PHỦ", "|"]
    assert as_pipe_rows(signature, "\n".join(signature)) == signature
    mixed = ["| TT |", "|", "|", "|", "| |", "|", "| 1 | a |"]
    assert as_pipe_rows(mixed, "\n".join(mixed)) == mixed
    assert as_pipe_rows(["|", "a", "|"], "|\na\n|") == ["|", "a", "|"]
    plain = ["Điều 1. Không có bảng", "| a | b |"]
    assert as_pipe_rows(plain, "\n".join(plain)) is plain  # no lone pipe: the same list, untouched


# -- pipe rows broken over lines (nq-1339's layout) ------------------------------------------------

# A header closed by pipes with a stray "|" under it, group rows ("| |||||" after one), a row broken over
# three lines (a cell cut at the line's end, the next cells on lines of their own), a row whose lead
# goes on on a line with no pipe before it, and a row closed by "||" (two empty cells).
BROKEN = """Điều 1. Danh mục văn bản
Các văn bản sau được xây dựng, trình:
| TT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | Cơ quan thẩm tra | Tiến độ | Hồ sơ | |
|
| I. Văn bản thuộc thẩm quyền của Quốc hội |
| |||||
| | Luật sửa đổi Luật Tổ chức Quốc hội | Ủy ban Thường vụ Quốc hội | Ban soạn thảo do UBTVQH thành lập
| - Ủy ban Pháp luật chủ trì thẩm tra; - Hội đồng Dân tộc tham gia.
| Trình Quốc hội tại Kỳ họp thứ 9 (tháng 5/2025) | - Tờ trình; - Dự thảo Luật. | |
| II. Văn bản thuộc thẩm quyền của Ủy ban Thường vụ Quốc hội | |||||||
| |||||||
| | Nghị quyết giải thể Viện Nghiên cứu lập pháp | Ban Công tác đại biểu |
Ban Công tác đại biểu (Viện Nghiên cứu lập pháp phối hợp) |
| Trình UBTVQH trước ngày 10/01/2025 | - Tờ trình. | |
| Nghị quyết sửa đổi Quy chế | Văn phòng Quốc hội | Văn phòng Quốc hội | Ủy ban Pháp luật | Theo rà soát | - Tờ trình. | ||

Điều 2. Hiệu lực
Nghị quyết này có hiệu lực từ ngày ký.
"""

BROKEN_ROWS = [
    "| TT | Tên văn bản | Cơ quan trình | Cơ quan soạn thảo | Cơ quan thẩm tra | Tiến độ | Hồ sơ |  |",
    "| I. Văn bản thuộc thẩm quyền của Quốc hội |",
    "|  | Luật sửa đổi Luật Tổ chức Quốc hội | Ủy ban Thường vụ Quốc hội | Ban soạn thảo do UBTVQH thành lập "
    "| - Ủy ban Pháp luật chủ trì thẩm tra; - Hội đồng Dân tộc tham gia. | Trình Quốc hội tại Kỳ họp thứ 9 (tháng "
    "5/2025) | - Tờ trình; - Dự thảo Luật. |  |",
    "| II. Văn bản thuộc thẩm quyền của Ủy ban Thường vụ Quốc hội |  |  |  |  |  |  |  |",
    "|  | Nghị quyết giải thể Viện Nghiên cứu lập pháp | Ban Công tác đại biểu | Ban Công tác đại biểu (Viện "
    "Nghiên cứu lập pháp phối hợp) | Trình UBTVQH trước ngày 10/01/2025 | - Tờ trình. |  |",
    "| Nghị quyết sửa đổi Quy chế | Văn phòng Quốc hội | Văn phòng Quốc hội | Ủy ban Pháp luật | Theo rà soát "
    "| - Tờ trình. |  |  |",
]


def test_pipe_rows_broken_over_lines_are_whole_rows_of_the_table_node():
    document = parse_text(BROKEN)
    article = document.find("art_1")
    assert [(n.kind, n.eid) for n in article.children] == [(tree.TABLE, "art_1__table_1")]
    assert article.children[0].text.split("\n") == BROKEN_ROWS
    assert [a.num for a in document.articles()] == ["1", "2"]
    assert _no_text_lost(BROKEN, document) and not document.warnings


def test_each_joined_row_is_written_on_its_first_line():
    """The table's other lines become lone pipes (rule lines); the stray separators stay as they were;
    a row of one line the parser reads into the same cells stays as written."""
    lines = BROKEN.split("\n")
    written = as_pipe_rows(lines, BROKEN)
    assert len(written) == len(lines)
    assert written[2:5] == lines[2:5] and written[5] == "| |||||"  # header, "|", group row, separator
    assert written[6] == BROKEN_ROWS[2] and written[7:9] == ["|", "|"]
    assert written[9] == "| II. Văn bản thuộc thẩm quyền của Ủy ban Thường vụ Quốc hội |  |  |  |  |  |  |  |"
    assert written[11] == BROKEN_ROWS[4] and written[12:14] == ["|", "|"]
    assert written[15:] == lines[15:]


def test_broken_rows_read_as_feed_does_and_export_to_valid_akoma_ntoso():
    document = parse_text(BROKEN)
    assert document.to_dict(markers=True) == feed_line_by_line(BROKEN).to_dict(markers=True)
    xml = to_akn(document)
    valid, errors = validate(xml)
    assert valid, errors[:3]
    rows = [[td.findtext(f"{{{NS}}}p") for td in tr] for tr in etree.fromstring(xml).iter(f"{{{NS}}}tr")]
    assert len(rows) == 6 and rows[2][3:6] == [
        "Ban soạn thảo do UBTVQH thành lập", "- Ủy ban Pháp luật chủ trì thẩm tra; - Hội đồng Dân tộc tham gia.",
        "Trình Quốc hội tại Kỳ họp thứ 9 (tháng 5/2025)"]
    again, original = read_akn(xml).to_dict(markers=True), document.to_dict(markers=True)
    again.pop("warnings"), original.pop("warnings")
    assert again == original


def test_only_tables_mixing_closed_and_cut_rows_are_joined():
    """A Word or PDF table closes every row, and its short rows (cells merged from the row above) stay
    rows of their own; a table whose rows are all open at the end ("| a | b", a markdown table without
    its outer pipes) is left as it is; a table whose joined rows would hold a rule line ("____", which
    the tree never keeps) is left as it is. The broken table after them is joined."""
    word = ["| STT | Nhiệm vụ | Chủ trì |", "| A. BỘ NGOẠI GIAO |", "| 1 | Xây dựng đề án |", "| 2 | Hội nghị | Bộ X |"]
    open_rows = ["| a | b", "| c", "| d | e"]
    ruled = ["| a | b |", "| c", "____", "| d |"]
    lines = [*word, "", *open_rows, "", *ruled, "", *BROKEN.split("\n")[2:15]]
    written = as_pipe_rows(lines, "\n".join(lines))
    assert written[:len(lines) - 13] == lines[:len(lines) - 13]
    assert written[len(lines) - 13 + 4] == BROKEN_ROWS[2]


_WORDS = st.lists(st.sampled_from(["bộ", "tài", "chính", "kế", "hoạch", "quý", "năm", "xây", "dựng", "đề", "án"]),
                  min_size=1, max_size=3)


@st.composite
def _broken_table(draw):  # noqa: ANN001, ANN202
    """A table of full rows (the header closed by pipes), each row cut where a crawl cuts: at a cell's
    end (the next cells on a line starting with a pipe) or inside a cell (the rest of it on a line
    starting in lower case), stray separators between rows. The rows, and the lines as written."""
    width = draw(st.integers(2, 5))
    rows = [["TT", *(f"Cột {i}" for i in range(1, width))]]
    lines = ["| " + " | ".join(rows[0]) + " |"]
    for number in range(1, draw(st.integers(1, 5)) + 1):
        cells = [str(number), *(" ".join(draw(_WORDS)) for _ in range(width - 1))]
        rows.append(cells)
        line = "|"
        for index, cell in enumerate(cells):
            cut = draw(st.sampled_from(["", "", "end", "inside"])) if index else ""
            words = cell.split(" ")
            if cut == "inside" and len(words) > 1:
                lines.append(f"{line} {words[0]}")
                line = " ".join(words[1:]) + " |"
            else:
                line = f"{line} {cell} |"
            if cut == "end" and index < width - 1:  # the pipe after the cell goes to the next line
                lines.append(line[:-2])
                line = "|"
        lines.append(line)
        lines += draw(st.sampled_from([[], [], ["|"], ["| ||"]]))
    return rows, lines


@settings(max_examples=200, deadline=None)
@given(_broken_table())
@example(([["TT", "Cột 1", "Cột 2"], ["1", "bộ", "bộ"], ["2", "bộ", "bộ"], ["3", "bộ", "bộ"]], [  # lone "|" separators
    "| TT | Cột 1 | Cột 2 |", "| 1 | bộ | bộ |", "|", "| 2 | bộ", "| bộ |", "|", "| 3 | bộ", "| bộ |", "|"]))
def test_property_broken_rows_come_out_whole_and_no_text_is_lost(table):
    """Whatever the cuts, the table node holds the rows as they were before the crawl cut them, no
    character is lost, and the inline path reads what ``feed`` reads."""
    rows, lines = table
    source = "\n".join(["Điều 1. Bảng", *lines, "", "Điều 2. Hiệu lực"])
    document = parse_text(source)
    node = document.find("art_1__table_1")
    assert node is not None and [row_cells(line) for line in node.text.split("\n")] == rows
    assert _no_text_lost(source, document)
    assert document.to_dict(markers=True) == feed_line_by_line(source).to_dict(markers=True)
