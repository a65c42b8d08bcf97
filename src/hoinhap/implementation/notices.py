"""Who hears of a decision on their reporting: the reporter who sent a report, and their agency's
reporters, when it is accepted or returned; the requester and the agency's reporters when an
extension is decided (``hoinhap.notices``: an inbox entry and an e-mail)."""

from __future__ import annotations

from django.urls import reverse

from hoinhap.core.models import Organisation, User
from hoinhap.implementation.models import DeadlineExtension, Task, TaskReport
from hoinhap.implementation.permissions import agency_reporters
from hoinhap.legal.numbers import format_vietnamese_date
from hoinhap.notices import kinds
from hoinhap.notices.services import notify


def _reporters(agency: Organisation, *also: User | None) -> list[User]:
    return [*agency_reporters(agency), *(user for user in also if user is not None)]


def _task_label(task: Task) -> str:
    return task.number or f"#{task.pk}"


def report_reviewed(report: TaskReport) -> None:
    accepted = report.review == TaskReport.Review.ACCEPTED
    notify(recipients=_reporters(report.agency, report.submitted_by),
           kind=kinds.REPORT_ACCEPTED if accepted else kinds.REPORT_RETURNED,
           params={"task": _task_label(report.task), "reason": report.review_reason},
           url=reverse("web:task", args=[report.task_id]), about=report)


def extension_decided(extension: DeadlineExtension) -> None:
    approved = extension.state == DeadlineExtension.State.APPROVED
    notify(recipients=_reporters(extension.task.lead, extension.requested_by),
           kind=kinds.EXTENSION_APPROVED if approved else kinds.EXTENSION_REFUSED,
           params={"task": _task_label(extension.task), "deadline": format_vietnamese_date(extension.new_deadline),
                   "reason": extension.decision_reason},
           url=reverse("web:task", args=[extension.task_id]), about=extension)
