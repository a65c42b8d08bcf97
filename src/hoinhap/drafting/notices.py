"""Who hears of a consultation step in their inbox (``hoinhap.notices``): the members of an invited
organisation when a round opens (their e-mail is the invitation letter, sent apart), and the
signed-in author of a comment when it is answered (a public commenter's address gets the follow
link from ``public_services.notify_answered``)."""

from __future__ import annotations

from django.urls import reverse

from hoinhap.drafting.models import Comment, ConsultationRound, Invitation
from hoinhap.legal.numbers import format_vietnamese_date
from hoinhap.notices import kinds
from hoinhap.notices.services import notify


def round_opened(round_: ConsultationRound, invitation: Invitation) -> None:
    members = [m.user for m in invitation.organisation.memberships.select_related("user")]
    notify(recipients=members, kind=kinds.ROUND_OPENED, mail=False,
           params={"organisation": invitation.organisation.name, "draft": round_.draft.title[:120],
                   "deadline": format_vietnamese_date(round_.deadline)},
           url=reverse("web:draft_round", args=[round_.draft.slug, round_.number]))


def comment_answered(comment: Comment) -> None:
    if comment.author is None:
        return
    draft = comment.round.draft
    notify(recipients=[comment.author], kind=kinds.COMMENT_ANSWERED, params={"draft": draft.title[:120]},
           url=reverse("web:draft", args=[draft.slug]), about=comment)
