"""The comment-response report rendered four ways from the same rows: Word after Decree 30/2020
(landscape A4 for the table, national title block, page numbers from page 2), PDF, XLSX and HTML.
Word, PDF and HTML carry the same blocks: the title block with "Số: …", the title, the table with
rows grouped by provision (its words once, each comment's quoted words with it), the totals and
the signature block (``report_data.signature_lines``); the PDF leaves room in that block for the
digital signatures' appearance (``signature_box``, used by ``signing.py``).

A report renders whatever is stored: ``render`` first makes a printable copy of the rows
(``printable``: text XML can hold, each cell within ``REPORT_CELL_CHARS``, a cut cell saying so and
where the whole text is), so no comment can break an official report; the stored rows, the frozen
snapshot and its hash are not touched. XLSX cells are string cells, never formulas
(``core/spreadsheets.py``)."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

from hoinhap.core.errors import DomainError
from hoinhap.core.spreadsheets import REPORT_CELL_CHARS, cut, xlsx_append, xml_safe
from hoinhap.corpus.docx_writer import MOTTO, NATIONAL_TITLE, new_document, paragraph, title_block
from hoinhap.drafting.pdf_table import PdfTable, TableRow
from hoinhap.drafting.report_data import ConsultationReport, ReportPart, ReportRow, numbered, signature_lines
from hoinhap.legal.numbers import format_vietnamese_date

TITLE = "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN"
COLUMNS = ("TT", "Nội dung dự thảo", "Nội dung góp ý", "Cơ quan, tổ chức, cá nhân góp ý", "Ý kiến giải trình, tiếp thu")
WIDTHS_MM = (12, 60, 70, 40, 70)
ILLUSTRATIVE = "(Văn bản minh họa do hoinhap tạo cho bản trình diễn; không phải văn bản chính thức.)"
FORMATS = ("docx", "pdf", "xlsx", "html")
# Where a cut cell's whole text is: the report's JSON rows (the API's report.json), which are the
# frozen snapshot itself, and the round's page.
WHOLE_TEXT = "xem bản dữ liệu đầy đủ của báo cáo (report.json) hoặc trang đợt lấy ý kiến trên hệ thống"
NUMBER_LINE = "Số: …"  # the number is given when the office registers the report (Decree 30, Art. 15)
LATE = "(Góp ý gửi sau thời hạn)"
SIGNATURE_SPACE_MM = 30  # between the signer's title and name: where the digital signatures appear


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
        raise DomainError(_("unknown report format %(fmt)r") % {"fmt": fmt}, allowed=list(FORMATS))
    function, content_type = renderers[fmt]
    return function(printable(report), on=on), content_type


def printable(report: ConsultationReport) -> ConsultationReport:
    """A copy of ``report`` that every rendering can take: text without what XML 1.0 forbids, and
    no cell over ``REPORT_CELL_CHARS`` (a longer one keeps its beginning and says it was cut)."""

    def text(value: str) -> str:
        if "\r" in value:  # CRLF or a lone CR (old Mac OS) is a line break in every format
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return cut(xml_safe(value), REPORT_CELL_CHARS, where=WHOLE_TEXT)

    titles = numbered([part.title for part in report.parts])
    parts = [ReportPart(text(title), [
        ReportRow(row.number, text(row.provision), text(row.draft_text), text(row.comment), text(row.organisation),
                  text(row.response), row.disposition, quote=text(row.quote), late=row.late) for row in part.rows])
        for title, part in zip(titles, report.parts, strict=True)]
    signer = {key: text(value) for key, value in report.signer.items()} if report.signer else None
    return replace(report, draft_title=text(report.draft_title), drafting_agency=text(report.drafting_agency),
                   parts=parts, signer=signer)


def grouped(rows: list[ReportRow]) -> list[tuple[ReportRow, int]]:
    """Each row with the size of the provision group it opens (0 when it continues one): the rows
    are in provision order, so a provision's comments are consecutive and its words are shown once."""
    result: list[tuple[ReportRow, int]] = []
    for row in rows:
        if result and _same_provision(row, result[-1][0]):
            opener = next(index for index in range(len(result) - 1, -1, -1) if result[index][1])
            result[opener] = (result[opener][0], result[opener][1] + 1)
            result.append((row, 0))
        else:
            result.append((row, 1))
    return result


def _same_provision(row: ReportRow, other: ReportRow) -> bool:
    return (row.provision, row.draft_text) == (other.provision, other.draft_text)


def comment_cell(row: ReportRow) -> str:
    """The comment with the words it quotes from the draft, and flagged if it came after the deadline."""
    lines = [LATE] if row.late else []
    lines += [f"Về đoạn: “{row.quote}”"] if row.quote else []
    return "\n".join([*lines, row.comment])


