"""Write path of implementation: programmes, tasks (by hand or extracted from the programme's
document, all or nothing), meetings whose conclusions issue directives, agency successions and the
legal bottleneck register. Reports, reviews, extensions and reminders are in ``report_services``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action, organisation_merge
from hoinhap.corpus.models import Work
from hoinhap.implementation import agencies, classified, collective, status_cache, task_table
from hoinhap.implementation.deadlines import parse_deadline
from hoinhap.implementation.models import Bottleneck, Meeting, Programme, Task
from hoinhap.implementation.permissions import require_secretariat
from hoinhap.legal import tree


@transaction.atomic
def programme_create(*, actor: User | None, slug: str, title: str, kind: str = Programme.Kind.ACTION_PROGRAMME,
                     work: Work | None = None, parent: Programme | None = None, owner: Organisation | None = None,
                     meeting: Meeting | None = None, effective_from: date | None = None,
                     illustrative: bool = False) -> Programme:
    require_secretariat(actor)
    if not slug.strip() or not title.strip():
        raise ValidationFailed(_("a programme needs a slug and a title"))
    check_lengths(text_chars(), title=title)
    if Programme.objects.filter(slug=slug).exists():
        raise ValidationFailed(_("a programme %(slug)r exists already") % {"slug": slug})
    programme = Programme.objects.create(slug=slug, title=title, kind=kind, work=work, parent=parent, owner=owner,
                                         meeting=meeting, effective_from=effective_from, is_illustrative=illustrative)
    log_action(actor, "implementation.programme.created", programme, {"kind": kind, "work": work.pk if work else None})
    return programme


def deadline_fields(text: str, programme: Programme) -> dict[str, object]:
    """A task's deadline fields from the deadline as written, and the date it is assigned from."""
    deadline = parse_deadline(text, anchor=programme.effective_from)
    assigned = programme.effective_from or (programme.work.date if programme.work else None)
    return {"deadline_text": text[:255], "deadline_kind": deadline.kind, "deadline": deadline.due,
            "continuous": deadline.continuous, "assigned_on": assigned}


@transaction.atomic
def task_create(*, actor: User | None, programme: Programme, title: str, lead: Organisation, deadline_text: str = "",
                coordinators: Iterable[Organisation] = (), output: str = "", parent: Task | None = None,
                kind: str = Task.Kind.TASK, number: str = "", source_eid: str = "", source_text: str = "") -> Task:
    require_secretariat(actor)
    if not title.strip():
        raise ValidationFailed(_("a task needs a title"))
    _check_task_lengths(title=title, output=output, number=number)
    if kind not in Task.Kind.values:
        raise ValidationFailed(_("unknown task kind %(kind)r") % {"kind": kind}, allowed=list(Task.Kind.values))
    if parent is not None and parent.programme_id not in (programme.pk, programme.parent_id):
        raise ValidationFailed(_("a sub-task belongs to its parent's programme or to one of its plans"))
    task = Task.objects.create(programme=programme, title=title.strip(), lead=lead, output=output, parent=parent,
                               kind=kind, number=number, source_eid=source_eid, source_text=source_text,
                               **deadline_fields(deadline_text, programme))
    task.coordinators.set([org for org in coordinators if org.pk != lead.pk])
    status_cache.tasks_changed([lead.pk])
    log_action(actor, "implementation.task.created", task, {"lead": lead.code, "deadline": deadline_text})
    collective.expand_if_collective(actor=actor, task=task, today=timezone.localdate())  # a group as lead: its members
    return task


def _check_task_lengths(*, title: str = "", output: str = "", number: str = "", **_: str) -> None:
    """A task's record as people send it (the API, the bulk import): its number fits its column."""
    check_lengths(text_chars(), title=title, output=output)
    check_lengths(Task._meta.get_field("number").max_length or NAME_CHARS, number=number)


@dataclass
class ExtractResult:
    tasks: list[Task]
    warnings: list[str] = field(default_factory=list)
    created_agencies: list[str] = field(default_factory=list)
    report: task_table.Extraction | None = None


