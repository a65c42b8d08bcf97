"""Write path of the drafting committee's answers: answer one comment or a group, revise an answer,
withdraw it. Each change is kept as a ``ResponseRevision`` (answered, revised, withdrawn) and
audited; once the round's report is frozen its answers are part of the record and cannot change
(``Conflict``).

The changed provision an answer points to is a provision of a version later than the comment's
(the web form offers the next version's provisions by label, "Điều 5, khoản 2")."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.limits import check_lengths, text_chars
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.drafting import notices, public_services
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, ConsultationRound, Draft, Response, ResponseRevision, Version
from hoinhap.drafting.permissions import require_drafter


def check_open(comments: Sequence[Comment]) -> None:
    """Answers change only until their round's report is frozen."""
    round_ids = {comment.round_id for comment in comments}
    if ConsultationRound.objects.filter(pk__in=round_ids, frozen_at__isnull=False).exists():
        raise Conflict(_("the round's report is frozen: its answers can no longer change"))


def check_answerers(actor: User | None, comments: Sequence[Comment]) -> Draft:
    if not comments:
        raise ValidationFailed(_("no comment to answer"))
    draft = comments[0].round.draft
    require_drafter(actor, draft)
    if any(comment.round.draft_id != draft.pk for comment in comments):
        raise ValidationFailed(_("the comments belong to different drafts"))
    check_open(comments)
    return draft


def check_answer(disposition: str, explanation: str) -> None:
    if disposition not in Response.Disposition.values:
        raise ValidationFailed(_("unknown disposition %(disposition)r")
                               % {"disposition": disposition}, allowed=list(Response.Disposition.values))
    if not explanation.strip():
        raise ValidationFailed(_("a response needs an explanation"))
    check_lengths(text_chars(), explanation=explanation)


def check_change(draft: Draft, comments: Sequence[Comment], change_version: Version | None, change_eid: str) -> None:
    """The changed provision is one of a later version of the same draft than every comment's."""
    if not change_eid:
        return
    if change_version is None or change_version.draft_id != draft.pk \
            or version_document(change_version).find(change_eid) is None:
        raise ValidationFailed(_("the change %(change_eid)r is not a provision of that version")
                               % {"change_eid": change_eid})
    if any(comment.version.number >= change_version.number for comment in comments):
        raise ValidationFailed(_("the change must be in a version later than the comment's"))


@transaction.atomic
def answer(*, actor: User | None, comments: Sequence[Comment], disposition: str, explanation: str,
           change_version: Version | None = None, change_eid: str = "") -> list[Response]:
    """Answer each of ``comments`` (one, or a group of near-duplicates) with one disposition; a
    comment answered already has its answer revised. Each gets a history row."""
    draft = check_answerers(actor, comments)
    check_answer(disposition, explanation)
    check_change(draft, comments, change_version, change_eid)
    if not change_eid:
        change_version = None
    responses = []
    for comment in comments:
        previous = Response.objects.filter(comment=comment).first()
        if previous is not None:
            _keep_untracked(previous)
        response, _ = Response.objects.update_or_create(
            comment=comment, defaults={"disposition": disposition, "explanation": explanation.strip(),
                                       "drafter": _user(actor), "change_version": change_version,
                                       "change_eid": change_eid})
        action = ResponseRevision.Action.REVISED if previous else ResponseRevision.Action.ANSWERED
        _record(actor, response, action)
        responses.append(response)
        log_action(actor, "drafting.comment.answered" if previous is None else "drafting.comment.answer_revised",
                   comment, {"disposition": disposition, "group": len(comments),
                             "change": f"v{change_version.number}:{change_eid}" if change_version else None})
        # whoever answers, through any channel: a commenter who left an address gets the follow link
        public_services.notify_answered(comment)
        if previous is None:
            notices.comment_answered(comment)
    return responses


def response_revise(*, actor: User | None, comment: Comment, disposition: str, explanation: str,
                    change_version: Version | None = None, change_eid: str = "") -> Response:
    """Change an answer already given (an unanswered comment is answered with ``answer``)."""
    if not Response.objects.filter(comment=comment).exists():
        raise ValidationFailed(_("this comment has no answer to revise"))
    return answer(actor=actor, comments=[comment], disposition=disposition, explanation=explanation,
                  change_version=change_version, change_eid=change_eid)[0]


@transaction.atomic
def response_withdraw(*, actor: User | None, comment: Comment, reason: str = "") -> ResponseRevision:
    """Take back an answer: the comment is unanswered again (back in the queue); the withdrawn
    answer stays in the history, with ``reason``."""
    check_answerers(actor, [comment])
    check_lengths(text_chars(), reason=reason)
    response = Response.objects.select_for_update().filter(comment=comment).first()
    if response is None:
        raise ValidationFailed(_("this comment has no answer to withdraw"))
    _keep_untracked(response)
    revision = ResponseRevision.objects.create(
        comment=comment, action=ResponseRevision.Action.WITHDRAWN, disposition=response.disposition,
        explanation=reason.strip(), drafter=_user(actor), change_version=None, change_eid="")
    response.delete()
    comment._state.fields_cache.pop("response", None)  # the instance's cached answer is gone too
    log_action(actor, "drafting.comment.answer_withdrawn", comment,
               {"disposition": revision.disposition, "reason": reason.strip()[:200]})
    return revision


def _keep_untracked(response: Response) -> None:
    """An answer given before answers had a history gets its row now, so a revision never loses it."""
    if not ResponseRevision.objects.filter(comment_id=response.comment_id).exists():
        _record(response.drafter, response, ResponseRevision.Action.ANSWERED)


def _record(actor: User | None, response: Response, action: str) -> ResponseRevision:
    return ResponseRevision.objects.create(
        comment_id=response.comment_id, action=action, disposition=response.disposition,
        explanation=response.explanation, drafter=_user(actor), change_version=response.change_version,
        change_eid=response.change_eid)


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None
