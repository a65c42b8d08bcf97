"""The National Assembly side of a draft in the JSON API (drafting/na_services.py): the sessions
that considered it with their conclusions (public), recording a session, a conclusion and its
completion, an opinion split per provision (``dry_run`` for the proposals only) and the explanation
report to the Standing Committee (the drafting side's readers). Writes are the drafting committee's
(403 otherwise), each audited; answering the stored items is ``POST /drafts/{slug}/responses``."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from hoinhap.api.common import Ident, actor, organisation_or_none
from hoinhap.core.errors import NotFound
from hoinhap.core.limits import NAME_CHARS
from hoinhap.drafting import explanation_report, na_services, selectors
from hoinhap.drafting.models import Draft, SessionConclusion
from hoinhap.drafting.permissions import reads_unpublished
from hoinhap.legal.letter_split import Proposal

router = Router(tags=["drafting: National Assembly"])


class ConclusionOut(Schema):
    id: int
    text: str
    due_on: date | None
    done_on: date | None
    done_note: str
    source: str


class HearingOut(Schema):
    id: int
    body: str  # "na" or "standing_committee"
    number: int
    title: str
    starts_on: date | None
    ends_on: date | None
    held_on: date
    summary: str
    source: str
    conclusions: list[ConclusionOut]


class HearingIn(Schema):
    body: str = Field(description='"na" (the National Assembly) or "standing_committee"')
    number: Ident
    held_on: date = Field(description="the day the session considered the draft")
    title: str = Field("", max_length=NAME_CHARS)
    starts_on: date | None = None
    ends_on: date | None = None
    summary: str = ""
    source: str = ""


class SessionConclusionIn(Schema):
    text: str
    due_on: date | None = None
    source: str = ""


class CompleteIn(Schema):
    note: str
    done_on: date | None = None


class ItemIn(Schema):
    eid: str = Field("", max_length=255, description='the provision\'s eId; "" for the whole draft')
    text: str
    quote: str = ""


class OpinionIn(Schema):
    kind: str = Field(description="submission, appraisal, preliminary_verification, verification, "
                                  "standing_committee, deputies_group or deputies_plenary")
    text: str = Field("", description="the opinion's text, split per provision when ``items`` is empty")
    items: list[ItemIn] = Field(default_factory=list, description="the confirmed items (from a dry run, edited)")
    session_body: str = ""
    session_number: Ident | None = None
    organisation: str | None = Field(None, description="code of the organisation that gave it")
    author_name: str = Field("", max_length=NAME_CHARS, description="or who gave it: a deputy, a committee")
    dry_run: bool = False


class ProposalOut(Schema):
    eid: str
    cited: str
    quote: str
    text: str
    line: int
    warning: str


class OpinionOut(Schema):
    kind: str
    version: int
    dry_run: bool
    proposals: list[ProposalOut]
    stored: list[int]  # the comments' ids, to answer


class KindCountOut(Schema):
    kind: str
    label: str
    total: int
    answered: int
    unanswered: int


class ItemOut(Schema):
    comment: int
    kind: str
    kind_label: str
    session: str
    source: str
    quote: str
    text: str
    disposition: str
    answer: str
    change: str


class GroupOut(Schema):
    version: int
    eid: str
    provision: str
    items: list[ItemOut]


class ExplanationOut(Schema):
    draft_slug: str
    draft_title: str
    drafting_agency: str
    illustrative: bool
    total: int
    answered: int
    counts: list[KindCountOut]
    groups: list[GroupOut]


def _draft(slug: str) -> Draft:
    return selectors.draft_get(slug)


@router.get("/drafts/{slug}/sessions", response=list[HearingOut])
def na_sessions(request: HttpRequest, slug: str) -> object:
    """The NA and Standing Committee sessions that considered the draft, with their conclusions."""
    return na_services.hearings_data(_draft(slug))


@router.post("/drafts/{slug}/sessions/record", response={201: HearingOut})
def na_session_add(request: HttpRequest, slug: str, payload: HearingIn) -> object:
    draft = _draft(slug)
    hearing = na_services.hearing_record(actor=actor(request), draft=draft, **payload.dict())
    return Status(201, next(row for row in na_services.hearings_data(draft) if row["id"] == hearing.pk))


@router.post("/drafts/{slug}/sessions/{hearing}/conclusions", response={201: ConclusionOut})
def na_conclusion_add(request: HttpRequest, slug: str, hearing: Ident, payload: SessionConclusionIn) -> object:
    found = _draft(slug).hearings.filter(pk=hearing).select_related("draft", "session").first()
    if found is None:
        raise NotFound(_("%(slug)s has no session hearing %(id)s") % {"slug": slug, "id": hearing})
    return Status(201, na_services.conclusion_add(actor=actor(request), hearing=found, text=payload.text,
                                                  due_on=payload.due_on, source=payload.source))


@router.post("/drafts/{slug}/conclusions/{conclusion}/done", response=ConclusionOut)
def na_conclusion_done(request: HttpRequest, slug: str, conclusion: Ident, payload: CompleteIn) -> object:
    found = SessionConclusion.objects.filter(pk=conclusion, hearing__draft__slug=slug).select_related(
        "hearing__draft").first()
    if found is None:
        raise NotFound(_("%(slug)s has no conclusion %(id)s") % {"slug": slug, "id": conclusion})
    return na_services.conclusion_complete(actor=actor(request), conclusion=found, note=payload.note,
                                           done_on=payload.done_on)


@router.post("/drafts/{slug}/opinions", response={200: OpinionOut, 201: OpinionOut})
def na_opinions_add(request: HttpRequest, slug: str, payload: OpinionIn) -> object:
    """An opinion of the NA process: with ``dry_run``, the per-provision items proposed from ``text``
    (nothing stored); else the ``items`` given (or, without them, the proposals as they are) stored."""
    draft = _draft(slug)
    if payload.items:
        version = na_services.review_version(draft, na_services.kind_get(payload.kind))
        proposals = [Proposal(eid=item.eid, cited="", text=item.text, quote=item.quote) for item in payload.items]
    else:
        version, proposals = na_services.opinion_proposals(draft, payload.kind, payload.text)
    rows = [proposal.to_dict() for proposal in proposals]
    if payload.dry_run:
        return Status(200, {"kind": payload.kind, "version": version.number, "dry_run": True, "proposals": rows,
                            "stored": []})
    session = (na_services.session_find(payload.session_body, payload.session_number)
               if payload.session_body and payload.session_number else None)
    comments = na_services.opinions_save(actor=actor(request), draft=draft, kind_code=payload.kind,
                                         proposals=proposals, session=session,
                                         organisation=organisation_or_none(payload.organisation),
                                         author_name=payload.author_name)
    return Status(201, {"kind": payload.kind, "version": version.number, "dry_run": False, "proposals": rows,
                        "stored": [comment.pk for comment in comments]})


@router.get("/drafts/{slug}/explanation", response=ExplanationOut)
def na_explanation(request: HttpRequest, slug: str) -> object:
    """The explanation report to the Standing Committee, for the drafting side's readers."""
    draft = _draft(slug)
    if not reads_unpublished(actor(request), draft):
        raise NotFound(_("no draft %(slug)r") % {"slug": slug})
    return explanation_report.explanation_report(draft).to_dict()
