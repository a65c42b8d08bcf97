"""Read side of implementation. The status bucket of every task as of a date is computed in the
database (``with_status``), so counts, dashboards and the overdue list stay fast at 100,000 tasks;
it mirrors ``buckets.bucket`` (a test checks they agree)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from hoinhap.core.errors import NotFound
from hoinhap.core.models import AuditEntry, Organisation, handed_over
from hoinhap.implementation import buckets
from hoinhap.implementation.models import DeadlineExtension, Programme, Task


def due_in_force(task: Task, as_of: date) -> date | None:
    """The task's due date on ``as_of``: the latest extension approved by then, else the original."""
    if task.has_extension:
        extension = (task.extensions.filter(state=DeadlineExtension.State.APPROVED, decided_on__lte=as_of)
                     .order_by("-decided_on", "-id").first())
        if extension is not None:
            return extension.new_deadline
    return task.deadline


def _with_due(tasks: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """``tasks`` assigned by ``as_of``, annotated with ``due``: the deadline in force on that date
    (the latest extension approved by then; looked up only for the few tasks that have one)."""
    extended = (DeadlineExtension.objects.filter(task=OuterRef("pk"), state=DeadlineExtension.State.APPROVED,
                                                 decided_on__lte=as_of)
                .order_by("-decided_on", "-id").values("new_deadline")[:1])
    due = Case(When(has_extension=True, then=Coalesce(Subquery(extended), F("deadline"))), default=F("deadline"),
               output_field=DateField())
    assigned = Q(assigned_on__isnull=True) | Q(assigned_on__lte=as_of)
    return tasks.filter(assigned).annotate(due=due)


def bucket_conditions(as_of: date) -> dict[str, Q]:
    """One condition per bucket on a queryset annotated with ``due``; exactly one holds for each task."""
    known_done = Q(completed_on__isnull=False, completion_known_on__lte=as_of)
    running = Q(continuous=False) & ~known_done
    return {
        buckets.COMPLETED_ON_TIME: Q(continuous=False) & known_done & (Q(due__isnull=True) | Q(completed_on__lte=F("due"))),
        buckets.COMPLETED_LATE: Q(continuous=False) & known_done & Q(completed_on__gt=F("due")),
        buckets.IN_PROGRESS: running & (Q(due__isnull=True) | Q(due__gte=as_of)),
        buckets.OVERDUE: running & Q(due__lt=as_of),
        buckets.CONTINUOUS: Q(continuous=True),
    }


def _bucket_case(as_of: date) -> Case:
    return Case(*[When(condition, then=Value(name)) for name, condition in bucket_conditions(as_of).items()],
                output_field=CharField())


def with_status(tasks: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """``tasks`` assigned by ``as_of``, annotated with ``due`` and ``bucket``."""
    return _with_due(tasks, as_of).annotate(bucket=_bucket_case(as_of))


def _bucket_counts(as_of: date) -> dict[str, Count]:
    return {name: Count("id", filter=condition) for name, condition in bucket_conditions(as_of).items()}


class Successions:
    """Which organisation answers for another on a date, from the whole register in one query."""

    def __init__(self) -> None:
        self.rows = {o["id"]: o for o in Organisation.objects.values("id", "code", "name", "successor_id", "active_until")}

    def current(self, org_id: int, on: date) -> int:
        seen = {org_id}
        row = self.rows[org_id]
        while row["successor_id"] and handed_over(row["active_until"], on):
            if row["successor_id"] in seen:
                break
            seen.add(row["successor_id"])
            row = self.rows[row["successor_id"]]
        return int(row["id"])

    def answering_for(self, org_id: int, on: date) -> set[int]:
        """``org_id`` and every organisation whose tasks it answers for on ``on``."""
        return {other for other in self.rows if self.current(other, on) == org_id}


def _tasks(as_of: date, agency: Organisation | None = None, programme: Programme | None = None) -> QuerySet[Task]:
    tasks = Task.objects.all()
    if programme is not None:
        tasks = tasks.filter(Q(programme=programme) | Q(programme__parent=programme))
    if agency is not None:
        tasks = tasks.filter(lead_id__in=Successions().answering_for(agency.pk, as_of))
    return tasks


def status_counts(as_of: date, *, agency: Organisation | None = None, programme: Programme | None = None) -> dict[str, int]:
    """Counts per bucket in one pass (filtered counts, no grouping on a computed column)."""
    counts = _with_due(_tasks(as_of, agency, programme), as_of).aggregate(**_bucket_counts(as_of))
    return {name: counts[name] for name in buckets.BUCKETS}


def task_list(as_of: date, *, agency: Organisation | None = None, programme: Programme | None = None,
              bucket: str | None = None) -> QuerySet[Task]:
    tasks = _with_due(_tasks(as_of, agency, programme), as_of)
    conditions = bucket_conditions(as_of)
    if bucket in conditions:
        tasks = tasks.filter(conditions[bucket])
    # prefetch, not select_related: joining the agencies to every task before the sort and the page's
    # LIMIT doubled the time on PostgreSQL (docs/performance.md); a page's agencies are one more query.
    return (tasks.annotate(bucket=_bucket_case(as_of)).prefetch_related("lead", "programme")
            .order_by(F("due").asc(nulls_last=True), "id"))


def overdue(as_of: date, *, agency: Organisation | None = None, limit: int = 50) -> list[Task]:
    return list(task_list(as_of, agency=agency, bucket=buckets.OVERDUE)[:limit])


@dataclass
class AgencyRow:
    organisation: dict[str, Any]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def agency_dashboard(as_of: date, *, programme: Programme | None = None) -> list[AgencyRow]:
    """Counts per bucket per lead agency, predecessors counted under their successor on ``as_of``,
    agencies with the most overdue tasks first."""
    rows = (_with_due(_tasks(as_of, programme=programme), as_of).values("lead_id")
            .annotate(**_bucket_counts(as_of)).order_by())
    successions = Successions()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[successions.current(row["lead_id"], as_of)].update({b: row[b] for b in buckets.BUCKETS})
    result = [AgencyRow(successions.rows[org_id], {b: c.get(b, 0) for b in buckets.BUCKETS})
              for org_id, c in counts.items()]
    return sorted(result, key=lambda r: (-r.counts[buckets.OVERDUE], -r.total, r.organisation["code"]))


def task_get(pk: int) -> Task:
    task = Task.objects.select_related("programme", "lead", "original_lead", "parent").filter(pk=pk).first()
    if task is None:
        raise NotFound(f"no task {pk}")
    return task


def task_history(task: Task) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type="implementation.task", target_id=str(task.pk)).select_related("actor")


def programme_get(slug: str) -> Programme:
    programme = Programme.objects.select_related("work", "meeting", "parent").filter(slug=slug).first()
    if programme is None:
        raise NotFound(f"no programme {slug!r}")
    return programme


def programme_rows(as_of: date) -> list[dict[str, Any]]:
    """Each programme with its counts per bucket (plans counted with their programme)."""
    rows = []
    for programme in Programme.objects.select_related("meeting", "work").order_by("kind", "slug"):
        rows.append({"slug": programme.slug, "title": programme.title, "kind": programme.kind,
                     "meeting": str(programme.meeting) if programme.meeting else None,
                     "document": programme.work.number if programme.work else None,
                     "illustrative": programme.is_illustrative, "counts": status_counts(as_of, programme=programme)})
    return rows


def task_row(task: Task, as_of: date) -> dict[str, Any]:
    """A task as plain data (for the CLI, the API and exports); ``task`` carries ``due`` and ``bucket``."""
    return {"id": task.pk, "programme": task.programme.slug, "number": task.number, "title": task.title,
            "lead": task.lead.code, "deadline_text": task.deadline_text,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "due": task.due.isoformat() if getattr(task, "due", None) else None,
            "bucket": getattr(task, "bucket", None), "output": task.output,
            "completed_on": task.completed_on.isoformat() if task.completed_on and task.completion_known_on
            and task.completion_known_on <= as_of else None,
            "output_number": task.output_number, "source_eid": task.source_eid}
