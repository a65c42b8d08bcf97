"""The public's endpoints of a consultation: comment (answered with a receipt and the private follow
link, shown only here), follow a comment by its token without an account, and the drafting
committee's moderation (hide or show again, with a reason). Thin over public_services."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from hoinhap.api.common import Ident, actor
from hoinhap.core.errors import NotFound, RateLimited
from hoinhap.core.models import Organisation
from hoinhap.drafting import consultation_services, public_selectors, public_services, selectors
from hoinhap.drafting.models import Comment
from hoinhap.throttle import guard
from hoinhap.throttle.http import too_many_requests

router = Router(tags=["drafting: public"])


class PublicCommentIn(Schema):
    text: str
    eid: str = ""  # the provision ("" for the whole draft), as listed by the version's tree
    quote: str = ""
    proposed_text: str = ""
    author_name: str = ""
    organisation: str | None = None  # its code, for a member commenting for it
    notify_email: str = ""  # never published; needs consent
    consent: bool = False  # to the privacy notice, needed with a name or an address
    round: Ident | None = None  # by default the latest round


class CommentReceiptOut(Schema):
    id: int
    receipt: str
    follow_url: str  # private: shown once, the database keeps only its token's hash
    late: bool


class PublicAnswerOut(Schema):
    disposition: str
    disposition_label: str
    explanation: str


class FollowOut(Schema):
    receipt: str
    draft: str
    round: int
    version: int
    eid: str
    provision: str
    text: str
    state: str  # received | answered | hidden
    hidden_reason: str
    late: bool
    created_at: str
    answer: PublicAnswerOut | None


class ModerationIn(Schema):
    reason: str


class ModerationOut(Schema):
    id: int
    hidden: bool
    reason: str


@router.post("/drafts/{slug}/comments", response={201: CommentReceiptOut})
def public_comment(request: HttpRequest, slug: str, payload: PublicCommentIn) -> object:
    """Comment on a provision chosen by its eId; 201 with the receipt and the private follow link.
    A closed round refuses (400) unless late comments are accepted; over the rate limit, 429."""
    try:
        guard.public_write(request, actor(request))
    except RateLimited as error:
        return too_many_requests(error)
    round_ = selectors.round_get(selectors.draft_get(slug), payload.round)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(code=payload.organisation).first()
        if organisation is None:
            raise NotFound(_("no organisation %(organisation)r") % {"organisation": payload.organisation})
    made = consultation_services.comment_add(
        actor=actor(request), round_=round_, text=payload.text, eid=payload.eid, quote=payload.quote,
        organisation=organisation, author_name=payload.author_name, proposed_text=payload.proposed_text,
        notify_email=payload.notify_email, consented=payload.consent)
    link = request.build_absolute_uri(public_services.follow_path(made.follow_token))  # type: ignore[attr-defined]
    return Status(201, {"id": made.pk, "receipt": made.receipt, "follow_url": link, "late": made.is_late})


@router.get("/comments/follow/{token}", response=FollowOut)
def follow_comment(request: HttpRequest, token: str) -> object:
    """A comment followed by its private token: its state and the published answer."""
    seen = public_selectors.followed(public_services.follow_get(token))
    comment = seen.comment
    response = getattr(comment, "response", None) if seen.state == "answered" else None
    return {"receipt": comment.receipt or "", "draft": comment.round.draft.slug, "round": comment.round.number,
            "version": comment.version.number, "eid": comment.eid, "provision": seen.provision,
            "text": comment.text, "state": seen.state, "hidden_reason": comment.hidden_reason,
            "late": comment.is_late, "created_at": comment.created_at.isoformat(),
            "answer": {"disposition": response.disposition, "disposition_label": str(response.get_disposition_display()),
                       "explanation": response.explanation} if response else None}


def _comment(slug: str, pk: int) -> Comment:
    comment = Comment.objects.filter(pk=pk, round__draft__slug=slug).select_related("round__draft").first()
    if comment is None:
        raise NotFound(_("%(slug)s has no comment %(pk)s") % {"slug": slug, "pk": pk})
    return comment


@router.post("/drafts/{slug}/comments/{pk}/hide", response=ModerationOut)
def hide_comment(request: HttpRequest, slug: str, pk: Ident, payload: ModerationIn) -> object:
    """Hide a comment from the public lists (drafting committee; reason required, audited)."""
    made = public_services.comment_hide(actor=actor(request), comment=_comment(slug, pk), reason=payload.reason)
    return {"id": made.pk, "hidden": True, "reason": made.hidden_reason}


@router.post("/drafts/{slug}/comments/{pk}/unhide", response=ModerationOut)
def unhide_comment(request: HttpRequest, slug: str, pk: Ident, payload: ModerationIn) -> object:
    """Show a hidden comment again (drafting committee; reason required, audited)."""
    made = public_services.comment_unhide(actor=actor(request), comment=_comment(slug, pk), reason=payload.reason)
    return {"id": made.pk, "hidden": False, "reason": payload.reason}
