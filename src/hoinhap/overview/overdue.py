"""How long the overdue tasks have been overdue, for the overview's tasks tile: per lead agency the
longest (its oldest deadline in force still open), and the most overdue tasks themselves.

Each figure is the head of an agency's overdue list (``task_list(bucket="overdue")``: an index walk
ordered by due date, so the first row is the oldest), never a scan of every overdue task. The longest
delay is an aggregate like the counts beside it, so it is read over the same tasks the counts are
(every task, unless the reader's reading is scoped to its organisations); the tasks themselves are
details, for signed-in readers only and within what they may read."""

from __future__ import annotations

from datetime import date
from typing import Any

from hoinhap.core.models import Organisation, User
from hoinhap.implementation import buckets
from hoinhap.implementation import selectors as tasks
from hoinhap.implementation.models import Task

MOST_OVERDUE = 5


def _signed_in(reader: User | None) -> bool:
    return bool(reader is not None and reader.is_authenticated and reader.is_active)


def _aggregate_reader(reader: User | None) -> tasks.Reader:
    """Whose tasks the per-agency figure reads: a scoped reader's own, else every task (as the counts)."""
    return reader if _signed_in(reader) and not tasks.reads_all_tasks(reader) else tasks.TRUSTED


def days_overdue(task: Task, as_of: date) -> int:
    """Days since the deadline in force (``due``, annotated by the task list) passed, on ``as_of``."""
    due = getattr(task, "due", None) or task.deadline
    return (as_of - due).days if due else 0


def with_longest_delay(rows: list[dict[str, Any]], as_of: date, reader: User | None) -> list[dict[str, Any]]:
    """``rows`` (``overdue_by_agency``'s, by agency code) with ``longest_overdue_days``: how many days
    the agency's most overdue task is past its deadline in force (0 if none is readable)."""
    organisations = Organisation.objects.in_bulk([row["code"] for row in rows], field_name="code")
    basis = _aggregate_reader(reader)
    result = []
    for row in rows:
        head = tasks.task_list(as_of, reader=basis, agency=organisations[row["code"]], bucket=buckets.OVERDUE)[:1]
        result.append({**row, "longest_overdue_days": days_overdue(head[0], as_of) if head else 0})
    return result


def most_overdue(as_of: date, reader: User | None, limit: int = MOST_OVERDUE) -> list[dict[str, Any]] | None:
    """The ``limit`` tasks longest overdue on ``as_of`` that ``reader`` may read; None for anonymous
    readers (task details need a sign-in)."""
    if not _signed_in(reader):
        return None
    rows = []
    for task in tasks.task_list(as_of, reader=reader, bucket=buckets.OVERDUE)[:limit]:
        due = getattr(task, "due", None)
        rows.append({"id": task.pk, "title": task.title, "lead": task.lead.code, "lead_name": task.lead.name,
                     "due": due.isoformat() if due else None, "days_overdue": days_overdue(task, as_of)})
    return rows
