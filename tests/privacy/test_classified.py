"""Classified work as metadata only (issue 19, item 5): marking clears the content and refuses it later;
a marked item is hidden (404, never 403) from readers without the clearance, in pages, the API, lists
and exports, and still counted; only an administrator sets a person's clearance."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from hoinhap.core.classification import clearance_set, may_see, visible_levels
from hoinhap.core.errors import NotFound, PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Membership, User
from hoinhap.implementation import report_services, selectors, services
from hoinhap.implementation.classified import report_classify, task_classify
from hoinhap.implementation.models import Task

REFERENCE = "Số 12/BCĐ-M, lưu tại Văn phòng Ban Chỉ đạo"
TODAY = date(2025, 5, 1)


@pytest.fixture
def task(programme):
    return Task.objects.get(programme=programme, number="1")  # led by the Ministry of Finance (BTC)


@pytest.fixture
def cleared(org):
    person = User.objects.create_user("cleared", clearance="mat")
    return person


def _with_evidence(org, task, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    report = report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                           text="Đã trình dự thảo Nghị định.", today=TODAY,
                                           evidence=b"%PDF-1.4 minh chung", evidence_name="minh-chung.pdf")
    return report, Path(report.evidence.path)


def test_marking_a_task_clears_its_content_and_its_reports(org, task, tmp_path, settings):
    report, evidence = _with_evidence(org, task, tmp_path, settings)
    assert evidence.exists() and task.output
    task_classify(actor=org["secretariat"], task=task, level="mat", reference=REFERENCE)
    task.refresh_from_db()
    report.refresh_from_db()
    assert task.title == "Nhiệm vụ mật số 1" and task.output == "" and task.source_text == ""
    assert (task.classification, task.classified_reference) == ("mat", REFERENCE)
    assert (task.lead, task.deadline) == (org["BTC"], date(2025, 6, 30))  # the metadata stays
    assert report.text.startswith("Báo cáo mật") and REFERENCE in report.text and not report.evidence
    assert not evidence.exists() and report.classification == "mat"
    entry = AuditEntry.objects.get(action="implementation.task.classified")
    assert entry.data == {"before": "", "level": "mat", "reference": REFERENCE}


def test_marking_needs_the_secretariat_a_known_level_and_a_reference(org, task):
    with pytest.raises(PermissionDenied):
        task_classify(actor=org["btc"], task=task, level="mat", reference=REFERENCE)
    with pytest.raises(ValidationFailed):
        task_classify(actor=org["secretariat"], task=task, level="bi_mat", reference=REFERENCE)
    with pytest.raises(ValidationFailed):
        task_classify(actor=org["secretariat"], task=task, level="toi_mat", reference=" ")
    task.refresh_from_db()
    assert task.classification == "" and not task.title.startswith("Nhiệm vụ mật")
    assert not AuditEntry.objects.filter(action="implementation.task.classified").exists()


def test_a_classified_task_refuses_report_text_files_and_a_new_title(org, task):
    task_classify(actor=org["secretariat"], task=task, level="mat", reference=REFERENCE)
    with pytest.raises(NotFound):  # a reporter without the clearance: the task does not exist for them
        report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress", text="",
                                      today=TODAY, classified_reference="Báo cáo số 5/BC-M")
    clearance_set(actor=User.objects.create_superuser("root"), user=org["btc"], level="mat")
    for text, evidence in (("Nội dung mật.", None), ("", b"%PDF-1.4 tep")):
        with pytest.raises(ValidationFailed) as refused:
            report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress", text=text,
                                          today=TODAY, evidence=evidence, classified_reference="Báo cáo số 5/BC-M")
        assert refused.value.details == {"level": "mat"}
    with pytest.raises(ValidationFailed):  # nor without the reference of the report kept elsewhere
        report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress", text="",
                                      today=TODAY)
    made = report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress", text="",
                                         today=TODAY, classified_reference="Báo cáo số 5/BC-M")
    assert made.classification == "mat" and "Báo cáo số 5/BC-M" in made.text and not made.evidence
    with pytest.raises(ValidationFailed):
        services.task_update(actor=org["secretariat"], task=task, title="Tên thật của nhiệm vụ")
    assert services.task_update(actor=org["secretariat"], task=task, deadline_text="12/2025") == ["deadline_text"]


def test_a_report_marked_alone_loses_its_text_and_file(org, task, tmp_path, settings):
    report, evidence = _with_evidence(org, task, tmp_path, settings)
    report_classify(actor=org["secretariat"], report=report, level="toi_mat", reference=REFERENCE)
    report.refresh_from_db()
    assert report.classification == "toi_mat" and REFERENCE in report.text and not evidence.exists()
    with pytest.raises(ValidationFailed):  # a report filed as classified carries no text either
        report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                      text="Chi tiết.", today=TODAY, classification="mat", classified_reference="X")


def test_levels_are_ordered_and_only_the_clearance_counts(org):
    assert visible_levels(None) == [""]
    assert visible_levels(User(username="a", clearance="toi_mat")) == ["", "mat", "toi_mat"]
    assert may_see(User(username="b", clearance="tuyet_mat"), "toi_mat")
    assert not may_see(User(username="c", clearance="mat"), "toi_mat")
    assert not may_see(User(username="d", is_superuser=True), "mat")  # a role is not a clearance


def test_hidden_without_the_clearance_everywhere_and_still_counted(client, org, task, cleared):
    before = selectors.status_counts(TODAY, reader=org["nobody"])
    task_classify(actor=org["secretariat"], task=task, level="toi_mat", reference=REFERENCE)
    for reader in (org["nobody"], cleared):  # "mat" is below "toi_mat"
        assert task not in selectors.readable_tasks(reader)
        with pytest.raises(NotFound):
            selectors.task_get(task.pk, reader=reader)
        client.force_login(reader)
        assert client.get(f"/nhiem-vu/{task.pk}/").status_code == 404
        assert client.get(f"/api/v1/tasks/{task.pk}").status_code == 404
        listed = client.get("/api/v1/tasks", {"as_of": TODAY.isoformat()}).json()
        assert task.pk not in {row["id"] for row in listed["tasks"]}
        assert "Nhiệm vụ mật số 1" not in client.get("/nhiem-vu/xuat/", {"as_of": TODAY.isoformat()}).content.decode()
        assert client.get("/nhiem-vu/", {"as_of": TODAY.isoformat()}).status_code == 200
    # counted all the same, without saying which
    assert selectors.status_counts(TODAY, reader=org["nobody"]) == before
    assert selectors.hidden_classified_count(org["nobody"]) == 1
    client.force_login(org["nobody"])
    dashboard = client.get("/nhiem-vu/", {"as_of": TODAY.isoformat()}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Trong đó 1 nhiệm vụ mật" in dashboard and "Nhiệm vụ mật số 1" not in dashboard
    assert sum(row.total for row in selectors.agency_dashboard(TODAY, reader=org["nobody"])) == sum(before.values())
    clearance_set(actor=User.objects.create_superuser("root"), user=cleared, level="toi_mat")
    client.force_login(User.objects.get(pk=cleared.pk))
    page = client.get(f"/nhiem-vu/{task.pk}/", HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200 and "Nhiệm vụ mật số 1" in page.content.decode()
    detail = client.get(f"/api/v1/tasks/{task.pk}").json()
    assert (detail["classification"], detail["classified_reference"]) == ("toi_mat", REFERENCE)


def test_the_secretariat_marks_from_the_task_page_and_the_api(client, org, programme):
    first, second = Task.objects.filter(programme=programme, number__in=["2", "4"]).order_by("number")
    client.force_login(org["secretariat"])
    assert "phan-loai-mat" in client.get(f"/nhiem-vu/{first.pk}/").content.decode()
    done = client.post(f"/nhiem-vu/{first.pk}/phan-loai-mat/", {"level": "mat", "reference": REFERENCE})
    assert done.status_code == 302 and done["Location"] == "/nhiem-vu/"  # no clearance: it is gone for them
    answered = client.post(f"/api/v1/tasks/{second.pk}/classification",
                           json.dumps({"level": "mat", "reference": REFERENCE}), content_type="application/json")
    assert answered.status_code == 200 and answered.json()["title"] == "Nhiệm vụ mật số 4"
    assert set(Task.objects.filter(classification="mat").values_list("pk", flat=True)) == {first.pk, second.pk}
    client.force_login(org["btc"])
    refused = client.post(f"/api/v1/tasks/{first.pk}/classification", json.dumps({"level": ""}),
                          content_type="application/json")
    assert refused.status_code == 404  # not 403: its existence is not revealed


def test_clearance_is_set_by_an_administrator_only(client, org, capsys):
    admin = User.objects.create_user("quantri")
    Membership.objects.create(user=admin, organisation=org["VPCP"], role=Membership.Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        clearance_set(actor=org["secretariat"], user=org["btc"], level="mat")
    client.force_login(org["secretariat"])
    assert client.post("/quan-tri/nguoi-dung/btc/", {"action": "clearance", "level": "mat"}).status_code == 403
    client.force_login(admin)
    assert "Security clearance" in client.get("/quan-tri/nguoi-dung/btc/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/quan-tri/nguoi-dung/btc/", {"action": "clearance", "level": "toi_mat"})
    assert User.objects.get(pk=org["btc"].pk).clearance == "toi_mat"
    entry = AuditEntry.objects.get(action="core.user.clearance_set")
    assert entry.actor == admin and entry.data == {"before": "", "level": "toi_mat"}
    from hoinhap.cli import main

    assert main(["users", "clearance", "btc", "tuyet_mat"]) == 0
    assert User.objects.get(pk=org["btc"].pk).clearance == "tuyet_mat"
    assert main(["users", "clearance", "btc", "cao"]) != 0
    assert AuditEntry.objects.filter(action="core.user.clearance_set").count() == 2


def test_the_cli_classifies_a_task_as_json(org, task, capsys):
    from hoinhap.cli import main

    assert main(["classify", "task", str(task.pk), "mat", "--reference", REFERENCE, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row == {"id": task.pk, "classification": "mat", "classified_reference": REFERENCE,
                   "title": "Nhiệm vụ mật số 1"}
    assert main(["classify", "task", str(task.pk), "mat"]) != 0  # marking needs the reference


def test_evidence_of_a_report_is_gone_for_good(org, task, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    report = task.reports.create(agency=org["BTC"], kind="progress", text="x", submitted_on=TODAY)
    report.evidence.save("a.pdf", ContentFile(b"%PDF-1.4"))
    task_classify(actor=org["secretariat"], task=task, level="mat", reference=REFERENCE)
    assert not any(tmp_path.rglob("a*.pdf"))


def test_erasing_an_account_takes_its_clearance_away(org):
    from hoinhap.privacy.services import personal_data_erase

    clearance_set(actor=User.objects.create_superuser("root"), user=org["btc"], level="tuyet_mat")
    personal_data_erase(actor=User.objects.get(username="root"), email="btc@x.vn")
    assert User.objects.get(pk=org["btc"].pk).clearance == ""


def test_an_extension_on_a_task_one_may_not_see_is_not_found(org, task):
    task_classify(actor=org["secretariat"], task=task, level="mat", reference=REFERENCE)
    with pytest.raises(NotFound):
        report_services.extension_request(actor=org["btc"], task=task, new_deadline=date(2025, 12, 31),
                                          reason="Cần thêm thời gian.", today=TODAY)
    assert not task.extensions.exists()


def test_a_reporter_with_the_clearance_files_a_classified_report_from_the_task_page(client, org, task):
    task_classify(actor=org["secretariat"], task=task, level="mat", reference=REFERENCE)
    clearance_set(actor=User.objects.create_superuser("root"), user=org["btc"], level="mat")
    client.force_login(User.objects.get(pk=org["btc"].pk))
    url = f"/nhiem-vu/{task.pk}/"
    client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress", "text": "Nội dung mật."})
    assert not task.reports.exists()  # the text is refused
    client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress", "text": "",
                      "classified_reference": "Báo cáo số 5/BC-M"})
    assert [r.classified_reference for r in task.reports.all()] == ["Báo cáo số 5/BC-M"]
