"""The four official status buckets (report 1270/BC-TCTTTg and after) plus continuous, computed
for any date from what was known on that date. The SQL in ``implementation.selectors`` computes the
same thing in the database; a test checks the two agree."""

from __future__ import annotations

from datetime import date

COMPLETED_ON_TIME = "completed_on_time"
COMPLETED_LATE = "completed_late"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"
CONTINUOUS = "continuous"
BUCKETS = (COMPLETED_ON_TIME, COMPLETED_LATE, IN_PROGRESS, OVERDUE, CONTINUOUS)

LABELS_VI = {
    COMPLETED_ON_TIME: "Hoàn thành đúng hạn",
    COMPLETED_LATE: "Hoàn thành quá hạn",
    IN_PROGRESS: "Chưa hoàn thành, trong hạn",
    OVERDUE: "Chưa hoàn thành, quá hạn",
    CONTINUOUS: "Thường xuyên, định kỳ",
}


def bucket(*, as_of: date, due: date | None, continuous: bool, completed_on: date | None,
           completion_known_on: date | None) -> str:
    """The bucket of one task on ``as_of``.

    - continuous and recurring tasks are their own bucket, whatever their reports say; so are tasks
      continuous from a start ("Từ năm 2026") and those due as required ("Theo yêu cầu"): no due date
      was written, so they are never overdue (``deadlines.NEVER_DUE`` sets ``continuous``);
    - a task is completed from the day its completion was accepted (``completion_known_on``): before
      that, on ``as_of``, nobody knew it was done; completed on time when the output's date is on or
      before the due date in force (the approved extension, if any), late otherwise;
    - otherwise it is in progress until its due date (inclusive), overdue after; a task whose due
      date is not known (a relative deadline before its anchor) is in progress.
    """
    if continuous:
        return CONTINUOUS
    if completed_on is not None and completion_known_on is not None and completion_known_on <= as_of:
        return COMPLETED_ON_TIME if due is None or completed_on <= due else COMPLETED_LATE
    if due is None or as_of <= due:
        return IN_PROGRESS
    return OVERDUE


# What a task's stored columns say about it once nothing about it is still to happen (``Task.settled_on``):
# the task list for such a day reads its bucket from them and an index instead of computing it.
STANDING_CONTINUOUS = "continuous"
STANDING_ON_TIME = "on_time"
STANDING_LATE = "late"
STANDING_OPEN = "open"
STANDINGS = (STANDING_CONTINUOUS, STANDING_ON_TIME, STANDING_LATE, STANDING_OPEN)
# The stored sort key of a task with no due date: after every real one, as "due, nulls last" sorts.
NO_DUE = date(9999, 12, 31)
SETTLED_ALWAYS = date(1, 1, 1)


def standing(*, due: date | None, continuous: bool, completed_on: date | None, completion_known_on: date | None) -> str:
    """The task's standing with every completion and extension it has counted (``due``: the deadline
    in force after them)."""
    if continuous:
        return STANDING_CONTINUOUS
    if completed_on is not None and completion_known_on is not None:
        return STANDING_ON_TIME if due is None or completed_on <= due else STANDING_LATE
    return STANDING_OPEN


def settled_on(*, assigned_on: date | None, completed_on: date | None, completion_known_on: date | None,
               due_since: date | None) -> date:
    """From when the standing holds: the task is assigned, its completion (if any) known and its
    extension in force (if any) approved. Before that day the bucket must be computed."""
    known = completion_known_on if completed_on is not None else None
    return max(day for day in (assigned_on, known, due_since, SETTLED_ALWAYS) if day is not None)


def bucket_of_standing(value: str, due_order: date, as_of: date) -> str:
    """The bucket on ``as_of`` of a task settled by then: ``bucket`` from the stored columns."""
    if value == STANDING_CONTINUOUS:
        return CONTINUOUS
    if value == STANDING_ON_TIME:
        return COMPLETED_ON_TIME
    if value == STANDING_LATE:
        return COMPLETED_LATE
    return IN_PROGRESS if as_of <= due_order else OVERDUE
