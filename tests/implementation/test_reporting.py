"""Reports and their review, extensions, the SQL status against the rule, reminders and escalation."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from hoinhap.core.errors import Conflict, PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry
from hoinhap.implementation import buckets, report_services, selectors
from hoinhap.implementation.models import Escalation, Task
from hoinhap.jobs.worker import run as run_worker

D = date


DONE, ACCEPTED = D(2025, 6, 20), D(2025, 6, 25)


def complete(org, task, *, done=DONE, accepted=ACCEPTED, agency="BTC", who="btc"):
    report = report_services.report_submit(actor=org[who], task=task, agency=org[agency], kind="completion",
                                           text="Đã trình.", output_number="15/2025/NĐ-CP", output_date=done,
                                           today=done)
    return report_services.report_review(actor=org["secretariat"], report=report, accept=True, today=accepted)


def test_a_reporter_reports_only_for_its_agency(org, programme):
    task = programme.tasks.get(number="1")  # led by the Ministry of Finance, coordinated by MOFA
    with pytest.raises(PermissionDenied):
        report_services.report_submit(actor=org["bng"], task=task, agency=org["BTC"], kind="progress", text="x",
                                      today=D(2025, 5, 1))
    with pytest.raises(PermissionDenied):  # MOFA coordinates: it may contribute, not report progress
        report_services.report_submit(actor=org["bng"], task=task, agency=org["BNG"], kind="progress", text="x",
                                      today=D(2025, 5, 1))
    contribution = report_services.report_submit(actor=org["bng"], task=task, agency=org["BNG"], kind="contribution",
                                                 text="Đã góp ý dự thảo.", today=D(2025, 5, 1))
    assert contribution.review == "submitted"
    with pytest.raises(PermissionDenied):
        report_services.report_submit(actor=org["nobody"], task=task, agency=org["BTC"], kind="progress", text="x",
                                      today=D(2025, 5, 1))


def test_completion_needs_the_output_not_a_slider(org, programme):
    task = programme.tasks.get(number="1")
    for kwargs in ({}, {"output_date": D(2025, 6, 1)}, {"output_number": "x", "output_date": D(2025, 6, 1)},
                   {"output_number": "15/2025/NĐ-CP", "output_date": D(2025, 9, 1)}):
        with pytest.raises(ValidationFailed):
            report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="completion", text="Xong.",
                                          today=D(2025, 6, 2), **kwargs)


def test_review_accepts_or_returns_with_a_reason_and_completion_counts_from_acceptance(org, programme):
    task = programme.tasks.get(number="1")  # due 30/06/2025
    report = report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="completion",
                                           text="Đã trình.", output_number="15/2025/NĐ-CP", output_date=D(2025, 6, 20),
                                           today=D(2025, 6, 21))
    with pytest.raises(ValidationFailed):
        report_services.report_review(actor=org["secretariat"], report=report, accept=False, today=D(2025, 6, 22))
    with pytest.raises(PermissionDenied):
        report_services.report_review(actor=org["btc"], report=report, accept=True, today=D(2025, 6, 22))
    report_services.report_review(actor=org["secretariat"], report=report, accept=False, reason="Thiếu văn bản.",
                                  today=D(2025, 6, 22))
    assert AuditEntry.objects.get(action="implementation.report.returned").data["reason"] == "Thiếu văn bản."
    with pytest.raises(Conflict):
        report_services.report_review(actor=org["secretariat"], report=report, accept=True, today=D(2025, 6, 23))
    complete(org, task, accepted=D(2025, 7, 3))
    counts = lambda day: selectors.status_counts(day, programme=programme)  # noqa: E731
    assert counts(D(2025, 7, 2))["overdue"] == 1  # done on the 20th, but not known until the 3rd
    assert counts(D(2025, 7, 3))["completed_on_time"] == 1


def test_extension_judges_on_time_against_the_approved_deadline_and_keeps_the_original(org, programme):
    task = programme.tasks.get(number="1")
    extension = report_services.extension_request(actor=org["btc"], task=task, new_deadline=D(2025, 9, 30),
                                                  reason="Chờ ý kiến các bộ.", today=D(2025, 6, 10))
    with pytest.raises(PermissionDenied):
        report_services.extension_request(actor=org["bng"], task=task, new_deadline=D(2025, 9, 30), reason="x",
                                          today=D(2025, 6, 10))
    report_services.extension_decide(actor=org["secretariat"], extension=extension, approve=True, today=D(2025, 6, 15))
    with pytest.raises(Conflict):
        report_services.extension_decide(actor=org["secretariat"], extension=extension, approve=False,
                                          today=D(2025, 6, 16))
    task.refresh_from_db()
    assert task.deadline == D(2025, 6, 30) and selectors.due_in_force(task, D(2025, 6, 14)) == D(2025, 6, 30)
    assert selectors.due_in_force(task, D(2025, 6, 15)) == D(2025, 9, 30)
    complete(org, task, done=D(2025, 8, 1), accepted=D(2025, 8, 5))
    [row] = selectors.task_list(D(2025, 8, 5), bucket="completed_on_time")
    assert row.pk == task.pk and row.due == D(2025, 9, 30)


def test_sql_status_agrees_with_the_rule_on_random_tasks(org, programme):
    rng = random.Random(4)
    lead, base = org["BTP"], D(2025, 1, 1)
    made = []
    for i in range(120):
        due = base + timedelta(days=rng.randint(0, 200)) if rng.random() > 0.1 else None
        done = base + timedelta(days=rng.randint(0, 260)) if rng.random() > 0.4 else None
        known = done + timedelta(days=rng.randint(0, 20)) if done else None
        made.append(Task.objects.create(programme=programme, title=f"t{i}", lead=lead, deadline=due,
                                        continuous=rng.random() < 0.1, completed_on=done, completion_known_on=known))
    for _ in range(6):
        as_of = base + timedelta(days=rng.randint(0, 300))
        sql = {t.pk: t.bucket for t in selectors.with_status(Task.objects.filter(pk__in=[m.pk for m in made]), as_of)}
        rule = {t.pk: buckets.bucket(as_of=as_of, due=t.deadline, continuous=t.continuous, completed_on=t.completed_on,
                                     completion_known_on=t.completion_known_on) for t in made}
        assert sql == rule


def test_tasks_assigned_later_do_not_count_earlier(org, programme):
    assert sum(selectors.status_counts(D(2024, 12, 31), programme=programme).values()) == 0
    assert sum(selectors.status_counts(D(2025, 1, 1), programme=programme).values()) == 5


def test_reminders_before_and_the_escalation_ladder_after(org, programme, mailoutbox):
    task = programme.tasks.get(number="1")  # due 30/06/2025, led by BTC (btc@x.vn)
    steps = lambda: list(Escalation.objects.filter(task=task).values_list("step", flat=True))  # noqa: E731
    for day in (D(2025, 6, 22), D(2025, 6, 23), D(2025, 6, 23), D(2025, 6, 29), D(2025, 7, 1), D(2025, 7, 15),
                D(2025, 7, 16), D(2025, 8, 1), D(2025, 9, 1)):
        report_services.remind(actor=None, today=day)
    assert steps() == ["reminder_before", "reminder_before", "reminder", "urging", "monthly_report",
                       "steering_committee"]
    assert mailoutbox == []  # recorded; the mail is the worker's
    run_worker(batch=True)
    assert [m.to for m in mailoutbox if "quỹ" in m.body][:1] == [["btc@x.vn"]]
    complete(org, programme.tasks.get(number="2"), agency="BTP", who="btp", done=D(2025, 9, 1),
             accepted=D(2025, 9, 2))
    for day in (D(2025, 9, 29), D(2025, 10, 2)):
        report_services.remind(actor=None, today=day)
    assert not Escalation.objects.filter(task__number="2").exists()  # completed before its deadline
    assert Escalation.objects.filter(task__number="2.1", step="reminder").exists()  # its sub-task was not


def test_the_secretariat_reviews_reports_but_does_not_file_them(org, programme):
    with pytest.raises(PermissionDenied):
        report_services.report_submit(actor=org["secretariat"], task=programme.tasks.get(number="1"),
                                      agency=org["BTC"], kind="progress", text="x", today=D(2025, 5, 1))
