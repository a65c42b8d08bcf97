"""The reporting regime: periods with Decree 09 cut-offs, who must report, the matrix (reported, late,
missing, not yet due), reports by an agency's reporters only, reminders mailed once a day, the page,
the API and the CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Membership, User
from hoinhap.implementation import reporting_regime as regime
from hoinhap.implementation import services
from hoinhap.implementation.models import PeriodReportReminder

D = date


@pytest.fixture
def quarterly(org, programme):
    """The test programme (BTC, BTP, BNG lead; HN leads a sub-task) reporting every quarter, 10 days
    after the cut-off, from July 2025."""
    regime.regime_set(actor=org["secretariat"], programme=programme, every="quarter", due_days=10,
                      report_from=D(2025, 7, 1))
    return programme


def test_periods_follow_the_decree_09_cut_offs(quarterly):
    spans = regime.periods(quarterly, D(2026, 1, 20))
    assert [regime.period_code(p) for p in spans] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    q3 = spans[0]
    assert (q3.start, q3.end, regime.due_on(quarterly, q3)) == (D(2025, 6, 15), D(2025, 9, 14), D(2025, 9, 24))
    assert regime.period_of("2025-Q3", "quarter") == q3
    with pytest.raises(ValidationFailed):
        regime.period_of("2025-07", "quarter")  # a month, under a quarterly regime
    with pytest.raises(ValidationFailed):
        regime.period_of("2025-Q5", "quarter")


def test_the_matrix_tells_reported_late_missing_and_not_due(org, quarterly):
    regime.period_report_submit(actor=org["btc"], programme=quarterly, agency=org["BTC"], period="2025-Q3",
                                text="Báo cáo quý III.", today=D(2025, 9, 20))
    regime.period_report_submit(actor=org["bng"], programme=quarterly, agency=org["BNG"], period="2025-Q3",
                                text="Báo cáo muộn.", today=D(2025, 10, 2))
    matrix = regime.matrix(quarterly, D(2025, 10, 5))
    assert [c.code for c in matrix.columns] == ["2025-Q3", "2025-Q4"]
    cells = {org_.code: [c.state for c in row] for org_, row in matrix.rows}
    assert cells["BTC"] == ["reported", "not_due"] and cells["BNG"] == ["late", "not_due"]
    assert cells["BTP"] == ["missing", "not_due"] and cells["HN"] == ["missing", "not_due"]
    assert matrix.columns[0].counts == {"reported": 1, "late": 1, "missing": 2, "not_due": 0}
    data = matrix.as_dict()
    assert data["agencies"][0]["cells"]["2025-Q3"]["state"] in regime.STATES and data["regime"]["every"] == "quarter"


def test_a_completed_task_owes_no_later_report(org, quarterly):
    task = quarterly.tasks.get(number="2.1")  # HN's only task
    task.completed_on, task.completion_known_on = D(2025, 5, 1), D(2025, 5, 2)
    task.save()
    cells = {o.code: row for o, row in regime.matrix(quarterly, D(2025, 10, 5)).rows}
    assert [c.state for c in cells["HN"]] == [None, None]
    with pytest.raises(PermissionDenied):
        regime.period_report_submit(actor=User.objects.create_superuser("root"), programme=quarterly, agency=org["HN"],
                                    period="2025-Q3", text="x", today=D(2025, 9, 20))


def test_only_the_agencys_reporters_file_once_per_period(org, quarterly):
    with pytest.raises(PermissionDenied):
        regime.period_report_submit(actor=org["bng"], programme=quarterly, agency=org["BTC"], period="2025-Q3",
                                    text="x", today=D(2025, 9, 20))
    with pytest.raises(PermissionDenied):
        regime.period_report_submit(actor=org["secretariat"], programme=quarterly, agency=org["BTC"], period="2025-Q3",
                                    text="x", today=D(2025, 9, 20))
    regime.period_report_submit(actor=org["btc"], programme=quarterly, agency=org["BTC"], period="2025-Q3", text="x",
                                today=D(2025, 9, 20))
    with pytest.raises(Conflict):
        regime.period_report_submit(actor=org["btc"], programme=quarterly, agency=org["BTC"], period="2025-Q3",
                                    text="y", today=D(2025, 9, 21))
    with pytest.raises(ValidationFailed):  # a period that has not started
        regime.period_report_submit(actor=org["btc"], programme=quarterly, agency=org["BTC"], period="2026-Q2",
                                    text="y", today=D(2025, 9, 21))
    with pytest.raises(ValidationFailed):  # before the regime's first period
        regime.period_report_submit(actor=org["btc"], programme=quarterly, agency=org["BTC"], period="2024-Q1",
                                    text="y", today=D(2025, 9, 21))
    assert AuditEntry.objects.filter(action="implementation.period_report.submitted").count() == 1


def test_reminders_go_to_the_missing_agencies_reporters_once_a_day(org, quarterly, django_capture_on_commit_callbacks):
    regime.period_report_submit(actor=org["btc"], programme=quarterly, agency=org["BTC"], period="2025-Q3", text="x",
                                today=D(2025, 9, 20))
    with pytest.raises(PermissionDenied):
        regime.reports_remind(actor=org["btc"], programme=quarterly, today=D(2025, 10, 1))
    with pytest.raises(ValidationFailed):  # Q4 is not due yet
        regime.reports_remind(actor=org["secretariat"], programme=quarterly, today=D(2025, 10, 1), period="2025-Q4")
    sent = regime.reports_remind(actor=org["secretariat"], programme=quarterly, today=D(2025, 10, 1))
    assert {r.agency.code: r.recipients for r in sent} == {"BNG": 1, "BTP": 0, "HN": 0}  # BTP's reporter has no e-mail
    assert {r.period for r in sent} == {"2025-Q3"}
    assert regime.reports_remind(actor=org["secretariat"], programme=quarterly, today=D(2025, 10, 1)) == []
    assert len(regime.reports_remind(actor=org["secretariat"], programme=quarterly, today=D(2025, 10, 2))) == 3
    assert PeriodReportReminder.objects.count() == 6
    assert AuditEntry.objects.filter(action="implementation.period_report.reminded").count() == 2


def test_the_regime_is_the_secretariats_and_checked(org, programme):
    with pytest.raises(PermissionDenied):
        regime.regime_set(actor=org["btc"], programme=programme, every="month", due_days=5, report_from=D(2025, 1, 1))
    with pytest.raises(ValidationFailed):
        regime.regime_set(actor=org["secretariat"], programme=programme, every="week", due_days=5,
                          report_from=D(2025, 1, 1))
    with pytest.raises(ValidationFailed):
        regime.regime_set(actor=org["secretariat"], programme=programme, every="month", due_days=5, report_from=None)
    regime.regime_set(actor=org["secretariat"], programme=programme, every="", due_days=None, report_from=None)
    assert regime.matrix(programme, D(2025, 10, 1)).columns == []


def test_expanded_members_report_and_the_group_does_not(org, quarterly):
    from hoinhap.implementation.register import register_load

    register_load(actor=None)
    group = services.task_create(actor=org["secretariat"], programme=quarterly, title="Triển khai tại địa phương",
                                 lead=services._AgencyRegister(None).get(
                                     services.agencies.AgencyRef("Các địa phương", True)))
    agencies = {o.code for o in regime.reporting_agencies(quarterly)}
    assert group.subtasks.count() == 34 and len(agencies) == 34 + 3  # the provinces, BTC, BTP, BNG (HN is one of the 34)
    assert group.lead.code not in agencies


def test_the_page_the_api_and_the_cli(client, org, quarterly, capsys):
    client.force_login(org["secretariat"])
    page = client.get(f"/nhiem-vu/chuong-trinh/{quarterly.slug}/bao-cao-dinh-ky/")
    assert page.status_code == 200 and "Bộ Tư pháp" in page.content.decode()
    client.force_login(org["btc"])
    response = client.post(f"/api/v1/programmes/{quarterly.slug}/reporting/reports",
                           data=json.dumps({"agency": "BTC", "period": "2025-Q3", "text": "Báo cáo."}),
                           content_type="application/json")
    assert response.status_code == 201
    data = client.get(f"/api/v1/programmes/{quarterly.slug}/reporting").json()
    assert data["agencies"][0]["code"] == "BNG" and {p["code"] for p in data["periods"]} >= {"2025-Q3"}
    from hoinhap.cli import main

    assert main(["programmes", "reports", quarterly.slug, "--as-of", "2025-10-05", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    filed = {"state": "late", "submitted_on": timezone.localdate().isoformat()}  # after the due date
    assert shown["agencies"][1]["cells"]["2025-Q3"] == filed  # BTC
    assert main(["programmes", "remind-reports", quarterly.slug, "--period", "2025-Q3", "--json"]) == 0
    assert {r["agency"] for r in json.loads(capsys.readouterr().out)} == {"BNG", "BTP", "HN"}


def test_the_cli_loads_the_register_and_expands(org, capsys):
    from hoinhap.cli import main

    assert main(["organisations", "load", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["rows"] == 88 and "QNAM" in first["merged"]
    assert main(["organisations", "load", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == []
    programme = services.programme_create(actor=org["secretariat"], slug="ctr-cli", title="CLI",
                                          effective_from=D(2025, 8, 1))
    task = services.task_create(actor=org["secretariat"], programme=programme, title="Nhiệm vụ", lead=org["BNG"])
    type(task).objects.filter(pk=task.pk).update(collective_group="các bộ, cơ quan ngang bộ")
    assert main(["tasks", "expand", str(task.pk), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["created"]) == 17  # 14 ministries, 3 ministry-level agencies
    assert Membership.objects.filter(role="secretariat").count() == 1