def extraction_preview(*, programme: Programme, document: tree.Document | None = None,
                       text: str | None = None) -> dict[str, Any]:
    """What extraction would store, storing nothing: each task with its lead, the deadline as read
    (kind and date), warnings, and which heading was read as what in each table."""
    extraction = task_table.read(document or (None if text is not None else _programme_document(programme)), text)
    rows: list[dict[str, Any]] = []
    warnings: list[str] = []
    for row in extraction.tasks:
        deadline = parse_deadline(row.deadline, anchor=programme.effective_from)
        notes = row.warnings + ([f"deadline not read: {row.deadline!r}"] if row.deadline and deadline.kind == "unknown"
                                else [])
        rows.append({"number": row.number, "title": row.title, "lead": row.lead, "coordinators": row.coordinators,
                     "output": row.output, "deadline_text": row.deadline, "deadline_kind": deadline.kind,
                     "deadline": deadline.due.isoformat() if deadline.due else None, "group": row.group,
                     "table": row.table, "row": row.row, "source_eid": row.source_eid, "warnings": notes})
        warnings += [f"{row.number or '?'} (table {row.table}, row {row.row}): {note}" for note in notes]
    return {"programme": programme.slug, "source": extraction.source, "tasks": rows,
            "tables": [asdict(table) for table in extraction.tables], "warnings": warnings}


@transaction.atomic
def programme_extract(*, actor: User | None, programme: Programme, document: tree.Document | None = None,
                      text: str | None = None) -> ExtractResult:
    """Tasks from the programme's document (its task tables, else the provisions naming a lead), all
    or nothing. ``text`` is the document as received (markdown or plain text), read when given:
    it keeps the table separators the tree drops. Agencies are matched by name; one the register
    lacks is created (and reported), a collective lead ("các bộ, ngành, địa phương") becomes one
    group organisation, and a row naming several leads keeps the first (Decree 39/2022: one lead)
    and the others as coordinators."""
    require_secretariat(actor)
    if programme.tasks.exists():
        raise ValidationFailed(_("this programme has tasks already; extraction is for a new programme"))
    extraction = task_table.read(document or (None if text is not None else _programme_document(programme)), text)
    if not extraction.tasks:
        raise ValidationFailed(_("no task table and no provision naming a lead agency in this document"))
    register = _AgencyRegister(actor)
    result = ExtractResult([], report=extraction)
    by_number: dict[str, Task] = {}
    for row in extraction.tasks:
        lead, extra, warnings = register.lead(row.lead)
        coordinators = register.resolve(row.coordinators) + extra
        task = Task.objects.create(
            programme=programme, title=row.title or "—", lead=lead, output=row.output[:2000], number=row.number[:32],
            group=row.group[:500], parent=by_number.get(row.parent_number), coordinators_text=row.coordinators,
            source_eid=row.source_eid, source_text=f"table {row.table}, row {row.row}: {row.source_text}"[:2000],
            **deadline_fields(row.deadline, programme))
        task.coordinators.set({org.pk: org for org in coordinators if org.pk != lead.pk}.values())
        by_number[row.number] = task  # "1.1" belongs to the latest "1" (numbers restart in each group)
        result.tasks.append(task)
        result.warnings += [f"task {row.number}: {w}" for w in warnings + row.warnings]
        if task.deadline_kind == "unknown" and row.deadline:
            result.warnings.append(f"task {row.number}: deadline not read: {row.deadline!r}")
    result.created_agencies = register.created
    status_cache.tasks_changed(task.lead_id for task in result.tasks)
    for task in list(result.tasks):  # a row led by a group ("UBND các tỉnh, thành phố"): one subtask per member
        collective.expand_if_collective(actor=actor, task=task, today=timezone.localdate())
    log_action(actor, "implementation.programme.extracted", programme,
               {"tasks": len(result.tasks), "warnings": len(result.warnings), "created_agencies": register.created,
                "source": extraction.source, "tables": len(extraction.tables)})
    return result


def _programme_document(programme: Programme) -> tree.Document:
    if programme.work is None:
        raise ValidationFailed(_("the programme has no document to extract tasks from"))
    expression = programme.work.expressions.filter(language="vi").first() or programme.work.expressions.first()
    if expression is None:
        raise ValidationFailed(_("the programme's document has no text"))
    return tree.Document.from_dict(expression.tree)


