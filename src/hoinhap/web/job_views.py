"""The page of a report being prepared by the worker: it says so and reloads itself every few
seconds (a Refresh header: no script, as the CSP wants), then links to the file. Only the one who
asked sees it (the signed-in user, or the anonymous session that asked); others get 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from hoinhap.api.jobs import job_file
from hoinhap.core.http import signed_in
from hoinhap.jobs.models import Job
from hoinhap.jobs.selectors import job_for, remember

REFRESH_SECONDS = 3


def _job(request: HttpRequest, pk: str) -> Job:
    return job_for(signed_in(request), pk, request.session)  # NotFound: the error page (web.errors)


def job_queued(request: HttpRequest, job: Job) -> HttpResponse:
    """After a report request went to the queue: to its page (303, so a reload does not ask again)."""
    if not request.user.is_authenticated:
        remember(request.session, job)
    return redirect("jobs:job_page", pk=job.pk, permanent=False)


def job_page(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job(request, pk)
    waiting = job.status in (Job.Status.PENDING, Job.Status.RUNNING)
    response = render(request, "web/job.html", {"job": job, "waiting": waiting}, status=202 if waiting else 200)
    if waiting:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def job_download(request: HttpRequest, pk: str) -> HttpResponseBase:
    job = _job(request, pk)
    if job.status != Job.Status.DONE:
        raise Http404("the file is not ready")
    return job_file(job)
