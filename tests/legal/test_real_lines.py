"""The corpus reads real documents right (issue 15 item 5): one test per class, each from a real line
(the shared corpus ../shared/data/vn-legal, or the issue's own quotation)."""

from __future__ import annotations

from hoinhap.legal.akn_import import read_akn
from hoinhap.legal.citations import document_citations
from hoinhap.legal.parser import parse_text


def test_a_wrapped_line_starting_with_dieu_that_cites_a_decree_is_not_an_article():
    # The line: "Điều 5 Nghị định số 267/2025/NĐ-CP, cụ" wrapped from the line above.
    text = ("Điều 1. Phạm vi điều chỉnh\nNghị định này sửa đổi, bổ sung một số điều của\n"
            "Điều 5 Nghị định số 267/2025/NĐ-CP, cụ thể như sau:\n"
            "Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực.\nĐiều 3. Trách nhiệm thi hành\nCác Bộ trưởng.")
    document = parse_text(text)
    assert [(a.num, a.heading) for a in document.articles()] == [
        ("1", "Phạm vi điều chỉnh"), ("2", "Hiệu lực thi hành"), ("3", "Trách nhiệm thi hành")]
    assert document.articles()[0].text.endswith("Điều 5 Nghị định số 267/2025/NĐ-CP, cụ thể như sau:")
    assert document.warnings == []


def test_the_issuers_code_does_not_leak_into_the_place():
    # nq-03-nqcp-2025 (header lines as in the shared text): read as "CP Hà Nội" before.
    header = ("CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 03/NQ-CP\n"
              "Hà Nội, ngày 09 tháng 01 năm 2025\n\nNGHỊ QUYẾT\nBan hành Chương trình hành động của Chính phủ\n\n"
              "CHÍNH PHỦ\n\nCăn cứ Luật Tổ chức Chính phủ;\nĐiều 1. Ban hành\nNội dung.")
    meta = parse_text(header).meta
    assert (meta.place, meta.date.isoformat()) == ("Hà Nội", "2025-01-09")
    # tt-68-2025 and qd-99-2025: "BNNMT Hà Nội", "UBND Nghệ An"
    assert parse_text("Số: 68/2025/TT-BNNMT Hà Nội, ngày 01 tháng 12 năm 2025\nĐiều 1. A").meta.place == "Hà Nội"
    assert parse_text("Số: 99/2025/QĐ-UBND Nghệ An, ngày 01 tháng 12 năm 2025\nĐiều 1. A").meta.place == "Nghệ An"


def test_a_title_on_the_line_after_its_type_word_is_read_and_joined():
    # nq-188-2025-qh15: the subject in sentence case under "NGHỊ QUYẾT", then the issuer's line.
    text = ("NGHỊ QUYẾT\n\nThí điểm một số cơ chế, chính sách đặc thù, đặc biệt để phát triển hệ thống\n"
            "mạng lưới đường sắt đô thị\n\nQUỐC HỘI\n\nCăn cứ Hiến pháp;\nĐiều 1. Phạm vi điều chỉnh\nNội dung.")
    assert parse_text(text).meta.title == ("Nghị quyết Thí điểm một số cơ chế, chính sách đặc thù, đặc biệt để "
                                           "phát triển hệ thống mạng lưới đường sắt đô thị")


def test_a_title_loses_the_issuers_line_and_a_crawls_second_copy_but_keeps_its_type_word():
    # nq-05-2025-nqcp: "… tại Việt Nam CHÍNH PHỦ"; nd-173-2025: the subject twice.
    assert parse_text("NGHỊ QUYẾT\nVề việc triển khai thí điểm thị trường tài sản mã hóa tại Việt Nam\nCHÍNH PHỦ\n"
                      "Căn cứ Luật;\nĐiều 1. A").meta.title == (
        "Nghị quyết Về việc triển khai thí điểm thị trường tài sản mã hóa tại Việt Nam")
    assert parse_text("NGHỊ ĐỊNHVề hợp đồng thực hiện nhiệm vụ của công chức\n\n"
                      "Về hợp đồng thực hiện nhiệm vụ của công chức\n\n_______________\n\nCăn cứ Luật;\n"
                      "Điều 1. A").meta.title == "Nghị định Về hợp đồng thực hiện nhiệm vụ của công chức"
    # qd-44-2025-qdttg: "… của Thủ tướng Chính phủ" is the subject itself, not the issuer's line
    assert parse_text("QUYẾT ĐỊNH\nBÃI BỎ MỘT SỐ VĂN BẢN QUY PHẠM PHÁP LUẬT CỦA THỦ TƯỚNG CHÍNH PHỦ\n"
                      "Căn cứ Luật;\nĐiều 1. A").meta.title.endswith("của thủ tướng Chính phủ")


def test_the_type_word_alone_is_not_a_title():
    # nq-57-nqtw-2024: "Nghị quyết số 57-NQ/TW" and no subject: read as the title "Nghị quyết" before.
    meta = parse_text("Nghị quyết số 57-NQ/TW\n\nThay mặt Bộ Chính trị, Tổng Bí thư đã ký ban hành.\n"
                      "I- QUAN ĐIỂM CHỈ ĐẠO\n1. Nội dung.").meta
    assert (meta.doc_type, meta.number, meta.title) == ("Nghị quyết", "57-NQ/TW", "")


def test_old_numbers_without_a_type_code_are_citations():
    text = "Bãi bỏ Nghị định số 12/CP ngày 01/11/1995 và Quyết định 43/CP; tỷ lệ 1/2 không phải số văn bản."
    assert [(c.text, c.target) for c in document_citations(text)] == [
        ("Nghị định số 12/CP", "12/CP"), ("Quyết định 43/CP", "43/CP")]


AKN = b"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta>
<identification source="#x"><FRBRWork><FRBRthis value="/akn/za/act/2020/1/!main"/><FRBRuri value="/akn/za/act/2020/1"/>
<FRBRdate date="2020-01-01" name="x"/><FRBRauthor href="#x"/><FRBRcountry value="za"/></FRBRWork></identification>
</meta><body><section eId="sec_1"><num>1.</num><heading>Beneficial<br/>ownership</heading><content>
<p>Nature of ownership<br/>or control</p>
<table eId="sec_1__table_1"><tr><th><p>Nature of ownership<br/>or control</p></th><th><p>Share</p></th></tr></table>
</content></section></body></act></akomaNtoso>"""


def test_akn_line_breaks_in_cells_and_paragraphs_do_not_glue_words():
    # Indigo's fixtures: "Nature of ownership<br/>or control" came out as "ownershipor".
    document = read_akn(AKN)
    section = document.body[0]
    text = "\n".join(node.heading + "\n" + node.text for node in section.walk())
    assert "ownershipor" not in text
    assert "Beneficial ownership" in text
    assert "Nature of ownership or control" in text
    assert "| Nature of ownership or control | Share |" in text