class _AgencyRegister:
    """Organisations by normal name and code; unknown names are created once, and counted."""

    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.known: dict[str, Organisation] = {}
        for org in Organisation.objects.all():
            for name in (org.name, org.name_en, org.code):
                if name:
                    self.known.setdefault(agencies.normal(name), org)
        self.created: list[str] = []

    def resolve(self, text: str) -> list[Organisation]:
        """Named coordinating agencies; groups ("các bộ, ngành") stay in the text as written."""
        return [self.get(ref) for ref in agencies.split_agencies(text) if not ref.collective]

    def lead(self, text: str) -> tuple[Organisation, list[Organisation], list[str]]:
        refs = agencies.split_agencies(text)
        if not refs:
            return self.get(agencies.AgencyRef("Chưa xác định cơ quan chủ trì", True)), [], ["no lead agency in the source"]
        organisations = [self.get(ref) for ref in refs]
        return organisations[0], organisations[1:], []  # several leads: task_table warns

    def get(self, ref: agencies.AgencyRef) -> Organisation:
        key = agencies.normal(ref.text)
        found = self.known.get(key)
        if found is None:
            found = Organisation.objects.create(code=_new_code(ref.text), name=ref.text[:255], kind=_kind(key))
            log_action(self.actor, "core.organisation.created", found, {"from": "task extraction", "group": ref.collective})
            self.known[key] = found
            self.created.append(found.name)
        return found


def _kind(normal_name: str) -> str:
    if normal_name.startswith("bộ "):
        return Organisation.Kind.MINISTRY
    if normal_name.startswith(("ủy ban nhân dân", "tỉnh", "thành phố")):
        return Organisation.Kind.PROVINCE
    return Organisation.Kind.OTHER


def _new_code(name: str) -> str:
    initials = "".join(word[0] for word in re.findall(r"\w+", name.upper()))[:20] or "ORG"
    code, n = initials, 2
    while Organisation.objects.filter(code=code).exists():
        code, n = f"{initials}-{n}", n + 1
    return code


@transaction.atomic
def meeting_conclude(*, actor: User | None, title: str, held_on: date, slug: str, conclusion_title: str,
                     chaired_by: str = "", body: Organisation | None = None, work: Work | None = None,
                     illustrative: bool = False) -> Programme:
    """A meeting and its conclusion notice, whose directives are then added as tasks of kind ``directive``."""
    require_secretariat(actor)
    check_lengths(NAME_CHARS, title=title, chaired_by=chaired_by)
    meeting = Meeting.objects.create(title=title, held_on=held_on, chaired_by=chaired_by, body=body)
    log_action(actor, "implementation.meeting.created", meeting, {"held_on": held_on.isoformat()})
    return programme_create(actor=actor, slug=slug, title=conclusion_title, kind=Programme.Kind.CONCLUSION, work=work,
                            meeting=meeting, effective_from=held_on, illustrative=illustrative)


@transaction.atomic
def succession_apply(*, actor: User | None, predecessor: Organisation, successor: Organisation,
                     effective: date) -> int:
    """A merger: the predecessor stops the day before ``effective`` and its open tasks (not
    completed by then) move to the successor, keeping ``original_lead``; completed ones keep their
    lead, and the statistics map both to the successor from that date on. Returns the tasks moved."""
    require_secretariat(actor)
    organisation_merge(actor=actor, predecessor=predecessor, successor=successor, effective=effective)
    return tasks_transfer(actor=actor, predecessor=predecessor, successor=successor, effective=effective)


@transaction.atomic
def tasks_transfer(*, actor: User | None, predecessor: Organisation, successor: Organisation, effective: date) -> int:
    """Move the predecessor's tasks still open on ``effective`` to the successor (for a merger
    recorded in the register already). Returns the tasks moved."""
    require_secretariat(actor)
    open_tasks = Task.objects.filter(lead=predecessor).filter(
        Q(completion_known_on__isnull=True) | Q(completion_known_on__gte=effective))
    moved = list(open_tasks.values_list("pk", flat=True))
    Task.objects.filter(pk__in=moved, original_lead__isnull=True).update(original_lead=predecessor)
    Task.objects.filter(pk__in=moved).update(lead=successor)
    status_cache.tasks_changed([predecessor.pk, successor.pk])
    log_action(actor, "implementation.succession.applied", predecessor,
               {"successor": successor.code, "effective": effective.isoformat(), "tasks": len(moved)})
    return len(moved)


