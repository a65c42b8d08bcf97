"""Today's counts per bucket, kept per (lead agency, programme) so that the status and the agency
dashboard for today read a few thousand stored rows instead of judging a million tasks.

- **Built once a day**: the first read for a day with no counts (or a daily job) computes them with
  the reference SQL (``selectors._with_due`` and the bucket conditions) grouped by lead and programme,
  and drops the previous day's: buckets move with time (a task becomes overdue the day after its due
  date), so yesterday's counts say nothing about today.
- **Rebuilt on every write** that changes a task's status inputs (creation, extraction, record or
  lead changes, an accepted completion, an approved extension, a transfer to a successor): the
  services call ``tasks_changed`` with the leads concerned, in their transaction, and the rows of
  those leads are computed again by the same SQL, through the lead index (a lead has ~1,000 tasks).
  Recomputing instead of adding and subtracting keeps the rows equal to the reference by
  construction, whatever the write did.
- **Concurrency** (PostgreSQL): a build takes an EXCLUSIVE lock on the day table, a write a SHARE
  lock, so a write waits for a build in progress and sees its rows, and a build waits for the writes
  in progress and reads them; writes to the same lead are serialised on the lead's row (FOR NO KEY
  UPDATE, which inserts referencing it do not wait for). SQLite serialises writers anyway.

Any other date (past or future) is counted from the tasks' stored status columns in one pass over an
index (``task_list_past.counts``). The counts are per the task's own lead: successions are applied when
reading, as for the scan.

The task list reads each task's stored status columns instead (``Task.standing``, ``due_order``,
``settled_on``…). ``Task.save`` derives them; ``store_status`` derives them again in SQL for the
tasks a service changed with ``update()`` (an accepted completion, an approved extension), and for
every task in migration 0004.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Case, DateField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from hoinhap.core.models import Organisation
from hoinhap.implementation import buckets
from hoinhap.implementation.models import DeadlineExtension, Task, TaskStatusCount, TaskStatusDay

_DAY_TABLE = TaskStatusDay._meta.db_table


def _lock_days(mode: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(_DAY_TABLE)} IN {mode} MODE")


def _rows(day: date, tasks: QuerySet[Task]) -> list[TaskStatusCount]:
    from hoinhap.implementation import selectors  # selectors reads through this module

    grouped = (selectors._with_due(tasks, day).values("lead_id", "programme_id")
               .annotate(**selectors._bucket_counts(day)).order_by())
    return [TaskStatusCount(day=day, lead_id=row["lead_id"], programme_id=row["programme_id"],
                            **{name: row[name] for name in buckets.BUCKETS}) for row in grouped]


def build(day: date) -> bool:
    """Compute the counts of ``day`` (dropping other days'); False when they were there already."""
    with transaction.atomic():
        _lock_days("EXCLUSIVE")
        if TaskStatusDay.objects.filter(day=day).exists():
            return False
        TaskStatusCount.objects.exclude(day=day).delete()
        TaskStatusDay.objects.exclude(day=day).delete()
        TaskStatusDay.objects.create(day=day)
        TaskStatusCount.objects.bulk_create(_rows(day, Task.objects.all()), batch_size=5000)
    return True


def tasks_changed(lead_ids: Iterable[int | None]) -> None:
    """The tasks of these leads changed: compute their rows again for every day kept. Call it inside
    the write's transaction, after the write."""
    leads = sorted({pk for pk in lead_ids if pk is not None})
    if not leads:
        return
    with transaction.atomic():
        _lock_days("SHARE")
        days = list(TaskStatusDay.objects.values_list("day", flat=True))
        if not days:
            return
        list(Organisation.objects.select_for_update(no_key=True).filter(pk__in=leads).order_by("pk")
             .values_list("pk", flat=True))
        TaskStatusCount.objects.filter(lead_id__in=leads).delete()
        for day in days:
            TaskStatusCount.objects.bulk_create(_rows(day, Task.objects.filter(lead_id__in=leads)), batch_size=5000)


def usable(as_of: date) -> bool:
    """Whether the counts of ``as_of`` are kept: for today only, built on the first read of the day."""
    if as_of != timezone.localdate():
        return False
    if TaskStatusDay.objects.filter(day=as_of).exists():
        return True
    build(as_of)
    return True


def _filtered(as_of: date, leads: Iterable[int] | None, programmes: Iterable[int] | None) -> QuerySet[TaskStatusCount]:
    rows = TaskStatusCount.objects.filter(day=as_of)
    if leads is not None:
        rows = rows.filter(lead_id__in=list(leads))
    if programmes is not None:
        rows = rows.filter(programme_id__in=list(programmes))
    return rows


_SUMS = {name: Sum(name) for name in buckets.BUCKETS}


def counts(as_of: date, *, leads: Iterable[int] | None = None, programmes: Iterable[int] | None = None) -> dict[str, int]:
    totals = _filtered(as_of, leads, programmes).aggregate(**_SUMS)
    return {name: int(totals[name] or 0) for name in buckets.BUCKETS}


def counts_by_lead(as_of: date, *, programmes: Iterable[int] | None = None) -> list[dict[str, int]]:
    """One row per lead agency: ``lead_id`` and its counts per bucket."""
    rows = _filtered(as_of, None, programmes).values("lead_id").annotate(**_SUMS).order_by()
    return [{"lead_id": row["lead_id"], **{name: int(row[name] or 0) for name in buckets.BUCKETS}} for row in rows]


def programme_ids(programme_id: int) -> list[int]:
    """A programme and its plans, as ``selectors._tasks`` counts them."""
    from hoinhap.implementation.models import Programme

    return [programme_id, *Programme.objects.filter(Q(parent_id=programme_id)).values_list("pk", flat=True)]


def store_status(tasks: QuerySet[Task]) -> int:
    """Derive the stored status columns of ``tasks`` again, in the database (what ``Task.save`` does
    for one task): after a bulk ``update()`` of their deadline, extensions or completion."""
    in_force = (DeadlineExtension.objects.filter(task=OuterRef("pk"), state=DeadlineExtension.State.APPROVED,
                                                 decided_on__isnull=False).order_by("-decided_on", "-id"))
    extended = Q(has_extension=True)
    tasks.update(
        deadline_in_force=Case(When(extended, then=Coalesce(Subquery(in_force.values("new_deadline")[:1]), F("deadline"))),
                               default=F("deadline"), output_field=DateField()),
        deadline_in_force_since=Case(When(extended, then=Subquery(in_force.values("decided_on")[:1])),
                                     default=None, output_field=DateField()))
    done = Q(completed_on__isnull=False, completion_known_on__isnull=False)
    on_time = Q(deadline_in_force__isnull=True) | Q(completed_on__lte=F("deadline_in_force"))
    never = Value(buckets.SETTLED_ALWAYS, output_field=DateField())
    return tasks.update(
        due_order=Coalesce(F("deadline_in_force"), Value(buckets.NO_DUE, output_field=DateField())),
        standing=Case(When(continuous=True, then=Value(buckets.STANDING_CONTINUOUS)),
                      When(done & on_time, then=Value(buckets.STANDING_ON_TIME)),
                      When(done, then=Value(buckets.STANDING_LATE)), default=Value(buckets.STANDING_OPEN)),
        settled_on=Greatest(Coalesce(F("assigned_on"), never), Coalesce(F("deadline_in_force_since"), never),
                            Case(When(done, then=F("completion_known_on")), default=never, output_field=DateField())))
