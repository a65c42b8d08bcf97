"""Collective assignments: a task given to a group ("các bộ, ngành, địa phương", "UBND các tỉnh, thành
phố trực thuộc trung ương", "các bộ, cơ quan ngang bộ", "các địa phương") becomes one subtask per
member agency, each with its own lead, status and reports; the parent's status summarises theirs.

How the members are found (docs/institutions.md, "Collective assignments"):

1. The phrase is read into the kinds it names (``read_group``): ministries ("các bộ"), ministry-level
   agencies ("ngành", "cơ quan ngang bộ"), provinces ("địa phương", "các tỉnh, thành phố"). A phrase
   ending in "liên quan" ("concerned") names no definite set, so it is not expanded.
2. The members are the register's organisations of those kinds active on the task's ``assigned_on``
   (``register.py``): ministries are the Government's (parent ``CP``) whose name starts "Bộ ", the
   ministry-level agencies its others; provinces are named "Tỉnh …" or "Thành phố …".
3. Each member is followed along its successions to the agency in charge on the day of the expansion
   (a task assigned in May 2025 to the 63 provinces, expanded today, goes to the 34; the absorbed
   province is kept as ``original_lead``), and each agency gets one subtask.
4. Rerunning creates only what is missing (a member whose subtask exists, as lead or as original lead,
   is skipped): no duplicates, and no audit entry when nothing changed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.implementation import buckets, status_cache
from hoinhap.implementation.agencies import normal
from hoinhap.implementation.models import Task
from hoinhap.implementation.permissions import require_secretariat

_LOOKS_COLLECTIVE = re.compile(r"^(các|những|mọi|tất cả các) |^bộ,? ngành|^(ubnd|ủy ban nhân dân) các |^địa phương$")
_MINISTRIES = re.compile(r"\bcác bộ\b|^bộ,? ngành")
_AGENCIES = re.compile(r"\bngành\b|cơ quan ngang bộ")
_PROVINCES = re.compile(r"địa phương|\btỉnh\b")
_INDEFINITE = re.compile(r"liên quan$|có liên quan|được giao")


@dataclass(frozen=True)
class Group:
    """The kinds of agency a collective phrase names."""

    ministries: bool
    agencies: bool
    provinces: bool


def read_group(text: str) -> Group | None:
    """The kinds ``text`` names, or None when it is not a definite group of agencies."""
    phrase = normal(text)
    if not _LOOKS_COLLECTIVE.search(phrase) or _INDEFINITE.search(phrase):
        return None
    group = Group(ministries=bool(_MINISTRIES.search(phrase)), agencies=bool(_AGENCIES.search(phrase)),
                  provinces=bool(_PROVINCES.search(phrase)))
    return group if group.ministries or group.agencies or group.provinces else None


def _active_on(on: date) -> Q:
    return (Q(active_from__isnull=True) | Q(active_from__lte=on)) & (Q(active_until__isnull=True) | Q(active_until__gte=on))


def members(group: Group, on: date) -> QuerySet[Organisation]:
    """The register's organisations of ``group``'s kinds active on ``on``, by code."""
    of_government = Q(kind=Organisation.Kind.MINISTRY, parent__code="CP")
    kinds = Q(pk__in=[])
    if group.ministries:
        kinds |= of_government & Q(name__startswith="Bộ ")
    if group.agencies:
        kinds |= of_government & ~Q(name__startswith="Bộ ")
    if group.provinces:
        kinds |= Q(kind=Organisation.Kind.PROVINCE) & (Q(name__startswith="Tỉnh ") | Q(name__startswith="Thành phố "))
    return Organisation.objects.filter(kinds & _active_on(on)).order_by("code")


def agencies_in_charge(group: Group, assigned_on: date, today: date) -> list[tuple[Organisation, Organisation]]:
    """(agency in charge on ``today``, the member it stands for), one per agency in charge: a member
    that merged into another member gives way to it."""
    seen: dict[int, tuple[Organisation, Organisation]] = {}
    for member in members(group, assigned_on):
        current = member.current(today)
        if current.pk not in seen or current.pk == member.pk:
            seen[current.pk] = (current, member)
    return sorted(seen.values(), key=lambda pair: pair[0].code)


@dataclass
class Expansion:
    task: Task
    group: str
    as_of: date
    created: list[Task] = field(default_factory=list)
    kept: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"task": self.task.pk, "group": self.group, "as_of": self.as_of.isoformat(),
                "created": [{"id": t.pk, "number": t.number, "lead": t.lead.code} for t in self.created],
                "kept": self.kept}


def _group_text(task: Task) -> str:
    return task.collective_group or task.lead.name


@transaction.atomic
def task_expand(*, actor: User | None, task: Task, today: date) -> Expansion:
    """One subtask per member agency of the task's group (the secretariat's action), all or nothing."""
    require_secretariat(actor)
    task = Task.objects.select_for_update().select_related("lead", "programme").get(pk=task.pk)
    text = _group_text(task)
    group = read_group(text)
    if group is None:
        raise ValidationFailed(gettext("“%(group)s” is not a group of agencies the register can list.") % {"group": text})
    expansion = _expand(actor, task, text, group, today)
    if not expansion.created and not expansion.kept:
        raise ValidationFailed(gettext("The register has no member of “%(group)s” on %(day)s; load it with "
                                       "`hoinhap organisations load`.") % {"group": text, "day": expansion.as_of})
    return expansion


def expand_if_collective(*, actor: User | None, task: Task, today: date) -> Expansion | None:
    """At a task's creation: expand it when its lead is a group (keeping the group as written even
    when the register has no member yet, so that it can be expanded once it is loaded)."""
    text = _group_text(task)
    group = read_group(text)
    if group is None or task.parent_id is not None and task.parent.collective_group:  # type: ignore[union-attr]
        return None
    return _expand(actor, task, text, group, today)


def _expand(actor: User | None, task: Task, text: str, group: Group, today: date) -> Expansion:
    as_of = task.assigned_on or task.created_at.date()
    expansion = Expansion(task=task, group=text, as_of=as_of)
    if not task.collective_group:
        Task.objects.filter(pk=task.pk).update(collective_group=text[:255])
        task.collective_group = text[:255]
    taken = set(task.subtasks.values_list("lead_id", flat=True)) | set(
        task.subtasks.exclude(original_lead=None).values_list("original_lead_id", flat=True))
    for agency, member in agencies_in_charge(group, as_of, today):
        if agency.pk in taken or member.pk in taken:
            expansion.kept += 1
            continue
        expansion.created.append(_subtask(task, agency, member))
    if expansion.created:
        status_cache.tasks_changed([t.lead_id for t in expansion.created])
        log_action(actor, "implementation.task.expanded", task,
                   {"group": text, "as_of": as_of.isoformat(), "created": len(expansion.created),
                    "kept": expansion.kept, "leads": [t.lead.code for t in expansion.created]})
    return expansion


def _subtask(parent: Task, agency: Organisation, member: Organisation) -> Task:
    """The member's share: the parent's record with the agency as lead (``Task.save`` derives the
    stored status columns, so each subtask is created through it rather than in bulk)."""
    number = f"{parent.number}.{agency.code}" if parent.number else agency.code
    return Task.objects.create(
        programme=parent.programme, parent=parent, kind=parent.kind, number=number[:32], group=parent.group,
        title=parent.title, lead=agency, original_lead=member if member.pk != agency.pk else None,
        coordinators_text=parent.coordinators_text, output=parent.output, deadline_text=parent.deadline_text,
        deadline_kind=parent.deadline_kind, deadline=parent.deadline, continuous=parent.continuous,
        assigned_on=parent.assigned_on, source_eid=parent.source_eid, source_text=parent.source_text,
        classification=parent.classification, classified_reference=parent.classified_reference)


@dataclass(frozen=True)
class Summary:
    total: int
    completed: int
    overdue: int
    in_progress: int
    continuous: int

    @property
    def text(self) -> str:
        """"12/34 hoàn thành, 3 quá hạn"."""
        return gettext("%(done)s/%(total)s completed, %(overdue)s overdue") % {
            "done": self.completed, "total": self.total, "overdue": self.overdue}

    def as_dict(self) -> dict[str, object]:
        return {"total": self.total, "completed": self.completed, "overdue": self.overdue,
                "in_progress": self.in_progress, "continuous": self.continuous, "text": self.text}


def summary(task: Task, as_of: date) -> Summary | None:
    """The members' statuses as of ``as_of`` (None for a task that is not collective or not expanded)."""
    from hoinhap.implementation.selectors import with_status  # selectors reads the models this module writes

    if not task.collective_group:
        return None
    counts = Counter(getattr(sub, "bucket", None) for sub in with_status(task.subtasks.all(), as_of).only("id"))
    total = task.subtasks.count()
    if not total:
        return None
    return Summary(total=total, completed=counts[buckets.COMPLETED_ON_TIME] + counts[buckets.COMPLETED_LATE],
                   overdue=counts[buckets.OVERDUE], in_progress=counts[buckets.IN_PROGRESS],
                   continuous=counts[buckets.CONTINUOUS])


def member_rows(task: Task, as_of: date) -> list[dict[str, object]]:
    """The subtasks as plain data, with their bucket as of ``as_of`` (for the API and the CLI)."""
    from hoinhap.implementation.selectors import with_status

    rows = with_status(task.subtasks.select_related("lead", "original_lead"), as_of).order_by("lead__code")
    return [{"id": t.pk, "number": t.number, "lead": t.lead.code, "lead_name": t.lead.name,
             "original_lead": t.original_lead.code if t.original_lead else None,
             "bucket": getattr(t, "bucket", None)} for t in rows]
