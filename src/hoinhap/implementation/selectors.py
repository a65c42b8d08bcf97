"""Read side of implementation. The status bucket of every task as of a date is computed in the
database (``with_status``), so counts, dashboards and the overdue list stay fast at 100,000 tasks;
it mirrors ``buckets.bucket`` (a test checks they agree). For today, the counts and the agency
dashboard read the counts kept per lead and programme (``status_cache``) instead of the tasks; for
any other day one pass over the index of the stored status columns (``task_list_past.counts``). The
scan they replace stays as the reference (``reference_status_counts``, ``reference_agency_dashboard``).

Who may read what is decided here, where the data is read (docs/security.md, "What is public"): the
selectors that return tasks take the ``reader``. Tasks, their reports, extensions and history need a
signed-in reader (``Unauthenticated`` otherwise); with ``HOINHAP_TASKS_ORG_SCOPED`` a reader without a
reading-all role sees only the tasks its organisations lead or coordinate (``NotFound`` for the others).
Aggregate counts are public unless ``HOINHAP_PUBLIC_TASK_COUNTS`` is off. In-process callers that act
for the system (the CLI, the periodic report and the export after their page's check) pass nothing:
``TRUSTED``, the default, reads everything."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Count, DateField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from hoinhap.core.classification import visible_q
from hoinhap.core.errors import NotFound, PermissionDenied, Unauthenticated
from hoinhap.core.models import AuditEntry, Membership, Organisation, User, handed_over
from hoinhap.implementation import buckets, status_cache, task_list_past
from hoinhap.implementation.models import Bottleneck, DeadlineExtension, Programme, Task, TaskReport
from hoinhap.implementation.permissions import is_secretariat
from hoinhap.implementation.task_list_past import (
    IdsFrom,
    MergedTaskList,
    assigned,
    bucket_conditions,
    due_on,
    in_force_list,
    stored_order,
)


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
    return tasks.filter(assigned(as_of)).annotate(due=due)


def _bucket_case(as_of: date) -> Case:
    return Case(*[When(condition, then=Value(name)) for name, condition in bucket_conditions(as_of).items()],
                output_field=CharField())


def with_status(tasks: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """``tasks`` assigned by ``as_of``, annotated with ``due`` and ``bucket``."""
    return _with_due(tasks, as_of).annotate(bucket=_bucket_case(as_of))


def _bucket_counts(as_of: date) -> dict[str, Count]:
    return {name: Count("id", filter=condition) for name, condition in bucket_conditions(as_of).items()}


_SUCCESSION_FIELDS = ("id", "code", "name", "successor_id", "active_until")


class Successions:
    """Which organisation answers for another on a date, from the whole register in one query (or
    from the rows given: ``chain_of``)."""

    def __init__(self, rows: Iterable[Mapping[str, Any]] | None = None) -> None:
        source = Organisation.objects.values(*_SUCCESSION_FIELDS) if rows is None else rows
        self.rows = {o["id"]: o for o in source}

    @classmethod
    def chain_of(cls, org_id: int) -> Successions:
        """Only the organisations that can answer for ``org_id`` or be answered for by it: its
        successors, and its predecessors recursively. One query per step of the chain instead of the
        whole register (1,000 organisations read on every filtered list: 160 ms p99)."""
        rows: dict[int, Mapping[str, Any]] = {}
        successors, predecessors = {org_id}, {org_id}
        while successors:
            found = list(Organisation.objects.filter(pk__in=successors).values(*_SUCCESSION_FIELDS))
            rows.update((row["id"], row) for row in found)
            successors = {row["successor_id"] for row in found if row["successor_id"]} - rows.keys()
        while predecessors:
            found = [row for row in Organisation.objects.filter(successor_id__in=predecessors).values(*_SUCCESSION_FIELDS)
                     if row["id"] not in rows]  # a cycle in the register must not loop forever
            rows.update((row["id"], row) for row in found)
            predecessors = {row["id"] for row in found}
        return cls(rows.values())

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


def answering_for(org_id: int, on: date) -> set[int]:
    """``org_id`` and every organisation whose tasks it answers for on ``on``, from its chain only."""
    return Successions.chain_of(org_id).answering_for(org_id, on)


class _Trusted:
    """The reader of an in-process caller acting for the system: reads everything."""

    def __repr__(self) -> str:
        return "TRUSTED"


TRUSTED = _Trusted()
Reader = User | None | _Trusted  # an AnonymousUser counts as None
READ_ALL_ROLES = (Membership.Role.SECRETARIAT, Membership.Role.ADMINISTRATOR, Membership.Role.ANALYST)


def _signed_in(reader: object) -> bool:
    return bool(getattr(reader, "is_authenticated", False) and getattr(reader, "is_active", False))


def require_reader(reader: Reader) -> None:
    """Task details are for signed-in readers only."""
    if reader is not TRUSTED and not _signed_in(reader):
        raise Unauthenticated(gettext("Sign in to read the tasks."))


def reads_all_tasks(reader: Reader) -> bool:
    """Whether ``reader`` reads every task: anyone signed in, unless reading is scoped to organisations,
    then the secretariat, administrators, analysts and staff only."""
    if reader is TRUSTED:
        return True
    if not _signed_in(reader):
        return False
    assert isinstance(reader, User)
    if not settings.HOINHAP_TASKS_ORG_SCOPED or reader.is_superuser or reader.is_staff:
        return True
    return reader.memberships.filter(role__in=READ_ALL_ROLES).exists()


def readable_tasks(reader: Reader) -> QuerySet[Task]:
    """The tasks ``reader`` may read: those of ``scoped_tasks`` it has the clearance for (a classified
    task is not there for the others: left out of lists, ``NotFound`` when asked for; counts still
    include it, through ``scoped_tasks``)."""
    tasks = scoped_tasks(reader)
    return tasks if reader is TRUSTED else tasks.filter(visible_q(reader))


def hidden_classified_count(reader: Reader) -> int:
    """How many classified tasks the reader's counts include but its lists leave out ("trong đó N
    nhiệm vụ mật"): a number, never which."""
    if reader is TRUSTED or not _signed_in(reader):
        return 0
    return scoped_tasks(reader).exclude(visible_q(reader)).count()


