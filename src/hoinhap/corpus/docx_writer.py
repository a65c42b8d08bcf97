"""A document tree as a Word file laid out after Decree 30/2020/NĐ-CP, Appendix I: A4, Times New
Roman, margins 20/20/30/15 mm, the two-column national title block, body 14 pt justified with a
1.27 cm first-line indent and 6 pt between paragraphs."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from hoinhap.legal import tree
from hoinhap.legal.numbers import format_vietnamese_date

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def new_document() -> object:
    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    return word


def paragraph(word: object, text: str, *, bold: bool = False, italic: bool = False, size: int = 14,
              align: int = WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True) -> Any:  # noqa: ANN401 - docx's Paragraph
    para = word.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = align
    if indent and align == WD_ALIGN_PARAGRAPH.JUSTIFY:
        para.paragraph_format.first_line_indent = Cm(1.27)
    run = para.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return para


def title_block(word: object, *, issuer: str, number: str, place: str, date_text: str) -> None:
    table = word.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    left, right = table.rows[0].cells
    _cell(left, issuer.upper(), bold=True, size=13)
    _cell(right, NATIONAL_TITLE, bold=True, size=13)
    _cell(right, MOTTO, bold=True, size=14, new=True)
    _cell(table.rows[1].cells[0], f"Số: {number}" if number else "Số: …", size=13)
    _cell(table.rows[1].cells[1], f"{place}, {date_text}" if place else date_text, italic=True, size=14)


def _cell(cell: object, text: str, *, bold: bool = False, italic: bool = False, size: int = 13,
          new: bool = False) -> None:
    para = cell.add_paragraph() if new else cell.paragraphs[0]  # type: ignore[attr-defined]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def document_to_docx(document: tree.Document) -> bytes:
    meta = document.meta
    word = new_document()
    date_text = format_vietnamese_date(meta.date) if meta.date else ""
    title_block(word, issuer=meta.issuer or "", number=meta.number or "", place=meta.place or "Hà Nội",
                date_text=date_text)
    paragraph(word, (meta.doc_type or "").upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    subject = meta.title[len(meta.doc_type or ""):].strip() if meta.title else ""
    if subject:
        paragraph(word, subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for node in document.body:
        if node.kind != tree.PREFACE:
            _node(word, node)
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _node(word: object, node: tree.Node) -> None:
    centred = node.kind in (tree.PART, tree.CHAPTER, tree.SECTION, tree.SUBSECTION, tree.APPENDIX, tree.DIVISION)
    if centred:
        if node.marker:
            paragraph(word, node.marker, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        if node.heading:
            paragraph(word, node.heading.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        if node.text:
            paragraph(word, node.text)
    elif node.kind == tree.ARTICLE:
        paragraph(word, " ".join(p for p in (node.marker, node.heading) if p), bold=True)
        if node.text:
            paragraph(word, node.text)
    elif node.kind in (tree.CLAUSE, tree.POINT, tree.ITEM):
        paragraph(word, " ".join(p for p in (node.marker, node.text) if p))
    elif node.kind == tree.PREAMBLE:
        for line in node.text.split("\n"):
            paragraph(word, line, italic=True)
    else:
        for line in node.text.split("\n") if node.text else []:
            paragraph(word, line)
    for child in node.children:
        _node(word, child)
