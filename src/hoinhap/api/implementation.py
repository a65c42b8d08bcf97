"""Implementation endpoints of the JSON API: programmes, tasks with their status as of a date,
the agency dashboard, a task's reports, extensions and escalations; filing a report, reviewing it,
requesting and deciding an extension. Writes use the session; the services check who may. Reads of
tasks need a signed-in user (401 otherwise; the selectors decide, given the reader); the programmes and
their aggregate counts are public (docs/security.md, "What is public")."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from hoinhap.api.common import Ident, actor, as_of_or_today
from hoinhap.api.common import organisation_or_none as _organisation
from hoinhap.api.schemas import (
    AgencyDashboardOut,
    ClassifiedTaskOut,
    DecisionOut,
    EscalationRowOut,
    ExtensionRowOut,
    ProgrammeRowOut,
    ReportRowOut,
    ReviewOut,
)
from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.models import Organisation
from hoinhap.implementation import classified, report_services, selectors, services
from hoinhap.implementation.models import DeadlineExtension, TaskReport

router = Router(tags=["implementation"])
MAX_PAGE = 500
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE)]
# Paging by offset walks the skipped rows of the list's index: bounded, so a page stays fast at 1 M
# tasks; narrow the filters (a bucket, an agency, a programme) to reach further.
MAX_OFFSET = 10_000
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


def _required_organisation(code: str) -> Organisation:
    found = _organisation(code)
    if found is None:
        raise ValidationFailed(_("an organisation code is required"))
    return found



def _get(model: type[Any], pk: int) -> Any:
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound(_("no %(verbose_name)s %(pk)s") % {"verbose_name": model._meta.verbose_name, "pk": pk})
    return found


class TaskIn(Schema):
    title: str
    lead: str
    coordinators: list[str] = []
    output: str = ""
    deadline: str = ""
    number: str = ""
    parent: Ident | None = None
    kind: str = "task"


class ReportIn(Schema):
    agency: str
    kind: str
    text: str = ""  # refused for a classified report, which gives ``classified_reference`` instead
    output_number: str = ""
    output_date: date | None = None
    classification: str = ""
    classified_reference: str = ""


class ClassificationIn(Schema):
    level: str  # "", "mat", "toi_mat", "tuyet_mat"
    reference: str = ""


class ReviewIn(Schema):
    accept: bool
    reason: str = ""


class ExtensionIn(Schema):
    new_deadline: date
    reason: str


class DecisionIn(Schema):
    approve: bool
    reason: str = ""


class BucketCounts(Schema):
    completed_on_time: int
    completed_late: int
    in_progress: int
    overdue: int
    continuous: int


class TaskRowOut(Schema):
    id: int
    programme: str
    number: str
    title: str
    lead: str
    deadline_text: str
    deadline: str | None
    due: str | None = Field(description="The deadline in force on as_of (after the extensions approved by then).")
    bucket: str | None
    output: str
    completed_on: str | None
    output_number: str
    source_eid: str


class TaskDetailOut(TaskRowOut):
    coordinators: list[str] = Field(description="The coordinating agencies' codes.")
    coordinators_text: str
    classification: str
    classified_reference: str
    reports: list[ReportRowOut]
    extensions: list[ExtensionRowOut]
    escalations: list[EscalationRowOut]


class TaskPage(Schema):
    as_of: str
    counts: BucketCounts = Field(description="Counts per bucket of the tasks matching agency and programme.")
    tasks: list[TaskRowOut]


@router.get("/programmes", response=list[ProgrammeRowOut])
def programmes(request: HttpRequest, as_of: date | None = None) -> object:
    """Programmes, plans and meeting conclusions, each with its counts per status bucket (``counts`` is
    null for anonymous readers when the counts are not public)."""
    return selectors.programme_rows(as_of_or_today(as_of), reader=actor(request))


@router.get("/tasks", response=TaskPage)
def tasks(request: HttpRequest, as_of: date | None = None, agency: str | None = None, programme: str | None = None,
          bucket: str | None = None, limit: Limit = 100, offset: Offset = 0) -> object:
    """Counts per bucket and the tasks a signed-in reader may read, as of a date (default today), by
    due date; ``agency`` includes its predecessors, ``programme`` its plans. Pages by ``offset`` up to
    10,000 rows in: filter further to reach the rest."""
    day, reader = as_of_or_today(as_of), actor(request)
    selectors.require_reader(reader)
    lead = _organisation(agency)
    within = selectors.programme_get(programme) if programme else None
    rows = selectors.task_list(day, reader=reader, bucket=bucket, agency=lead, programme=within)[offset:offset + limit]
    return {"as_of": day.isoformat(), "counts": selectors.status_counts(day, reader=reader, agency=lead, programme=within),
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


@router.get("/agencies/dashboard", response=AgencyDashboardOut)
def agency_dashboard(request: HttpRequest, as_of: date | None = None) -> object:
    """Counts per bucket per lead agency, for signed-in readers (the tasks they may read)."""
    day = as_of_or_today(as_of)
    rows = selectors.agency_dashboard(day, reader=actor(request))
    return {"as_of": day.isoformat(), "agencies": [{"code": r.organisation["code"], "name": r.organisation["name"],
                                                     "counts": r.counts} for r in rows]}


@router.get("/tasks/{task_id}", response=TaskDetailOut)
def task(request: HttpRequest, task_id: Ident, as_of: date | None = None) -> object:
    """A task with its reports, extensions and escalations: signed-in readers of that task only."""
    day = as_of_or_today(as_of)
    readable = selectors.task_get(task_id, reader=actor(request))
    item = selectors.with_status(type(readable).objects.filter(pk=task_id), day).first() or readable
    return {**selectors.task_row(item, day),
            "coordinators": [o.code for o in item.coordinators.all()], "coordinators_text": item.coordinators_text,
            "classification": item.classification, "classified_reference": item.classified_reference,
            "reports": [{"id": r.pk, "agency": r.agency.code, "kind": r.kind, "text": r.text, "submitted_on": r.submitted_on,
                         "review": r.review, "reason": r.review_reason, "output_number": r.output_number}
                        for r in item.reports.select_related("agency")],
            "extensions": [{"id": e.pk, "new_deadline": e.new_deadline, "state": e.state, "reason": e.reason,
                            "decided_on": e.decided_on} for e in item.extensions.all()],
            "escalations": [{"step": s.step, "on": s.on, "due": s.due} for s in item.escalations.all()]}


@router.post("/tasks/{task_id}/reports", response={201: dict})
def report(request: HttpRequest, task_id: Ident, payload: ReportIn) -> object:
    agency = _required_organisation(payload.agency)
    made = report_services.report_submit(actor=actor(request), task=selectors.task_get(task_id), agency=agency,
                                         kind=payload.kind, text=payload.text, today=timezone.localdate(),
                                         output_number=payload.output_number, output_date=payload.output_date,
                                         classification=payload.classification,
                                         classified_reference=payload.classified_reference)
    return Status(201, {"id": made.pk, "review": made.review})


@router.post("/tasks/{task_id}/classification", response=ClassifiedTaskOut)
def task_classification(request: HttpRequest, task_id: Ident, payload: ClassificationIn) -> object:
    """Mark a task classified (its content is deleted; metadata only) or unmark it: the secretariat.
    A task the caller may not see is 404, as if absent."""
    task = classified.task_classify(actor=actor(request), task=selectors.task_get(task_id, reader=actor(request)),
                                    level=payload.level, reference=payload.reference)
    return {"id": task.pk, "classification": task.classification, "classified_reference": task.classified_reference,
            "title": task.title}


@router.post("/reports/{report_id}/review", response=ReviewOut)
def review(request: HttpRequest, report_id: Ident, payload: ReviewIn) -> object:
    done = report_services.report_review(actor=actor(request), report=_get(TaskReport, report_id),
                                         accept=payload.accept, today=timezone.localdate(), reason=payload.reason)
    return {"id": done.pk, "review": done.review}


@router.post("/tasks/{task_id}/extensions", response={201: dict})
def extension(request: HttpRequest, task_id: Ident, payload: ExtensionIn) -> object:
    made = report_services.extension_request(actor=actor(request), task=selectors.task_get(task_id),
                                             new_deadline=payload.new_deadline, reason=payload.reason,
                                             today=timezone.localdate())
    return Status(201, {"id": made.pk, "state": made.state})


@router.post("/extensions/{extension_id}/decision", response=DecisionOut)
def decision(request: HttpRequest, extension_id: Ident, payload: DecisionIn) -> object:
    found = _get(DeadlineExtension, extension_id)
    done = report_services.extension_decide(actor=actor(request), extension=found, approve=payload.approve,
                                            today=timezone.localdate(), reason=payload.reason)
    return {"id": done.pk, "state": done.state}