def scoped_tasks(reader: Reader) -> QuerySet[Task]:
    """The tasks in ``reader``'s scope, classified or not: all, or (organisation-scoped) those its
    organisations, or the organisations they took over, lead or coordinate today."""
    require_reader(reader)
    if reads_all_tasks(reader):
        return Task.objects.all()
    assert isinstance(reader, User)
    successions, today = Successions(), timezone.localdate()
    mine: set[int] = set()
    for org_id in reader.memberships.values_list("organisation_id", flat=True):
        mine |= successions.answering_for(org_id, today)
    coordinated = Task.coordinators.through.objects.filter(organisation_id__in=mine).values("task_id")
    return Task.objects.filter(Q(lead_id__in=mine) | Q(pk__in=coordinated))


def counts_visible(reader: Reader) -> bool:
    """Aggregate task counts: public unless ``HOINHAP_PUBLIC_TASK_COUNTS`` is off; always for signed-in readers."""
    return reader is TRUSTED or _signed_in(reader) or bool(settings.HOINHAP_PUBLIC_TASK_COUNTS)


def _counts_everything(reader: Reader) -> bool:
    """Whether ``_counted(reader)`` is every task (so the counts kept for today answer)."""
    return not _signed_in(reader) or reads_all_tasks(reader)


def _counted(reader: Reader) -> QuerySet[Task]:
    """The tasks an aggregate counts for ``reader``: what it reads when signed in (so a scoped reader's
    counts match its list), every task for the public when counts are public."""
    if not counts_visible(reader):
        raise Unauthenticated(gettext("Sign in to read the task counts."))
    return scoped_tasks(reader) if _signed_in(reader) else Task.objects.all()  # classified ones counted too


def _tasks(as_of: date, agency: Organisation | None = None, programme: Programme | None = None,
           base: QuerySet[Task] | None = None) -> QuerySet[Task]:
    tasks = Task.objects.all() if base is None else base
    if programme is not None:  # as ids: "programme or its parent" joined and scanned every task
        tasks = tasks.filter(programme_id__in=status_cache.programme_ids(programme.pk))
    if agency is not None:
        tasks = tasks.filter(lead_id__in=answering_for(agency.pk, as_of))
    return tasks


