"""Drafting's background jobs: the consultation reminders of ``hoinhap remind`` (one job per
invitation; the job stamps it and queues its mail) and the comment-response report when it has more
rows than ``HOINHAP_REPORT_INLINE_ROWS`` (rendered by the worker into MEDIA_ROOT/reports/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django_tasks import task

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import User
from hoinhap.core.services import system_actor
from hoinhap.drafting import consultation_services, selectors
from hoinhap.drafting.models import ConsultationRound, Invitation
from hoinhap.drafting.report_render import FORMATS, render
from hoinhap.jobs import services as job_services
from hoinhap.jobs.models import Job


@task()
def invitation_remind_job(*, invitation_id: int, today: str, days_before: int) -> dict[str, Any]:
    reminded = consultation_services.invitation_remind(actor=system_actor(), invitation_id=invitation_id,
                                                       today=date.fromisoformat(today), days_before=days_before)
    return {"invitation": invitation_id, "reminded": reminded is not None}


@transaction.atomic
def reminders_enqueue(today: date, days_before: int = 3) -> list[tuple[ConsultationRound, Invitation]]:
    """Queue today's consultation reminders, one job per invitation; all or none. Queuing twice sends
    once: the job checks the invitation's stamp again under a lock."""
    queued = []
    for round_ in ConsultationRound.objects.filter(frozen_at__isnull=True).select_related("draft"):
        for invitation in consultation_services.invitations_due(round_, today, days_before):
            invitation_remind_job.enqueue(invitation_id=invitation.pk, today=today.isoformat(), days_before=days_before)
            queued.append((round_, invitation))
    return queued


def report_filename(round_: ConsultationRound, fmt: str) -> str:
    return f"{round_.draft.slug}-tong-hop-y-kien-dot-{round_.number}.{fmt}"


def report_or_job(*, actor: User | None, round_: ConsultationRound, fmt: str) -> tuple[bytes, str] | Job:
    """The comment-response report at once as ``(bytes, content type)`` when the round has at most
    ``HOINHAP_REPORT_INLINE_ROWS`` comments; otherwise a job that renders it (the caller says 202)."""
    if fmt not in FORMATS:
        raise ValidationFailed(gettext("unknown report format %(fmt)r") % {"fmt": fmt}, allowed=list(FORMATS))
    rows = round_.comments.count()
    if rows <= settings.HOINHAP_REPORT_INLINE_ROWS:
        report, _ = selectors.round_report(round_)
        return render(report, fmt, on=selectors.report_day(round_))
    with transaction.atomic():
        job = job_services.report_job_create(
            actor=actor, kind=Job.Kind.CONSULTATION_REPORT, rows=rows, filename=report_filename(round_, fmt),
            params={"draft": round_.draft.slug, "round": round_.number, "format": fmt})
        report_render_job.enqueue(job_id=str(job.pk))
    return job


@task(queue_name="reports")
def report_render_job(*, job_id: str) -> dict[str, Any]:
    return job_services.report_job_run(job_id, _render)


def _render(job: Job) -> tuple[bytes, str]:
    round_ = selectors.round_get(selectors.draft_get(job.params["draft"]), job.params["round"])
    report, _ = selectors.round_report(round_)
    return render(report, job.params["format"], on=selectors.report_day(round_))
