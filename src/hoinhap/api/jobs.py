"""Background jobs in the JSON API: a long report answers 202 with ``{"job", "url"}``; ``GET url``
answers ``{"status": …}`` while the worker prepares it and the file once it is ready. Only the one who
asked may fetch it: the signed-in user, or the anonymous session that asked (keep its cookie)."""

from __future__ import annotations

import uuid

from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from ninja import Router

from hoinhap.api.common import actor
from hoinhap.drafting.report_render import HTML_CSP_UPDATE
from hoinhap.jobs.models import Job
from hoinhap.jobs.selectors import job_for, job_status, remember

router = Router(tags=["jobs"])


def job_url(job: Job) -> str:
    return f"/api/v1/jobs/{job.pk}"


def job_accepted(request: HttpRequest, job: Job) -> JsonResponse:
    """202 for a job just queued; an anonymous requester's session keeps it, so it alone may fetch it."""
    if actor(request) is None:
        remember(request.session, job)
    return JsonResponse({"job": str(job.pk), "url": job_url(job), "status": job.status}, status=202)


@router.get("/jobs/{job_id}")
def job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponseBase:
    """A job's status while it is pending, running or failed; its file once it is done."""
    found = job_for(actor(request), job_id, request.session)
    if found.status != Job.Status.DONE:
        return JsonResponse({**job_status(found), "url": job_url(found)})
    return job_file(found)


def job_file(job: Job) -> HttpResponseBase:
    """The rendered file, downloaded (an HTML report is shown, with its own style rule as before)."""
    html = job.content_type.startswith("text/html")
    response = FileResponse(job.file.open("rb"), content_type=job.content_type, as_attachment=not html,
                            filename=job.filename)
    if html:
        response._csp_update = HTML_CSP_UPDATE  # type: ignore[attr-defined]
    return response