def status_counts(as_of: date, *, reader: Reader = TRUSTED, agency: Organisation | None = None,
                  programme: Programme | None = None) -> dict[str, int]:
    """Counts per bucket: for today from the counts kept per lead and programme (``status_cache``),
    for any other date (or a scoped reader) in one pass over the stored status columns
    (``task_list_past.counts``). Equal to ``reference_status_counts``."""
    base = _counted(reader)
    if _counts_everything(reader) and status_cache.usable(as_of):
        return status_cache.counts(
            as_of, leads=None if agency is None else answering_for(agency.pk, as_of),
            programmes=None if programme is None else status_cache.programme_ids(programme.pk))
    narrow = agency is not None or programme is not None
    return task_list_past.counts(_tasks(as_of, agency, programme, base), as_of, narrow=narrow)


def reference_status_counts(as_of: date, *, reader: Reader = TRUSTED, agency: Organisation | None = None,
                            programme: Programme | None = None) -> dict[str, int]:
    """``status_counts`` computed from the tasks' own columns and extensions, whatever is stored or kept:
    one pass that looks up the extension in force of every extended task (filtered counts)."""
    tasks = _tasks(as_of, agency, programme, _counted(reader))
    counts = _with_due(tasks, as_of).aggregate(**_bucket_counts(as_of))
    return {name: counts[name] for name in buckets.BUCKETS}


def task_list(as_of: date, *, reader: Reader = TRUSTED, agency: Organisation | None = None,
              programme: Programme | None = None, bucket: str | None = None) -> QuerySet[Task] | MergedTaskList:
    """The tasks assigned by ``as_of`` (of one bucket, lead agency with its predecessors, or programme
    with its plans), annotated with ``due`` and ``bucket``, by due date (none last) then id.

    When every one of them is settled by ``as_of`` (today's list, future dates, and past dates before
    any later completion or extension) the list reads the stored status columns through the
    ``task_list_by_*`` indexes (a queryset); otherwise (a past day) it merges the tasks whose deadline
    in force was approved by then (the same index walk) with the few extended later
    (``task_list_past``: a sequence with ``filter`` and ``prefetch_related``). Both give the same rows
    in the same order as ``reference_task_list`` (tests/implementation/test_task_list_fast.py)."""
    tasks = _tasks(as_of, agency, programme, readable_tasks(reader))
    if tasks.filter(assigned(as_of), settled_on__gt=as_of).exists():
        narrow = agency is not None or programme is not None
        return _unsettled_task_list(tasks.filter(assigned(as_of)), as_of, bucket, narrow=narrow)
    return stored_order(tasks.filter(settled_on__lte=as_of), stored_bucket_conditions(as_of), bucket)


def reference_task_list(as_of: date, *, reader: Reader = TRUSTED, agency: Organisation | None = None,
                        programme: Programme | None = None, bucket: str | None = None) -> QuerySet[Task]:
    """``task_list`` computed from the tasks' own columns and extensions, whatever is stored."""
    tasks = _tasks(as_of, agency, programme, readable_tasks(reader))
    return _reference_order(_with_due(tasks, as_of), as_of, bucket)


def _unsettled_task_list(tasks: QuerySet[Task], as_of: date, bucket: str | None, *, narrow: bool) -> MergedTaskList:
    """``tasks`` (assigned by ``as_of``) on a day some of them were not settled by: those whose deadline
    in force held then, merged with those whose extension in force was approved later. In the whole
    register these are found from the extensions approved after the day (no task index finds them);
    within one agency or programme (``narrow``) from its own index, not from every extended task."""
    later = tasks.filter(deadline_in_force_since__gt=as_of)
    if not narrow:
        later = later.filter(IdsFrom(DeadlineExtension.objects.filter(
            state=DeadlineExtension.State.APPROVED, decided_on__gt=as_of).values("task_id")))
    # "continuous" read from the standing: on PostgreSQL "NOT continuous" drew a bitmap scan of the
    # whole status index (0.9 s at 1 M)
    standing_continuous = Q(standing=buckets.STANDING_CONTINUOUS)
    return MergedTaskList([(in_force_list(tasks, as_of, bucket), "due_order"),
                           (_reference_order(_with_stored_due(later, as_of), as_of, bucket, standing_continuous), "due")])


