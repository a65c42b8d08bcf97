"""The periodic report on task implementation (monthly, quarterly, six-monthly, annual, with the
Decree 09 cut-offs): counts per bucket at the cut-off, what was completed within the period, the
overdue list and the table per agency; as Word (Decree 30 layout) and XLSX.

Task titles and agency names are user text: every one goes through ``core/spreadsheets.py`` (text XML
can hold, cut to a cell's size with a note; XLSX string cells, never formulas), so no stored task
can break the report."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH

from hoinhap.core.spreadsheets import REPORT_CELL_CHARS, cut, xlsx_append, xml_safe
from hoinhap.corpus.docx_writer import new_document, paragraph, title_block
from hoinhap.implementation import buckets, selectors
from hoinhap.implementation.cutoffs import Period
from hoinhap.implementation.models import Programme
from hoinhap.legal.numbers import format_vietnamese_date

OVERDUE_LISTED = 200
WHOLE_TEXT = "trang của nhiệm vụ trên hệ thống"  # where a cut cell's whole text is


@dataclass
class PeriodicReport:
    period: Period
    programme: str
    counts: dict[str, int]
    completed: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    agencies: list[dict[str, Any]]


def build(period: Period, programme: Programme | None = None) -> PeriodicReport:
    as_of = period.end
    completed = (selectors.task_list(as_of, programme=programme)
                 .filter(completion_known_on__gte=period.start, completion_known_on__lte=period.end))
    rows = [{"code": row.organisation["code"], "name": row.organisation["name"], **row.counts}
            for row in selectors.agency_dashboard(as_of, programme=programme)]
    return PeriodicReport(period, programme.title if programme else "Tất cả chương trình",
                          selectors.status_counts(as_of, programme=programme),
                          [selectors.task_row(t, as_of) for t in completed],
                          [selectors.task_row(t, as_of) for t in selectors.overdue(as_of, limit=OVERDUE_LISTED)
                           if programme is None or t.programme_id == programme.pk or t.programme.parent_id == programme.pk],
                          rows)


def _summary(report: PeriodicReport) -> list[str]:
    total = sum(report.counts.values())
    lines = [f"Tổng số nhiệm vụ được giao tính đến ngày {report.period.end:%d/%m/%Y}: {total}."]
    lines += [f"- {buckets.LABELS_VI[name]}: {report.counts[name]}" for name in buckets.BUCKETS]
    lines.append(f"Trong kỳ báo cáo (từ ngày {report.period.start:%d/%m/%Y} đến ngày {report.period.end:%d/%m/%Y}), "
                 f"{len(report.completed)} nhiệm vụ được xác nhận hoàn thành.")
    return lines


def to_docx(report: PeriodicReport, *, on: date, issuer: str = "VĂN PHÒNG CHÍNH PHỦ") -> bytes:
    word = new_document()
    title_block(word, issuer=issuer, number="", place="Hà Nội", date_text=format_vietnamese_date(on))
    centred = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(word, "BÁO CÁO", bold=True, align=centred, indent=False)
    paragraph(word, f"Tình hình thực hiện nhiệm vụ {report.period.label}", bold=True, align=centred, indent=False)
    paragraph(word, f"({_text(report.programme)})", italic=True, align=centred, indent=False)
    paragraph(word, "I. KẾT QUẢ CHUNG", bold=True, indent=False)
    for line in _summary(report):
        paragraph(word, line)
    paragraph(word, "II. KẾT QUẢ THEO CƠ QUAN CHỦ TRÌ", bold=True, indent=False)
    _table(word, ["Cơ quan", *[buckets.LABELS_VI[b] for b in buckets.BUCKETS]],
           [[row["name"], *[str(row[b]) for b in buckets.BUCKETS]] for row in report.agencies])
    paragraph(word, "III. NHIỆM VỤ QUÁ HẠN", bold=True, indent=False)
    _table(word, ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
           [[str(i), row["title"][:300], row["lead"], row["due"] or row["deadline_text"]]
            for i, row in enumerate(report.overdue, start=1)])
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _table(word: object, header: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = _text(text)


def _text(value: str) -> str:
    """Text a Word cell can take (python-docx refuses control characters; lxml, a node over 10 MB)."""
    return cut(xml_safe(value), REPORT_CELL_CHARS, where=WHOLE_TEXT)


def to_xlsx(report: PeriodicReport, *, on: date) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Tong hop"
    xlsx_append(summary, ["Kỳ báo cáo", report.period.label, report.period.start.isoformat(),
                          report.period.end.isoformat()])
    for name in buckets.BUCKETS:
        xlsx_append(summary, [buckets.LABELS_VI[name], report.counts[name]])
    agencies = book.create_sheet("Theo co quan")
    xlsx_append(agencies, ["Mã", "Cơ quan", *buckets.BUCKETS])
    for row in report.agencies:
        xlsx_append(agencies, [row["code"], row["name"], *[row[b] for b in buckets.BUCKETS]], where=WHOLE_TEXT)
    for title, rows in (("Qua han", report.overdue), ("Hoan thanh trong ky", report.completed)):
        sheet = book.create_sheet(title)
        columns = ["id", "programme", "number", "title", "lead", "deadline_text", "due", "completed_on", "output_number"]
        xlsx_append(sheet, columns)
        for row in rows:
            xlsx_append(sheet, [row[c] for c in columns], where=WHOLE_TEXT)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

