"""The daily work on the queue: ``hoinhap remind`` only queues, the worker records each step and only
then mails, twice the same day sends once, a failed mail is retried with backoff and the step is kept,
and a rolled-back step queues nothing."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hoinhap.cli import main
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting.models import Invitation
from hoinhap.implementation import report_services
from hoinhap.implementation.models import Escalation
from hoinhap.jobs.worker import run as run_worker

SEVEN_DAYS_BEFORE = date(2025, 6, 23)  # task "1" of the programme is due 30/06/2025, led by BTC (btc@x.vn)
BROKEN = "tests.jobs.test_queue.BrokenMail"


class BrokenMail(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):  # noqa: ANN001, ANN201
        raise smtplib.SMTPServerDisconnected("the mail server went away")


def ready_now() -> None:
    """Let the backed-off retries run: as if their wait had passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_remind_only_queues_the_worker_records_and_mails_and_twice_sends_once(org, programme, mailoutbox, capsys):
    task = programme.tasks.get(number="1")
    assert main(["remind", "--date", SEVEN_DAYS_BEFORE.isoformat()]) == 0
    assert f"đã xếp hàng nhiệm vụ {task.pk}: reminder_before (hạn 30/06/2025)" in capsys.readouterr().out
    assert main(["remind", "--date", SEVEN_DAYS_BEFORE.isoformat()]) == 0  # the cron ran twice
    capsys.readouterr()
    assert not Escalation.objects.exists() and mailoutbox == []  # nothing done yet: only queued
    assert run_worker(batch=True) > 0
    assert list(Escalation.objects.filter(task=task).values_list("step", "on")) == [("reminder_before",
                                                                                      SEVEN_DAYS_BEFORE)]
    assert [m.to for m in mailoutbox if task.title in m.body] == [["btc@x.vn"]]  # once, though queued twice
    assert main(["remind", "--date", SEVEN_DAYS_BEFORE.isoformat()]) == 0
    assert f"đã xếp hàng nhiệm vụ {task.pk}:" not in capsys.readouterr().out  # taken today: nothing more to queue


def test_drafts_remind_only_queues_and_the_worker_reminds_once(people, consultation, mailoutbox, capsys):
    for _ in range(2):
        assert main(["drafts", "remind", "--date", "2025-09-28"]) == 0
    assert "đã xếp hàng nq-hoi-nhap đợt 1: nhắc BTC" in capsys.readouterr().out
    assert mailoutbox == [] and not Invitation.objects.filter(reminders_sent__gt=0).exists()
    run_worker(batch=True)
    assert sorted(m.to[0] for m in mailoutbox) == ["contact@bct.example", "finance@btc.example"]  # once each
    assert Invitation.objects.get(organisation__code="BTC").reminders_sent == 1


def test_a_failed_mail_is_retried_with_backoff_the_step_is_kept_and_the_last_failure_audited(
        org, programme, settings, mailoutbox):
    settings.EMAIL_BACKEND, settings.HOINHAP_MAIL_ATTEMPTS, settings.HOINHAP_MAIL_BACKOFF_SECONDS = BROKEN, 3, 60
    report_services.remind(actor=None, today=SEVEN_DAYS_BEFORE)
    escalation = Escalation.objects.get(task__number="1")
    for attempt, wait in ((1, 60), (2, 120)):
        before = timezone.now()
        run_worker(batch=True)
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
        assert before + timedelta(seconds=wait - 5) < retry.run_after < timezone.now() + timedelta(seconds=wait + 5)
        assert run_worker(batch=True) == 0  # not before its backoff
        ready_now()
    assert not AuditEntry.objects.filter(action="jobs.mail.failed").exists()
    run_worker(batch=True)  # the third and last attempt
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3 and not DBTaskResult.objects.filter(
        status="READY").exists()
    failed = AuditEntry.objects.get(action="jobs.mail.failed")
    assert (failed.target_type, failed.target_id, failed.data["attempts"]) == (
        "implementation.escalation", str(escalation.pk), 3)
    assert "SMTPServerDisconnected" in failed.data["error"]
    assert Escalation.objects.filter(pk=escalation.pk).exists() and mailoutbox == []


def test_a_mail_that_fails_once_goes_on_the_retry(org, programme, settings, mailoutbox):
    settings.EMAIL_BACKEND = BROKEN
    report_services.remind(actor=None, today=SEVEN_DAYS_BEFORE)
    run_worker(batch=True)
    assert mailoutbox == [] and Escalation.objects.filter(task__number="1").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ready_now()
    run_worker(batch=True)
    assert [m.to for m in mailoutbox] == [["btc@x.vn"]]


def test_a_rolled_back_step_queues_and_mails_nothing(org, programme, people_round, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        report_services.remind(actor=None, today=SEVEN_DAYS_BEFORE)
        consult.invitations_remind(actor=None, round_=people_round, today=date(2025, 9, 28))
        raise RuntimeError("something after the step failed")
    assert not Escalation.objects.exists() and not DBTaskResult.objects.exists()
    run_worker(batch=True)
    assert mailoutbox == []


@pytest.fixture
def people_round(org):
    """A round ending 30/09/2025 to which BTC (btc@x.vn) is invited and has not answered."""
    from hoinhap.core.services import system_actor
    from hoinhap.drafting import consultation_services, services
    from tests.drafting.fixtures import V1

    actor = system_actor()
    draft = services.draft_create(actor=actor, slug="du-thao-thu", title="Dự thảo thử", drafting_agency=org["BNG"])
    version = services.version_import(actor=actor, draft=draft, data=V1.encode(), filename="v1.txt")
    version = services.version_publish(actor=actor, version=version)
    return consultation_services.round_open(actor=actor, version=version, opens_on=date(2025, 9, 1),
                                            deadline=date(2025, 9, 30), organisations=[org["BTC"]])


def test_the_worker_command_runs_what_is_ready_and_exits(org, programme, capsys):
    report_services.remind(actor=None, today=SEVEN_DAYS_BEFORE)
    assert main(["worker", "--batch"]) == 0
    assert "đã chạy 1 tác vụ" in capsys.readouterr().err
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_the_demo_records_its_steps_and_queues_no_mail(demo):
    """The demo needs no worker to browse and sends no mail: its agencies have no addresses."""
    assert Escalation.objects.exists()
    assert not DBTaskResult.objects.filter(task_path__endswith="send_mail_job").exists()
