"""The meeting cycle's domain: members over time, a meeting with its agenda, the conclusion whose
directions become tasks (with "lead to be assigned"), the follow-up at the next meeting, the briefing
pack as of the meeting's date, multi-year plans, and the real meeting of 26 August 2025."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.core.errors import Conflict, PermissionDenied, Unauthenticated, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.implementation import buckets, status_cache
from hoinhap.implementation import services as implementation
from hoinhap.implementation.models import Programme, Task
from hoinhap.steering import selectors, services
from hoinhap.steering.briefing import briefing_pack
from hoinhap.steering.briefing_docx import to_docx
from hoinhap.steering.loading import load_real_meetings
from hoinhap.steering.models import Directive, SteeringMeeting

D = date


@pytest.fixture
def meeting(org):
    return services.meeting_create(actor=org["secretariat"], title="Phiên họp thử", held_on=D(2025, 9, 30),
                                   chaired_by="Trưởng Ban", illustrative=True)


def test_only_the_secretariat_writes(org, meeting):
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=org["btc"], title="X", held_on=D(2025, 10, 1))
    with pytest.raises(PermissionDenied):
        services.agenda_add(actor=org["btc"], meeting=meeting, title="X")
    with pytest.raises(PermissionDenied):
        services.conclusion_record(actor=None, meeting=meeting, title="X", directives=[services.DirectiveSpec("x")])
    assert meeting.directives.count() == 0


def test_one_meeting_a_day_and_the_agenda_in_order(org, meeting):
    with pytest.raises(Conflict):
        services.meeting_create(actor=org["secretariat"], title="Trùng ngày", held_on=D(2025, 9, 30))
    services.agenda_add(actor=org["secretariat"], meeting=meeting, title="Sơ kết", presenter="Bộ Ngoại giao")
    services.agenda_add(actor=org["secretariat"], meeting=meeting, title="Kế hoạch")
    assert [(a.position, a.title) for a in meeting.agenda.all()] == [(1, "Sơ kết"), (2, "Kế hoạch")]
    assert AuditEntry.objects.filter(action="steering.agenda.added").count() == 2


def test_conclusion_directions_become_tasks_with_or_without_a_lead(org, meeting):
    programme = services.conclusion_record(actor=org["secretariat"], meeting=meeting, title="TBKL", directives=[
        services.DirectiveSpec("Trình nghị quyết", lead=org["BNG"], deadline_text="tháng 10/2025"),
        services.DirectiveSpec("Rà soát văn bản")])
    assert programme.kind == Programme.Kind.CONCLUSION and programme.meeting_id == meeting.meeting_id
    first, second = meeting.directives.select_related("task__lead")
    assert first.task.kind == Task.Kind.DIRECTIVE and first.task.lead == org["BNG"]
    assert first.task.deadline == D(2025, 10, 31)
    assert first.lead_named and not second.lead_named
    assert second.task.lead.code == services.TO_BE_ASSIGNED_CODE and second.task.deadline is None
    rows = selectors.directives_of(meeting)
    assert [(r["position"], r["lead"], r["deadline_text"]) for r in rows] == [(1, "BNG", "tháng 10/2025"), (2, None, "")]
    # a second record appends to the same conclusion
    again = services.conclusion_record(actor=org["secretariat"], meeting=meeting, title="—",
                                       directives=[services.DirectiveSpec("Thêm")])
    assert again.pk == programme.pk and meeting.directives.count() == 3


def test_a_lead_assigned_later_is_audited_and_shown(org, meeting):
    services.conclusion_record(actor=org["secretariat"], meeting=meeting, title="TB",
                               directives=[services.DirectiveSpec("Rà soát văn bản")])
    directive = meeting.directives.get()
    with pytest.raises(PermissionDenied):
        services.directive_assign_lead(actor=org["btp"], directive=directive, lead=org["BTP"])
    with pytest.raises(ValidationFailed):
        services.directive_assign_lead(actor=org["secretariat"], directive=directive, lead=services.lead_to_be_assigned())
    services.directive_assign_lead(actor=org["secretariat"], directive=directive, lead=org["BTP"],
                                   deadline_text="quý IV/2025")
    directive.task.refresh_from_db()
    assert directive.task.lead == org["BTP"] and directive.task.deadline == D(2025, 12, 31)
    assert selectors.directives_of(meeting)[0]["lead"] == "BTP"
    assert AuditEntry.objects.filter(action="implementation.task.updated", target_id=str(directive.task.pk)).exists()


def test_follow_up_lists_earlier_directions_with_their_status_on_the_next_meeting_date(org, meeting):
    services.conclusion_record(actor=org["secretariat"], meeting=meeting, title="TB", directives=[
        services.DirectiveSpec("Việc có hạn", lead=org["BTC"], deadline_text="31/10/2025"),
        services.DirectiveSpec("Việc không hạn")])
    late = meeting.directives.get(position=1).task
    Task.objects.filter(pk=late.pk).update(completed_on=D(2025, 11, 20), completion_known_on=D(2025, 11, 25))
    status_cache.store_status(Task.objects.filter(pk=late.pk))  # a raw update skips the services
    next_meeting = services.meeting_create(actor=org["secretariat"], title="Phiên sau", held_on=D(2025, 11, 15))
    rows = selectors.follow_up(next_meeting)
    assert [(r["position"], r["bucket"]) for r in rows] == [(1, buckets.OVERDUE), (2, buckets.IN_PROGRESS)]
    later = services.meeting_create(actor=org["secretariat"], title="Phiên sau nữa", held_on=D(2025, 12, 30))
    assert [r["bucket"] for r in selectors.follow_up(later)] == [buckets.COMPLETED_LATE, buckets.IN_PROGRESS]
    assert selectors.follow_up(meeting) == []  # nothing earlier than the first meeting


def test_briefing_pack_counts_as_of_the_meeting_date(org, meeting):
    actor = org["secretariat"]
    plan = implementation.programme_create(actor=actor, slug="p", title="P", effective_from=D(2025, 1, 1))
    overdue = implementation.task_create(actor=actor, programme=plan, title="A", lead=org["BTC"], deadline_text="30/6/2025")
    implementation.task_create(actor=actor, programme=plan, title="B", lead=org["BTC"], deadline_text="31/12/2025")
    done = implementation.task_create(actor=actor, programme=plan, title="C", lead=org["BNG"], deadline_text="30/6/2025")
    implementation.task_create(actor=actor, programme=plan, title="D", lead=org["BNG"], deadline_text="Thường xuyên")
    Task.objects.filter(pk=done.pk).update(completed_on=D(2025, 6, 20), completion_known_on=D(2025, 6, 25))
    # completed after the meeting: still overdue in the pack
    Task.objects.filter(pk=overdue.pk).update(completed_on=D(2025, 10, 5), completion_known_on=D(2025, 10, 6))
    status_cache.store_status(Task.objects.filter(pk__in=[done.pk, overdue.pk]))  # raw updates skip the services
    later = implementation.programme_create(actor=actor, slug="q", title="Q", effective_from=D(2025, 10, 15))
    implementation.task_create(actor=actor, programme=later, title="E", lead=org["BTP"], deadline_text="31/12/2025")
    services.agenda_add(actor=actor, meeting=meeting, title="Sơ kết")
    # the meeting's own directions (assigned that day) are not in the pack prepared for it
    services.conclusion_record(actor=actor, meeting=meeting, title="TB", directives=[services.DirectiveSpec("Mới")])
    pack = briefing_pack(meeting, reader=actor)
    assert pack.as_of == D(2025, 9, 30)
    assert pack.counts == {buckets.COMPLETED_ON_TIME: 1, buckets.COMPLETED_LATE: 0, buckets.IN_PROGRESS: 1,
                           buckets.OVERDUE: 1, buckets.CONTINUOUS: 1}
    assert pack.overdue_by_agency == [{"code": "BTC", "name": "Bộ Tài chính", "overdue": 1, "total": 2}]
    assert pack.agenda == ["Sơ kết"] and pack.partner_counts["total"] == 0
    data = to_docx(pack)
    assert data[:2] == b"PK" and len(data) > 5000
    with pytest.raises(Unauthenticated):
        briefing_pack(meeting, reader=None)


def test_members_over_time_follow_mergers(org):
    from hoinhap.core.services import organisation_merge

    actor = org["secretariat"]
    services.member_add(actor=actor, person="Người A", office="Bộ trưởng Bộ Tài chính — Ủy viên", role="member",
                        organisation=org["BTC"], start=D(2021, 4, 8), end=D(2025, 2, 28))
    services.member_add(actor=actor, person="Người B", office="Thủ tướng — Trưởng Ban", role="head", start=None)
    services.member_add(actor=actor, person="Người C", office="Bộ trưởng Bộ Tư pháp — Ủy viên", role="member",
                        organisation=org["BTP"], start=D(2025, 3, 1))
    organisation_merge(actor=actor, predecessor=org["BTP"], successor=org["BNG"], effective=D(2025, 7, 1))
    assert [m.person for m in selectors.members_on(D(2024, 1, 1))] == ["Người B", "Người A"]
    on_merger = selectors.members_on(D(2025, 8, 1))
    assert [m.person for m in on_merger] == ["Người B", "Người C"]
    assert on_merger[1].organisation_on == org["BNG"]  # type: ignore[attr-defined]
    with pytest.raises(ValidationFailed):
        services.member_add(actor=actor, person="X", office="Y", role="member", start=D(2025, 2, 1), end=D(2025, 1, 1))


def test_multi_year_plan_with_yearly_milestones(org):
    actor = org["secretariat"]
    plan = services.plan_create(actor=actor, slug="ke-hoach-2026-2030", title="Kế hoạch công tác 2026–2030",
                                first_year=2026, last_year=2030, illustrative=True)
    task = implementation.task_create(actor=actor, programme=plan.programme, title="Việc", lead=org["BNG"],
                                      deadline_text="31/12/2026")
    services.milestone_add(actor=actor, plan=plan, year=2026, title="Mốc 2026", task=task)
    with pytest.raises(ValidationFailed):
        services.milestone_add(actor=actor, plan=plan, year=2031, title="Ngoài kế hoạch")
    assert [(m.year, m.task_id) for m in plan.milestones.all()] == [(2026, task.pk)]
    assert plan.programme.effective_from == D(2026, 1, 1)


def test_the_real_meeting_of_26_august_2025_loads_once_with_its_eight_directions(db):
    assert load_real_meetings() == 1
    assert load_real_meetings() == 0
    meeting = SteeringMeeting.objects.get(meeting__held_on=D(2025, 8, 26))
    assert not meeting.is_illustrative and "mission-facts.md" in meeting.source
    assert meeting.meeting.chaired_by.startswith("Thủ tướng Chính phủ Phạm Minh Chính")
    figures = {f.label: (f.value, f.unit, f.period) for f in meeting.figures.all()}
    assert figures["Tăng trưởng GDP"] == ("7,52", "%", "6 tháng đầu năm 2025")
    assert figures["Kim ngạch xuất khẩu"] == ("trên 514", "tỷ USD", "7 tháng đầu năm 2025")
    assert figures["Vốn FDI đăng ký"][0] == "24,1" and figures["Vốn FDI giải ngân"][0] == "13,6"
    assert figures["Đối tác từ Đối tác toàn diện trở lên"][0] == "38"
    directives = list(Directive.objects.filter(meeting=meeting).select_related("task__lead"))
    assert len(directives) == 8
    # the reports name no lead and no deadline: none is invented
    assert all(not d.lead_named and d.task.lead.code == services.TO_BE_ASSIGNED_CODE for d in directives)
    assert all(d.task.deadline is None and d.task.deadline_text == "" for d in directives)
    assert "APEC" in directives[7].text and "2026–2030" in directives[3].text
    assert not meeting.meeting.conclusions.get().is_illustrative
