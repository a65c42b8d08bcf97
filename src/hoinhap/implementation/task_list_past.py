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
queryset: slices, indexing, ``len``/``count``, iteration, ``filter`` and ``prefetch_related``."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, overload

from django.db.models import BooleanField, Case, CharField, Expression, F, Q, QuerySet, Subquery, Value, When

from hoinhap.implementation import buckets
from hoinhap.implementation.models import Task

Key = tuple[date, int]


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
