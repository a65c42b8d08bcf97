"""PDF in (issue 15 item 3): digital PDFs by their text layer, scans by OCR, hostile files refused."""

from __future__ import annotations

import pytest

from hoinhap.legal import pdf_reader, tree
from hoinhap.legal.errors import UnreadableDocument
from hoinhap.legal.parser import parse_text
from hoinhap.legal.pdf_reader import PdfOptions, parse_pdf, pdf_text
from hoinhap.legal.reading import detect_format, read_bytes
from tests.legal.pdfs import (
    blank_pages,
    digital_pdf,
    encrypted,
    needs_font,
    needs_tesseract,
    scanned,
    with_stream,
)

LONG_CLAUSE = ("1. Cơ quan, tổ chức, cá nhân có liên quan đến hoạt động hội nhập quốc tế trong lĩnh vực khoa học, "
               "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia theo quy định của pháp luật Việt Nam.")
DECREE = ["CHÍNH PHỦ", "Số: 12/2025/NĐ-CP", "NGHỊ ĐỊNH", "Quy định chi tiết một số điều",
          "Điều 1. Phạm vi điều chỉnh", LONG_CLAUSE, "2. Nghị định này không áp dụng đối với đơn vị sự nghiệp.",
          "Điều 2. Hiệu lực thi hành", "Nghị định này có hiệu lực từ ngày ký."]


@needs_font
def test_a_digital_pdf_reads_as_its_text_with_wrapped_lines_joined():
    data = digital_pdf(DECREE)
    fmt, document = read_bytes(data, "nghi-dinh.pdf")
    assert fmt == "pdf"
    articles = document.articles()
    assert [a.num for a in articles] == ["1", "2"]
    clauses = articles[0].children
    # fpdf2 wrapped the long clause over two lines; the reader joins them into one paragraph again
    assert " ".join(clauses[0].text.split()) == LONG_CLAUSE[3:]
    assert "\n" not in clauses[0].text
    assert document.meta.number == "12/2025/NĐ-CP"


@needs_font
def test_a_ruled_table_comes_out_as_pipe_rows_in_place():
    data = digital_pdf(["Điều 1. Nhiệm vụ"], table=[["Nhiệm vụ", "Cơ quan chủ trì"], ["Xây dựng đề án", "Bộ Ngoại giao"]])
    text = pdf_text(data, PdfOptions()).text
    assert "| Nhiệm vụ | Cơ quan chủ trì |" in text
    assert "| Xây dựng đề án | Bộ Ngoại giao |" in text
    assert text.index("Điều 1") < text.index("| Nhiệm vụ")


def test_the_format_is_detected_by_suffix_or_signature():
    assert detect_format("a.pdf", b"anything") == "pdf"
    assert detect_format("upload", b"%PDF-1.7\n...") == "pdf"


@needs_font
@needs_tesseract
def test_a_scan_is_read_by_ocr_with_its_confidence():
    data = scanned(digital_pdf(DECREE[4:]))
    result = pdf_text(data, PdfOptions())
    assert result.pages[0][0] == "ocr"
    confidence = result.pages[0][1]
    assert confidence is not None and confidence > 80
    assert "Điều 1. Phạm vi điều chỉnh" in result.text
    assert "hiệu lực từ ngày ký" in result.text
    assert result.warnings == []
    assert [a.num for a in parse_text(result.text).articles()] == ["1", "2"]


@needs_font
@needs_tesseract
def test_a_low_confidence_page_gets_a_warning_with_its_line():
    data = scanned(digital_pdf(DECREE[4:]))
    document = parse_pdf(data, options=PdfOptions(min_confidence=100.5))
    assert [(w.line, w.message.split(" (")[0]) for w in document.warnings] == [
        (1, "page 1 read by OCR with low confidence")]


def test_a_scan_without_tesseract_is_refused_clearly(monkeypatch):
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 50, 50), False)
    pixmap.clear_with(200)
    page.insert_image(page.rect, pixmap=pixmap)
    monkeypatch.setattr(pdf_reader.shutil, "which", lambda name: None)
    with pytest.raises(UnreadableDocument, match="OCR is not installed"):
        pdf_text(bytes(document.tobytes()), PdfOptions())


@pytest.mark.parametrize(("data", "reason"), [
    (b"not a pdf at all", "not a PDF file"),
    (b"%PDF-1.7\n1 0 obj <<>> garbage", "damaged PDF|no text"),
    (b"%PDF-1.4\n" + b"\x00\xff" * 500, "damaged PDF|no text"),
])
def test_what_is_not_a_readable_pdf_is_refused(data, reason):
    with pytest.raises(UnreadableDocument, match=reason):
        read_bytes(data, "x.pdf")


@needs_font
def test_a_password_protected_pdf_is_refused():
    with pytest.raises(UnreadableDocument, match="password"):
        pdf_text(encrypted(digital_pdf(DECREE)), PdfOptions())


def test_more_pages_than_the_limit_are_refused():
    data = blank_pages(3)
    assert pdf_text(data, PdfOptions(max_pages=3)).text.count("Trang") == 3
    with pytest.raises(UnreadableDocument, match="3 pages; at most 2"):
        pdf_text(data, PdfOptions(max_pages=2))


