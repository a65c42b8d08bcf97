""""Việc của tôi" for the implementation roles (issue 17): what a reporter's agencies must do (tasks
overdue, tasks due soon, reports returned to them), and what awaits the secretariat (reports to
review and extension requests, oldest first). Today's status is read from the stored columns
(``Task.standing``/``due_order``), as today's task list does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from hoinhap.core.models import User
from hoinhap.implementation import buckets, selectors
from hoinhap.implementation.models import DeadlineExtension, Task, TaskReport
from hoinhap.implementation.permissions import is_secretariat, reporter_agencies

DUE_SOON_DAYS = 30
LISTED = 20


@dataclass
class Section:
    """One list on the page: its rows (at most ``LISTED``) and how many there are in all."""

    rows: list[Any] = field(default_factory=list)
    count: int = 0


def _section(queryset: QuerySet[Any]) -> Section:
    return Section(list(queryset[:LISTED]), queryset.count())


def _open_tasks(user: User, agencies: set[int]) -> QuerySet[Task]:
    # through readable_tasks: what the reader may not see (classified work) is not listed either
    return (selectors.readable_tasks(user).filter(lead_id__in=agencies, standing=buckets.STANDING_OPEN)
            .select_related("lead", "programme").order_by("due_order", "id"))


def reporter_work(user: User, today: date) -> dict[str, Section] | None:
    """None when the user reports for no agency."""
    agencies = reporter_agencies(user)
    if not agencies:
        return None
    later_report = TaskReport.objects.filter(task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id"),
                                             submitted_on__gte=OuterRef("submitted_on"), pk__gt=OuterRef("pk"))
    returned = (TaskReport.objects.filter(task__in=selectors.readable_tasks(user), agency_id__in=agencies,
                                          review=TaskReport.Review.RETURNED)
                .exclude(Exists(later_report)).select_related("task", "agency").order_by("-reviewed_on", "-id"))
    return {"overdue": _section(_open_tasks(user, agencies).filter(due_order__lt=today)),
            "due_soon": _section(_open_tasks(user, agencies).filter(
                due_order__gte=today, due_order__lte=today + timedelta(days=DUE_SOON_DAYS))),
            "returned": _section(returned)}


def secretariat_work(user: User) -> dict[str, Section] | None:
    """None for anyone but the secretariat (and administrators)."""
    if not is_secretariat(user):
        return None
    readable = selectors.readable_tasks(user)
    reports = (TaskReport.objects.filter(task__in=readable, review=TaskReport.Review.SUBMITTED)
               .select_related("task", "agency").order_by("submitted_on", "id"))
    extensions = (DeadlineExtension.objects.filter(task__in=readable, state=DeadlineExtension.State.REQUESTED)
                  .select_related("task", "task__lead").order_by("requested_on", "id"))
    return {"reports": _section(reports), "extensions": _section(extensions)}
