"""Implementation through HTTP: the dashboard's filters and chart, the task page's forms (an agency
reporter only for its own tasks), the API contract of ``tasks``, and the demo's programmes."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.utils import translation
from docx import Document as WordDocument
from lxml import html

from hoinhap.implementation.models import Task, TaskReport


def test_dashboard_filters_by_agency_and_bucket_with_an_svg_chart(client, org, programme):
    anonymous = client.get("/nhiem-vu/?as_of=2025-07-15")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/dang-nhap/?next=")
    client.force_login(org["nobody"])  # any signed-in user reads the tasks (not organisation-scoped by default)
    page = client.get("/nhiem-vu/?as_of=2025-07-15&bucket=overdue", HTTP_ACCEPT_LANGUAGE="en")
    tree = html.fromstring(page.content)
    titles = tree.xpath("//section[@aria-labelledby='task-list']//tbody//a/text()")
    assert titles == ["Xây dựng Nghị định về quỹ hỗ trợ doanh nghiệp hội nhập"]  # due 30/06
    assert tree.xpath("//svg[@role='img']/title/text()") == ["Tasks by status"]
    by_agency = client.get("/nhiem-vu/?as_of=2025-07-15&agency=HN").content.decode()
    assert "Rà soát văn bản của địa phương" in by_agency and "quỹ hỗ trợ" not in by_agency
    bad = client.get("/nhiem-vu/?as_of=not-a-date&bucket=nonsense")
    assert bad.status_code == 200 and b"errorlist" in bad.content


def test_task_page_reporting_is_for_the_lead_agency_and_review_for_the_secretariat(client, org, programme):
    task = programme.tasks.get(number="1")
    url = f"/nhiem-vu/{task.pk}/"
    client.force_login(org["bng"])  # MOFA coordinates this task: it cannot file progress for the Ministry of Finance
    response = client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress", "text": "x"})
    assert response.status_code == 200 and not TaskReport.objects.exists()
    client.force_login(org["btc"])
    assert client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress",
                             "text": "Đang soạn thảo."}).status_code == 302
    report = TaskReport.objects.get()
    assert client.post(url, {"action": "review", "report": report.pk, "accept": "yes"}).status_code == 200
    report.refresh_from_db()
    assert report.review == "submitted"  # a reporter cannot review
    client.force_login(org["secretariat"])
    assert client.post(url, {"action": "review", "report": report.pk, "accept": "no",
                             "reason": "Cần số liệu."}).status_code == 302
    report.refresh_from_db()
    assert report.review == "returned" and "Cần số liệu." in client.get(url).content.decode()


def test_api_tasks_contract_and_report_permissions(client, org, programme):
    anonymous = client.get("/api/v1/tasks?as_of=2025-07-01")
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "unauthenticated"
    client.force_login(org["nobody"])
    data = client.get("/api/v1/tasks?as_of=2025-07-01").json()
    assert set(data) == {"as_of", "counts", "tasks"}
    # due 30/06 overdue; quý III and 8/2025 in progress; "Quý II" (no year) unread, so in progress; one continuous
    assert data["counts"] == {"completed_on_time": 0, "completed_late": 0, "in_progress": 3, "overdue": 1,
                              "continuous": 1}
    task = programme.tasks.get(number="1")
    payload = {"agency": "BTC", "kind": "progress", "text": "Đang soạn."}
    post = lambda url, body: client.post(url, json.dumps(body), content_type="application/json")  # noqa: E731
    assert post(f"/api/v1/tasks/{task.pk}/reports", payload).status_code == 403
    client.force_login(org["btc"])
    made = post(f"/api/v1/tasks/{task.pk}/reports", payload)
    assert made.status_code == 201
    assert post(f"/api/v1/reports/{made.json()['id']}/review", {"accept": True}).status_code == 403
    client.force_login(org["secretariat"])
    assert post(f"/api/v1/reports/{made.json()['id']}/review", {"accept": True}).json()["review"] == "accepted"
    detail = client.get(f"/api/v1/tasks/{task.pk}").json()
    assert detail["lead"] == "BTC" and detail["reports"][0]["review"] == "accepted"


def test_periodic_report_word_and_xlsx(client, org, programme):
    from openpyxl import load_workbook

    assert client.get("/nhiem-vu/bao-cao/?period=month&as_of=2025-07-10").status_code == 302  # to the log-in page
    client.force_login(org["secretariat"])
    word = client.get("/nhiem-vu/bao-cao/?period=month&as_of=2025-07-10")
    document = WordDocument(io.BytesIO(word.content))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and any("tháng 7/2025" in t for t in texts)
    assert any("Chưa hoàn thành, quá hạn: 1" in t for t in texts)
    header = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Hà Nội, ngày 10 tháng 7 năm 2025" in header  # dated the day chosen, not the day downloaded
    book = load_workbook(io.BytesIO(client.get("/nhiem-vu/bao-cao/?period=quarter&format=xlsx&as_of=2025-07-10").content))
    assert book["Tong hop"]["B1"].value == "quý III/2025"
    assert client.get("/nhiem-vu/bao-cao/?period=week").status_code == 404


@pytest.mark.parametrize("as_of", ["2025-10-01", "2026-01-10"])
def test_the_demo_has_every_status_and_the_lineage(client, demo, as_of):
    from hoinhap.core.models import User

    client.force_login(User.objects.create_user("reader"))
    counts = client.get(f"/api/v1/tasks?as_of={as_of}").json()["counts"]
    if as_of == "2026-01-10":
        assert all(counts[b] for b in counts), counts
    conclusion = Task.objects.filter(programme__slug="ket-luan-phien-1", kind="directive")
    assert conclusion.count() == 5 and conclusion.first().programme.meeting.held_on == date(2025, 8, 15)
    moved = Task.objects.get(programme__slug="ke-hoach-2024", number="1")
    assert moved.lead.code == "BTC" and moved.original_lead.code == "BKHĐT"


def test_a_task_by_hand_through_the_api_and_the_export(client, org, programme):
    payload = {"title": "Tổng kết thí điểm", "lead": "BTP", "coordinators": ["BNG"], "deadline": "quý II/2026"}
    post = lambda body: client.post("/api/v1/programmes/ctrhd-thu/tasks", json.dumps(body),  # noqa: E731
                                    content_type="application/json")
    assert post(payload).status_code == 403
    client.force_login(org["secretariat"])
    made = post(payload)
    assert made.status_code == 201 and made.json()["deadline"] == "2026-06-30"
    assert post({**payload, "lead": "NOPE"}).status_code == 404
    csv_text = client.get("/nhiem-vu/xuat/?as_of=2026-01-01&agency=BTP").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("id,programme,number,title,lead")
    assert "Tổng kết thí điểm" in csv_text and "quỹ hỗ trợ" not in csv_text


def test_bulk_import_is_all_or_nothing(org, programme):
    from hoinhap.core.errors import ValidationFailed
    from hoinhap.implementation.bulk_services import export_rows, tasks_import, to_csv
    from hoinhap.implementation.selectors import task_list

    rows = export_rows(date(2025, 7, 1), list(task_list(date(2025, 7, 1), programme=programme)))
    first = next(r for r in rows if r["number"] == "1")
    first["deadline_text"] = "quý IV/2025"
    rows.append({**first, "id": "", "number": "9", "title": "Nhiệm vụ mới"})
    counts = tasks_import(actor=org["secretariat"], data=to_csv(rows), filename="tasks.csv")
    assert counts == {"created": 1, "updated": 1, "unchanged": len(rows) - 2}
    assert programme.tasks.get(number="1").deadline == date(2025, 12, 31)
    broken = [*rows, {**first, "id": "", "lead": "NOPE"}]
    with pytest.raises(ValidationFailed, match="(row|dòng) "):
        tasks_import(actor=org["secretariat"], data=to_csv(broken), filename="tasks.csv")
    assert programme.tasks.count() == 6  # the broken file added nothing
    with translation.override("en"), pytest.raises(Exception, match="secretariat"):
        tasks_import(actor=org["btc"], data=to_csv(rows), filename="tasks.csv")
