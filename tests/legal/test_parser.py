import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoinhap.legal import tree
from hoinhap.legal.parser import marker_free, parse_text
from hoinhap.legal.tree import squash


def kinds(document):
    return [(n.kind, n.num) for n in document.walk() if n.kind not in (tree.PREFACE, tree.PREAMBLE)]


def no_text_lost(source: str, document) -> bool:
    return squash(marker_free(source)) == squash(document.source_text().replace("|", ""))


def test_article_clause_point_eids():
    doc = parse_text("Chương I\nQUY ĐỊNH CHUNG\nĐiều 5. Tên\n1. Khoản một.\n2. Khoản hai:\na) Điểm a;\nđ) Điểm đ.")
    assert [n.eid for n in doc.walk()] == [
        "chp_I", "chp_I__art_5", "chp_I__art_5__cl_1", "chp_I__art_5__cl_2",
        "chp_I__art_5__cl_2__pt_a", "chp_I__art_5__cl_2__pt_dd"]
    assert doc.find("chp_I__art_5").heading == "Tên"


def test_glued_chapter_heading_is_split():
    doc = parse_text("Chương IIIVIỆC LÀM\nĐiều 1. A\nNội dung.")
    chapter = doc.body[0]
    assert (chapter.kind, chapter.num, chapter.heading) == ("chapter", "III", "VIỆC LÀM")


def test_sentence_starting_with_chapter_word_is_text():
    doc = parse_text("Điều 1. A\nquy định tại\nChương V của Nghị định này.")
    assert [n.kind for n in doc.walk()] == ["article"]


def test_inserted_units_keep_their_numbers():
    doc = parse_text("Điều 10. A\n1. X.\n2. Y.\n2a. Chèn.\nĐiều 10a. Chèn\na) Một;\na1) Chèn.")
    assert kinds(doc) == [("article", "10"), ("clause", "1"), ("clause", "2"), ("clause", "2a"),
                          ("article", "10a"), ("point", "a"), ("point", "a1")]
    assert doc.find("art_10a__pt_a1") is not None


def test_quoted_amending_text_stays_inside_its_clause():
    source = ("Điều 1. Sửa đổi\n1. Sửa đổi Điều 9 như sau:\n“Điều 9. Mới\n1. Không phải khoản.\n"
              "a) Không phải điểm.”.\nĐiều 2. Hiệu lực\nCó hiệu lực.")
    doc = parse_text(source)
    assert kinds(doc) == [("article", "1"), ("clause", "1"), ("article", "2")]
    assert "Không phải điểm" in doc.find("art_1__cl_1").text


def test_unclosed_quotation_is_warned_and_kept():
    body = "\n".join(f"Dòng {i}." for i in range(40))
    doc = parse_text(f"Điều 1. A\n1. Sửa như sau:\n“Điều 9. Mới\n{body}\nĐiều 2. B\nNội dung.")
    assert [n.num for n in doc.articles()] == ["1", "2"]
    assert any("not closed" in w.message for w in doc.warnings)


def test_restarting_article_numbers_start_an_attachment():
    doc = parse_text("Điều 1. Ban hành Quy chế.\nĐiều 2. Hiệu lực.\nQUY CHẾ\nĐiều 1. Phạm vi\nNội dung.")
    assert [n.kind for n in doc.body] == ["article", "article", "appendix"]
    assert doc.body[2].children[0].eid == "att_1__art_1"


def test_party_document_letters_romans_and_items():
    doc = parse_text("A- TÌNH HÌNH\n1- Một.\nB- ĐỊNH HƯỚNG\nI- QUAN ĐIỂM\n1- Hai.\na) Ba.\n"
                     "C- GIẢI PHÁP\nI- NHIỆM VỤ\n1- Bốn.")
    assert kinds(doc) == [("part", "A"), ("item", "1"), ("part", "B"), ("division", "I"), ("item", "1"),
                          ("point", "a"), ("part", "C"), ("division", "I"), ("item", "1")]


def test_english_translation():
    doc = parse_text("Chapter I\nGENERAL PROVISIONS\nArticle 1. Scope\n1. This Law governs.\na) point a.",
                     language="en")
    assert [n.eid for n in doc.walk()] == ["chp_I", "chp_I__art_1", "chp_I__art_1__cl_1", "chp_I__art_1__cl_1__pt_a"]
    assert doc.meta.language == "en"


def test_decomposed_diacritics_are_normalised():
    decomposed = unicodedata.normalize("NFD", "Điều 1. Phạm vi điều chỉnh\nNội dung.")
    doc = parse_text(decomposed)
    assert doc.articles()[0].heading == "Phạm vi điều chỉnh"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "aeoAEuđĐ \t\n\u0300\u0301\u0302\u0303\u0306\u0309\u0323\u031b\u1100\u1161\u11a8\u212b\u0344\uf900\u2000"
)))
def test_normalise_is_whole_text_nfc_with_spaces_folded(text):
    """``normalise`` composes one line at a time, after folding spaces; the result must be that of
    a whole-text NFC, even with combining marks at the start of a line and Hangul jamo."""
    from hoinhap.legal.parser import normalise

    expected = unicodedata.normalize("NFC", text).replace("\t", " ")
    while "  " in expected:
        expected = expected.replace("  ", " ")
    assert normalise(text) == expected


def test_hard_wrapped_sentence_is_joined():
    doc = parse_text("Điều 1. A\n1. Cơ quan nhà nước\ncó trách nhiệm.")
    assert doc.find("art_1__cl_1").text == "Cơ quan nhà nước có trách nhiệm."


