"""The task list of a day on which some tasks were not settled yet (a past day: completions accepted
and extensions approved since then make their stored standing wrong for it).

Instead of judging every task (a pass over all rows and a sort: 2-3.7 s at 1 M tasks), the list is
two lists, each in the order of the due date in force on the day, merged:

- **in force**: the tasks whose deadline in force was approved by the day, or never extended (nearly
  all). Their due date that day is the stored ``deadline_in_force``, so the list walks the
  ``due_order`` indexes like today's, and their bucket that day is the stored standing plus one
  question: was the completion known by then (``in_force_conditions``)?
- **extended later**: the tasks whose extension in force was approved after the day (few: extensions
  are rare). Their due date is computed as the reference does and these few are sorted.

``MergedTaskList`` merges them by (due date, none last; id) for a page: it reads ``offset + limit``
keys from each list, merges them, then fetches the page's rows only. Callers use it as they used the
queryset: slices, indexing, ``len``/``count``, iteration, ``filter`` and ``prefetch_related``.

The counts per bucket of any day but today (whose counts are kept, ``status_cache``) split the same way
(``counts``, ``counts_by_lead``): the tasks in force are counted from their stored columns, which the
index ``task_past_counts`` (migration 0008) carries, in one pass over that index alone; the few extended
later apart, each judged by ``buckets.bucket`` on its due date that day, looked up as the reference does."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date
from typing import Any, overload

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from hoinhap.implementation import buckets
from hoinhap.implementation.models import DeadlineExtension, Task

Key = tuple[date, int]
Group = tuple[dict[str, Any], str, int]  # the values grouped by, a bucket, how many tasks


def assigned(as_of: date) -> Q:
    """Tasks that exist on ``as_of`` (assigned by then, or with no date of assignment)."""
    return Q(assigned_on__isnull=True) | Q(assigned_on__lte=as_of)


def bucket_conditions(as_of: date, continuous: Q | None = None) -> dict[str, Q]:
    """The reference: one condition per bucket on a queryset annotated with ``due`` (the deadline in
    force on ``as_of``); exactly one holds for each task. ``continuous``: how to tell a continuous
    task (its own column unless given)."""
    is_continuous = Q(continuous=True) if continuous is None else continuous
    known_done = Q(completed_on__isnull=False, completion_known_on__lte=as_of)
    running = ~is_continuous & ~known_done
    return {
        buckets.COMPLETED_ON_TIME: ~is_continuous & known_done & (Q(due__isnull=True) | Q(completed_on__lte=F("due"))),
        buckets.COMPLETED_LATE: ~is_continuous & known_done & Q(completed_on__gt=F("due")),
        buckets.IN_PROGRESS: running & (Q(due__isnull=True) | Q(due__gte=as_of)),
        buckets.OVERDUE: running & Q(due__lt=as_of),
        buckets.CONTINUOUS: is_continuous,
    }


def due_on(as_of: date) -> Case:
    """The deadline in force on ``as_of`` from the stored columns: the stored one when its extension
    was approved by then (or there is none); for a task whose extension in force was approved later,
    the latest extension approved by then, else the deadline, looked up as the reference does."""
    extended = (DeadlineExtension.objects.filter(task=OuterRef("pk"), state=DeadlineExtension.State.APPROVED,
                                                 decided_on__lte=as_of)
                .order_by("-decided_on", "-id").values("new_deadline")[:1])
    return Case(When(deadline_in_force_since__gt=as_of, then=Coalesce(Subquery(extended), F("deadline"))),
                default=F("deadline_in_force"), output_field=DateField())


def in_force_count_conditions(as_of: date) -> dict[str, Q]:
    """``in_force_conditions`` written on the columns the index ``task_past_counts`` carries (no
    ``completed_on``): a standing of on time or late says the completion is done and its day of
    acceptance set, an open standing that it is not done, so only that day is left to compare."""
    known = Q(completion_known_on__lte=as_of)
    done = Q(standing__in=(buckets.STANDING_ON_TIME, buckets.STANDING_LATE))
    running = Q(standing=buckets.STANDING_OPEN) | (done & Q(completion_known_on__gt=as_of))
    return {
        buckets.COMPLETED_ON_TIME: Q(standing=buckets.STANDING_ON_TIME) & known,
        buckets.COMPLETED_LATE: Q(standing=buckets.STANDING_LATE) & known,
        buckets.IN_PROGRESS: running & Q(due_order__gte=as_of),
        buckets.OVERDUE: running & Q(due_order__lt=as_of),
        buckets.CONTINUOUS: Q(standing=buckets.STANDING_CONTINUOUS),
    }


@contextmanager
def _index_priced() -> Iterator[None]:
    """On PostgreSQL, plan the next query with random reads priced as on SSD storage (1.1, not the
    default 4, which prices a walk of the whole index above reading the table 4.5 times its size: a
    parallel table scan, 1.5x slower at 1 M tasks); the setting is restored after (an error rolls it
    back with the block's savepoint)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('random_page_cost', '1.1', true)")
        yield
        cursor.execute("SELECT set_config('random_page_cost', %s, true)", [before])


def _in_force_groups(tasks: QuerySet[Task], as_of: date, by: tuple[str, ...], *, narrow: bool = False) -> Iterator[Group]:
    """The tasks (assigned by ``as_of``) whose deadline in force was approved by then, or never
    extended, counted per ``by`` and bucket in one pass over the index ``task_past_counts`` (filtered
    counts: grouping on computed columns made SQLite sort every row); ``narrow`` (one agency or
    programme): through their own index instead. Yields (the ``by`` values, bucket, count)."""
    in_force = tasks.filter(Q(deadline_in_force_since__isnull=True) | Q(deadline_in_force_since__lte=as_of))
    counted = {name: Count("id", filter=condition) for name, condition in in_force_count_conditions(as_of).items()}
    with nullcontext() if narrow else _index_priced():
        rows = list(in_force.values(*by).annotate(**counted).order_by()) if by else [in_force.aggregate(**counted)]
    for row in rows:
        for name in buckets.BUCKETS:
            yield {key: row[key] for key in by}, name, row[name]


def _later_groups(tasks: QuerySet[Task], as_of: date, by: tuple[str, ...], *, narrow: bool) -> Iterator[Group]:
    """The few tasks whose extension in force was approved after ``as_of`` (10,816 of 1 M tasks on the
    bench's past day), each judged by ``buckets.bucket`` on its due date that day, looked up among the
    extensions as the reference does: one lookup per row, where bucket conditions in SQL repeated it in
    each condition. In the whole register they are found from the extensions approved after the day;
    within one agency or programme (``narrow``), from its own index."""
    later = tasks.filter(deadline_in_force_since__gt=as_of)
    if not narrow:
        later = later.filter(IdsFrom(DeadlineExtension.objects.filter(
            state=DeadlineExtension.State.APPROVED, decided_on__gt=as_of).values("task_id")))
    rows = later.annotate(due=due_on(as_of)).values_list(
        "standing", "completed_on", "completion_known_on", "due", *by).order_by()
    grouped: Counter[tuple[Any, ...]] = Counter()
    for standing, completed_on, completion_known_on, due, *key in rows:
        grouped[(buckets.bucket(as_of=as_of, due=due, continuous=standing == buckets.STANDING_CONTINUOUS,
                                completed_on=completed_on, completion_known_on=completion_known_on), *key)] += 1
    for (name, *key), count in grouped.items():
        yield dict(zip(by, key, strict=True)), name, count


def _groups(tasks: QuerySet[Task], as_of: date, by: tuple[str, ...], *,
            narrow: bool) -> Iterator[Group]:
    tasks = tasks.filter(assigned(as_of))
    yield from _in_force_groups(tasks, as_of, by, narrow=narrow)
    yield from _later_groups(tasks, as_of, by, narrow=narrow)


def counts(tasks: QuerySet[Task], as_of: date, *, narrow: bool = False) -> dict[str, int]:
    """``tasks``' counts per bucket on ``as_of`` (those assigned by then); ``narrow``: ``tasks`` are one
    agency's or programme's (read through their index, not found from the extensions)."""
    totals = dict.fromkeys(buckets.BUCKETS, 0)
    for _, name, count in _groups(tasks, as_of, (), narrow=narrow):
        totals[name] += count
    return totals


def counts_by_lead(tasks: QuerySet[Task], as_of: date, *, narrow: bool = False) -> list[dict[str, int]]:
    """``counts`` per lead agency: ``lead_id`` and its counts per bucket (the task's own lead, no succession)."""
    leads: dict[int, dict[str, int]] = {}
    for key, name, count in _groups(tasks, as_of, ("lead_id",), narrow=narrow):
        leads.setdefault(key["lead_id"], dict.fromkeys(buckets.BUCKETS, 0))[name] += count
    return [{"lead_id": lead_id, **row} for lead_id, row in leads.items()]


def in_force_conditions(as_of: date) -> dict[str, Q]:
    """``bucket_conditions`` for tasks whose deadline in force on ``as_of`` is the stored one: their
    standing counts the final due date already, so only the completion's date of knowledge is left
    to compare with the day. For tasks settled by ``as_of`` these are ``stored_bucket_conditions``."""
    known = Q(completed_on__isnull=False, completion_known_on__lte=as_of)
    running = ~Q(standing=buckets.STANDING_CONTINUOUS) & ~known
    return {
        buckets.COMPLETED_ON_TIME: Q(standing=buckets.STANDING_ON_TIME) & known,
        buckets.COMPLETED_LATE: Q(standing=buckets.STANDING_LATE) & known,
        # the due_order range also lets the database start its index walk at the day
        buckets.IN_PROGRESS: running & Q(due_order__gte=as_of),
        buckets.OVERDUE: running & Q(due_order__lt=as_of),
        buckets.CONTINUOUS: Q(standing=buckets.STANDING_CONTINUOUS),
    }


def in_force_list(tasks: QuerySet[Task], as_of: date, bucket: str | None) -> QuerySet[Task]:
    """``tasks`` (assigned by ``as_of``) whose deadline in force was approved by then, annotated with
    ``due`` and ``bucket`` and ordered by ``due_order, id``."""
    return stored_order(tasks.exclude(deadline_in_force_since__gt=as_of), in_force_conditions(as_of), bucket)


def stored_order(tasks: QuerySet[Task], conditions: dict[str, Q], bucket: str | None) -> QuerySet[Task]:
    """``tasks`` whose due date is the stored deadline in force, of ``bucket`` (if one of
    ``conditions``), annotated with ``due`` and ``bucket`` and ordered by ``due_order, id``: the walk of
    a ``task_list_by_*`` index that today's list and a past day's "in force" list share."""
    if bucket in conditions:
        tasks = tasks.filter(conditions[bucket])
    named = Case(*[When(condition, then=Value(name)) for name, condition in conditions.items()],
                 output_field=CharField())
    # prefetch, not select_related: joining the agencies to every task before the sort and the page's
    # LIMIT doubled the time on PostgreSQL (docs/performance.md); a page's agencies are one more query.
    return (tasks.annotate(due=F("deadline_in_force"), bucket=named).prefetch_related("lead", "programme")
            .order_by("due_order", "id"))


class MergedTaskList:
    """Lists of tasks, each ordered by (due date, none last; id), read as one list in that order.
    ``parts``: each queryset with the name of its due-date column or annotation."""

    def __init__(self, parts: Sequence[tuple[QuerySet[Task], str]]) -> None:
        self.parts = list(parts)
        self._count: int | None = None

    def filter(self, *args: Any, **kwargs: Any) -> MergedTaskList:  # noqa: ANN401 - as QuerySet.filter
        return MergedTaskList([(tasks.filter(*args, **kwargs), due) for tasks, due in self.parts])

    def prefetch_related(self, *lookups: str) -> MergedTaskList:
        return MergedTaskList([(tasks.prefetch_related(*lookups), due) for tasks, due in self.parts])

    def count(self) -> int:
        if self._count is None:
            self._count = sum(tasks.count() for tasks, _ in self.parts)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Task]:
        lists = [[(_key(getattr(task, due), task.pk), task) for task in tasks] for tasks, due in self.parts]
        return (task for _, task in heapq.merge(*lists, key=lambda pair: pair[0]))

    @overload
    def __getitem__(self, index: int) -> Task: ...

    @overload
    def __getitem__(self, index: slice) -> list[Task]: ...

    def __getitem__(self, index: int | slice) -> Task | list[Task]:
        if isinstance(index, slice):
            return self._page(index)
        if index < 0:
            raise IndexError("negative indexing is not supported")  # as a queryset
        page = self._page(slice(index, index + 1))
        if not page:
            raise IndexError(index)
        return page[0]

    def _page(self, index: slice) -> list[Task]:
        """The rows ``index`` selects: ``stop`` keys from each list, merged, then those rows fetched."""
        start, stop = index.start or 0, index.stop
        if index.step not in (None, 1) or start < 0 or (stop is not None and stop < 0):
            raise ValueError("only forward slices without a step are supported")  # as a queryset
        if stop is None:
            return list(self)[start:]
        keys = [[(_key(due_value, pk), part) for due_value, pk in
                 tasks.prefetch_related(None).values_list(due, "id")[:stop]]
                for part, (tasks, due) in enumerate(self.parts)]
        chosen = list(heapq.merge(*keys))[start:stop]
        rows: dict[int, Task] = {}
        for part, (tasks, _) in enumerate(self.parts):
            ids = [pk for (_, pk), which in chosen if which == part]
            if ids:
                rows.update((task.pk, task) for task in tasks.filter(pk__in=ids))
        # a row deleted between the two reads is left out rather than failing the page
        return [rows[pk] for (_, pk), _ in chosen if pk in rows]


class IdsFrom(Expression):
    """``id IN (subquery)``, written ``id = ANY(ARRAY(subquery))`` on PostgreSQL: there the list of ids
    is computed first and read through the primary key, where ``IN`` drew a hash join over a scan of
    every task (0.4 s against 0.13 s for ~11,000 tasks extended after a day, at 1 M tasks)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, ids: QuerySet[Any]) -> None:
        super().__init__()
        self.column: Any = F("pk")
        self.ids: Any = Subquery(ids.order_by())  # a model's default order would join its tables in

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.ids]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, self.ids = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # noqa: ANN401 - Django's signature
        column, column_params = compiler.compile(self.column)
        ids, ids_params = compiler.compile(self.ids)  # "(SELECT …)"
        sql = f"{column} = ANY(ARRAY{ids})" if connection.vendor == "postgresql" else f"{column} IN {ids}"
        return sql, [*column_params, *ids_params]


def _key(due: date | None, pk: int) -> Key:
    return (buckets.NO_DUE if due is None else due, pk)
