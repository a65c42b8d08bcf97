"""The drafting committee's answers through the API: revise an answer, withdraw it, read its
history, and the queue of unanswered comments (where each stands in the latest version). Answering
is ``POST /drafts/{slug}/responses`` (api.drafting). Writes use the session and its CSRF token;
the services check who may, and refuse any change once the round's report is frozen (409)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from hoinhap.api.common import Ident, actor
from hoinhap.core.errors import NotFound, PermissionDenied
from hoinhap.drafting import response_services, selectors
from hoinhap.drafting.models import Comment, Draft, Response, ResponseRevision, Version
from hoinhap.drafting.permissions import is_drafter

router = Router(tags=["drafting: answers"])


class AnswerIn(Schema):
    disposition: str
    explanation: str
    change_version: Ident | None = None  # the version holding the changed provision
    change_eid: str = ""


class AnswerOut(Schema):
    comment: int
    disposition: str
    explanation: str
    change_version: int | None
    change_eid: str


class WithdrawIn(Schema):
    reason: str = ""


class RevisionOut(Schema):
    action: str  # answered, revised, withdrawn
    disposition: str
    explanation: str
    change_version: int | None
    change_eid: str
    at: str


class QueueItemOut(Schema):
    comment: int
    round: int
    made_on_version: int
    eid: str  # where the comment was made
    now_eid: str  # where it stands in the latest version ("" for the whole draft or a deleted provision)
    state: str  # what happened to its provision since: unchanged, changed, renumbered, moved, split, merged, deleted
    article: str  # the article it now stands in ("toan-bo": the whole draft; "": its provision was deleted)
    commenter: str
    organisation: str | None
    public: bool
    text: str


class QueueFiltersIn(Schema):
    article: str = ""
    organisation: str = ""
    kind: Literal["", "public", "institutional"] = ""
    round: Ident | None = None


def _comment(slug: str, pk: int) -> Comment:
    comment = (Comment.objects.filter(pk=pk, round__draft__slug=slug)
               .select_related("round__draft", "version").first())
    if comment is None:
        raise NotFound(_("%(slug)s has no comment %(pk)s") % {"slug": slug, "pk": pk})
    return comment


def _change_version(draft: Draft, number: int | None) -> Version | None:
    if number is None:
        return None
    version = draft.versions.filter(number=number).first()
    if version is None:
        raise NotFound(_("%(slug)s has no version %(number)s") % {"slug": draft.slug, "number": number})
    return version


def _answer_out(response: Response) -> dict[str, object]:
    return {"comment": response.comment_id, "disposition": response.disposition, "explanation": response.explanation,
            "change_version": response.change_version.number if response.change_version else None,
            "change_eid": response.change_eid}


@router.put("/drafts/{slug}/comments/{pk}/answer", response=AnswerOut)
def answer_revise(request: HttpRequest, slug: str, pk: Ident, payload: AnswerIn) -> object:
    """Revise an answer (drafting committee; until the round's report is frozen, 409 after)."""
    comment = _comment(slug, pk)
    made = response_services.response_revise(
        actor=actor(request), comment=comment, disposition=payload.disposition, explanation=payload.explanation,
        change_version=_change_version(comment.round.draft, payload.change_version), change_eid=payload.change_eid)
    return _answer_out(made)


@router.post("/drafts/{slug}/comments/{pk}/answer/withdraw", response=RevisionOut)
def answer_withdraw(request: HttpRequest, slug: str, pk: Ident, payload: WithdrawIn) -> object:
    """Withdraw an answer: the comment is unanswered again; the history keeps what was withdrawn."""
    made = response_services.response_withdraw(actor=actor(request), comment=_comment(slug, pk),
                                               reason=payload.reason)
    return _revision_out(made)


@router.get("/drafts/{slug}/comments/{pk}/answer/history", response=list[RevisionOut])
def answer_history(request: HttpRequest, slug: str, pk: Ident) -> object:
    """Every answer given, revised or withdrawn for the comment, oldest first (drafting committee)."""
    comment = _comment(slug, pk)
    if not is_drafter(actor(request), comment.round.draft):
        raise PermissionDenied(_("only the drafting committee reads an answer's history"))
    return [_revision_out(r) for r in selectors.answer_history([comment.pk]).get(comment.pk, [])]


def _revision_out(revision: ResponseRevision) -> dict[str, object]:
    return {"action": revision.action, "disposition": revision.disposition, "explanation": revision.explanation,
            "change_version": revision.change_version.number if revision.change_version else None,
            "change_eid": revision.change_eid, "at": revision.created_at.isoformat()}


@router.get("/drafts/{slug}/unanswered", response=list[QueueItemOut])
def unanswered(request: HttpRequest, slug: str, filters: Query[QueueFiltersIn]) -> object:
    """The unanswered comments by provision of the latest version, then commenter (drafting committee)."""
    draft = selectors.draft_get(slug)
    if not is_drafter(actor(request), draft):
        raise PermissionDenied(_("only the drafting committee reads the unanswered queue"))
    version = selectors.latest_version(draft)
    if version is None:
        return []
    queue = selectors.unanswered_queue(version, selectors.QueueFilters(
        article=filters.article, organisation=filters.organisation, kind=filters.kind, round=filters.round))
    return [{"comment": c.pk, "round": c.round.number, "made_on_version": c.version.number, "eid": c.eid,
             "now_eid": c.place.eid, "state": c.place.state, "article": c.article_eid,  # type: ignore[attr-defined]
             "commenter": c.display_name, "organisation": c.organisation.code if c.organisation else None,  # type: ignore[attr-defined]
             "public": c.is_public, "text": c.text} for c in queue]