def test_signature_and_metadata():
    doc = parse_text("CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 30/2020/NĐ-CP | Hà Nội, ngày 05 tháng 3 năm "
                     "2020\nNGHỊ ĐỊNH\nVề công tác văn thư\nCăn cứ Luật;\nĐiều 1. A\nNội dung.\nNơi nhận:\n- Lưu: VT.\n"
                     "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\nNguyễn Xuân Phúc")
    meta = doc.meta
    assert (meta.number, meta.doc_type, meta.issuer, meta.place) == ("30/2020/NĐ-CP", "Nghị định", "Chính phủ", "Hà Nội")
    assert meta.date.isoformat() == "2020-03-05"
    assert meta.signer == "Nguyễn Xuân Phúc"
    assert meta.title == "Nghị định Về công tác văn thư"
    assert [n.kind for n in doc.body] == ["preface", "preamble", "article", "signature"]


def test_never_refuses_garbage():
    doc = parse_text("\x00\x01 ||| ))) 1. a) Điều Chương \n\n\t")
    assert doc.body  # kept as paragraphs, no exception


LINES = st.sampled_from([
    "Chương I", "CHƯƠNG IIQUY ĐỊNH", "QUY ĐỊNH CHUNG", "Mục 1", "Điều 1. Tên", "Điều 2.", "Điều 1a. Chèn",
    "1. Khoản.", "2. Khoản hai", "a) Điểm", "đ) Điểm đ", "a1) Chèn", "“Điều 9. Trích", "kết thúc.”.", "| a | b |",
    "| --- | --- |", "Nơi nhận:", "TM. CHÍNH PHỦ", "PHỤ LỤC I", "(Kèm theo Nghị định số 1/2020/NĐ-CP)", "I- MỤC TIÊU",
    "A- PHẦN", "1- Mục", "Căn cứ Luật;", "văn bản tiếp theo", "", "____", "Chương", "III", "Điều 5 của Luật này.",
    # cell-per-line tables (issue 15): lone pipes, often in a row, a rule or a dash alone in a cell
    "|", "|", "|", " | ", "-------", "-",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=40))
def test_property_no_text_is_lost(lines):
    source = "\n".join(lines)
    document = parse_text(source)
    assert no_text_lost(source, document)
    eids = [n.eid for n in document.walk()]
    assert len(eids) == len(set(eids))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(LINES, st.sampled_from(["3. Khoản ba", "b) Điểm b", "1. Lại", "  ", "– gạch", "Điều 3. Ba"]),
                          st.text(max_size=30)), max_size=50))
def test_property_the_inline_path_does_what_feed_does(lines):
    """``_Parser.run`` settles most lines inline (text, clauses, points); on any input its tree and
    warnings must be those of the same lines fed one by one through ``feed`` and ``_open``."""
    from tests.legal.helpers import feed_line_by_line

    source = "\n".join(lines)
    assert parse_text(source).to_dict(markers=True) == feed_line_by_line(source).to_dict(markers=True)


@pytest.mark.parametrize("line", [
    "Chương IQUY ĐỊNH CHUNG", "CHƯƠNG II", "PHẦN THỨ NHẤT", "Phần 2. Tổ chức", "Mục 1. Quy định chung",
    "TIỂU MỤC 1", "Điều 10a. Sửa đổi", "ĐIỀU 3", "PHỤ LỤC", "Phụ lục số II", "2. Khoản", "12a. Khoản chèn",
    "đ) điểm", "(a1) điểm chèn", "IV- NHIỆM VỤ", "B- GIẢI PHÁP", "Part ONE", "CHAPTER III", "Section 2",
    "Sub-section 1", "Article 5. Scope", "ANNEX I", "Appendix 2",
])
def test_the_marker_prefilter_passes_each_kind_of_marker(line):
    from hoinhap.legal.markers import VOCABULARIES, numbered, structural
    from hoinhap.legal.parser import MAYBE_MARKER

    assert any(structural(line, v) for v in VOCABULARIES.values()) or numbered(line), line
    assert MAYBE_MARKER.match(line)


@pytest.mark.parametrize("line", [
    "Nơi nhận:", "Recipients:", "| TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH",
    "T/M. CHÍNH PHỦ", "K/T CHỦ TỊCH", "Q. THỦ TƯỚNG", "ON BEHALF OF THE GOVERNMENT", "FOR THE MINISTER",
    "PP. MINISTER", "Luật này đã được Quốc hội thông qua", "Bộ luật này được Quốc hội thông qua",
    "Nghị quyết này được thông qua", "Pháp lệnh này đã được thông qua", "This Law was passed",
])
def test_block_end_lines_start_with_a_listed_character(line):
    """``_BLOCK_END_FIRST`` lets the line loop skip the BLOCK_END regex: it must list every start."""
    from hoinhap.legal.parser import _BLOCK_END_FIRST, BLOCK_END

    assert BLOCK_END.match(line), line
    assert line[0] in _BLOCK_END_FIRST


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n", "\r\r\n"])
def test_cr_only_line_endings_are_line_breaks(ending):
    """Old Mac OS files and some exporters end lines with a lone CR; dropping it glued the lines into
    one article. Every ending gives the same two articles, and no character is lost."""
    lines = ["Điều 1. Phạm vi", "Nghị định này quy định về hội nhập.", "Điều 2. Hiệu lực", "Có hiệu lực từ ngày ký."]
    source = ending.join(lines)
    document = parse_text(source)
    assert [(a.num, a.heading) for a in document.articles()] == [("1", "Phạm vi"), ("2", "Hiệu lực")]
    assert document.find("art_1").text == "Nghị định này quy định về hội nhập."
    assert document.find("art_2").text == "Có hiệu lực từ ngày ký."
    assert no_text_lost(source, document)
