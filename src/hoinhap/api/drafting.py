"""Drafting endpoints of the JSON API: drafts, a version's tree, a provision's comments page by page,
commenting, answering, per-provision edits (409 with both texts on a conflict), the redline and the
comment-response report. Writes use the session (and its CSRF token); the services check who may."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from hoinhap.api.common import actor
from hoinhap.core.errors import Conflict, NotFound
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, selectors, services
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, Draft, Version
from hoinhap.drafting.permissions import can_read_version
from hoinhap.drafting.report_render import HTML_CSP_UPDATE, render

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
    author_name: str
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
    comments: list[int]
    disposition: str
    explanation: str
    change_version: int | None = None
    change_eid: str = ""


class EditIn(Schema):
    text: str
    heading: str | None = None
    base_revision: int


def _draft(slug: str) -> Draft:
    return selectors.draft_get(slug)


def _version(request: HttpRequest, draft: Draft, number: int) -> Version:
    version = draft.versions.filter(number=number).first()
    if version is None or not can_read_version(actor(request), version):
        raise NotFound(f"{draft.slug} has no version {number}")
    return version


def _comment_out(comment: Comment) -> dict[str, object]:
    response = getattr(comment, "response", None)
    return {"id": comment.pk, "round": comment.round.number, "made_on_version": comment.version.number,
            "eid": comment.eid, "quote": comment.quote, "text": comment.text, "proposed_text": comment.proposed_text,
            "organisation": comment.organisation.code if comment.organisation else None,
            "author_name": comment.author_name, "public": comment.is_public, "created_at": comment.created_at.isoformat(),
            "disposition": response.disposition if response else None,
            "explanation": response.explanation if response else None}


@router.get("/drafts", response=list[DraftOut])
def drafts(request: HttpRequest) -> object:
    return selectors.draft_rows()


@router.get("/drafts/{slug}/versions/{number}/tree")
def version_tree(request: HttpRequest, slug: str, number: int) -> object:
    version = _version(request, _draft(slug), number)
    return {"number": version.number, "status": version.status, **version_document(version).to_dict()}


@router.get("/drafts/{slug}/versions/{number}/comments", response=CommentPage)
def provision_comments(request: HttpRequest, slug: str, number: int, eid: str = "", page: int = 1) -> object:
    """Comments anchored (now) to ``eid`` in this version ("" for the whole draft), 20 a page."""
    version = _version(request, _draft(slug), number)
    found = selectors.provision_comments(version, eid, max(page, 1))
    return {"count": found.paginator.count, "page": found.number, "pages": found.paginator.num_pages,
            "comments": [_comment_out(c) for c in found.object_list.select_related("version")]}


@router.post("/drafts/{slug}/rounds/{number}/comments", response={201: CommentOut})
def comment(request: HttpRequest, slug: str, number: int, payload: CommentIn) -> object:
    round_ = selectors.round_get(_draft(slug), number)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise NotFound(f"no organisation {payload.organisation!r}")
    made = consultation_services.comment_add(actor=actor(request), round_=round_, text=payload.text, eid=payload.eid,
                                             quote=payload.quote, organisation=organisation,
                                             author_name=payload.author_name, proposed_text=payload.proposed_text)
    return Status(201, _comment_out(made))


@router.post("/drafts/{slug}/responses")
def respond(request: HttpRequest, slug: str, payload: ResponseIn) -> object:
    """Answer one comment or a group with one disposition (drafting committee only)."""
    draft = _draft(slug)
    comments = list(Comment.objects.filter(pk__in=payload.comments, round__draft=draft).select_related("round"))
    if len(comments) != len(set(payload.comments)):
        raise NotFound("some comments are not comments on this draft")
    later = _version(request, draft, payload.change_version) if payload.change_version else None
    made = consultation_services.comments_respond(actor=actor(request), comments=comments,
                                                  disposition=payload.disposition, explanation=payload.explanation,
                                                  change_version=later, change_eid=payload.change_eid)
    return {"answered": [r.comment_id for r in made]}


@router.put("/drafts/{slug}/versions/{number}/provisions/{eid}")
def edit(request: HttpRequest, slug: str, number: int, eid: str, payload: EditIn) -> object:
    """Save a provision if nobody saved it since ``base_revision``; 409 with both texts otherwise."""
    version = _version(request, _draft(slug), number)
    provision = version.provisions.filter(eid=eid).first()
    if provision is None:
        raise NotFound(f"no provision {eid!r}")
    try:
        saved = services.provision_edit(actor=actor(request), provision=provision,
                                        base_revision=payload.base_revision, text=payload.text, heading=payload.heading)
    except Conflict as error:
        if "yours" not in error.details:
            raise
        return JsonResponse({"error": error.code, "message": error.message, **error.details}, status=409)
    return {"eid": saved.eid, "revision": saved.revision, "text": saved.text, "heading": saved.heading}


@router.post("/drafts/{slug}/versions", response={201: dict})
def version_upload(request: HttpRequest, slug: str, file: UploadedFile = File(...)) -> object:  # noqa: B008
    """A new version from a .txt, .docx or Akoma Ntoso upload (drafting committee). Unreadable or
    hostile files (XML bombs, external entities, zip bombs, broken archives) get 422 and change nothing;
    files above the size limit get 413 before they are read."""
    limit = settings.HOINHAP_MAX_UPLOAD_BYTES
    if file.size and file.size > limit:
        return JsonResponse({"error": "too_large", "message": f"the file is larger than {limit // (1024 * 1024)} MB"},
                            status=413)
    version = services.version_import(actor=actor(request), draft=_draft(slug), data=file.read(limit + 1),
                                      filename=file.name or "")
    return Status(201, {"number": version.number, "status": version.status})


@router.get("/drafts/{slug}/redline")
def redline(request: HttpRequest, slug: str, from_version: int, to_version: int) -> object:
    draft = _draft(slug)
    old, new = _version(request, draft, from_version), _version(request, draft, to_version)
    return [{"old": row.pair.old.eid if row.pair.old else None, "new": row.pair.new.eid if row.pair.new else None,
             "state": row.pair.state, "changed": row.pair.changed, "runs": row.runs}
            for row in selectors.redline_rows(old, new)]


@router.get("/drafts/{slug}/rounds/{number}/report.{fmt}")
def report(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    """The round's comment-response report (docx, pdf, xlsx, html; json for the rows), frozen if the round is."""
    round_ = selectors.round_get(_draft(slug), number)
    data, frozen = selectors.round_report(round_)
    if fmt == "json":
        return JsonResponse({"frozen": frozen, "sha256": data.sha256(), **data.to_dict()})
    content, content_type = render(data, fmt, on=selectors.report_day(round_))
    response = HttpResponse(content, content_type=content_type)
    if fmt == "html":
        response._csp_update = HTML_CSP_UPDATE  # type: ignore[attr-defined]
    else:
        response["Content-Disposition"] = f'attachment; filename="{slug}-dot-{number}.{fmt}"'
    return response
