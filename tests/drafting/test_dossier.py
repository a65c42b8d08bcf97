"""The comment-response report (Word content, XLSX, HTML, PDF, frozen hash), stage rules, adoption."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from docx import Document as WordDocument

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.corpus.models import Work
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import services, stage_services
from hoinhap.drafting.report_data import build_report, frozen_report
from hoinhap.drafting.report_render import render

from .fixtures import V2

FONTS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
DURING = date(2025, 9, 10)
ON = date(2025, 10, 3)


@pytest.fixture
def answered(people, consultation):
    c1 = consult.comment_add(actor=people["commenter"], round_=consultation, organisation=people["moit"],
                             eid="chp_II__art_3__cl_1", quote="công tác đối ngoại", today=DURING,
                             text="Đề nghị làm rõ thế nào là trực tiếp, thường xuyên.")
    c2 = consult.comment_add(actor=None, round_=consultation, author_name="Lê Thị C", today=DURING,
                             text="Nên có quỹ riêng cho doanh nghiệp nhỏ.", eid="chp_II__art_4")
    c3 = consult.comment_add(actor=people["outsider"], round_=consultation, organisation=people["mof"],
                             today=DURING, text="Đề nghị đánh giá tác động ngân sách.")
    v2 = services.version_import(actor=people["drafter"], draft=consultation.draft, data=V2.encode(), filename="v2.txt")
    consult.comments_respond(actor=people["drafter"], comments=[c1], disposition="accepted",
                             explanation="Đã chỉnh lý.", change_version=v2, change_eid="chp_II__art_4__cl_1")
    consult.comments_respond(actor=people["drafter"], comments=[c2], disposition="explained",
                             explanation="Quỹ do doanh nghiệp tự lập.")
    return consultation, v2, (c1, c2, c3)


def test_report_rows_by_provision_institutions_then_public(answered):
    round_, _, _ = answered
    report = build_report(round_)
    institutional, public = report.parts
    assert [r.provision for r in institutional.rows] == ["Điều 3, khoản 1", "Toàn bộ dự thảo"]
    assert institutional.rows[0].organisation == "Bộ Công Thương"
    assert institutional.rows[0].response == "Tiếp thu. Đã chỉnh lý. (Đã thể hiện tại Điều 4, khoản 1 dự thảo lần 2.)"
    assert institutional.rows[1].response == "Chưa giải trình"
    assert [(r.organisation, r.disposition) for r in public.rows] == [("Lê Thị C", "explained")]
    assert report.totals == {"accepted": 1, "partly_accepted": 0, "explained": 1, "out_of_scope": 0,
                             "unanswered": 1, "comments": 3}


def test_word_report_follows_the_layout(answered):
    data, content_type = render(build_report(answered[0]), "docx", on=ON)
    assert content_type.endswith("wordprocessingml.document")
    word = WordDocument(io.BytesIO(data))
    section = word.sections[0]
    assert section.page_width > section.page_height  # landscape for the table
    assert round(section.left_margin.mm) == 30 and round(section.top_margin.mm) == 20
    assert section.different_first_page_header_footer
    head = [c.text for c in word.tables[0].rows[0].cells]
    assert head[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert word.tables[0].rows[1].cells[1].text == "Hà Nội, ngày 03 tháng 10 năm 2025"
    texts = [p.text for p in word.paragraphs]
    assert "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN" in texts
    table = word.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["TT", "Nội dung dự thảo", "Nội dung góp ý",
                                                     "Cơ quan, tổ chức, cá nhân góp ý", "Ý kiến giải trình, tiếp thu"]
    first = [c.text for c in table.rows[2].cells]
    assert first[0] == "1" and first[1].startswith("Điều 3, khoản 1\n1. Người làm công tác đối ngoại")
    assert first[3] == "Bộ Công Thương" and first[4].startswith("Tiếp thu.")
    assert any("Tổng số 3 ý kiến" in t for t in texts)
    assert all(r.font.name in (None, "Times New Roman") for p in word.paragraphs for r in p.runs)


def test_xlsx_html_and_pdf(answered):
    from openpyxl import load_workbook

    report = build_report(answered[0])
    book = load_workbook(io.BytesIO(render(report, "xlsx", on=ON)[0]))
    rows = list(book.active.iter_rows(min_row=5, values_only=True))
    assert [r[4] for r in rows] == ["Bộ Công Thương", "Bộ Tài chính", "Lê Thị C"]
    html = render(report, "html", on=ON)[0].decode()
    assert "Lê Thị C" in html and "ngày 03 tháng 10 năm 2025" in html
    if FONTS.exists():  # Debian's fonts-dejavu-core, which .ci/run installs
        pdf = render(report, "pdf", on=ON)[0]
        assert pdf.startswith(b"%PDF-") and len(pdf) > 2000
    with translation.override("en"), pytest.raises(Exception, match="unknown report format"):
        render(report, "odt", on=ON)


def test_freezing_records_a_hash_and_later_changes_show(people, answered):
    round_, _, (_, _, c3) = answered
    frozen = stage_services.round_freeze(actor=people["drafter"], round_=round_)
    assert frozen.report_sha256 == build_report(frozen).sha256() == frozen_report(frozen).sha256()
    with pytest.raises(Conflict):  # issue 16: a frozen report's answers are refused as a conflict (409)
        consult.comments_respond(actor=people["drafter"], comments=[c3], disposition="accepted", explanation="x")
    with pytest.raises(ValidationFailed):
        consult.comment_add(actor=people["commenter"], round_=frozen, organisation=people["moit"], text="x",
                            today=DURING)
    with pytest.raises(Conflict):
        stage_services.round_freeze(actor=people["drafter"], round_=frozen)
    frozen.comments.filter(pk=c3.pk).update(text="changed behind the system's back")
    assert build_report(frozen).sha256() != frozen.report_sha256


def test_stages_close_in_order_with_their_documents(people, answered):
    round_, v2, _ = answered
    draft = round_.draft
    actor = people["drafter"]
    proposal, drafting, appraisal = draft.stages.order_by("position")[:3]
    with translation.override("en"), pytest.raises(ValidationFailed, match="earlier stages"):
        stage_services.stage_close(actor=actor, stage=drafting)
    with translation.override("en"), pytest.raises(ValidationFailed, match="published version"):
        stage_services.stage_close(actor=actor, stage=proposal)
    stage_services.stage_bind(actor=actor, stage=proposal, version=round_.version)
    stage_services.stage_close(actor=actor, stage=proposal)
    stage_services.stage_bind(actor=actor, stage=drafting, version=round_.version)
    closed = stage_services.stage_close(actor=actor, stage=drafting)  # the round's report is frozen and filed
    round_.refresh_from_db()
    assert round_.frozen_at and closed.documents.get().sha256 == round_.report_sha256
    appraisal.refresh_from_db()
    assert appraisal.opened_at is not None
    services.version_publish(actor=actor, version=v2)
    stage_services.stage_bind(actor=actor, stage=appraisal, version=v2)
    with pytest.raises(ValidationFailed) as missing:
        stage_services.stage_close(actor=actor, stage=appraisal)
    assert missing.value.details["missing"] == ["appraisal_report"]
    stage_services.stage_document_add(actor=actor, stage=appraisal, kind="appraisal_report",
                                      title="Báo cáo thẩm định", data=b"%PDF-1.4", filename="bc.pdf")
    stage_services.stage_close(actor=actor, stage=appraisal)
    with pytest.raises(PermissionDenied):
        stage_services.stage_bind(actor=people["commenter"], stage=draft.stages.get(code="verification"), version=v2)
    with pytest.raises(ValidationFailed):
        stage_services.stage_document_add(actor=actor, stage=appraisal, kind="poem", title="x")


def test_adoption_makes_an_in_force_corpus_document(people, answered, django_capture_on_commit_callbacks):
    round_, v2, _ = answered
    draft = round_.draft
    with pytest.raises(ValidationFailed):
        services.draft_adopt(actor=people["drafter"], draft=draft, number="not a number", adopted_on=date(2025, 12, 10))
    services.version_publish(actor=people["drafter"], version=v2)
    with django_capture_on_commit_callbacks(execute=True):
        work = services.draft_adopt(actor=people["drafter"], draft=draft, number="250/2025/QH15",
                                    adopted_on=date(2025, 12, 10))
    assert work.number == "250/2025/QH15" and work.status == Work.Status.IN_FORCE
    assert work.date == date(2025, 12, 10) and work.issuer_code == "QH15"
    assert work.drafting_history == draft
    assert work.expressions.get().provisions.filter(kind="article").count() == 4
    assert draft.stages.get(code="adoption").version == v2
    with pytest.raises(Conflict):
        services.draft_adopt(actor=people["drafter"], draft=draft, number="251/2025/QH15", adopted_on=date(2025, 12, 10))


def test_pdf_without_fonts_is_a_clear_error(answered, settings, tmp_path):
    from hoinhap.drafting.report_render import ReportUnavailable

    settings.HOINHAP_PDF_FONT_DIR = tmp_path
    with translation.override("en"), pytest.raises(ReportUnavailable, match="fonts-dejavu-core"):
        render(build_report(answered[0]), "pdf", on=ON)
