"""What follows adoption (issue 18, item 5): a programme of detailing tasks from an adopted text,
and each task closed by the corpus document that details its provision.

- ``detailing_preview``: the obligations the text assigns (``legal.detailing``), nothing stored.
- ``programme_detailing``: a programme of kind detailing with one task per obligation, all or
  nothing: the lead is the authority's organisation (by issuer code, else by name; an unknown body is
  added to the register and reported), assigned on the text's date, due at its entry into force.
- ``detailing_candidates``: the corpus documents that may detail a task's provision: those whose
  relations point at the adopted text (implements, guides, cites), and those whose title says they
  detail it ("quy định chi tiết … Luật …").
- ``detailing_confirm``: a person confirms one; the task is completed when that document is in
  force (done on its date), through ``Task.save`` and ``status_cache`` as every completion is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.corpus.models import Relation, Work
from hoinhap.implementation import agencies, status_cache
from hoinhap.implementation.deadlines import parse_deadline
from hoinhap.implementation.models import Programme, Task
from hoinhap.implementation.permissions import require_secretariat
from hoinhap.implementation.services import _kind, _new_code, _programme_document, programme_create
from hoinhap.legal import detailing
from hoinhap.legal.numbers import number_key

# Relations by which a document may detail another: a decree "quy định chi tiết" a law is read as
# ``guides``; one that only cites the law in its preamble ("Căn cứ Luật …") is ``cites``.
DETAILING_RELATIONS = (Relation.Kind.GUIDES, Relation.Kind.IMPLEMENTS, Relation.Kind.CITES)
_TITLE_DETAILS = re.compile(r"quy định chi tiết|hướng dẫn thi hành|hướng dẫn chi tiết", re.I)


def obligations_of(work: Work) -> list[detailing.Obligation]:
    """The detailing the text of ``work`` assigns, read from its stored tree."""
    return detailing.detailing_obligations(_programme_document(Programme(work=work)))


def detailing_preview(*, work: Work) -> list[dict[str, Any]]:
    """``[{"provision", "authority", "scope", "due", …}]``: what ``programme_detailing`` would store."""
    return [obligation.to_dict() for obligation in obligations_of(work)]


@dataclass
class DetailingResult:
    programme: Programme
    tasks: list[Task]
    created_agencies: list[str]


@transaction.atomic
def programme_detailing(*, actor: User | None, slug: str, work: Work, title: str = "") -> DetailingResult:
    """A detailing programme with one task per obligation of ``work``, all or nothing."""
    require_secretariat(actor)
    obligations = obligations_of(work)
    if not obligations:
        raise ValidationFailed(_("this text assigns no detailing"))
    programme = programme_create(actor=actor, slug=slug, title=title or f"Văn bản quy định chi tiết {work.label}",
                                 kind=Programme.Kind.DETAILING, work=work)
    register = _Authorities(actor)
    tasks = [_task(programme, work, number, obligation, register) for number, obligation in
             enumerate(obligations, start=1)]
    status_cache.tasks_changed({task.lead_id for task in tasks})
    log_action(actor, "implementation.detailing_programme.created", programme,
               {"work": work.pk, "tasks": len(tasks), "created_agencies": register.created,
                "provisions": [o.provision for o in obligations]})
    return DetailingResult(programme, tasks, register.created)


def _task(programme: Programme, work: Work, number: int, obligation: detailing.Obligation,
          register: _Authorities) -> Task:
    organisations = register.resolve(obligation)
    lead = organisations[0]
    deadline_text = obligation.due.strftime("%d/%m/%Y") if obligation.due else ""
    deadline = parse_deadline(deadline_text)
    task = Task.objects.create(
        programme=programme, number=str(number), title=obligation.sentence[:2000], lead=lead,
        coordinators_text=obligation.authority if len(organisations) > 1 else "",
        output=f"Văn bản quy định chi tiết {obligation.scope_text}"[:2000], deadline_text=deadline_text,
        deadline_kind=deadline.kind, deadline=obligation.due, continuous=deadline.continuous,
        assigned_on=work.date, source_eid=obligation.provision,
        source_text=f"{obligation.provision}: {obligation.sentence}"[:2000])
    task.coordinators.set(organisations[1:])
    return task


class _Authorities:
    """The organisation of each body named: by issuer code, else by name; an unknown one is added once."""

    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.created: list[str] = []
        self.by_name = {agencies.normal(org.name): org for org in Organisation.objects.all()}

    def resolve(self, obligation: detailing.Obligation) -> list[Organisation]:
        names = [_body(name) for name in detailing.authority_names(obligation.authority)]
        found: dict[int, Organisation] = {}
        for name in names or [obligation.authority]:
            org = self.get(name)
            found.setdefault(org.pk, org)
        return list(found.values())

    def get(self, name: str) -> Organisation:
        codes = detailing.authority_codes(name)
        org = (Organisation.objects.filter(code=codes[0]).first() if codes else None) or \
            self.by_name.get(agencies.normal(name))
        if org is None:
            code = codes[0] if codes else _new_code(name)
            org = Organisation.objects.create(code=code, name=name[:255], kind=_kind(agencies.normal(name)))
            log_action(self.actor, "core.organisation.created", org, {"from": "detailing"})
            self.by_name[agencies.normal(name)] = org
            self.created.append(org.name)
        return org


def _body(name: str) -> str:
    """The body a minister heads ("Bộ trưởng Bộ Y tế" → "Bộ Y tế"): tasks are led by organisations."""
    name = name.strip()
    return name.removeprefix("Bộ trưởng ").strip() if name.startswith("Bộ trưởng Bộ ") else name


def detailing_candidates(task: Task) -> list[dict[str, Any]]:
    """Corpus documents that may detail the task's provision, the likeliest first: a ``guides`` or
    ``implements`` relation to the adopted text, then a title that says it details it, then a
    citation. Each with why it is proposed."""
    work = _detailed_work(task)
    key = number_key(work.number) if work.number else ""
    relations = Relation.objects.filter(Q(target=work) | Q(target_key=key) if key else Q(target=work),
                                        kind__in=DETAILING_RELATIONS).exclude(source=work).select_related("source")
    ranked: dict[int, tuple[int, Work, str]] = {}
    for relation in relations:
        rank = 0 if relation.kind in (Relation.Kind.GUIDES, Relation.Kind.IMPLEMENTS) else 2
        _keep(ranked, relation.source, rank, relation.kind)
    short_title = _short_title(work)
    if short_title:
        for other in Work.objects.filter(title__icontains=short_title).exclude(pk=work.pk):
            if _TITLE_DETAILS.search(other.title):
                _keep(ranked, other, 1, "title")
    rows = sorted(ranked.values(), key=lambda item: (item[0], -(item[1].date or date.min).toordinal()))
    return [{"slug": other.slug, "number": other.number, "title": other.title,
             "date": other.date, "status": other.status, "why": why,
             "confirmed": task.detailed_by_id == other.pk} for _, other, why in rows]


def _keep(ranked: dict[int, tuple[int, Work, str]], work: Work, rank: int, why: str) -> None:
    if work.pk not in ranked or ranked[work.pk][0] > rank:
        ranked[work.pk] = (rank, work, why)


def _short_title(work: Work) -> str:
    """"Luật Dữ liệu" from the title, the words a decree detailing it names it by."""
    title = " ".join((work.title or "").split())
    return title if title.lower().startswith(("luật ", "nghị quyết ")) and len(title) <= 120 else ""


def _detailed_work(task: Task) -> Work:
    programme = task.programme
    if programme.kind != Programme.Kind.DETAILING or programme.work is None:
        raise ValidationFailed(_("this task is not a detailing task of an adopted text"))
    return programme.work


@transaction.atomic
def detailing_confirm(*, actor: User | None, task: Task, document: Work, today: date) -> Task:
    """``document`` details the task's provision (a person says so). The task is completed when the
    document is in force: done on its date, known from ``today``; until then it stays open, and
    confirming again once the document is in force completes it."""
    require_secretariat(actor)
    task = Task.objects.select_for_update().get(pk=task.pk)
    work = _detailed_work(task)
    if document.pk == work.pk:
        raise ValidationFailed(_("a text does not detail itself"))
    if task.completion_known_on is not None and task.detailed_by_id not in (None, document.pk):
        raise Conflict(_("this task was completed by another document"))
    task.detailed_by, task.detailing_confirmed_by = document, actor
    completes = document.status == Work.Status.IN_FORCE and task.completion_known_on is None
    if completes:
        done_on = min(document.date or today, today)
        task.completed_on, task.completion_known_on = done_on, today
        task.output_number, task.output_date = document.number[:64], document.date
    task.save()  # derives the stored status columns from the completion
    status_cache.tasks_changed([task.lead_id])
    log_action(actor, "implementation.detailing.confirmed", task,
               {"document": document.number or document.slug, "completed": completes,
                "eid": task.source_eid})
    return task
