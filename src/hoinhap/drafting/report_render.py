"""The comment-response report rendered four ways from the same rows: Word after Decree 30/2020
(landscape A4 for the table, national title block, page numbers from page 2), PDF, XLSX and HTML."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from hoinhap.core.errors import DomainError
from hoinhap.corpus.docx_writer import new_document, paragraph, title_block
from hoinhap.drafting.report_data import ConsultationReport
from hoinhap.legal.numbers import format_vietnamese_date

TITLE = "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN"
COLUMNS = ("TT", "Nội dung dự thảo", "Nội dung góp ý", "Cơ quan, tổ chức, cá nhân góp ý", "Ý kiến giải trình, tiếp thu")
WIDTHS_MM = (12, 60, 70, 40, 70)
ILLUSTRATIVE = "(Văn bản minh họa do hoinhap tạo cho bản trình diễn; không phải văn bản chính thức.)"
FORMATS = ("docx", "pdf", "xlsx", "html")


class ReportUnavailable(DomainError):
    status = 503
    code = "unavailable"


def render(report: ConsultationReport, fmt: str, *, on: date) -> tuple[bytes, str]:
    """``(bytes, content type)`` of the report in ``fmt``."""
    renderers = {"docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                 "pdf": (to_pdf, "application/pdf"),
                 "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                 "html": (to_html, "text/html; charset=utf-8")}
    if fmt not in renderers:
        raise DomainError(f"unknown report format {fmt!r}", allowed=list(FORMATS))
    function, content_type = renderers[fmt]
    return function(report, on=on), content_type


def subtitle(report: ConsultationReport) -> str:
    return f"Đối với dự thảo {report.draft_title}"


def edition(report: ConsultationReport) -> str:
    return f"(Dự thảo lần {report.version}, đợt lấy ý kiến thứ {report.round}, hạn góp ý {_vn(report.deadline)})"


def _vn(iso: str) -> str:
    return format_vietnamese_date(date.fromisoformat(iso))


def to_docx(report: ConsultationReport, *, on: date) -> bytes:
    word = new_document()
    section = word.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.different_first_page_header_footer = True
    _page_number(section.header)
    title_block(word, issuer=report.drafting_agency or "CƠ QUAN CHỦ TRÌ SOẠN THẢO", number="",
                place="Hà Nội", date_text=format_vietnamese_date(on))
    centred = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(word, TITLE, bold=True, align=centred, indent=False)
    paragraph(word, subtitle(report), bold=True, align=centred, indent=False)
    paragraph(word, edition(report), italic=True, align=centred, indent=False)
    if report.illustrative:
        paragraph(word, ILLUSTRATIVE, italic=True, size=12, align=centred, indent=False)
    table = word.add_table(rows=1, cols=len(COLUMNS))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, COLUMNS, strict=True):
        _cell_text(cell, heading, bold=True)
    for part in report.parts:
        merged = table.add_row().cells
        merged[0].merge(merged[-1])
        _cell_text(merged[0], part.title, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for row in part.rows:
            cells = table.add_row().cells
            values = (str(row.number), f"{row.provision}\n{row.draft_text}".strip(), row.comment, row.organisation,
                      row.response)
            for cell, value in zip(cells, values, strict=True):
                _cell_text(cell, value)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS_MM, strict=True):
            cell.width = Mm(width)
    paragraph(word, _totals_line(report), size=13)
    signature = word.add_paragraph()  # type: ignore[attr-defined]
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = signature.add_run(f"TM. {(report.drafting_agency or 'CƠ QUAN CHỦ TRÌ SOẠN THẢO').upper()}")
    run.bold, run.font.size = True, Pt(13)
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _cell_text(cell: object, text: str, *, bold: bool = False, align: int = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    lines = text.split("\n") or [""]
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for index, line in enumerate(lines):
        para = first if index == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        para.alignment = align
        para.paragraph_format.space_after = Pt(2)
        run = para.add_run(line)
        run.bold, run.font.size = bold, Pt(12)


def _page_number(header: object) -> None:
    """A PAGE field, top centre; the first page has its own (empty) header, as Decree 30 asks."""
    para = header.paragraphs[0]  # type: ignore[attr-defined]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _totals_line(report: ConsultationReport) -> str:
    t = report.totals
    return (f"Tổng số {t['comments']} ý kiến: tiếp thu {t['accepted']}, tiếp thu một phần {t['partly_accepted']}, "
            f"giải trình, không tiếp thu {t['explained']}, ngoài phạm vi {t['out_of_scope']}, "
            f"chưa giải trình {t['unanswered']}.")


def to_xlsx(report: ConsultationReport, *, on: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Tong hop y kien"
    sheet.append([TITLE])
    sheet.append([subtitle(report)])
    sheet.append([edition(report)])
    sheet.append(["Phần", *COLUMNS, "Mã xử lý"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for part in report.parts:
        for row in part.rows:
            sheet.append([part.title, row.number, f"{row.provision}\n{row.draft_text}".strip(), row.comment,
                          row.organisation, row.response, row.disposition])
    for column, width in zip("ABCDEFG", (24, 6, 50, 60, 30, 60, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row_cells in sheet.iter_rows(min_row=5):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    totals = book.create_sheet("Thong ke")
    for key, value in report.totals.items():
        totals.append([key, value])
    totals.append(["generated", on.isoformat()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_html(report: ConsultationReport, *, on: date) -> bytes:
    return render_to_string("drafting/report.html", {
        "report": report, "title": TITLE, "subtitle": subtitle(report), "edition": edition(report),
        "columns": COLUMNS, "date_line": f"Hà Nội, {format_vietnamese_date(on)}", "totals": _totals_line(report),
        "illustrative": ILLUSTRATIVE if report.illustrative else "",
    }).encode()


def _font_dir() -> Path:
    return Path(getattr(settings, "HOINHAP_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


def to_pdf(report: ConsultationReport, *, on: date) -> bytes:
    from fpdf import FPDF

    fonts = _font_dir()
    if not (fonts / "DejaVuSerif.ttf").exists():
        raise ReportUnavailable(f"PDF needs the DejaVu fonts in {fonts} (Debian: apt-get install fonts-dejavu-core)")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("serif", "", str(fonts / "DejaVuSerif.ttf"))
    pdf.add_font("serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
    pdf.add_page()
    pdf.set_font("serif", "B", 11)
    width = pdf.epw
    pdf.multi_cell(width, 6, (report.drafting_agency or "").upper(), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "I", 11)
    pdf.multi_cell(width, 6, f"Hà Nội, {format_vietnamese_date(on)}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "B", 13)
    for line in (TITLE, subtitle(report)):
        pdf.multi_cell(width, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "I", 11)
    pdf.multi_cell(width, 6, edition(report), align="C", new_x="LMARGIN", new_y="NEXT")
    if report.illustrative:
        pdf.multi_cell(width, 6, ILLUSTRATIVE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("serif", "", 9)
    with pdf.table(col_widths=WIDTHS_MM, text_align="LEFT", line_height=4.5) as table:
        header = table.row()
        for heading in COLUMNS:
            header.cell(heading)
        for part in report.parts:
            table.row().cell(part.title, colspan=len(COLUMNS))
            for row in part.rows:
                cells = table.row()
                for value in (str(row.number), f"{row.provision}\n{row.draft_text}".strip(), row.comment,
                              row.organisation, row.response):
                    cells.cell(value)
    pdf.ln(3)
    pdf.set_font("serif", "", 10)
    pdf.multi_cell(width, 5, _totals_line(report), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
