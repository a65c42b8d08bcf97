"""Drafting endpoints of the JSON API: drafts, a version's tree, a provision's comments page by page,
commenting, answering, per-provision edits (409 with both texts on a conflict), the redline and the
comment-response report. Writes use the session (and its CSRF token); the services check who may.
The public reads published versions and their comments, under the name each commenter chose (or its
organisation's), never a user name."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from hoinhap.api.common import Count, Ident, PageNumber, actor
from hoinhap.api.jobs import job_accepted
from hoinhap.api.schemas import AnsweredOut, EditedOut, RedlineRowOut, VersionTreeOut
from hoinhap.core.errors import Conflict, NotFound, RateLimited
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, selectors, services
from hoinhap.drafting import jobs as drafting_jobs
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, Draft, Version
from hoinhap.drafting.permissions import can_read_version
from hoinhap.drafting.report_render import HTML_CSP_UPDATE
from hoinhap.jobs.models import Job
from hoinhap.throttle import guard
from hoinhap.throttle.http import too_many_requests

router = Router(tags=["drafting"])


class DraftOut(Schema):
    slug: str
    title: str
    versions: int
    comments: int
    illustrative: bool
    adopted: str | None


class CommentOut(Schema):
    id: int
    round: int
    made_on_version: int
    eid: str
    quote: str
    text: str
    proposed_text: str
    organisation: str | None
    author_name: str  # the name shown: the organisation's, or the one a public commenter gave; never a user name
    public: bool
    created_at: str
    disposition: str | None
    explanation: str | None


class CommentPage(Schema):
    count: int
    page: int
    pages: int
    comments: list[CommentOut]


class CommentIn(Schema):
    text: str
    eid: str = ""
    quote: str = ""
    proposed_text: str = ""
    organisation: str | None = None  # its code
    author_name: str = ""


class ResponseIn(Schema):
    comments: list[Ident]
    disposition: str
    explanation: str
    change_version: Ident | None = None
    change_eid: str = ""


class EditIn(Schema):
    text: str
    heading: str | None = None
    base_revision: Count


def _draft(slug: str) -> Draft:
    return selectors.draft_get(slug)


def _version(request: HttpRequest, draft: Draft, number: int) -> Version:
    version = draft.versions.filter(number=number).first()
    if version is None or not can_read_version(actor(request), version):
        raise NotFound(_("%(slug)s has no version %(number)s") % {"slug": draft.slug, "number": number})
    return version


def _comment_out(comment: Comment) -> dict[str, object]:
    response = getattr(comment, "response", None)
    return {"id": comment.pk, "round": comment.round.number, "made_on_version": comment.version.number,
            "eid": comment.eid, "quote": comment.quote, "text": comment.text, "proposed_text": comment.proposed_text,
            "organisation": comment.organisation.code if comment.organisation else None,
            "author_name": selectors.display_name(comment), "public": comment.is_public,
            "created_at": comment.created_at.isoformat(),
            "disposition": response.disposition if response else None,
            "explanation": response.explanation if response else None}


# GET /drafts is in api/drafting_cycle.py, beside POST /drafts (one URL, one router).


@router.get("/drafts/{slug}/versions/{number}/tree", response=VersionTreeOut)
def version_tree(request: HttpRequest, slug: str, number: Ident) -> object:
    version = _version(request, _draft(slug), number)
    return {"number": version.number, "status": version.status, **version_document(version).to_dict()}


@router.get("/drafts/{slug}/versions/{number}/comments", response=CommentPage)
def provision_comments(request: HttpRequest, slug: str, number: Ident, eid: str = "", page: PageNumber = 1) -> object:
    """Comments anchored (now) to ``eid`` in this version ("" for the whole draft), 20 a page."""
    version = _version(request, _draft(slug), number)
    found = selectors.provision_comments(version, eid, page)
    return {"count": found.paginator.count, "page": found.number, "pages": found.paginator.num_pages,
            "comments": [_comment_out(c) for c in found.object_list]}


@router.post("/drafts/{slug}/rounds/{number}/comments", response={201: CommentOut})
def comment(request: HttpRequest, slug: str, number: Ident, payload: CommentIn) -> object:
    """Comment on a round. Texts over ``HOINHAP_MAX_TEXT_CHARS`` get 422 ``too_long``; writes over the
    rate limit (per address when anonymous, per account when signed in) get 429 with Retry-After."""
    try:
        guard.public_write(request, actor(request))
    except RateLimited as error:
        return too_many_requests(error)
    round_ = selectors.round_get(_draft(slug), number)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise NotFound(_("no organisation %(organisation)r") % {"organisation": payload.organisation})
    made = consultation_services.comment_add(actor=actor(request), round_=round_, text=payload.text, eid=payload.eid,
                                             quote=payload.quote, organisation=organisation,
                                             author_name=payload.author_name, proposed_text=payload.proposed_text)
    return Status(201, _comment_out(made))


@router.post("/drafts/{slug}/responses", response=AnsweredOut)
def respond(request: HttpRequest, slug: str, payload: ResponseIn) -> object:
    """Answer one comment or a group with one disposition (drafting committee only)."""
    draft = _draft(slug)
    comments = list(Comment.objects.filter(pk__in=payload.comments, round__draft=draft).select_related("round"))
    if len(comments) != len(set(payload.comments)):
        raise NotFound(_("some comments are not comments on this draft"))
    later = _version(request, draft, payload.change_version) if payload.change_version else None
    made = consultation_services.comments_respond(actor=actor(request), comments=comments,
                                                  disposition=payload.disposition, explanation=payload.explanation,
                                                  change_version=later, change_eid=payload.change_eid)
    return {"answered": [r.comment_id for r in made]}


@router.put("/drafts/{slug}/versions/{number}/provisions/{eid}", response={200: EditedOut, 409: dict[str, Any]})
def edit(request: HttpRequest, slug: str, number: Ident, eid: str, payload: EditIn) -> object:
    """Save a provision if nobody saved it since ``base_revision``; 409 with both texts otherwise."""
    version = _version(request, _draft(slug), number)
    provision = version.provisions.filter(eid=eid).first()
    if provision is None:
        raise NotFound(_("no provision %(eid)r") % {"eid": eid})
    try:
        saved = services.provision_edit(actor=actor(request), provision=provision,
                                        base_revision=payload.base_revision, text=payload.text, heading=payload.heading)
    except Conflict as error:
        if "yours" not in error.details:
            raise
        return JsonResponse({"error": error.code, "message": error.message, **error.details}, status=409)
    return {"eid": saved.eid, "revision": saved.revision, "text": saved.text, "heading": saved.heading}


# POST /drafts/{slug}/versions (upload or copy, optional publish) is in api/drafting_cycle.py.


@router.get("/drafts/{slug}/redline", response=list[RedlineRowOut])
def redline(request: HttpRequest, slug: str, from_version: Ident | None = None, to_version: Ident | None = None) -> object:
    """The redline between two versions the reader may read; by default the last two (for the public,
    the last two published)."""
    old, new = selectors.comparison_pair(_draft(slug), actor(request), from_version, to_version)
    return [{"old": row.pair.old.eid if row.pair.old else None, "new": row.pair.new.eid if row.pair.new else None,
             "state": row.pair.state, "changed": row.pair.changed, "runs": row.runs}
            for row in selectors.redline_rows(old, new)]


@router.get("/drafts/{slug}/rounds/{number}/report.{fmt}")
def report(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    """The round's comment-response report (docx, pdf, xlsx, html; json for the rows), frozen if the round is.
    A round with more comments than HOINHAP_REPORT_INLINE_ROWS is rendered by the worker: 202 with
    ``{"job", "url"}``, and ``GET url`` gives the file when it is ready."""
    round_ = selectors.round_get(_draft(slug), number)
    if fmt == "json":
        data, frozen = selectors.round_report(round_)
        return JsonResponse({"frozen": frozen, "sha256": data.sha256(), **data.to_dict()})
    made = drafting_jobs.report_or_job(actor=actor(request), round_=round_, fmt=fmt)
    if isinstance(made, Job):
        return job_accepted(request, made)
    content, content_type = made
    response = HttpResponse(content, content_type=content_type)
    if fmt == "html":
        response._csp_update = HTML_CSP_UPDATE  # type: ignore[attr-defined]
    else:
        response["Content-Disposition"] = f'attachment; filename="{slug}-dot-{number}.{fmt}"'
    return response
