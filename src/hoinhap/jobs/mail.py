"""Mail through the queue, after the step it announces is recorded, retried with backoff.

A service records its step (an escalation, an invitation reminder) and calls ``mail_enqueue`` in
the same transaction: with the database backend the job commits with the record or not at all, so
a rolled-back step never sends mail and a mail failure never loses the record. django-tasks has no
retries yet, so a failed attempt enqueues the next one itself, ``run_after`` its backoff, up to
``HOINHAP_MAIL_ATTEMPTS``; each attempt is one queue row (FAILED with its traceback), and the last
failure is written to the audit log on the step's record."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.utils import timezone
from django_tasks import task

from hoinhap.core.services import log_action

logger = logging.getLogger(__name__)


def backoff(attempt: int) -> timedelta:
    """The wait after failed attempt ``attempt`` (1, 2, …): the base, doubled each time."""
    return timedelta(seconds=settings.HOINHAP_MAIL_BACKOFF_SECONDS * 2 ** (attempt - 1))


def mail_enqueue(*, subject: str, body: str, recipients: list[str], about: models.Model) -> None:
    """Queue a mail about ``about`` (the step's record). Call it inside the step's transaction."""
    if recipients:
        send_mail_job.enqueue(subject=subject, body=body, recipients=sorted(recipients),
                              about=[about._meta.label_lower, about.pk], attempt=1)


@task(queue_name="mail")
def send_mail_job(*, subject: str, body: str, recipients: list[str], about: list[Any], attempt: int) -> dict[str, int]:
    try:
        sent = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:
        _after_failure(error, subject=subject, body=body, recipients=recipients, about=about, attempt=attempt)
        raise  # this attempt stays FAILED in the queue, with its traceback
    return {"sent": sent, "attempt": attempt}


def _after_failure(error: Exception, *, attempt: int, about: list[Any], **mail: Any) -> None:
    if attempt < settings.HOINHAP_MAIL_ATTEMPTS:
        run_after = timezone.now() + backoff(attempt)
        send_mail_job.using(run_after=run_after).enqueue(**mail, about=about, attempt=attempt + 1)
        logger.warning("mail about %s failed (attempt %d: %s); next try at %s", about, attempt, error, run_after)
        return
    label, pk = about
    target = apps.get_model(label).objects.filter(pk=pk).first()
    log_action(None, "jobs.mail.failed", target, {"attempts": attempt, "error": f"{type(error).__name__}: {error}"[:500],
                                                  "subject": mail["subject"], "recipients": len(mail["recipients"])})
    logger.error("mail about %s failed for good after %d attempts: %s", about, attempt, error)
