"""Write path of report jobs: a request records what to render (audited), the worker renders it into
MEDIA_ROOT/reports/ and records the outcome. Rendering functions live with their apps (``jobs.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.jobs.models import Job


@transaction.atomic
def report_job_create(*, actor: User | None, kind: str, params: dict[str, Any], rows: int, filename: str) -> Job:
    """Record a report request. The caller enqueues its rendering in the same transaction."""
    job = Job.objects.create(kind=kind, params=params, rows=rows, filename=filename,
                             requested_by=actor if actor is not None and actor.pk else None)
    log_action(actor, "jobs.report.requested", job, {"kind": kind, "rows": rows, **params})
    return job


def report_job_run(job_id: str, render: Callable[[Job], tuple[bytes, str]]) -> dict[str, Any]:
    """Render a job's file with ``render(job) -> (content, content_type)`` and store it. A failure
    is recorded on the job and in the audit log, then raised so the queue marks the attempt failed."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == Job.Status.DONE:  # gone, or a second delivery of a finished job
        return {"job": job_id, "skipped": True}
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    try:
        content, content_type = render(job)
    except Exception as error:
        _failed(job, error)
        raise
    with transaction.atomic():
        job.file.save(job.filename, ContentFile(content), save=False)
        job.status, job.content_type, job.finished_at = Job.Status.DONE, content_type, timezone.now()
        job.save(update_fields=["file", "status", "content_type", "finished_at"])
    return {"job": job_id, "bytes": len(content)}


@transaction.atomic
def _failed(job: Job, error: Exception) -> None:
    job.status, job.error, job.finished_at = Job.Status.FAILED, f"{type(error).__name__}: {error}"[:2000], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    log_action(None, "jobs.report.failed", job, {"kind": job.kind, "error": job.error[:500]})
