"""The National Assembly side of a draft (issue 18 item 3), through the services: opinions of their kind
split per provision on the version under review, stored in the stage's review round (closed to every
consultation channel), answered like consultation comments; sessions and their conclusions; the
explanation report as data and as Word after Decree 30."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document as WordDocument

from hoinhap.core.errors import NotFound, PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import (
    consultation_services,
    explanation_report,
    na_services,
    response_services,
    services,
    stage_services,
)
from hoinhap.drafting.models import Comment, Session
from hoinhap.web.na_views import timeline

from .fixtures import V2

VERIFICATION = """ỦY BAN QUỐC PHÒNG, AN NINH VÀ ĐỐI NGOẠI
BÁO CÁO THẨM TRA
Về dự thảo Nghị quyết về cơ chế hội nhập
Tại khoản 1 Điều 3: đề nghị làm rõ phạm vi “Người làm công tác đối ngoại”.
Đối với Điều 4, đề nghị đánh giá tác động đến ngân sách nhà nước.
Ngoài ra, đề nghị rà soát kỹ thuật trình bày văn bản.
"""


@pytest.fixture
def reviewed(people, draft):
    """Version 1 published and bound to the verification stage; version 2 published after it."""
    drafter = people["drafter"]
    v1 = services.version_publish(actor=drafter, version=draft.versions.get(number=1))
    stage_services.stage_bind(actor=drafter, stage=draft.stages.get(code="verification"), version=v1)
    v2 = services.version_import(actor=drafter, draft=draft, data=V2.encode(), filename="v2.txt")
    services.version_publish(actor=drafter, version=v2)
    return draft


def _items(draft, kind="verification", text=VERIFICATION):  # noqa: ANN001, ANN202
    return na_services.opinion_proposals(draft, kind, text)


def test_an_opinion_is_split_per_provision_on_the_version_its_stage_reviews(reviewed):
    version, proposals = _items(reviewed)
    assert version.number == 1  # the verification stage's version, not the latest
    assert [p.eid for p in proposals] == ["chp_II__art_3__cl_1", "chp_II__art_4", ""]
    assert proposals[0].quote == "Người làm công tác đối ngoại"
    later, _ = _items(reviewed, "standing_committee", "Tại Điều 2: đề nghị quy định rõ tiêu chuẩn đặc phái viên.")
    assert later.number == 2  # no version bound to the Standing Committee's stage: the latest published
    with pytest.raises(ValidationFailed):
        _items(reviewed, "hearsay")


def test_stored_items_keep_their_kind_and_session_in_a_closed_review_round(reviewed, people):
    drafter = people["drafter"]
    _, proposals = _items(reviewed)
    stored = na_services.opinions_save(actor=drafter, draft=reviewed, kind_code="verification", proposals=proposals,
                                       author_name="Ủy ban Quốc phòng, An ninh và Đối ngoại")
    assert {c.source_kind for c in stored} == {"verification"}
    round_ = stored[0].round
    assert (round_.review_stage, round_.version.number, round_.public) == ("verification", 1, False)
    assert round_.closed_at is not None
    preliminary = na_services.opinions_save(actor=drafter, draft=reviewed, kind_code="preliminary_verification",
                                            proposals=proposals[:1])
    assert preliminary[0].round == round_  # one review round per stage and version
    assert AuditEntry.objects.filter(action="drafting.opinion.added").count() == 4
    # no consultation channel adds to it
    with pytest.raises((PermissionDenied, ValidationFailed)):  # closed, and not public
        consultation_services.comment_add(actor=None, round_=round_, text="Ý kiến.", author_name="Người dân")
    with pytest.raises((PermissionDenied, ValidationFailed)):
        consultation_services.comment_add(actor=people["commenter"], round_=round_, text="Ý kiến.",
                                          organisation=people["moit"])
    assert round_.comments.count() == 4


def test_who_may_store_and_what_a_session_opinion_needs(reviewed, people):
    _, proposals = _items(reviewed)
    with pytest.raises(PermissionDenied):
        na_services.opinions_save(actor=people["commenter"], draft=reviewed, kind_code="verification",
                                  proposals=proposals)
    with pytest.raises(ValidationFailed):  # the Standing Committee's opinions were given at a session
        na_services.opinions_save(actor=people["drafter"], draft=reviewed, kind_code="standing_committee",
                                  proposals=proposals)
    with pytest.raises(ValidationFailed):  # anchored to a provision of the reviewed version
        proposals[0].eid = "chp_IX__art_99"
        na_services.opinions_save(actor=people["drafter"], draft=reviewed, kind_code="verification",
                                  proposals=proposals)
    assert not Comment.objects.exclude(source_kind="consultation").exists()


def test_sessions_are_shared_and_their_conclusions_are_the_committees_checklist(reviewed, people, draft):
    drafter = people["drafter"]
    hearing = na_services.hearing_record(actor=drafter, draft=reviewed, body="standing_committee", number=51,
                                         held_on=date(2025, 11, 6), title="Phiên họp thứ 51")
    with pytest.raises(ValidationFailed):
        na_services.hearing_record(actor=drafter, draft=reviewed, body="standing_committee", number=51,
                                   held_on=date(2025, 11, 6))
    with pytest.raises(PermissionDenied):
        na_services.hearing_record(actor=people["commenter"], draft=reviewed, body="na", number=10,
                                   held_on=date(2025, 11, 19))
    other = services.draft_create(actor=drafter, slug="du-thao-khac", title="Dự thảo khác",
                                  drafting_agency=people["mofa"])
    again = na_services.hearing_record(actor=drafter, draft=other, body="standing_committee", number=51,
                                       held_on=date(2025, 11, 6))
    assert again.session == hearing.session and Session.objects.count() == 1
    conclusion = na_services.conclusion_add(actor=drafter, hearing=hearing, text="Trình Quốc hội tại Kỳ họp thứ 10.",
                                            due_on=date(2025, 11, 15))
    with pytest.raises(ValidationFailed):
        na_services.conclusion_complete(actor=drafter, conclusion=conclusion, note=" ")
    done = na_services.conclusion_complete(actor=drafter, conclusion=conclusion, note="Đã trình.",
                                           done_on=date(2025, 11, 19))
    assert (done.done_on, done.done_by) == (date(2025, 11, 19), drafter)
    rows = na_services.hearings_data(reviewed)
    assert rows[0]["number"] == 51 and rows[0]["conclusions"][0]["done_on"] == "2025-11-19"
    assert AuditEntry.objects.filter(action="drafting.session_conclusion.completed").count() == 1
    with pytest.raises(NotFound):
        na_services.session_find("na", 10)


def test_the_timeline_puts_sessions_among_the_closed_stages_by_date(reviewed, people):
    drafter = people["drafter"]
    stage = reviewed.stages.get(code="proposal")
    stage_services.stage_bind(actor=drafter, stage=stage, version=reviewed.versions.get(number=1))
    stage_services.stage_close(actor=drafter, stage=stage)
    na_services.hearing_record(actor=drafter, draft=reviewed, body="standing_committee", number=51,
                               held_on=date(2000, 1, 1))
    events = timeline(reviewed, list(reviewed.hearings.select_related("session")))
    assert events[0].kind == "session" and events[0].name == "Phiên họp thứ 51 của Ủy ban Thường vụ Quốc hội"
    assert events[1].kind == "stage" and events[1].done  # closed today, after the session of 2000
    assert all(event.day is None for event in events[2:])  # the stages not closed yet come last


def _answered_report(reviewed, people):  # noqa: ANN001, ANN202
    drafter = people["drafter"]
    _, proposals = _items(reviewed)
    stored = na_services.opinions_save(actor=drafter, draft=reviewed, kind_code="verification", proposals=proposals,
                                       author_name="Ủy ban Quốc phòng, An ninh và Đối ngoại")
    hearing = na_services.hearing_record(actor=drafter, draft=reviewed, body="standing_committee", number=51,
                                         held_on=date(2025, 11, 6))
    _, deputies = _items(reviewed, "standing_committee", "Tại Điều 2: đề nghị quy định tiêu chuẩn đặc phái viên.")
    na_services.opinions_save(actor=drafter, draft=reviewed, kind_code="standing_committee", proposals=deputies,
                              session=hearing.session)
    response_services.answer(actor=drafter, comments=[stored[0]], disposition="accepted",
                             explanation="Đã bổ sung cụm từ “hội nhập quốc tế trực tiếp, thường xuyên”.",
                             change_version=reviewed.versions.get(number=2), change_eid="chp_II__art_4__cl_1")
    return explanation_report.explanation_report(reviewed)


def test_the_explanation_report_by_provision_and_kind(reviewed, people):
    report = _answered_report(reviewed, people)
    assert [g.provision for g in report.groups] == ["Điều 3, khoản 1", "Điều 4", "Toàn bộ dự thảo", "Điều 2"]
    first = report.groups[0].items[0]
    assert first.kind_label == "Báo cáo thẩm tra"
    assert first.answer.startswith("Tiếp thu. Đã bổ sung")
    assert first.change == "Điều 4, khoản 1 (dự thảo lần 2)"
    assert report.groups[3].items[0].session == "Phiên họp thứ 51 của Ủy ban Thường vụ Quốc hội"
    counts = {c.kind: (c.total, c.answered, c.unanswered) for c in report.counts}
    assert counts["verification"] == (3, 1, 2) and counts["standing_committee"] == (1, 0, 1)
    assert (report.total, report.answered) == (4, 1)
    assert "Tổng số 4 ý kiến, đã giải trình 1, chưa giải trình 3" in explanation_report.totals_line(report)


def test_the_explanation_report_in_word_after_decree_30(reviewed, people):
    report = _answered_report(reviewed, people)
    word = WordDocument(io.BytesIO(explanation_report.to_docx(report, on=date(2025, 12, 5))))
    texts = [p.text for p in word.paragraphs]
    assert explanation_report.TITLE in texts
    assert "Đối với dự thảo Nghị quyết về cơ chế hội nhập" in texts
    assert any(t.startswith("Tổng số 4 ý kiến") for t in texts)
    header, table = word.tables  # the title block, then the report's table
    assert "ngày 05 tháng 12 năm 2025" in header.rows[1].cells[1].text
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(explanation_report.COLUMNS)
    assert rows[1][0] == "Điều 3, khoản 1"  # the provision's row spans the table
    assert rows[2][1] == "Báo cáo thẩm tra" and "Người làm công tác đối ngoại" in rows[2][2]
    assert rows[2][4] == "Điều 4, khoản 1 (dự thảo lần 2)"
    section = word.sections[0]
    assert section.page_width < section.page_height  # portrait A4
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
