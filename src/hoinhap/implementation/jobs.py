"""Implementation's background jobs: the task reminders and escalation steps of ``hoinhap remind``
(one job per task; the job records the step and queues its mail) and the periodic report when it
has more rows than ``HOINHAP_REPORT_INLINE_ROWS`` (rendered by the worker into MEDIA_ROOT/reports/)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from hoinhap.core.models import User
from hoinhap.core.services import system_actor
from hoinhap.implementation import periodic, report_services
from hoinhap.implementation.cutoffs import period_holding
from hoinhap.implementation.models import Programme, Task
from hoinhap.implementation.selectors import programme_get
from hoinhap.jobs import services as job_services
from hoinhap.jobs.models import Job

CONTENT_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@task()
def step_take_job(*, task_id: int, today: str) -> dict[str, Any]:
    escalation = report_services.step_take(actor=system_actor(), task_id=task_id, today=date.fromisoformat(today))
    return {"task": task_id, "step": escalation.step if escalation else None}


@transaction.atomic
def steps_enqueue(today: date) -> list[tuple[Task, str, date]]:
    """Queue today's steps, one job per task; all or none. Queuing twice takes each step once: the
    job checks the Escalation rows again under a lock on the task."""
    due = report_services.steps_due(today)
    for task_, _, _ in due:
        step_take_job.enqueue(task_id=task_.pk, today=today.isoformat())
    return due


def report_rows(report: periodic.PeriodicReport) -> int:
    """The rows the periodic report's tables hold: completed, overdue listed, agencies."""
    return len(report.completed) + len(report.overdue) + len(report.agencies)


def report_filename(report: periodic.PeriodicReport, fmt: str) -> str:
    return f"bao-cao-nhiem-vu-{report.period.end.isoformat()}.{fmt}"


def report_or_job(*, actor: User | None, kind: str, as_of: date, programme: Programme | None, fmt: str,
                  on: date) -> tuple[bytes, str] | Job:
    """The periodic report at once as ``(bytes, filename)`` when it has at most
    ``HOINHAP_REPORT_INLINE_ROWS`` rows; otherwise a job that renders it (the caller says 202)."""
    report = periodic.build(period_holding(kind, as_of), programme)
    rows = report_rows(report)
    if rows <= settings.HOINHAP_REPORT_INLINE_ROWS:
        return _render_report(report, fmt, on), report_filename(report, fmt)
    params = {"period": kind, "as_of": as_of.isoformat(), "programme": programme.slug if programme else "",
              "format": fmt, "on": on.isoformat()}
    with transaction.atomic():
        job = job_services.report_job_create(actor=actor, kind=Job.Kind.PERIODIC_REPORT, rows=rows, params=params,
                                             filename=report_filename(report, fmt))
        report_render_job.enqueue(job_id=str(job.pk))
    return job


def _render_report(report: periodic.PeriodicReport, fmt: str, on: date) -> bytes:
    return (periodic.to_docx if fmt == "docx" else periodic.to_xlsx)(report, on=on)


@task(queue_name="reports")
def report_render_job(*, job_id: str) -> dict[str, Any]:
    return job_services.report_job_run(job_id, _render)


def _render(job: Job) -> tuple[bytes, str]:
    params = job.params
    programme = programme_get(params["programme"]) if params["programme"] else None
    report = periodic.build(period_holding(params["period"], date.fromisoformat(params["as_of"])), programme)
    fmt = params["format"]
    return _render_report(report, fmt, date.fromisoformat(params["on"])), CONTENT_TYPES[fmt]
