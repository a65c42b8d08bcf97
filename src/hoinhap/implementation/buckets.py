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
