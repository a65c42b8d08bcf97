"""`hoinhap import` (issue 15 items 3, 5, 6): each warning printed with its file and line, .md taken
as text, .pdf taken, a hostile PDF refused with nothing stored."""

from __future__ import annotations

import pytest
from django.utils import translation

from hoinhap.cli import main
from hoinhap.core.errors import UnreadableInput
from hoinhap.core.models import AuditEntry
from hoinhap.corpus import services
from hoinhap.corpus.models import Work
from tests.legal.pdfs import blank_pages, digital_pdf, encrypted, needs_font

OUT_OF_SEQUENCE = ("CHÍNH PHỦ\nSố: 12/2025/NĐ-CP\nHà Nội, ngày 01 tháng 4 năm 2025\nNGHỊ ĐỊNH\nVỀ THỬ NGHIỆM\n"
                   "Điều 1. Phạm vi\nNội dung.\nĐiều 2. Đối tượng\nNội dung.\nĐiều 2. Lặp lại\nNội dung.\n")
MARKDOWN = ("CHÍNH PHỦ\nSố: 13/2025/NĐ-CP\nHà Nội, ngày 02 tháng 4 năm 2025\nNGHỊ ĐỊNH\nVỀ MARKDOWN\n"
            "Điều 1. Phạm vi\n- Nội dung thứ nhất.\n")


@pytest.mark.django_db(transaction=True)
def test_import_prints_each_warning_with_file_and_line_and_takes_md(tmp_path, capsys):
    (tmp_path / "nd-12.txt").write_text(OUT_OF_SEQUENCE, encoding="utf-8")
    (tmp_path / "nd-13.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not a document: not collected
    assert main(["import", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "nd-12.txt:10: Điều 2. is out of sequence; kept as text" in err
    assert "2 văn bản đã nhập, 0 thất bại" in err
    assert sorted(Work.objects.values_list("number", flat=True)) == ["12/2025/NĐ-CP", "13/2025/NĐ-CP"]


@needs_font
@pytest.mark.django_db(transaction=True)
def test_import_takes_a_pdf(tmp_path, capsys):
    path = tmp_path / "nd-14.pdf"
    path.write_bytes(digital_pdf(["CHÍNH PHỦ", "Số: 14/2025/NĐ-CP", "Hà Nội, ngày 03 tháng 4 năm 2025", "NGHỊ ĐỊNH",
                                  "VỀ PDF", "Điều 1. Phạm vi", "Nội dung đọc từ PDF."]))
    assert main(["import", str(tmp_path)]) == 0
    work = Work.objects.get()
    assert (work.number, work.expressions.get().source_format) == ("14/2025/NĐ-CP", "pdf")


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "reason"), [(lambda: encrypted(blank_pages(1)), "password"),
                                              (lambda: blank_pages(4), "4 pages; at most 3"),
                                              (lambda: b"%PDF-1.4 broken", "damaged|no text")])
def test_a_hostile_pdf_is_refused_and_changes_nothing(make, reason, settings):
    settings.HOINHAP_PDF_MAX_PAGES = 3
    audit = AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(UnreadableInput, match=reason):
        services.work_import(actor=None, data=make(), filename="x.pdf")
    assert (Work.objects.count(), AuditEntry.objects.count()) == (0, audit)
