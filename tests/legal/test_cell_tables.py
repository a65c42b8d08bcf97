"""Tables laid out one cell per line between lone "|" lines (the crawl's HTML tables, issue 15) are kept
in the tree as table nodes of pipe rows. Short excerpts in that layout, never whole documents."""

from __future__ import annotations

from lxml import etree

from hoinhap.legal import tree
from hoinhap.legal.akn_export import NS, to_akn
from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.cell_tables import as_pipe_rows
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
