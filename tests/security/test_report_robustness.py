"""Issue 14, item 1: a report renders whatever is stored. A 15 MB comment answered 500 ("Text node
too long") on the Word report for good; control characters, lone surrogates, a 2 MB word with no
space and right-to-left, emoji or combining text must not break any rendering either."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from hoinhap.core.spreadsheets import CUT_MARK, REPORT_CELL_CHARS, XLSX_CELL_CHARS
from hoinhap.drafting.report_data import ConsultationReport, ReportPart, ReportRow
from hoinhap.drafting.report_render import FORMATS, render

ON = date(2025, 10, 3)
FONTS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HUGE = "Góp ý rất dài. " * (15 * 1024 * 1024 // 15)  # 15 MB, as the anonymous API once accepted
CONTROLS = "Trước" + "".join(map(chr, range(32))) + "Sau"
SURROGATES = "Một\ud800hai\udfffba\ufffe"
LONG_WORD = "x" * (2 * 1024 * 1024)
MIXED = "العربية עברית 👩🏽‍⚖️ 🇻🇳 Tiếng Việt tổ hợp: Tie\u0302\u0301ng"
HOSTILE = {"huge": HUGE, "controls": CONTROLS, "surrogates": SURROGATES, "long_word": LONG_WORD, "mixed": MIXED}


def _report(comment: str, organisation: str = "Người dân") -> ConsultationReport:
    row = ReportRow(number=1, provision="Điều 1", draft_text="Điều 1. Phạm vi\nNội dung.", comment=comment,
                    organisation=organisation, response="Chưa giải trình", disposition="")
    return ConsultationReport(draft_title="Dự thảo thử", drafting_agency="Bộ Ngoại giao", version=1, round=1,
                              deadline="2025-09-30", parts=[ReportPart("II. Ý KIẾN CỦA CÁ NHÂN", [row])],
                              totals={"accepted": 0, "partly_accepted": 0, "explained": 0, "out_of_scope": 0,
                                      "unanswered": 1, "comments": 1})


def _formats() -> list[str]:
    return [fmt for fmt in FORMATS if fmt != "pdf" or FONTS.exists()]  # .ci/run installs the DejaVu fonts


def _word_comment(data: bytes) -> str:
    table = WordDocument(io.BytesIO(data)).tables[-1]  # the first is the title block
    return "\n".join(p.text for p in table.rows[-1].cells[2].paragraphs)


@pytest.mark.parametrize("fmt", _formats())
@pytest.mark.parametrize("kind", HOSTILE)
def test_every_rendering_takes_any_stored_text(kind, fmt):
    report = _report(HOSTILE[kind], organisation=HOSTILE[kind][:300])
    hash_before = report.sha256()
    data, _ = render(report, fmt, on=ON)
    assert len(data) > 1000
    assert report.sha256() == hash_before  # the rendering cut a copy: the frozen rows and hash are untouched
    if fmt == "docx":
        assert len(_word_comment(data)) <= REPORT_CELL_CHARS
    elif fmt == "xlsx":
        cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for c in row]
        assert all(len(c) <= XLSX_CELL_CHARS for c in cells if isinstance(c, str))
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        assert data.decode().count("<tr") == 3


def test_a_15_mb_comment_is_cut_visibly_and_says_where_it_is_whole():
    word = _word_comment(render(_report(HUGE), "docx", on=ON)[0])
    assert word.startswith("Góp ý rất dài. Góp ý")
    assert CUT_MARK in word and "15.728.640 ký tự" in word and "report.json" in word
    book = load_workbook(io.BytesIO(render(_report(HUGE), "xlsx", on=ON)[0]))
    cell = book.active.cell(5, 4).value
    assert cell.startswith("Góp ý rất dài.") and CUT_MARK in cell and len(cell) <= XLSX_CELL_CHARS
    html = render(_report(HUGE), "html", on=ON)[0].decode()
    assert CUT_MARK in html and len(html) < 2 * REPORT_CELL_CHARS * 2


def test_text_that_xml_cannot_hold_is_dropped_or_replaced_and_the_rest_kept():
    word = _word_comment(render(_report(f"{CONTROLS} {SURROGATES} {MIXED}"), "docx", on=ON)[0])
    assert "Trước\t\n\nSau" in word  # tab, line feed and CR (as a line break) kept, the other controls dropped
    assert "Một\ufffdhai\ufffdba\ufffd" in word  # a lone surrogate is visibly replaced, not a crash
    assert MIXED in word  # right-to-left, emoji and combining marks untouched


def test_a_long_word_is_broken_and_a_tall_row_flows_over_pages_in_pdf():
    if not FONTS.exists():
        pytest.skip("the DejaVu fonts are not installed")
    one_page = render(_report("Ngắn."), "pdf", on=ON)[0]
    long_word = render(_report("y" * 20_000), "pdf", on=ON)[0]
    assert _pages(one_page) == 1
    assert _pages(long_word) > 1  # 20,000 characters in a 70 mm column: wrapped, and continued on later pages


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_the_round_s_word_report_with_a_15_mb_comment_answers_200_on_the_page_and_the_api(client, people,
                                                                                          consultation):
    from hoinhap.drafting.models import Comment

    # Stored as it was before the comment limit: straight into the table, not through the service.
    Comment.objects.create(round=consultation, version=consultation.version, author_name="Ẩn danh", text=HUGE,
                           is_public=True)
    client.force_login(people["drafter"])
    page = client.get(f"/du-thao/{consultation.draft.slug}/bao-cao/dot-{consultation.number}.docx")
    api = client.get(f"/api/v1/drafts/{consultation.draft.slug}/rounds/{consultation.number}/report.docx")
    for response in (page, api):
        assert response.status_code == 200, response.content[:300]
        assert zipfile.is_zipfile(io.BytesIO(response.content))
        assert CUT_MARK in _word_comment(response.content)