# The HTML report is a standalone file (saved, mailed, printed), so its style is inline; the site's
# Content-Security-Policy is relaxed for that response only.
HTML_CSP_UPDATE = {"style-src": ["'unsafe-inline'"]}


def subtitle(report: ConsultationReport) -> str:
    return f"Đối với dự thảo {report.draft_title}"


def date_line(on: date) -> str:
    return f"Hà Nội, {format_vietnamese_date(on)}"


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
    _docx_signature(word, report)
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _docx_signature(word: object, report: ConsultationReport) -> None:
    """The signature block in the right half, centred (Decree 30, Appendix I, boxes 7a–7c): written
    as paragraphs, not a table, so the report's table stays the document's last one."""
    heading, name = signature_lines(report)
    half = Mm(126)  # half the landscape text width (297 − 30 − 15 mm)
    lines = [(line, True) for line in heading] + [("", False)] * 4 + ([(name, True)] if name else [])
    for text, bold in lines:
        para = paragraph(word, text, bold=bold, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        para.paragraph_format.left_indent = half
        para.paragraph_format.space_after = Pt(0)


def _table_rows(report: ConsultationReport) -> list[TableRow]:
    """The header, then per part a spanning title row and its comments grouped by provision."""
    rows: list[TableRow] = [(list(COLUMNS), True, "")]
    for part in report.parts:
        rows.append(([part.title], True, ""))
        groups = grouped(part.rows)
        for index, (row, size) in enumerate(groups):
            ends = index + 1 == len(groups) or groups[index + 1][1] > 0
            join = ("" if ends else "first") if size else ("last" if ends else "more")
            rows.append(([str(row.number), row.provision_cell if size else "", comment_cell(row), row.organisation,
                          row.response], False, join))
    return rows


def _append_rows(table: object, rows: list[TableRow]) -> None:
    """Write the rows as WordprocessingML in one parse: python-docx's per-run API spends ~1 ms a
    cell, 2.5 s for a 2,000-comment report; the XML is the same, at a tenth of the time."""
    twips = [round(width * 56.7) for width in WIDTHS_MM]
    parts = [f'<w:tbl {nsdecls("w")}>']
    for cells, bold, join in rows:
        parts.append("<w:tr>")
        span = len(COLUMNS) if len(cells) == 1 else 1
        for index, text in enumerate(cells):
            width = sum(twips) if span > 1 else twips[index]
            grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if index == 1 and join:  # the provision's words once, over its comments' rows
                grid += '<w:vMerge w:val="restart"/>' if join == "first" else "<w:vMerge/>"
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
    line = (f"Tổng số {t['comments']} ý kiến: tiếp thu {t['accepted']}, tiếp thu một phần {t['partly_accepted']}, "
            f"giải trình, không tiếp thu {t['explained']}, ngoài phạm vi {t['out_of_scope']}, "
            f"chưa giải trình {t['unanswered']}.")
    if t.get("late"):
        line += f" Trong đó {t['late']} ý kiến gửi sau thời hạn."
    if t.get("hidden"):
        line += f" Ngoài ra, {t['hidden']} ý kiến bị ẩn (vi phạm quy định về góp ý) không đưa vào bảng."
    return line


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
            xlsx_append(sheet, [part.title, row.number, row.provision_cell, comment_cell(row), row.organisation,
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
    heading, name = signature_lines(report)
    parts = [(part.title, [(row, size, comment_cell(row)) for row, size in grouped(part.rows)])
             for part in report.parts]
    return render_to_string("drafting/report.html", {
        "report": report, "title": TITLE, "subtitle": subtitle(report), "edition": edition(report),
        "columns": COLUMNS, "date_line": date_line(on), "totals": _totals_line(report), "parts": parts,
        "illustrative": ILLUSTRATIVE if report.illustrative else "", "national_title": NATIONAL_TITLE,
        "motto": MOTTO, "number_line": NUMBER_LINE, "signature_heading": heading, "signer_name": name,
    }).encode()


def font_dir() -> Path:
    return Path(getattr(settings, "HOINHAP_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


@dataclass(frozen=True)
class SignatureBox:
    """Where the signature block leaves room for the signatures' appearance: page (from 0) and a
    rectangle in millimetres from the page's top-left corner, as fpdf2 draws."""

    page: int
    x: float
    y: float
    width: float
    height: float
    page_height: float

    def points(self) -> tuple[int, int, int, int]:
        """(x1, y1, x2, y2) in PDF points from the bottom-left corner, as a signature field wants."""
        scale = 72 / 25.4
        bottom = self.page_height - self.y - self.height
        return (round(self.x * scale), round(bottom * scale), round((self.x + self.width) * scale),
                round((bottom + self.height) * scale))


def to_pdf(report: ConsultationReport, *, on: date) -> bytes:
    return pdf_with_signature_box(report, on=on)[0]


def pdf_with_signature_box(report: ConsultationReport, *, on: date) -> tuple[bytes, SignatureBox]:
    """The PDF of an already printable report and the room left for its digital signatures."""
    from fpdf import FPDF

    fonts = font_dir()
    if not (fonts / "DejaVuSerif.ttf").exists():
        raise ReportUnavailable(_("PDF needs the DejaVu fonts in %(fonts)s (Debian: apt-get install fonts-dejavu-core)")
                                % {"fonts": fonts})
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("serif", "", str(fonts / "DejaVuSerif.ttf"))
    pdf.add_font("serif", "B", str(fonts / "DejaVuSerif-Bold.ttf"))
    pdf.add_font("serif", "I", str(fonts / "DejaVuSerif-Italic.ttf"))
    pdf.add_page()
    width = pdf.epw
    _pdf_title_block(pdf, report, on)
    pdf.set_font("serif", "B", 13)
    for line in (TITLE, subtitle(report)):
        pdf.multi_cell(width, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("serif", "I", 11)
    pdf.multi_cell(width, 6, edition(report), align="C", new_x="LMARGIN", new_y="NEXT")
    if report.illustrative:
        pdf.multi_cell(width, 6, ILLUSTRATIVE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("serif", "", 9)
    PdfTable(pdf, WIDTHS_MM, line_height=4.5).draw(_table_rows(report))
    pdf.ln(3)
    pdf.set_font("serif", "", 10)
    pdf.multi_cell(width, 5, _totals_line(report), new_x="LMARGIN", new_y="NEXT")
    box = _pdf_signature(pdf, report)
    return bytes(pdf.output()), box


def _pdf_title_block(pdf: object, report: ConsultationReport, on: date) -> None:
    """Decree 30's two columns: the agency over "Số: …" on the left; the national title, the motto
    and the place and date on the right."""
    left, right = 100.0, 140.0
    top = pdf.get_y()  # type: ignore[attr-defined]
    for text, style in (((report.drafting_agency or "CƠ QUAN CHỦ TRÌ SOẠN THẢO").upper(), "B"), (NUMBER_LINE, "")):
        pdf.set_font("serif", style, 11)  # type: ignore[attr-defined]
        pdf.multi_cell(left, 6, text, align="C", new_x="LEFT", new_y="NEXT")  # type: ignore[attr-defined]
    bottom = pdf.get_y()  # type: ignore[attr-defined]
    pdf.set_xy(pdf.l_margin + pdf.epw - right, top)  # type: ignore[attr-defined]
    for text, style in ((NATIONAL_TITLE, "B"), (MOTTO, "B"), (date_line(on), "I")):
        pdf.set_font("serif", style, 11)  # type: ignore[attr-defined]
        pdf.multi_cell(right, 6, text, align="C", new_x="LEFT", new_y="NEXT")  # type: ignore[attr-defined]
    pdf.set_xy(pdf.l_margin, max(bottom, pdf.get_y()) + 3)  # type: ignore[attr-defined]


def _pdf_signature(pdf: object, report: ConsultationReport) -> SignatureBox:
    """The signature block in the right half, kept whole on one page, with ``SIGNATURE_SPACE_MM``
    between title and name for the digital signatures' appearance."""
    heading, name = signature_lines(report)
    needed = 6 * (len(heading) + 1) + SIGNATURE_SPACE_MM + 4
    if pdf.get_y() + needed > pdf.page_break_trigger:  # type: ignore[attr-defined]
        pdf.add_page()  # type: ignore[attr-defined]
    half = pdf.epw / 2  # type: ignore[attr-defined]
    x = pdf.l_margin + half  # type: ignore[attr-defined]
    pdf.set_xy(x, pdf.get_y() + 4)  # type: ignore[attr-defined]
    pdf.set_font("serif", "B", 11)  # type: ignore[attr-defined]
    for line in heading:
        pdf.multi_cell(half, 6, line, align="C", new_x="LEFT", new_y="NEXT")  # type: ignore[attr-defined]
    box = SignatureBox(page=pdf.page - 1, x=x + half / 2 - 50, y=pdf.get_y(), width=100,  # type: ignore[attr-defined]
                       height=SIGNATURE_SPACE_MM, page_height=pdf.h)  # type: ignore[attr-defined]
    pdf.set_xy(x, pdf.get_y() + SIGNATURE_SPACE_MM)  # type: ignore[attr-defined]
    if name:
        pdf.multi_cell(half, 6, name, align="C", new_x="LEFT", new_y="NEXT")  # type: ignore[attr-defined]
    return box
