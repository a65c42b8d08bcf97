"""Implementation endpoints of the JSON API: programmes, tasks with their status as of a date,
the agency dashboard, a task's reports, extensions and escalations; filing a report, reviewing it,
requesting and deciding an extension. Writes use the session; the services check who may."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from hoinhap.api.common import actor, as_of_or_today
from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.models import Organisation
from hoinhap.implementation import report_services, selectors, services
from hoinhap.implementation.models import DeadlineExtension, TaskReport

router = Router(tags=["implementation"])
MAX_PAGE = 500


def _required_organisation(code: str) -> Organisation:
    found = _organisation(code)
    if found is None:
        raise ValidationFailed("an organisation code is required")
    return found


def _organisation(code: str | None) -> Organisation | None:
    if not code:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise NotFound(f"no organisation {code!r}")
    return found


def _get(model: type[Any], pk: int) -> Any:
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"no {model._meta.verbose_name} {pk}")
    return found


class TaskIn(Schema):
    title: str
    lead: str
    coordinators: list[str] = []
    output: str = ""
    deadline: str = ""
    number: str = ""
    parent: int | None = None
    kind: str = "task"


class ReportIn(Schema):
    agency: str
    kind: str
    text: str
    output_number: str = ""
    output_date: date | None = None


class ReviewIn(Schema):
    accept: bool
    reason: str = ""


class ExtensionIn(Schema):
    new_deadline: date
    reason: str


class DecisionIn(Schema):
    approve: bool
    reason: str = ""


@router.get("/programmes")
def programmes(request: HttpRequest, as_of: date | None = None) -> object:
    """Programmes, plans and meeting conclusions, each with its counts per status bucket."""
    return selectors.programme_rows(as_of_or_today(as_of))


@router.get("/tasks")
def tasks(request: HttpRequest, as_of: date | None = None, agency: str | None = None, programme: str | None = None,
          bucket: str | None = None, limit: int = 100, offset: int = 0) -> object:
    """Counts per bucket and the tasks, as of a date (default today); ``agency`` includes its predecessors."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValidationFailed(f"limit must be 1 to {MAX_PAGE} and offset not negative")
    day = as_of_or_today(as_of)
    scope = {"agency": _organisation(agency), "programme": selectors.programme_get(programme) if programme else None}
    rows = selectors.task_list(day, bucket=bucket, **scope)[offset:offset + limit]
    return {"as_of": day.isoformat(), "counts": selectors.status_counts(day, **scope),
            "tasks": [selectors.task_row(t, day) for t in rows]}


@router.post("/programmes/{slug}/tasks", response={201: dict})
def task_create(request: HttpRequest, slug: str, payload: TaskIn) -> object:
    """A task entered by hand (secretariat): the deadline as written is read as the extraction reads it."""
    lead = _required_organisation(payload.lead)
    made = services.task_create(actor=actor(request), programme=selectors.programme_get(slug), title=payload.title,
                                lead=lead, deadline_text=payload.deadline, output=payload.output, number=payload.number,
                                coordinators=[o for o in map(_organisation, payload.coordinators) if o is not None],
                                parent=selectors.task_get(payload.parent) if payload.parent else None, kind=payload.kind)
    return Status(201, {"id": made.pk, "deadline": made.deadline, "deadline_kind": made.deadline_kind})


@router.get("/agencies/dashboard")
def agency_dashboard(request: HttpRequest, as_of: date | None = None) -> object:
    day = as_of_or_today(as_of)
    return {"as_of": day.isoformat(), "agencies": [{"code": r.organisation["code"], "name": r.organisation["name"],
                                                     "counts": r.counts} for r in selectors.agency_dashboard(day)]}


@router.get("/tasks/{task_id}")
def task(request: HttpRequest, task_id: int, as_of: date | None = None) -> object:
    day = as_of_or_today(as_of)
    found = selectors.with_status(type(selectors.task_get(task_id)).objects.filter(pk=task_id), day).first()
    item = found or selectors.task_get(task_id)
    return {**selectors.task_row(item, day),
            "coordinators": [o.code for o in item.coordinators.all()], "coordinators_text": item.coordinators_text,
            "reports": [{"id": r.pk, "agency": r.agency.code, "kind": r.kind, "text": r.text, "submitted_on": r.submitted_on,
                         "review": r.review, "reason": r.review_reason, "output_number": r.output_number}
                        for r in item.reports.select_related("agency")],
            "extensions": [{"id": e.pk, "new_deadline": e.new_deadline, "state": e.state, "reason": e.reason,
                            "decided_on": e.decided_on} for e in item.extensions.all()],
            "escalations": [{"step": s.step, "on": s.on, "due": s.due} for s in item.escalations.all()]}


@router.post("/tasks/{task_id}/reports", response={201: dict})
def report(request: HttpRequest, task_id: int, payload: ReportIn) -> object:
    agency = _required_organisation(payload.agency)
    made = report_services.report_submit(actor=actor(request), task=selectors.task_get(task_id), agency=agency,
                                         kind=payload.kind, text=payload.text, today=timezone.localdate(),
                                         output_number=payload.output_number, output_date=payload.output_date)
    return Status(201, {"id": made.pk, "review": made.review})


@router.post("/reports/{report_id}/review")
def review(request: HttpRequest, report_id: int, payload: ReviewIn) -> object:
    done = report_services.report_review(actor=actor(request), report=_get(TaskReport, report_id),
                                         accept=payload.accept, today=timezone.localdate(), reason=payload.reason)
    return {"id": done.pk, "review": done.review}


@router.post("/tasks/{task_id}/extensions", response={201: dict})
def extension(request: HttpRequest, task_id: int, payload: ExtensionIn) -> object:
    made = report_services.extension_request(actor=actor(request), task=selectors.task_get(task_id),
                                             new_deadline=payload.new_deadline, reason=payload.reason,
                                             today=timezone.localdate())
    return Status(201, {"id": made.pk, "state": made.state})


@router.post("/extensions/{extension_id}/decision")
def decision(request: HttpRequest, extension_id: int, payload: DecisionIn) -> object:
    found = _get(DeadlineExtension, extension_id)
    done = report_services.extension_decide(actor=actor(request), extension=found, approve=payload.approve,
                                            today=timezone.localdate(), reason=payload.reason)
    return {"id": done.pk, "state": done.state}
