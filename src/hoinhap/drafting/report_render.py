"""The comment-response report rendered four ways from the same rows: Word after Decree 30/2020
(landscape A4 for the table, national title block, page numbers from page 2), PDF, XLSX and HTML.

A report renders whatever is stored: ``render`` first makes a printable copy of the rows
(``printable``: text XML can hold, each cell within ``REPORT_CELL_CHARS``, a cut cell saying so and
where the whole text is), so no comment can break an official report; the stored rows, the frozen
snapshot and its hash are not touched. XLSX cells are string cells, never formulas
(``core/spreadsheets.py``)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

from hoinhap.core.errors import DomainError
from hoinhap.core.spreadsheets import REPORT_CELL_CHARS, cut, xlsx_append, xml_safe
from hoinhap.corpus.docx_writer import new_document, paragraph, title_block
from hoinhap.drafting.report_data import ConsultationReport, ReportPart, ReportRow
from hoinhap.legal.numbers import format_vietnamese_date

TITLE = "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN"
COLUMNS = ("TT", "Nội dung dự thảo", "Nội dung góp ý", "Cơ quan, tổ chức, cá nhân góp ý", "Ý kiến giải trình, tiếp thu")
WIDTHS_MM = (12, 60, 70, 40, 70)
ILLUSTRATIVE = "(Văn bản minh họa do hoinhap tạo cho bản trình diễn; không phải văn bản chính thức.)"
FORMATS = ("docx", "pdf", "xlsx", "html")
# Where a cut cell's whole text is: the report's JSON rows (the API's report.json), which are the
# frozen snapshot itself, and the round's page.
WHOLE_TEXT = "xem bản dữ liệu đầy đủ của báo cáo (report.json) hoặc trang đợt lấy ý kiến trên hệ thống"


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
    return function(printable(report), on=on), content_type


def printable(report: ConsultationReport) -> ConsultationReport:
    """A copy of ``report`` that every rendering can take: text without what XML 1.0 forbids, and
    no cell over ``REPORT_CELL_CHARS`` (a longer one keeps its beginning and says it was cut)."""

    def text(value: str) -> str:
        if "\r" in value:  # CRLF or a lone CR (old Mac OS) is a line break in every format
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return cut(xml_safe(value), REPORT_CELL_CHARS, where=WHOLE_TEXT)

    parts = [ReportPart(text(part.title), [
        ReportRow(row.number, text(row.provision), text(row.draft_text), text(row.comment), text(row.organisation),
                  text(row.response), row.disposition) for row in part.rows]) for part in report.parts]
    return replace(report, draft_title=text(report.draft_title), drafting_agency=text(report.drafting_agency),
                   parts=parts)


# The HTML report is a standalone file (saved, mailed, printed), so its style is inline; the site's
# Content-Security-Policy is relaxed for that response only.
HTML_CSP_UPDATE = {"style-src": ["'unsafe-inline'"]}


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
    table = word.add_table(rows=0, cols=len(COLUMNS))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _append_rows(table, _table_rows(report))
    paragraph(word, _totals_line(report), size=13)
    signature = word.add_paragraph()  # type: ignore[attr-defined]
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = signature.add_run(f"TM. {(report.drafting_agency or 'CƠ QUAN CHỦ TRÌ SOẠN THẢO').upper()}")
    run.bold, run.font.size = True, Pt(13)
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _table_rows(report: ConsultationReport) -> list[tuple[list[str], bool]]:
    """(cells, bold) per row: the header, then per part a spanning title row and its comments."""
    rows: list[tuple[list[str], bool]] = [(list(COLUMNS), True)]
    for part in report.parts:
        rows.append(([part.title], True))
        rows.extend(([str(row.number), row.provision_cell, row.comment, row.organisation,
                      row.response], False) for row in part.rows)
    return rows


def _append_rows(table: object, rows: list[tuple[list[str], bool]]) -> None:
    """Write the rows as WordprocessingML in one parse: python-docx's per-run API spends ~1 ms a
    cell, 2.5 s for a 2,000-comment report; the XML is the same, at a tenth of the time."""
    twips = [round(width * 56.7) for width in WIDTHS_MM]
    parts = [f'<w:tbl {nsdecls("w")}>']
    for cells, bold in rows:
        parts.append("<w:tr>")
        span = len(COLUMNS) if len(cells) == 1 else 1
        for index, text in enumerate(cells):
            width = sum(twips) if span > 1 else twips[index]
            grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>')
            for line in text.split("\n"):
                run_props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="24"/></w:rPr>'
                parts.append(f'<w:p><w:pPr><w:spacing w:after="40"/></w:pPr><w:r>{run_props}'
                             f'<w:t xml:space="preserve">{escape(xml_safe(line))}</w:t></w:r></w:p>')
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    element = table._tbl  # type: ignore[attr-defined]
    grid = element.tblGrid
    for column, width in zip(grid.gridCol_lst, twips, strict=True):
        column.w = Twips(width)
    for row in parse_xml("".join(parts)).iterchildren(qn("w:tr")):
        element.append(row)


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
    for line in ([TITLE], [subtitle(report)], [edition(report)], ["Phần", *COLUMNS, "Mã xử lý"]):
        xlsx_append(sheet, line, where=WHOLE_TEXT)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for part in report.parts:
        for row in part.rows:
            xlsx_append(sheet, [part.title, row.number, row.provision_cell, row.comment, row.organisation,
                                row.response, row.disposition], where=WHOLE_TEXT)
    for column, width in zip("ABCDEFG", (24, 6, 50, 60, 30, 60, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row_cells in sheet.iter_rows(min_row=5):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    totals = book.create_sheet("Thong ke")
    for key, value in report.totals.items():
        xlsx_append(totals, [key, value])
    xlsx_append(totals, ["generated", on.isoformat()])
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
    _PdfTable(pdf, WIDTHS_MM, line_height=4.5).draw(_table_rows(report))
    pdf.ln(3)
    pdf.set_font("serif", "", 10)
    pdf.multi_cell(width, 5, _totals_line(report), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


class _PdfTable:
    """A bordered table with the header row repeated on each page. fpdf2's own table re-measures
    text a character at a time (26 s for 2,000 comments); this one measures each distinct word
    once and wraps greedily, which is all a report table needs. A word wider than its column is
    broken across lines, and a row taller than what is left of the page continues on the next
    pages (under the header again), so a long comment neither runs off the page nor is lost."""

    PADDING = 1.0
    MIN_LINES = 3  # fewer lines left than this: a long row starts on the next page instead

    def __init__(self, pdf: object, widths_mm: tuple[int, ...], *, line_height: float) -> None:
        self.pdf, self.widths, self.line_height = pdf, widths_mm, line_height
        self.word_widths: dict[str, float] = {}
        self.page_lines = 0

    def draw(self, rows: list[tuple[list[str], bool]]) -> None:
        header = rows[0]
        self._draw(self._wrapped(*header), header[1])
        usable = self.pdf.page_break_trigger - self.pdf.t_margin - self._height(*header)  # type: ignore[attr-defined]
        self.page_lines = max(1, int((usable - 2 * self.PADDING) // self.line_height))
        for cells, bold in rows[1:]:
            self._flow(self._wrapped(cells, bold), bold, header)

    def _flow(self, wrapped: list[list[str]], bold: bool, header: tuple[list[str], bool]) -> None:
        """Draw a row's lines: here if they fit, else on a new page if they fit there, else as many as
        fit here and the rest on the following pages."""
        fresh = False
        while True:
            room = self._lines_left()
            needed = max(map(len, wrapped))
            if needed <= room:
                self._draw(wrapped, bold)
                return
            if not fresh and (needed <= self.page_lines or room < self.MIN_LINES):
                self._new_page(header)
                fresh = True
                continue
            room = max(room, 1)
            self._draw([lines[:room] for lines in wrapped], bold)
            wrapped = [lines[room:] for lines in wrapped]
            self._new_page(header)
            fresh = True

    def _lines_left(self) -> int:
        left = self.pdf.page_break_trigger - self.pdf.get_y() - 2 * self.PADDING  # type: ignore[attr-defined]
        return int(left // self.line_height)

    def _new_page(self, header: tuple[list[str], bool]) -> None:
        self.pdf.add_page()  # type: ignore[attr-defined]
        self._draw(self._wrapped(*header), header[1])

    def _columns(self, cells: list[str] | list[list[str]]) -> list[float]:
        return [float(sum(self.widths))] if len(cells) == 1 else [float(w) for w in self.widths]

    def _wrapped(self, cells: list[str], bold: bool) -> list[list[str]]:
        self.pdf.set_font("serif", "B" if bold else "", 9)  # type: ignore[attr-defined]
        return [self._wrap(text, width) for text, width in zip(cells, self._columns(cells), strict=True)]

    def _height(self, cells: list[str], bold: bool) -> float:
        return max(map(len, self._wrapped(cells, bold))) * self.line_height + 2 * self.PADDING

    def _draw(self, wrapped: list[list[str]], bold: bool) -> None:
        pdf = self.pdf
        pdf.set_font("serif", "B" if bold else "", 9)  # type: ignore[attr-defined]
        height = max(map(len, wrapped)) * self.line_height + 2 * self.PADDING
        x, y = pdf.l_margin, pdf.get_y()  # type: ignore[attr-defined]
        for lines, width in zip(wrapped, self._columns(wrapped), strict=True):
            pdf.rect(x, y, width, height)  # type: ignore[attr-defined]
            baseline = y + self.PADDING + self.line_height * 0.75
            for index, line in enumerate(lines):
                if line:
                    pdf.text(x + self.PADDING, baseline + index * self.line_height, line)  # type: ignore[attr-defined]
            x += width
        pdf.set_xy(pdf.l_margin, y + height)  # type: ignore[attr-defined]

    def _wrap(self, text: str, width: float) -> list[str]:
        room = width - 2 * self.PADDING
        lines: list[str] = []
        space = self._width(" ")
        for paragraph_text in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for whole in paragraph_text.split():
                for word in self._pieces(whole, room):
                    size = self._width(word)
                    if line and used + space + size > room:
                        lines.append(" ".join(line))
                        line, used = [], 0.0
                    used += size + (space if line else 0.0)
                    line.append(word)
            lines.append(" ".join(line))
        return lines

    def _pieces(self, word: str, room: float) -> list[str]:
        """``word`` as pieces that each fit in ``room`` (a URL, or a 2 MB run of letters with no space)."""
        size = self._width(word)
        if size <= room or len(word) == 1:
            return [word]
        step = max(1, int(len(word) * room / size))  # characters per line at the word's mean width
        pieces = []
        while word:
            piece = word[:step]
            while len(piece) > 1 and self._width(piece) > room:
                piece = piece[:-1]
            pieces.append(piece)
            word = word[len(piece):]
        return pieces

    def _width(self, word: str) -> float:
        key = f"{self.pdf.font_style}|{word}"  # type: ignore[attr-defined]
        if key not in self.word_widths:
            self.word_widths[key] = self.pdf.get_string_width(word)  # type: ignore[attr-defined]
        return self.word_widths[key]
