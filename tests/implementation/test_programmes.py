"""Extraction from a task table, agencies, provenance, sub-tasks, succession, bottlenecks."""

from __future__ import annotations

from datetime import date

import pytest

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Organisation
from hoinhap.implementation import selectors, services
from hoinhap.implementation.models import Task
from tests.conftest import VN_LEGAL, needs_shared


def test_extraction_keeps_provenance_one_lead_and_the_deadlines(org, programme):
    tasks = {t.number: t for t in programme.tasks.all()}
    assert sorted(tasks) == ["1", "2", "2.1", "3", "4"]
    first = tasks["1"]
    assert first.lead == org["BTC"] and {o.code for o in first.coordinators.all()} == {"BNG", "BCT-BO"}
    assert first.deadline == date(2025, 6, 30) and first.output == "Nghị định của Chính phủ"
    assert first.group == "I. Hoàn thiện thể chế" and first.source_eid.endswith("table_1")
    assert "quỹ hỗ trợ doanh nghiệp" in first.source_text
    assert tasks["2.1"].parent == tasks["2"] and tasks["2.1"].lead == org["HN"]
    assert tasks["2"].deadline == date(2025, 9, 30)
    assert tasks["3"].continuous and tasks["3"].lead == org["BNG"]  # several leads: the first leads
    assert "Bộ Văn hóa, Thể thao và Du lịch" in {o.name for o in tasks["3"].coordinators.all()}
    assert tasks["4"].deadline_kind == "unknown" and tasks["4"].deadline is None
    assert Organisation.objects.filter(name="Các bộ, ngành, địa phương").exists() is False  # a group coordinates, as text
    assert tasks["2"].coordinators_text == "Các bộ, ngành, địa phương"


def test_extraction_is_for_the_secretariat_and_all_or_nothing(org, programme):
    with pytest.raises(ValidationFailed):  # a second extraction would duplicate the tasks
        services.programme_extract(actor=org["secretariat"], programme=programme)
    other = services.programme_create(actor=org["secretariat"], slug="empty", title="Không có bảng")
    with pytest.raises(ValidationFailed):
        services.programme_extract(actor=org["secretariat"], programme=other)
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=org["btc"], slug="x", title="x")
    assert not other.tasks.exists()


@needs_shared
def test_the_real_action_programme_table(org):
    from hoinhap.corpus.services import work_import

    data = (VN_LEGAL / "txt" / "nq-03-nqcp-2025-ctrhd-nq57.txt").read_bytes()
    work = work_import(actor=None, data=data, filename="nq-03.txt").work
    programme = services.programme_create(actor=org["secretariat"], slug="nq-03", title="CTHĐ NQ 57", work=work)
    result = services.programme_extract(actor=org["secretariat"], programme=programme)
    assert len(result.tasks) == 140
    kinds = {t.deadline_kind for t in result.tasks}
    assert {"year", "month", "continuous", "recurring"} <= kinds
    assert sum(t.deadline_kind == "unknown" for t in result.tasks) <= 2
    assert "Bộ Thông tin và Truyền thông" in result.created_agencies
    assert any("several leads" in w for w in result.warnings)


def test_succession_moves_open_tasks_and_keeps_statistics_comparable(org, programme):
    from hoinhap.implementation import report_services

    done = programme.tasks.get(number="1")
    report = report_services.report_submit(actor=org["btc"], task=done, agency=org["BTC"], kind="completion",
                                           text="Đã ban hành.", output_number="10/2025/NĐ-CP",
                                           output_date=date(2025, 6, 1), today=date(2025, 6, 2))
    report_services.report_review(actor=org["secretariat"], report=report, accept=True, today=date(2025, 6, 3))
    merged = Organisation.objects.create(code="BTC2", name="Bộ Tài chính (mới)", kind="ministry")
    before = selectors.status_counts(date(2025, 7, 1), agency=org["BTC"])
    moved = services.succession_apply(actor=org["secretariat"], predecessor=org["BTC"], successor=merged,
                                      effective=date(2025, 7, 1))
    assert moved == 0  # its only task was completed before the merger
    assert selectors.status_counts(date(2025, 7, 1), agency=merged) == before
    assert selectors.status_counts(date(2025, 6, 15), agency=merged)["completed_on_time"] == 0  # not its own yet
    bng_task = programme.tasks.get(number="4")
    services.succession_apply(actor=org["secretariat"], predecessor=org["BNG"], successor=merged,
                              effective=date(2025, 8, 1))
    bng_task.refresh_from_db()
    assert bng_task.lead == merged and bng_task.original_lead == org["BNG"]
    assert AuditEntry.objects.filter(action="implementation.succession.applied").count() == 2


def test_bottleneck_register(org, programme):
    task = programme.tasks.get(number="2")
    work = programme.work
    item = services.bottleneck_add(actor=org["secretariat"], work=work, eid="att_1__table_1", problem="Cản trở.",
                                   action="amend", responsible=org["BTP"], tasks=[task])
    assert list(task.bottlenecks.all()) == [item]
    with pytest.raises(ValidationFailed):
        services.bottleneck_add(actor=org["secretariat"], work=work, eid="chp_IX", problem="x", action="amend",
                                responsible=org["BTP"])
    services.bottleneck_update(actor=org["secretariat"], item=item, status="resolved")
    item.refresh_from_db()
    assert item.status == "resolved"


def test_directives_from_a_meeting_become_tasks(org):
    conclusion = services.meeting_conclude(actor=org["secretariat"], title="Phiên họp thứ nhất", held_on=date(2025, 5, 5),
                                           slug="kl-1", conclusion_title="Thông báo kết luận")
    directive = services.task_create(actor=org["secretariat"], programme=conclusion, title="Đẩy nhanh đàm phán",
                                     lead=org["BNG"], deadline_text="quý IV/2025", kind=Task.Kind.DIRECTIVE)
    task = services.task_create(actor=org["secretariat"], programme=conclusion, title="Xây dựng phương án",
                                lead=org["BCT-BO"], deadline_text="30/11/2025", parent=directive)
    assert task.parent.kind == "directive" and conclusion.meeting.title == "Phiên họp thứ nhất"
    assert task.assigned_on == date(2025, 5, 5) and directive.deadline == date(2025, 12, 31)
