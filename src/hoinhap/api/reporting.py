"""Collective tasks and the reporting regime in the JSON API: a collective task's members with their
statuses and the summary, expanding it (secretariat); a programme's regime (read: signed in; set:
secretariat), its matrix of periodic reports, reminders (secretariat) and an agency's report (its
reporters). Thin: the services check who may."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from hoinhap.api.common import Ident, actor, as_of_or_today, organisation_or_none
from hoinhap.core.errors import Unauthenticated, ValidationFailed
from hoinhap.implementation import collective, reporting_regime, selectors
from hoinhap.implementation.models import Programme

router = Router(tags=["reporting"])


class RegimeIn(Schema):
    every: str = Field("", description="month, quarter, half or year; empty ends the regime")
    due_days: Annotated[int, Field(ge=0, le=reporting_regime.MAX_DUE_DAYS)] | None = None
    report_from: date | None = None


class PeriodReportIn(Schema):
    agency: str
    period: str = Field(description="2025-07, 2025-Q3, 2025-H1 or 2025")
    text: str


class RemindIn(Schema):
    period: str | None = None


class SummaryOut(Schema):
    total: int
    completed: int
    overdue: int
    in_progress: int
    continuous: int
    text: str


class MemberOut(Schema):
    id: int
    number: str
    lead: str
    lead_name: str
    original_lead: str | None
    bucket: str | None


class MembersOut(Schema):
    task: int
    group: str | None
    as_of: date
    summary: SummaryOut | None
    members: list[MemberOut]


class CreatedOut(Schema):
    id: int
    number: str
    lead: str


class ExpansionOut(Schema):
    task: int
    group: str
    as_of: date
    created: list[CreatedOut]
    kept: int


class RegimeOut(Schema):
    every: str | None
    due_days: int | None
    report_from: date | None


class PeriodOut(Schema):
    code: str
    label: str
    end: date
    due: date
    counts: dict[str, int]


class CellOut(Schema):
    state: str | None
    submitted_on: date | None


class AgencyRowOut(Schema):
    code: str
    name: str
    cells: dict[str, CellOut]


class ReportingMatrixOut(Schema):
    programme: str
    regime: RegimeOut
    periods: list[PeriodOut]
    agencies: list[AgencyRowOut]


class PeriodReportOut(Schema):
    id: int
    agency: str
    period: str
    submitted_on: date


class ReminderOut(Schema):
    agency: str
    period: str
    recipients: int


class RemindedOut(Schema):
    reminded: list[ReminderOut]


def _programme_for(request: HttpRequest, slug: str) -> Programme:
    if actor(request) is None:
        raise Unauthenticated(_("Sign in to read the reporting matrix."))
    return selectors.programme_get(slug)


@router.get("/tasks/{task_id}/members", response=MembersOut, url_name="task_members")
def task_members(request: HttpRequest, task_id: Ident, as_of: date | None = None) -> object:
    """A collective task's group, its members' subtasks with their status and the summary."""
    day = as_of_or_today(as_of)
    task = selectors.task_get(task_id, reader=actor(request))
    summary = collective.summary(task, day)
    return {"task": task.pk, "group": task.collective_group or None, "as_of": day.isoformat(),
            "summary": summary.as_dict() if summary else None, "members": collective.member_rows(task, day)}


@router.post("/tasks/{task_id}/expand", response=ExpansionOut, url_name="task_expand")
def task_expand(request: HttpRequest, task_id: Ident) -> object:
    """One subtask per member agency of the task's group, as of its assignment date (idempotent)."""
    task = selectors.task_get(task_id, reader=actor(request))
    return collective.task_expand(actor=actor(request), task=task, today=timezone.localdate()).as_dict()


@router.get("/programmes/{slug}/reporting", response=ReportingMatrixOut, url_name="programme_reporting")
def programme_reporting(request: HttpRequest, slug: str, as_of: date | None = None) -> object:
    """The regime and, per agency and period, reported / late / missing / not yet due, with counts."""
    return reporting_regime.matrix(_programme_for(request, slug), as_of_or_today(as_of)).as_dict()


@router.put("/programmes/{slug}/reporting/regime", response=RegimeOut, url_name="programme_regime")
def programme_regime(request: HttpRequest, slug: str, payload: RegimeIn) -> object:
    programme = reporting_regime.regime_set(actor=actor(request), programme=selectors.programme_get(slug),
                                            every=payload.every, due_days=payload.due_days,
                                            report_from=payload.report_from)
    return reporting_regime.regime_dict(programme)


@router.post("/programmes/{slug}/reporting/reports", response={201: PeriodReportOut},
             url_name="period_report_submit")
def period_report(request: HttpRequest, slug: str, payload: PeriodReportIn) -> object:
    agency = organisation_or_none(payload.agency)
    if agency is None:
        raise ValidationFailed(_("an organisation code is required"))
    report = reporting_regime.period_report_submit(
        actor=actor(request), programme=selectors.programme_get(slug), agency=agency, period=payload.period,
        text=payload.text, today=timezone.localdate())
    return Status(201, {"id": report.pk, "agency": agency.code, "period": report.period,
                       "submitted_on": report.submitted_on.isoformat()})


@router.post("/programmes/{slug}/reporting/reminders", response=RemindedOut, url_name="period_report_remind")
def period_report_remind(request: HttpRequest, slug: str, payload: RemindIn) -> object:
    sent = reporting_regime.reports_remind(actor=actor(request), programme=selectors.programme_get(slug),
                                           today=timezone.localdate(), period=payload.period)
    return {"reminded": [{"agency": r.agency.code, "period": r.period, "recipients": r.recipients} for r in sent]}
