"""The comment-response report a ministry can file as it is (Decree 30/2020): the same blocks in
Word and PDF (title block, "Số: …", signature), rows grouped by provision with its words once and
the quoted words shown, sections from I., hidden comments counted apart, late ones marked, and
reports frozen before these changes keeping their hash."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document as WordDocument

from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import stage_services
from hoinhap.drafting.report_data import build_report, frozen_report, signature_lines
from hoinhap.drafting.report_render import render

FONTS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DURING = date(2025, 9, 10)
ON = date(2025, 10, 3)
CLAUSE = "chp_II__art_3__cl_1"


@pytest.fixture
def commented(people, consultation):
    """Two ministries on the same clause (one quoting it), a late citizen on an article without
    clauses, and a hidden public comment."""
    add = consult.comment_add
    first = add(actor=people["commenter"], round_=consultation, organisation=people["moit"], eid=CLAUSE,
                quote="công tác đối ngoại", today=DURING, text="Đề nghị làm rõ thế nào là trực tiếp.")
    second = add(actor=people["outsider"], round_=consultation, organisation=people["mof"], eid=CLAUSE,
                 today=DURING, text="Đề nghị đánh giá tác động ngân sách.")
    late = add(actor=None, round_=consultation, author_name="Lê Thị C", eid="chp_II__art_4", today=DURING,
               text="Nên có quỹ riêng cho doanh nghiệp nhỏ.")
    hidden = add(actor=None, round_=consultation, author_name="Ẩn danh", today=DURING, text="Nội dung lạc đề.")
    late.__class__.objects.filter(pk=late.pk).update(is_late=True)
    hidden.__class__.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now(), hidden_reason="Lạc đề")
    return consultation, (first, second, late, hidden)


def test_rows_grouped_by_provision_with_quotes_late_marks_and_hidden_counted_apart(commented):
    round_, _ = commented
    report = build_report(round_)
    institutional, public = report.parts
    assert institutional.title == "I. Ý KIẾN CỦA CÁC CƠ QUAN, TỔ CHỨC"
    assert public.title.startswith("II. Ý KIẾN CỦA CÁ NHÂN")
    assert [row.quote for row in institutional.rows] == ["công tác đối ngoại", ""]
    assert [row.organisation for row in public.rows] == ["Lê Thị C"]  # the hidden comment is not a row
    assert public.rows[0].late and not institutional.rows[0].late
    # An article without clauses: its heading on one line, its text on the next.
    assert public.rows[0].draft_text == ("Điều 4. Quỹ hỗ trợ doanh nghiệp\n"
                                         "Doanh nghiệp được thành lập quỹ hỗ trợ hội nhập từ nguồn vốn hợp pháp.")
    assert report.totals["comments"] == 3 and report.totals["hidden"] == 1 and report.totals["late"] == 1
    table = WordDocument(io.BytesIO(render(report, "docx", on=ON)[0])).tables[-1]
    first, second = ([cell.text for cell in table.rows[index].cells] for index in (2, 3))
    assert first[1].startswith("Điều 3, khoản 1\n1. Người làm công tác đối ngoại")
    assert second[1] == first[1]  # one merged cell: the clause's words shown once over both comments
    properties = table.rows[3].cells[1]._tc.tcPr
    assert properties is not None and properties.vMerge is not None
    assert first[2] == "Về đoạn: “công tác đối ngoại”\nĐề nghị làm rõ thế nào là trực tiếp."
    late_row = [cell.text for cell in table.rows[5].cells]
    assert late_row[2].startswith("(Góp ý gửi sau thời hạn)\n")
    html = render(report, "html", on=ON)[0].decode()
    assert html.count('rowspan="2"') == 1 and "Nội dung lạc đề" not in html
    assert "1 ý kiến bị ẩn" in html


def test_sections_start_at_i_in_every_round(people, consultation):
    consult.comment_add(actor=None, round_=consultation, author_name="Lê Thị C", today=DURING, text="Ý kiến.")
    (only,) = build_report(consultation).parts
    assert only.title == "I. Ý KIẾN CỦA CÁ NHÂN (LẤY Ý KIẾN CÔNG KHAI)"


@pytest.mark.parametrize(("capacity", "title", "name", "expected"), [
    ("KT. Bộ trưởng", "Thứ trưởng", "Nguyễn Văn A", (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], "Nguyễn Văn A")),
    ("", "Bộ trưởng", "Lê Văn B", (["BỘ TRƯỞNG"], "Lê Văn B")),
    ("TM. Ban soạn thảo", "Trưởng ban", "Trần Thị D", (["TM. BAN SOẠN THẢO", "TRƯỞNG BAN"], "Trần Thị D")),
    ("", "", "", (["TM. BỘ NGOẠI GIAO"], "")),  # nobody named: the agency, as reports always did
])
def test_the_signature_follows_who_signs(consultation, capacity, title, name, expected):
    consultation.signer_capacity, consultation.signer_title, consultation.signer_name = capacity, title, name
    report = build_report(consultation)
    assert signature_lines(report) == expected
    texts = [p.text for p in WordDocument(io.BytesIO(render(report, "docx", on=ON)[0])).paragraphs]
    tail = [text for text in texts[texts.index(next(t for t in texts if t.startswith("Tổng số"))) + 1:] if text]
    assert tail == expected[0] + ([expected[1]] if expected[1] else [])


def _pdf_text(data: bytes) -> str:
    import pymupdf

    document = pymupdf.open(stream=data, filetype="pdf")
    return " ".join(document[index].get_text() for index in range(document.page_count))


def _docx_blocks(data: bytes) -> list[str]:
    word = WordDocument(io.BytesIO(data))
    blocks = [p.text for p in word.paragraphs if p.text.strip()]
    for table in word.tables:
        for row in table.rows:
            blocks.extend(cell.text for cell in row.cells if cell.text.strip())
    return blocks


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(not FONTS.exists(), reason="the DejaVu fonts are not installed")
def test_the_pdf_carries_every_block_of_the_word_file(commented):
    round_, _ = commented
    round_.signer_capacity, round_.signer_title, round_.signer_name = "KT. Bộ trưởng", "Thứ trưởng", "Nguyễn Văn A"
    report = build_report(round_)
    blocks = _docx_blocks(render(report, "docx", on=ON)[0])
    pdf = _words(_pdf_text(render(report, "pdf", on=ON)[0]))
    for needed in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: …", "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Văn A",
                   "Hà Nội, ngày 03 tháng 10 năm 2025", "I. Ý KIẾN CỦA CÁC CƠ QUAN, TỔ CHỨC"):
        assert any(needed in block for block in blocks), needed
    missing = [block for block in blocks if _words(block) not in pdf]
    assert not missing


def _old_snapshot(round_) -> dict:
    """A report as the code before this change froze it: no quote or late flag on rows, no signer,
    numbered parts as they were, totals without hidden comments."""
    data = build_report(round_).to_dict()
    for part in data["parts"]:
        part["title"] = part["title"].replace("I. Ý KIẾN CỦA CÁ NHÂN", "II. Ý KIẾN CỦA CÁ NHÂN")
        for row in part["rows"]:
            assert "quote" not in row and "late" not in row
    assert "signer" not in data
    return data


def test_a_report_frozen_before_this_change_keeps_its_hash_and_still_renders(people, consultation):
    consult.comment_add(actor=None, round_=consultation, author_name="Lê Thị C", eid="chp_II__art_4", today=DURING,
                        text="Nên có quỹ riêng.")
    frozen = stage_services.round_freeze(actor=people["drafter"], round_=consultation)
    old = _old_snapshot(frozen)
    digest = hashlib.sha256(json.dumps(old, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    frozen.report_snapshot, frozen.report_sha256 = old, digest
    frozen.save()
    frozen.refresh_from_db()
    report = frozen_report(frozen)
    assert report is not None and report.sha256() == frozen.report_sha256
    assert report.parts[0].title.startswith("II.")  # the record is untouched …
    for fmt in ("docx", "xlsx", "html", *(["pdf"] if FONTS.exists() else [])):
        data, _ = render(report, fmt, on=ON)
        assert len(data) > 1000
    html = render(report, "html", on=ON)[0].decode()
    assert "I. Ý KIẾN CỦA CÁ NHÂN" in html and "II. Ý KIẾN" not in html  # … its rendering numbers from I.
    assert "TM. BỘ NGOẠI GIAO" in html
    assert report.sha256() == digest  # rendering changed nothing


def test_a_new_report_with_quotes_and_signer_round_trips_to_the_same_hash(people, commented):
    round_, _ = commented
    round_.signer_name, round_.signer_title = "Nguyễn Văn A", "Bộ trưởng"
    round_.save()
    frozen = stage_services.round_freeze(actor=people["drafter"], round_=round_)
    report = frozen_report(frozen)
    assert report is not None and report.sha256() == frozen.report_sha256
    assert report.signer == {"capacity": "", "title": "Bộ trưởng", "name": "Nguyễn Văn A"}
    assert report.parts[0].rows[0].quote == "công tác đối ngoại"
