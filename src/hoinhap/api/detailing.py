"""What follows adoption (issue 18, item 5): the detailing an adopted text assigns, the programme of
detailing tasks made from it, the corpus documents proposed to close a task and the confirmation of
one. Reading the obligations of a document is as public as the document; the task's candidates are
for the task's readers; creating and confirming are the secretariat's (the services check)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from hoinhap.api.common import Ident, actor
from hoinhap.api.schemas import DetailingCandidateOut, DetailingConfirmedOut
from hoinhap.corpus.selectors import work_get
from hoinhap.implementation import detailing, selectors

router = Router(tags=["implementation"])


class ObligationOut(Schema):
    provision: str
    authority: str
    scope: list[str]
    due: date | None
    authority_codes: list[str]
    scope_text: str
    form: str
    sentence: str


class DetailingIn(Schema):
    slug: str
    document: str  # the adopted text's number or slug in the corpus
    title: str = ""


class ConfirmIn(Schema):
    document: str  # the detailing document's slug or number in the corpus


@router.get("/documents/{ref}/detailing", response=list[ObligationOut])
def detailing_preview(request: HttpRequest, ref: str) -> object:
    """Each provision of the text that assigns detailing: who, the scope it names (eIds; the words
    as written in ``scope_text``), due at the text's entry into force."""
    return detailing.detailing_preview(work=work_get(ref, reader=actor(request)))


@router.post("/programmes/detailing", response={201: dict})
def detailing_create(request: HttpRequest, payload: DetailingIn) -> object:
    """A programme of kind detailing with one task per obligation, all or nothing (secretariat)."""
    result = detailing.programme_detailing(actor=actor(request), slug=payload.slug, title=payload.title,
                                           work=work_get(payload.document, reader=actor(request)))
    return Status(201, {"programme": result.programme.slug, "tasks": [task.pk for task in result.tasks],
                        "created_agencies": result.created_agencies})


@router.get("/tasks/{task_id}/detailing-candidates", response=list[DetailingCandidateOut])
def detailing_candidates(request: HttpRequest, task_id: Ident) -> object:
    """The corpus documents that may detail the task's provision, the likeliest first, with why."""
    return detailing.detailing_candidates(selectors.task_get(task_id, reader=actor(request)))


@router.post("/tasks/{task_id}/detailing", response=DetailingConfirmedOut)
def detailing_confirm(request: HttpRequest, task_id: Ident, payload: ConfirmIn) -> object:
    """Confirm the document that details the task's provision; the task is completed if it is in force."""
    task = detailing.detailing_confirm(actor=actor(request), task=selectors.task_get(task_id),
                                       document=work_get(payload.document, reader=actor(request)),
                                       today=timezone.localdate())
    return {"task": task.pk, "detailed_by": payload.document,
            "completed_on": task.completed_on.isoformat() if task.completed_on else None}