@transaction.atomic
def bottleneck_add(*, actor: User | None, work: Work, eid: str, problem: str, action: str,
                   responsible: Organisation, target_date: date | None = None, quote: str = "",
                   tasks: Iterable[Task] = ()) -> Bottleneck:
    require_secretariat(actor)
    if action not in Bottleneck.Action.values:
        raise ValidationFailed(_("unknown action %(action)r") % {"action": action}, allowed=list(Bottleneck.Action.values))
    expression = work.expressions.first()
    if expression is None or not expression.provisions.filter(eid=eid).exists():
        raise ValidationFailed(_("%(work)s has no provision %(eid)r") % {"work": work, "eid": eid})
    if not problem.strip():
        raise ValidationFailed(_("say what the provision hinders"))
    check_lengths(text_chars(), problem=problem, quote=quote)
    item = Bottleneck.objects.create(work=work, eid=eid, quote=quote, problem=problem.strip(), action=action,
                                     responsible=responsible, target_date=target_date)
    item.tasks.set(list(tasks))
    log_action(actor, "implementation.bottleneck.added", item, {"eid": eid, "action": action})
    return item


@transaction.atomic
def bottleneck_update(*, actor: User | None, item: Bottleneck, status: str,
                      tasks: Iterable[Task] | None = None) -> Bottleneck:
    require_secretariat(actor)
    if status not in Bottleneck.Status.values:
        raise ValidationFailed(_("unknown status %(status)r") % {"status": status}, allowed=list(Bottleneck.Status.values))
    item.status = status
    item.save(update_fields=["status"])
    if tasks is not None:
        item.tasks.set(list(tasks))
    log_action(actor, "implementation.bottleneck.changed", item, {"status": status})
    return item


TASK_RECORD_FIELDS = ("number", "title", "output", "deadline_text")


@transaction.atomic
def task_update(*, actor: User | None, task: Task, title: str | None = None, number: str | None = None,
                output: str | None = None, deadline_text: str | None = None, lead: Organisation | None = None,
                coordinators: Iterable[Organisation] | None = None,
                source: dict[str, object] | None = None) -> list[str]:
    """Change a task's record (what was assigned: title, number, output, deadline as written, lead,
    coordinators); ``None`` leaves a field as it is. Returns the fields changed: none, and nothing is
    written or audited; else one audit entry on the task with the fields' previous values and
    ``source`` (the bulk import gives its file and row). Progress and completion go through reports."""
    require_secretariat(actor)
    given = {"number": number, "title": title, "output": output, "deadline_text": deadline_text}
    wanted = {name: value.strip() for name, value in given.items() if value is not None}
    if "deadline_text" in wanted:
        wanted["deadline_text"] = wanted["deadline_text"][:255]  # as ``deadline_fields`` stores it
    if "title" in wanted and not wanted["title"]:
        raise ValidationFailed(_("a task needs a title"))
    _check_task_lengths(**wanted)
    classified.check_task_record(task, wanted)  # a classified task's title and output stay cleared
    before: dict[str, object] = {name: getattr(task, name) for name, value in wanted.items()
                                 if getattr(task, name) != value}
    if lead is not None and lead.pk != task.lead_id:
        before["lead"] = task.lead.code
    lead_pk = lead.pk if lead is not None else task.lead_id
    new_coordinators = None if coordinators is None else {org.pk: org for org in coordinators if org.pk != lead_pk}
    if new_coordinators is not None and set(new_coordinators) != {org.pk for org in task.coordinators.all()}:
        before["coordinators"] = sorted(org.code for org in task.coordinators.all())
    if not before:
        return []
    for name in TASK_RECORD_FIELDS:
        if name in before:
            setattr(task, name, wanted[name])
    if "deadline_text" in before:
        for name, value in deadline_fields(task.deadline_text, task.programme).items():
            setattr(task, name, value)
    before_lead = task.lead_id
    if "lead" in before:
        task.lead = lead  # type: ignore[assignment]  # checked above: ``lead`` is given when it changed
    task.save()
    status_cache.tasks_changed([before_lead, task.lead_id])
    if new_coordinators is not None and "coordinators" in before:
        task.coordinators.set(new_coordinators.values())
    log_action(actor, "implementation.task.updated", task, {"changed": sorted(before), "before": before,
                                                            **(source or {})})
    return sorted(before)
