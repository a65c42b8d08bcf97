"""Two workers on PostgreSQL at the same moment, with the day's jobs queued twice: each step is
recorded once and its mail sent once (the task or invitation row is locked, then checked again)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from hoinhap.drafting.jobs import reminders_enqueue
from hoinhap.drafting.models import Invitation
from hoinhap.implementation.jobs import steps_enqueue
from hoinhap.implementation.models import Escalation
from hoinhap.jobs.worker import run as run_worker
from tests.security.test_concurrency import together

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")]


def test_two_workers_on_a_day_queued_twice_take_each_step_once(org, programme, mailoutbox):
    for _ in range(2):
        assert steps_enqueue(date(2025, 6, 23))
    together(lambda: run_worker(batch=True), lambda: run_worker(batch=True))
    assert Escalation.objects.filter(task__number="1", step="reminder_before").count() == 1
    assert [m.to for m in mailoutbox] == [["btc@x.vn"]]


def test_two_workers_on_reminders_queued_twice_remind_once(people, consultation, mailoutbox):
    for _ in range(2):
        assert reminders_enqueue(date(2025, 9, 28))
    together(lambda: run_worker(batch=True), lambda: run_worker(batch=True))
    assert sorted(Invitation.objects.values_list("reminders_sent", flat=True)) == [1, 1]
    assert sorted(m.to[0] for m in mailoutbox) == ["contact@bct.example", "finance@btc.example"]