def test_a_decompression_bomb_is_refused_before_it_is_inflated(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 1 << 20)
    assert "Article 1. Scope" in pdf_text(with_stream(b"\0" * (1 << 19)), PdfOptions()).text
    with pytest.raises(UnreadableDocument, match="expands beyond 1 MB"):
        pdf_text(with_stream(b"\0" * (4 << 20)), PdfOptions())


def test_an_image_of_absurd_size_is_refused():
    bomb = with_stream(b"\0" * 64, "<< /Type /XObject /Subtype /Image /Width 40000 /Height 40000 "
                                   "/ColorSpace /DeviceGray /BitsPerComponent 8 >>")
    with pytest.raises(UnreadableDocument, match="image of 40000x40000"):
        pdf_text(bomb, PdfOptions())


def test_a_pdf_warning_lands_in_the_document_warnings(monkeypatch):
    monkeypatch.setattr(pdf_reader, "pdf_text", lambda data, options: pdf_reader.PdfText(
        "Điều 1. A\nB", [("ocr", 42.0)], [(1, "page 1 read by OCR with low confidence (42%); check its text")]))
    document = parse_pdf(b"%PDF-")
    assert tree.ParseWarning(1, "page 1 read by OCR with low confidence (42%); check its text") in document.warnings


def test_page_numbers_in_the_margins_are_not_text():
    import pymupdf

    document = pymupdf.open()
    for number in (1, 2):
        page = document.new_page()
        page.insert_text((290, 30), f"- {number} -")  # top margin
        page.insert_text((72, 200), f"Article {number}. Text")
        page.insert_text((72, 400), "12")  # a number in the body stays
    text = pdf_text(bytes(document.tobytes()), PdfOptions()).text
    assert text.split("\n") == ["Article 1. Text", "12", "Article 2. Text", "12"]


@needs_font
def test_an_official_two_column_header_gives_the_metadata_and_headings_stay_apart():
    from fpdf import FPDF

    from tests.legal.pdfs import FONT

    pdf = FPDF(format="A4")
    pdf.add_font("serif", "", str(FONT))
    pdf.set_font("serif", size=12)
    pdf.add_page()
    top = pdf.get_y()
    pdf.multi_cell(70, 6, "CHÍNH PHỦ\n-------\nSố: 12/2025/NĐ-CP", align="C")
    pdf.set_xy(85, top)
    pdf.multi_cell(110, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
                           "Hà Nội, ngày 01 tháng 4 năm 2025", align="C")
    pdf.ln(6)
    for line in ("NGHỊ ĐỊNH", "Quy định chi tiết một số điều của Luật Hội nhập quốc tế", "Căn cứ Luật Tổ chức Chính phủ;",
                 "Điều 1. Phạm vi điều chỉnh", LONG_CLAUSE[3:], "Điều 2. Hiệu lực", "Có hiệu lực."):
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT", align="C" if line.isupper() else "J")
    text = pdf_text(bytes(pdf.output()), PdfOptions()).text
    assert "\nNGHỊ ĐỊNH\n" in text  # not glued to the date line that ends at the right edge above it
    meta = parse_pdf(bytes(pdf.output())).meta
    assert (meta.number, meta.doc_type, meta.issuer, meta.place, meta.date.isoformat()) == (
        "12/2025/NĐ-CP", "Nghị định", "Chính phủ", "Hà Nội", "2025-04-01")
    assert meta.title == "Nghị định Quy định chi tiết một số điều của Luật Hội nhập quốc tế"


TCVN3 = ["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc", "§iÒu 1. Ph¹m vi ®iÒu chØnh"]


@needs_font
def test_a_text_layer_in_an_old_vietnamese_font_is_read_by_ocr_instead(monkeypatch):
    # A PDF made from a TCVN3 (ABC) font without a Unicode map: its letters come out as Latin-1.
    monkeypatch.setattr(pdf_reader.shutil, "which", lambda name: "/usr/bin/tesseract")
    monkeypatch.setattr(pdf_reader, "_ocr_lines", lambda page, options: (["Điều 1. Phạm vi điều chỉnh"], 91.0))
    result = pdf_text(digital_pdf(TCVN3), PdfOptions())
    assert result.pages == [("ocr", 91.0)]
    assert result.text == "Điều 1. Phạm vi điều chỉnh"
    assert result.warnings == [(1, "page 1: its text layer is in an old Vietnamese font encoding (TCVN3/VNI); "
                                   "read by OCR instead")]


@needs_font
def test_without_ocr_an_old_font_page_is_kept_with_a_warning(monkeypatch):
    monkeypatch.setattr(pdf_reader.shutil, "which", lambda name: None)
    result = pdf_text(digital_pdf(TCVN3), PdfOptions())
    assert result.pages == [("legacy", None)]
    assert "Céng hoµ" in result.text
    assert "garbled" in result.warnings[0][1]


@needs_font
def test_ordinary_vietnamese_text_is_never_taken_for_an_old_font():
    assert pdf_text(digital_pdf(DECREE + ["Nhiệt độ 25°C, café."]), PdfOptions()).pages == [("text", None)]