def _with_stored_due(tasks: QuerySet[Task], as_of: date) -> QuerySet[Task]:
    """``_with_due`` from the stored deadline in force, looking up the extensions only of the tasks
    whose extension in force was approved after ``as_of`` (the reference, for the same result)."""
    return tasks.filter(assigned(as_of)).annotate(due=due_on(as_of))


def _reference_order(tasks: QuerySet[Task], as_of: date, bucket: str | None,
                     continuous: Q | None = None) -> QuerySet[Task]:
    conditions = bucket_conditions(as_of, continuous)
    if bucket in conditions:
        tasks = tasks.filter(conditions[bucket])
    named = Case(*[When(condition, then=Value(name)) for name, condition in conditions.items()], output_field=CharField())
    return (tasks.annotate(bucket=named).prefetch_related("lead", "programme")
            .order_by(F("due").asc(nulls_last=True), "id"))


def stored_bucket_conditions(as_of: date) -> dict[str, Q]:
    """``bucket_conditions`` on the stored columns, exact for tasks settled by ``as_of``."""
    open_ = Q(standing=buckets.STANDING_OPEN)
    return {
        buckets.COMPLETED_ON_TIME: Q(standing=buckets.STANDING_ON_TIME),
        buckets.COMPLETED_LATE: Q(standing=buckets.STANDING_LATE),
        buckets.IN_PROGRESS: open_ & Q(due_order__gte=as_of),
        buckets.OVERDUE: open_ & Q(due_order__lt=as_of),
        buckets.CONTINUOUS: Q(standing=buckets.STANDING_CONTINUOUS),
    }


def overdue(as_of: date, *, reader: Reader = TRUSTED, agency: Organisation | None = None, limit: int = 50) -> list[Task]:
    return list(task_list(as_of, reader=reader, agency=agency, bucket=buckets.OVERDUE)[:limit])


@dataclass
class AgencyRow:
    organisation: Mapping[str, Any]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def agency_dashboard(as_of: date, *, reader: Reader = TRUSTED, programme: Programme | None = None) -> list[AgencyRow]:
    """Counts per bucket per lead agency (signed-in readers), predecessors counted under their successor
    on ``as_of``, agencies with the most overdue tasks first."""
    return _agency_rows(as_of, scoped_tasks(reader), programme, everything=reads_all_tasks(reader))


def reference_agency_dashboard(as_of: date, *, reader: Reader = TRUSTED,
                               programme: Programme | None = None) -> list[AgencyRow]:
    """``agency_dashboard`` counted by the reference scan, whatever is stored or kept."""
    return _agency_rows(as_of, scoped_tasks(reader), programme, everything=False, reference=True)


def overdue_by_agency(as_of: date, *, reader: Reader, limit: int) -> list[dict[str, Any]]:
    """The overview's aggregate: overdue tasks per lead agency, public unless the counts are hidden."""
    rows = _agency_rows(as_of, _counted(reader), None, everything=_counts_everything(reader))
    return [{"code": row.organisation["code"], "name": row.organisation["name"], "overdue": row.counts[buckets.OVERDUE]}
            for row in rows[:limit] if row.counts[buckets.OVERDUE]]


def _agency_rows(as_of: date, base: QuerySet[Task], programme: Programme | None, *, everything: bool,
                 reference: bool = False) -> list[AgencyRow]:
    """``everything``: ``base`` is every task, so today's kept counts may answer; ``reference``: count
    by the reference scan."""
    rows: Iterable[Mapping[str, Any]]
    tasks = _tasks(as_of, programme=programme, base=base)
    if everything and status_cache.usable(as_of):
        rows = status_cache.counts_by_lead(as_of, programmes=None if programme is None
                                           else status_cache.programme_ids(programme.pk))
    elif reference:
        rows = _with_due(tasks, as_of).values("lead_id").annotate(**_bucket_counts(as_of)).order_by()
    else:
        rows = task_list_past.counts_by_lead(tasks, as_of, narrow=programme is not None)
    successions = Successions()
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[successions.current(row["lead_id"], as_of)].update({b: row[b] for b in buckets.BUCKETS})
    result = [AgencyRow(successions.rows[org_id], {b: c.get(b, 0) for b in buckets.BUCKETS})
              for org_id, c in counts.items()]
    return sorted(result, key=lambda r: (-r.counts[buckets.OVERDUE], -r.total, r.organisation["code"]))


