"""Requirement coverage in the JSON API: a directing document's coverage matrix; adding a requirement,
proposing the requirements from the document, proposing links by text similarity and deciding a link.
Reads need a signed-in user (401 otherwise); the services decide who writes (403 otherwise)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from hoinhap.api.common import actor
from hoinhap.implementation.models import Programme
from hoinhap.implementation.permissions import require_secretariat
from hoinhap.steering import coverage
from hoinhap.steering import coverage_selectors as selectors

router = Router(tags=["coverage"])


class TotalsOut(Schema):
    covered: int
    partly: int
    not_covered: int
    total: int


class RowOut(Schema):
    code: str
    field: str
    field_label: str
    text: str
    source_eid: str
    illustrative: bool
    state: str = Field(description="covered (a confirmed link covers it fully), partly, or not_covered (no confirmed link).")
    provisions: list[str] = Field(description="Confirmed provisions, \"v3 chp_V__art_14\".")
    tasks: list[int] = Field(description="Confirmed tasks' ids.")
    proposed: int = Field(description="Proposals not yet decided.")


class FieldOut(Schema):
    field: str
    label: str
    totals: TotalsOut
    rows: list[RowOut]


class CoverageMatrixOut(Schema):
    document: str
    slug: str
    title: str
    draft: str | None
    filters: dict[str, str]
    totals: TotalsOut
    fields: list[FieldOut]


class LinkOut(Schema):
    id: int
    state: str
    extent: str | None
    score: float | None
    draft: str | None
    version: int | None
    eid: str | None
    task: int | None
    task_title: str | None
    note: str
    decided_by: str | None


class RequirementOut(RowOut):
    links: list[LinkOut]


class RequirementIn(Schema):
    code: str
    field: str = Field(description="foreign_investment, science_technology, education, healthcare, culture, "
                                   "local_foreign_affairs, institutions, economy, human_resources, other")
    text: str
    source_eid: str = ""


class ProposeIn(Schema):
    draft: str | None = Field(default=None, description="A draft's slug: propose its articles.")
    version: int | None = Field(default=None, description="Its version (default: the latest published one).")
    tasks: bool = Field(default=False, description="Also propose programme tasks (the secretariat only).")
    programmes: list[str] = Field(default=[], description="Only these programmes' tasks.")
    top: int = Field(default=5, ge=1, le=20)


class ProposedOut(Schema):
    proposals: int
    requirements: list[RequirementOut]


class LinkDecisionIn(Schema):
    confirm: bool
    extent: str = Field(default="", description="full or partial, when confirming.")
    note: str = ""


@router.get("/coverage/{doc}", response=CoverageMatrixOut)
def coverage_matrix(request: HttpRequest, doc: str, draft: str | None = None, field: str = "", state: str = "",
                    text: str = "") -> object:
    """The requirements of the document ``doc`` (slug or number) grouped by field, each covered, partly
    or not covered by confirmed links to ``draft``'s provisions (any draft if absent) and to tasks."""
    reader = actor(request)
    selectors.documents_with_requirements(reader=reader)
    work = selectors.work_get(doc, actor(request))
    return selectors.matrix(work, draft=selectors.draft_get(draft) if draft else None, reader=reader,
                            filters=selectors.Filters(field=field, state=state, text=text))


@router.post("/coverage/{doc}/requirements", response={201: RequirementOut})
def requirement_create(request: HttpRequest, doc: str, payload: RequirementIn) -> object:
    work = selectors.work_get(doc, actor(request))
    requirement = coverage.requirement_add(actor=actor(request), work=work, code=payload.code, field=payload.field,
                                           text=payload.text, source_eid=payload.source_eid)
    return Status(201, selectors.requirement_detail(requirement))


@router.post("/coverage/{doc}/requirements/from-document", response={201: list[RequirementOut]})
def requirements_extract(request: HttpRequest, doc: str) -> object:
    """One requirement per paragraph of the document's section of tasks and solutions (skipping those taken)."""
    require_secretariat(actor(request))
    made = coverage.requirements_from_document(actor=actor(request), work=selectors.work_get(doc, actor(request)))
    return Status(201, [selectors.requirement_detail(r) for r in made])


@router.post("/coverage/{doc}/proposals", response=ProposedOut)
def links_propose(request: HttpRequest, doc: str, payload: ProposeIn) -> object:
    """The ``top`` most similar articles and/or tasks per requirement, stored as proposals with their score."""
    selectors.documents_with_requirements(reader=actor(request))
    work = selectors.work_get(doc, actor(request))
    if payload.tasks or payload.draft is None:
        require_secretariat(actor(request))  # before anything is looked up
    programmes = tuple(Programme.objects.filter(slug__in=payload.programmes))
    scope = coverage.scope_for(draft=selectors.draft_get(payload.draft) if payload.draft else None,
                               version_number=payload.version, tasks=payload.tasks, programmes=programmes)
    stored = coverage.links_propose(actor=actor(request), work=work, scope=scope, k=payload.top)
    return {"proposals": stored, "requirements": [selectors.requirement_detail(r) for r in work.requirements.all()]}


@router.post("/coverage/{doc}/requirements/{code}/links/{link_id}", response=RequirementOut)
def link_decide(request: HttpRequest, doc: str, code: str, link_id: int, payload: LinkDecisionIn) -> object:
    """Confirm (``extent`` full or partial) or reject a link; the latest decision counts, the log keeps all."""
    requirement = selectors.requirement_get(selectors.work_get(doc, actor(request)), code, reader=actor(request))
    link = selectors.link_get(requirement, link_id)
    coverage.link_decide(actor=actor(request), link=link, confirm=payload.confirm, extent=payload.extent,
                         note=payload.note)
    return selectors.requirement_detail(requirement)
