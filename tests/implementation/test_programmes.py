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
    assert first.lead == org["BTC"] and {o.code for o in first.coordinators.all()} == {"BNG", "BCT"}
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
    indicators, tasks = result.report.tables  # issue 15: the indicator table with its lead column is read too
    assert indicators.headings[1] == {"heading": "Chỉ tiêu", "read_as": "title", "score": 4} and indicators.tasks == 56
    assert tasks.tasks == 140 and len(result.tasks) == indicators.tasks + tasks.tasks
    kinds = {t.deadline_kind for t in result.tasks}
    assert {"year", "month", "continuous", "recurring"} <= kinds
    assert sum(t.deadline_kind == "unknown" and bool(t.deadline_text) for t in result.tasks) == 0
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
                                lead=org["BCT"], deadline_text="30/11/2025", parent=directive)
    assert task.parent.kind == "directive" and conclusion.meeting.title == "Phiên họp thứ nhất"
    assert task.assigned_on == date(2025, 5, 5) and directive.deadline == date(2025, 12, 31)


PLAN_MD = """**PHỤ LỤC**
|
**TT**
|
**Nhiệm vụ, giải pháp**
|
**Đơn vị chủ trì**
|
**Thời gian thực hiện**
|
|
1
|
Xây dựng cơ sở dữ liệu
|
Bộ Tài chính
|
Quý IV/2025 - Quý II/2026
|
|
2
|
Tập huấn
|
Bộ Ngoại giao
|
Theo yêu cầu
|
"""


def test_extract_dry_run_prints_the_preview_and_stores_nothing(org, tmp_path, capsys):
    import json

    from hoinhap.cli import main
    from hoinhap.implementation.models import Programme

    path = tmp_path / "ke-hoach.md"
    path.write_text(PLAN_MD, encoding="utf-8")
    assert main(["programmes", "extract", "kh-1", str(path), "--dry-run", "--json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert [(t["lead"], t["deadline_kind"], t["deadline"]) for t in preview["tasks"]] == [
        ("Bộ Tài chính", "span", "2026-06-30"), ("Bộ Ngoại giao", "as_required", None)]
    assert [h["read_as"] for h in preview["tables"][0]["headings"]] == ["number", "title", "lead", "deadline"]
    assert not Programme.objects.filter(slug="kh-1").exists() and not Task.objects.exists()
    assert main(["programmes", "extract", "kh-1", str(path), "--dry-run"]) == 0
    assert "'Đơn vị chủ trì' → lead" in capsys.readouterr().out
    assert main(["programmes", "extract", "kh-1", str(path)]) == 0  # stored, all of it, no prompt
    programme = Programme.objects.get(slug="kh-1")
    assert programme.tasks.count() == 2
    tasks = list(programme.tasks.order_by("number"))
    assert tasks[1].continuous and tasks[1].deadline is None and tasks[0].deadline == date(2026, 6, 30)
    assert selectors.status_counts(date(2030, 1, 1), programme=programme)["continuous"] == 1


def test_extract_of_a_file_without_tasks_stores_nothing(org, tmp_path):
    from hoinhap.cli import main
    from hoinhap.implementation.models import Programme

    path = tmp_path / "empty.md"
    path.write_text("Không có bảng nào ở đây.\n", encoding="utf-8")
    assert main(["programmes", "extract", "kh-2", str(path)]) != 0
    assert not Programme.objects.filter(slug="kh-2").exists()


def test_the_extraction_preview_page_is_for_the_secretariat_and_stores_on_confirmation(client, org, programme):
    from django.utils import translation

    fresh = services.programme_create(actor=org["secretariat"], slug="moi", title="Chương trình mới", work=programme.work,
                                      effective_from=date(2025, 1, 1))
    url = f"/nhiem-vu/trich-xuat/?programme={fresh.slug}"
    assert client.get(url).status_code == 302  # the log-in page
    client.force_login(org["btc"])  # a reporter: neither the preview nor the write
    assert client.get(url).status_code == 404
    assert client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug}).status_code == 404
    assert not fresh.tasks.exists()
    client.force_login(org["secretariat"])
    with translation.override("vi"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Xem trước trích xuất" in page and "Tiêu đề cột nào được đọc thành gì" in page
    assert "cơ quan chủ trì" in page and "Lưu các nhiệm vụ này" in page and "csrfmiddlewaretoken" in page
    assert "several leads" in page  # the warnings are shown before anything is stored
    assert not fresh.tasks.exists()
    response = client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug})
    assert response.status_code == 302 and fresh.tasks.count() == programme.tasks.count()
    again = client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug})  # a second time: refused, nothing added
    assert again.status_code == 422 and fresh.tasks.count() == programme.tasks.count()
    assert client.get("/nhiem-vu/trich-xuat/?programme=khong-co").status_code == 404


def test_the_preview_reads_the_plan_as_received_and_stores_it_on_confirmation(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fresh = services.programme_create(actor=org["secretariat"], slug="kh-tai-len", title="Kế hoạch tải lên")
    client.force_login(org["btc"])  # refused before the file is read: nothing kept, nothing stored
    refused = client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug, "action": "read",
                                                     "file": SimpleUploadedFile("kh.md", PLAN_MD.encode())})
    assert refused.status_code == 404 and not fresh.tasks.exists()
    client.force_login(org["secretariat"])
    bad = client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug, "action": "read",
                                                 "file": SimpleUploadedFile("kh.txt", b"\xff\xfe\x00\x00binary")})
    assert bad.status_code == 422 and not fresh.tasks.exists()
    page = client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug, "action": "read",
                                                  "file": SimpleUploadedFile("kh.md", PLAN_MD.encode())})
    assert page.status_code == 200 and "Bộ Tài chính" in page.content.decode() and not fresh.tasks.exists()
    shown = page.content.decode()  # the reading's codes are said in Vietnamese, not shown raw
    assert "từ bảng nhiệm vụ" in shown and "lone-pipe" not in shown and "pipe-rows" not in shown
    stored = client.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug})
    assert stored.status_code == 302
    assert sorted(fresh.tasks.values_list("lead__name", "deadline_kind")) == [("Bộ Ngoại giao", "as_required"),
                                                                              ("Bộ Tài chính", "span")]
    assert AuditEntry.objects.filter(action="implementation.programme.extracted", target_id=str(fresh.pk)).exists()
    first = fresh.tasks.get(number="1")  # provenance: the table and its row (no eId: the text was uploaded)
    assert first.source_text.startswith("table 1, row 2: 1 | Xây dựng cơ sở dữ liệu") and first.source_eid == ""
    assert client.get(f"/nhiem-vu/{first.pk}/").status_code == 200


def test_storing_from_the_preview_needs_the_csrf_token(org, programme):
    from django.test import Client

    fresh = services.programme_create(actor=org["secretariat"], slug="csrf", title="Chương trình", work=programme.work)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org["secretariat"])
    assert browser.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug}).status_code == 403
    assert not fresh.tasks.exists()
    page = browser.get(f"/nhiem-vu/trich-xuat/?programme={fresh.slug}")
    token = browser.cookies["csrftoken"].value
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    stored = browser.post("/nhiem-vu/trich-xuat/", {"programme": fresh.slug, "csrfmiddlewaretoken": token})
    assert stored.status_code == 302 and fresh.tasks.exists()
