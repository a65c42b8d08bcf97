"""Word exports of the redline (insertions underlined, deletions struck through, as drafters mark
them by hand) and of the synoptic table, both laid out after Decree 30/2020 (landscape for tables)."""

from __future__ import annotations

import io

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from hoinhap.corpus.docx_writer import new_document, paragraph
from hoinhap.drafting.models import Version
from hoinhap.drafting.report_data import DISPOSITION_VI
from hoinhap.drafting.selectors import RedlineRow, SynopticRow

STATE_VI = {"kept": "Giữ nguyên số", "renumbered": "Đánh số lại", "moved": "Chuyển vị trí", "split": "Tách ra",
            "merged": "Gộp vào", "deleted": "Bỏ", "inserted": "Bổ sung mới"}


def _landscape(word: object) -> None:
    section = word.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)


def _save(word: object) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def redline_docx(old: Version, new: Version, rows: list[RedlineRow]) -> bytes:
    word = new_document()
    centred = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(word, "SO SÁNH DỰ THẢO", bold=True, align=centred, indent=False)
    paragraph(word, f"{old.draft.title}: dự thảo lần {old.number} và lần {new.number}", italic=True, align=centred,
              indent=False)
    for row in rows:
        pair = row.pair
        label = " → ".join(f"Điều {unit.num}" for unit in (pair.old, pair.new) if unit)
        heading = paragraph(word, f"{label} ({STATE_VI.get(pair.state, pair.state)})", bold=True, indent=False)
        heading.paragraph_format.space_before = Pt(6)
        para = word.add_paragraph()  # type: ignore[attr-defined]
        for op, text in row.runs:
            run = para.add_run(text)
            run.font.size = Pt(13)
            if op == "insert":
                run.underline = True
                run.font.color.rgb = RGBColor(0x00, 0x55, 0x00)
            elif op == "delete":
                run.font.strike = True
                run.font.color.rgb = RGBColor(0xAA, 0x00, 0x00)
    return _save(word)


def synoptic_docx(old: Version, new: Version, rows: list[SynopticRow], *, with_law: bool) -> bytes:
    word = new_document()
    _landscape(word)
    centred = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(word, "BẢNG ĐỐI CHIẾU", bold=True, align=centred, indent=False)
    paragraph(word, old.draft.title, bold=True, align=centred, indent=False)
    columns = (["Quy định hiện hành"] if with_law else []) + [f"Dự thảo lần {old.number}", f"Dự thảo lần {new.number}",
                                                              "Ý kiến góp ý và giải trình, tiếp thu"]
    table = word.add_table(rows=1, cols=len(columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    for row in rows:
        values = ([row.current_law] if with_law else []) + [row.before, row.after, _comments_text(row)]
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            for index, line in enumerate(value.split("\n")):
                para = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                para.add_run(line).font.size = Pt(11)
    return _save(word)


def _comments_text(row: SynopticRow) -> str:
    lines = []
    for comment in row.comments:
        who = comment.organisation.name if comment.organisation else comment.author_name
        lines.append(f"- {who}: {comment.text}")
        response = getattr(comment, "response", None)
        if response is not None:
            lines.append(f"  → {DISPOSITION_VI[response.disposition]}. {response.explanation}")
    return "\n".join(lines)
