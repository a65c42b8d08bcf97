"""Who may fetch a job: the signed-in user who asked it, or, for a job asked anonymously, the
session that asked it (its id is kept there). Anyone else gets "not found", as for a job that does
not exist, so ids tell nothing."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound
from hoinhap.core.models import User
from hoinhap.jobs.models import Job

SESSION_KEY = "hoinhap_jobs"
REMEMBERED = 20  # an anonymous session keeps its last 20 jobs


def remember(session: MutableMapping[str, Any], job: Job) -> None:
    """Keep an anonymous requester's job in its session, so that it alone may fetch it."""
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-(REMEMBERED - 1):], str(job.pk)]


def job_for(reader: User | None, job_id: Any, session: MutableMapping[str, Any]) -> Job:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not _may_fetch(reader, job, session):
        raise NotFound(_("no such job"))
    return job


def _may_fetch(reader: User | None, job: Job, session: MutableMapping[str, Any]) -> bool:
    if job.requested_by_id is not None:
        return reader is not None and reader.pk == job.requested_by_id
    return reader is None and str(job.pk) in session.get(SESSION_KEY, [])


def job_status(job: Job) -> dict[str, Any]:
    """The job as plain data for the API and the page."""
    return {"job": str(job.pk), "kind": job.kind, "status": job.status, "rows": job.rows,
            "created_at": job.created_at.isoformat(),
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            "error": job.error if job.status == Job.Status.FAILED else ""}
