"""A programme of detailing tasks from an adopted law (issue 18, item 5): all or nothing, the leads,
the due dates, closing a task by the document that details it; the CLI, the API and the pages."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Organisation
from hoinhap.implementation.models import Programme, Task

LAW = """QUỐC HỘI
Luật số: 98/2025/QH15
LUẬT
THỬ NGHIỆM CHI TIẾT

Điều 1. Hồ sơ
1. Hồ sơ gồm giấy tờ.
2. Bộ trưởng Bộ Tài chính quy định chi tiết khoản 1 Điều này.

Điều 2. Quỹ
1. Quỹ được thành lập.
2. Chính phủ quy định chi tiết Điều này.

Điều 3. Hiệu lực thi hành
Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.

Luật này đã được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 16 tháng 6 năm 2025.
"""
DECREE = """CHÍNH PHỦ
Số: 777/2026/NĐ-CP
Hà Nội, ngày 20 tháng 6 năm 2026
NGHỊ ĐỊNH
Quy định chi tiết Điều 2 của Luật số 98/2025/QH15
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết Điều 2 của Luật số 98/2025/QH15.
"""


@pytest.fixture
def law(org):
    from hoinhap.corpus.services import work_import

    return work_import(actor=None, data=LAW.encode(), filename="luat.txt").work


def _decree(status: str = "in_force"):  # noqa: ANN202
    from hoinhap.corpus.services import work_import

    return work_import(actor=None, data=DECREE.encode(), filename="nd.txt", status=status).work


def test_one_task_per_obligation_led_by_the_body_due_at_entry_into_force(org, law):
    from hoinhap.implementation.detailing import programme_detailing

    result = programme_detailing(actor=org["secretariat"], slug="chi-tiet", work=law)
    assert result.programme.kind == Programme.Kind.DETAILING and result.programme.work == law
    tasks = list(result.programme.tasks.order_by("number"))
    assert [(t.lead.code, t.source_eid, t.deadline, t.assigned_on) for t in tasks] == [
        ("BTC", "art_1__cl_2", date(2026, 7, 1), law.date), ("CP", "art_2__cl_2", date(2026, 7, 1), law.date)]
    assert result.created_agencies == ["Chính phủ"]  # the register had the Ministry of Finance, not the Government
    assert Organisation.objects.get(code="CP").name == "Chính phủ"
    assert AuditEntry.objects.filter(action="implementation.detailing_programme.created").count() == 1


def test_all_or_nothing(org, law, monkeypatch):
    from hoinhap.implementation import detailing

    made = []
    real = detailing._task

    def fail_on_the_second(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if made:
            raise ValidationFailed("boom")
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(detailing, "_task", fail_on_the_second)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed):
        detailing.programme_detailing(actor=org["secretariat"], slug="chi-tiet", work=law)
    assert made and not Programme.objects.filter(slug="chi-tiet").exists() and not Task.objects.exists()
    assert not Organisation.objects.filter(code="CP").exists() and AuditEntry.objects.count() == before


def test_refused_without_the_secretariat_or_without_obligations(org, law):
    from hoinhap.corpus.services import work_import
    from hoinhap.implementation.detailing import programme_detailing

    with pytest.raises(PermissionDenied):
        programme_detailing(actor=org["btc"], slug="chi-tiet", work=law)
    quiet = work_import(actor=None, data="Điều 1. Không giao gì\nNội dung.\n".encode(), filename="x.txt",
                        number="97/2025/QH15").work
    with pytest.raises(ValidationFailed):
        programme_detailing(actor=org["secretariat"], slug="chi-tiet", work=quiet)
    assert not Programme.objects.exists()


def test_the_decree_is_proposed_and_its_confirmation_completes_the_task_once_in_force(org, law):
    from hoinhap.corpus.models import Work
    from hoinhap.implementation import detailing, selectors

    tasks = detailing.programme_detailing(actor=org["secretariat"], slug="chi-tiet", work=law).tasks
    decree = _decree(status="unknown")
    candidates = detailing.detailing_candidates(tasks[1])
    assert [c["number"] for c in candidates] == ["777/2026/NĐ-CP"] and candidates[0]["why"] == "guides"
    task = detailing.detailing_confirm(actor=org["secretariat"], task=tasks[1], document=decree, today=date(2026, 6, 25))
    assert task.detailed_by == decree and task.detailing_confirmed_by == org["secretariat"]
    assert task.completed_on is None and task.standing == "open"  # not known to be in force yet
    Work.objects.filter(pk=decree.pk).update(status=Work.Status.IN_FORCE)
    decree.refresh_from_db()
    task = detailing.detailing_confirm(actor=org["secretariat"], task=task, document=decree, today=date(2026, 6, 26))
    assert (task.completed_on, task.completion_known_on, task.output_number) == (
        date(2026, 6, 20), date(2026, 6, 26), "777/2026/NĐ-CP")
    assert Task.objects.get(pk=task.pk).standing == "on_time"
    assert selectors.status_counts(date(2026, 7, 2), programme=task.programme)["completed_on_time"] == 1
    assert detailing.detailing_candidates(task)[0]["confirmed"]
    assert AuditEntry.objects.filter(action="implementation.detailing.confirmed").count() == 2


def test_confirmation_refuses_the_text_itself_and_other_programmes(org, law, programme):
    from hoinhap.implementation import detailing

    task = detailing.programme_detailing(actor=org["secretariat"], slug="chi-tiet", work=law).tasks[0]
    with pytest.raises(ValidationFailed):
        detailing.detailing_confirm(actor=org["secretariat"], task=task, document=law, today=date(2026, 7, 1))
    with pytest.raises(ValidationFailed):
        detailing.detailing_confirm(actor=org["secretariat"], task=programme.tasks.first(), document=_decree(),
                                    today=date(2026, 7, 1))
    with pytest.raises(PermissionDenied):
        detailing.detailing_confirm(actor=org["btc"], task=task, document=_decree(), today=date(2026, 7, 1))


def test_the_cli_dry_run_prints_the_list_and_the_run_stores_it(org, law, capsys):
    from hoinhap.cli import main

    assert main(["programmes", "detailing", "chi-tiet", "98/2025/QH15", "--dry-run", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["provision"], r["authority"], r["scope"], r["due"]) for r in rows] == [
        ("art_1__cl_2", "Bộ trưởng Bộ Tài chính", ["art_1__cl_1"], "2026-07-01"),
        ("art_2__cl_2", "Chính phủ", ["art_2"], "2026-07-01")]
    assert not Programme.objects.exists()
    assert main(["programmes", "detailing", "chi-tiet", "98/2025/QH15"]) == 0
    task = Task.objects.get(programme__slug="chi-tiet", source_eid="art_2__cl_2")
    _decree()
    capsys.readouterr()
    assert main(["programmes", "detailing-confirm", str(task.pk), "777/2026/NĐ-CP", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["completed_on"] == "2026-06-20"


def test_the_api_and_the_pages(client, org, law):
    client.force_login(org["secretariat"])
    rows = client.get(f"/api/v1/documents/{law.slug}/detailing").json()
    assert [r["authority_codes"] for r in rows] == [["BTC"], ["CP"]]
    response = client.post("/api/v1/programmes/detailing", {"slug": "chi-tiet-api", "document": law.slug},
                           content_type="application/json")
    assert response.status_code == 201 and len(response.json()["tasks"]) == 2
    page = client.get(f"/vb/{law.slug}/chi-tiet-hoa/")
    assert page.status_code == 200 and "art_2__cl_2" in page.content.decode()
    response = client.post(f"/vb/{law.slug}/chi-tiet-hoa/", {"slug": "chi-tiet-trang"})
    assert response.status_code == 302 and Programme.objects.get(slug="chi-tiet-trang").tasks.count() == 2
    assert client.post(f"/vb/{law.slug}/chi-tiet-hoa/", {"slug": "chi-tiet-trang"}).status_code == 422
    decree = _decree()
    task = Task.objects.get(programme__slug="chi-tiet-trang", source_eid="art_2__cl_2")
    candidates = client.get(f"/api/v1/tasks/{task.pk}/detailing-candidates").json()
    assert [c["slug"] for c in candidates] == [decree.slug]
    assert decree.number in client.get(f"/nhiem-vu/{task.pk}/van-ban-chi-tiet/").content.decode()
    assert client.post(f"/nhiem-vu/{task.pk}/van-ban-chi-tiet/", {"document": decree.slug}).status_code == 302
    assert Task.objects.get(pk=task.pk).completed_on == date(2026, 6, 20)
    other = Task.objects.get(programme__slug="chi-tiet-api", source_eid="art_2__cl_2")
    response = client.post(f"/api/v1/tasks/{other.pk}/detailing", {"document": decree.slug},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["completed_on"] == "2026-06-20"
    assert "Lập chương trình văn bản quy định chi tiết" in client.get(f"/vb/{law.slug}/",
                                                                     HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    client.force_login(org["btc"])
    assert client.get(f"/vb/{law.slug}/chi-tiet-hoa/").status_code == 404
    assert client.post(f"/api/v1/tasks/{other.pk}/detailing", {"document": decree.slug},
                       content_type="application/json").status_code == 403
