"""The briefing pack as a Word file laid out after Decree 30/2020/NĐ-CP (the project's helpers in
``corpus.docx_writer``: A4, Times New Roman, the national title block). An official paper of the
Vietnamese administration, so it is written in Vietnamese whatever the reader's language."""

from __future__ import annotations

import io
import re
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH

from hoinhap import formatting
from hoinhap.corpus.docx_writer import new_document, paragraph, title_block
from hoinhap.implementation import buckets
from hoinhap.legal.numbers import format_vietnamese_date
from hoinhap.steering.briefing import BriefingPack

ISSUER = "BAN CHỈ ĐẠO QUỐC GIA VỀ HỘI NHẬP QUỐC TẾ"
LEVELS_VI = {"comprehensive_strategic": "Đối tác chiến lược toàn diện", "strategic": "Đối tác chiến lược",
             "comprehensive": "Đối tác toàn diện"}
CENTRE = WD_ALIGN_PARAGRAPH.CENTER
YEAR_OR_MONTH = re.compile(r"\d{4}(-\d{2})?")


def _dmy(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else "—"


def _table(word: object, header: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _heading(word: object, text: str) -> None:
    paragraph(word, text, bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)


def to_docx(pack: BriefingPack) -> bytes:
    word = new_document()
    base = pack.meeting.meeting
    title_block(word, issuer=ISSUER, number="", place="Hà Nội", date_text=format_vietnamese_date(pack.as_of))
    paragraph(word, "TÀI LIỆU PHỤC VỤ PHIÊN HỌP", bold=True, align=CENTRE, indent=False)
    paragraph(word, base.title, bold=True, align=CENTRE, indent=False)
    paragraph(word, f"(Số liệu trên hệ thống tính đến {format_vietnamese_date(pack.as_of)})", italic=True,
              align=CENTRE, indent=False)
    if pack.meeting.is_illustrative:
        paragraph(word, "Dữ liệu minh họa.", italic=True, size=12, align=CENTRE, indent=False)
    _heading(word, "I. CHƯƠNG TRÌNH PHIÊN HỌP")
    for number, title in enumerate(pack.agenda, 1):
        paragraph(word, f"{number}. {title}")
    if not pack.agenda:
        paragraph(word, "Chưa có nội dung.")
    _heading(word, "II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ")
    _table(word, ["Tình trạng", "Số nhiệm vụ"],
           [[buckets.LABELS_VI[b], str(pack.counts[b])] for b in buckets.BUCKETS] + [["Tổng số", str(pack.total)]])
    _heading(word, "III. NHIỆM VỤ QUÁ HẠN THEO CƠ QUAN CHỦ TRÌ")
    _table(word, ["Cơ quan chủ trì", "Quá hạn", "Tổng số nhiệm vụ"],
           [[row["name"], str(row["overdue"]), str(row["total"])] for row in pack.overdue_by_agency])
    _heading(word, "IV. ĐIỂM NGHẼN PHÁP LÝ CHƯA XỬ LÝ")
    _table(word, ["Văn bản, quy định", "Vướng mắc", "Cơ quan chịu trách nhiệm", "Thời hạn"],
           [[f"{b['document']} ({b['eid']})", b["problem"], b["responsible"], _dmy(b["target_date"])]
            for b in pack.bottlenecks])
    _heading(word, "V. CHỈ TIÊU SO VỚI MỤC TIÊU")
    _table(word, ["Chỉ tiêu", "Mục tiêu", "Số liệu mới nhất", "Đánh giá"], [_indicator(row) for row in pack.indicators])
    _heading(word, "VI. QUAN HỆ ĐỐI TÁC TỪ ĐỐI TÁC TOÀN DIỆN TRỞ LÊN")
    counts = pack.partner_counts
    paragraph(word, f"Tổng số: {counts['total']} (Đối tác chiến lược toàn diện: {counts['comprehensive_strategic']}; "
                    f"Đối tác chiến lược: {counts['strategic']}; Đối tác toàn diện: {counts['comprehensive']}).")
    _table(word, ["Đối tác", "Khuôn khổ", "Từ"],
           [[p["name"], LEVELS_VI.get(p["level"], p["level"]), _since(p)] for p in pack.partners])
    _heading(word, "VII. TÌNH HÌNH THỰC HIỆN CHỈ ĐẠO TẠI CÁC PHIÊN HỌP TRƯỚC")
    _table(word, ["Phiên họp", "Nội dung chỉ đạo", "Cơ quan chủ trì", "Thời hạn", "Tình trạng"],
           [[_dmy(row["meeting"]), row["text"], row["lead_name"] or "Chưa giao cơ quan chủ trì",
             row["deadline_text"] or "Không nêu", buckets.LABELS_VI.get(row["bucket"] or "", "—")]
            for row in pack.follow_up])
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def _since(partner: dict[str, object]) -> str:
    """The date as precise as the source: "tháng 5/2008", "năm 2016", else the day it counts from."""
    when = str(partner["when"] or "")
    return formatting.period(when) if YEAR_OR_MONTH.fullmatch(when) else _dmy(str(partner["since"]))


def _indicator(row: dict[str, object]) -> list[str]:
    latest = row["latest"]
    value = (f"{formatting.number(latest['value'])} {row['unit']} ({formatting.period(latest['period'])})"
             if isinstance(latest, dict) else "Chưa có số liệu")
    judged = {True: "Đạt hoặc vượt tiến độ", False: "Chưa đạt tiến độ", None: "Chưa đánh giá"}[row["on_track"]]  # type: ignore[index]
    return [str(row["name"]), str(row["target"] or "—"), value, judged]