def task_get(pk: int, *, reader: Reader = TRUSTED) -> Task:
    """A task ``reader`` may read; ``Unauthenticated`` for anonymous readers, ``NotFound`` when it is
    absent or outside a scoped reader's organisations (its existence is not revealed)."""
    tasks = readable_tasks(reader).select_related("programme", "lead", "original_lead", "parent")
    task = tasks.filter(pk=pk).first()
    if task is None:
        raise NotFound(gettext("no task %(pk)s") % {"pk": pk})
    return task


def task_history(task: Task) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(target_type="implementation.task", target_id=str(task.pk)).select_related("actor")


def programme_get(slug: str) -> Programme:
    programme = Programme.objects.select_related("work", "meeting", "parent").filter(slug=slug).first()
    if programme is None:
        raise NotFound(gettext("no programme %(slug)r") % {"slug": slug})
    return programme


def programme_rows(as_of: date, *, reader: Reader = TRUSTED) -> list[dict[str, Any]]:
    """Each programme with its counts per bucket (plans counted with their programme); ``counts`` is
    None where the reader may not see them."""
    visible = counts_visible(reader)
    rows = []
    for programme in Programme.objects.select_related("meeting", "work").order_by("kind", "slug"):
        rows.append({"slug": programme.slug, "title": programme.title, "kind": programme.kind,
                     "meeting": str(programme.meeting) if programme.meeting else None,
                     "document": programme.work.number if programme.work else None,
                     "illustrative": programme.is_illustrative,
                     "counts": status_counts(as_of, reader=reader, programme=programme) if visible else None})
    return rows


def _iso_or_none(value: date | None) -> str | None:
    return value.isoformat() if value else None


def task_row(task: Task, as_of: date) -> dict[str, Any]:
    """A task as plain data (for the CLI, the API and exports); ``task`` carries ``due`` and ``bucket``."""
    return {"id": task.pk, "programme": task.programme.slug, "number": task.number, "title": task.title,
            "lead": task.lead.code, "deadline_text": task.deadline_text,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "due": _iso_or_none(getattr(task, "due", None)),
            "bucket": getattr(task, "bucket", None), "output": task.output,
            "completed_on": task.completed_on.isoformat() if task.completed_on and task.completion_known_on
            and task.completion_known_on <= as_of else None,
            "output_number": task.output_number, "source_eid": task.source_eid}


def require_reads_all(reader: Reader) -> None:
    """Whole-register reads (the periodic report): signed in, and reading every task."""
    require_reader(reader)
    if not reads_all_tasks(reader):
        raise PermissionDenied(gettext("Only readers of every task may read this."))


def bottleneck_list(reader: Reader) -> QuerySet[Bottleneck]:
    """The legal bottleneck register: signed-in readers (it names the agencies answering for each)."""
    require_reader(reader)
    return Bottleneck.objects.select_related("work", "responsible").prefetch_related("tasks")


def may_read_evidence(reader: Reader, report: TaskReport) -> bool:
    """A report's evidence file: the lead agency's members, the agency that filed it, the secretariat
    and staff."""
    if reader is TRUSTED:
        return True
    if not _signed_in(reader):
        return False
    assert isinstance(reader, User)
    if reader.is_staff or is_secretariat(reader):
        return True
    return reader.memberships.filter(organisation_id__in=(report.task.lead_id, report.agency_id)).exists()


def evidence_get(report_id: int, *, reader: Reader) -> TaskReport:
    """A report with an evidence file ``reader`` may download; ``NotFound`` for everyone else, so the
    file's existence is not revealed."""
    report = TaskReport.objects.select_related("task").filter(pk=report_id).exclude(evidence="").first()
    if report is None or not may_read_evidence(reader, report):
        raise NotFound(gettext("no evidence for report %(report_id)s") % {"report_id": report_id})
    return report
