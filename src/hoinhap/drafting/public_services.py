"""The public's side of a consultation: a comment's receipt and private follow link, the consent
recorded with personal data, the intake rule for closed rounds (late comments refused, or accepted and
flagged where ``HOINHAP_ACCEPT_LATE_COMMENTS`` allows), the e-mail notice when a comment is answered,
and moderation (the drafting committee hides a comment with a reason; nothing is ever deleted).

The follow token is shown once to the commenter and stored only as its SHA-256: a stolen database
does not let anybody follow (nor impersonate) a commenter. The e-mail notice cannot carry that token
(it is not kept), so it carries a link signed with the site's secret key, which the follow page
accepts as well."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.limits import check_lengths, text_chars
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.drafting.models import Comment, ConsultationRound
from hoinhap.drafting.permissions import require_drafter
from hoinhap.drafting.round_services import accepts_late_comments
from hoinhap.jobs.mail import mail_enqueue

# Receipts are read aloud over the phone: Crockford's base32 without the look-alikes 0/O, 1/I/L, U.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_LENGTH = 6
PRIVACY_NOTICE_DEFAULT = "2026-11"  # the version of web/drafting/_privacy_notice.html
FOLLOW_SALT = "hoinhap.drafting.follow"


def privacy_notice_version() -> str:
    """The version of the privacy notice the comment form shows, recorded with each consent."""
    return str(getattr(settings, "HOINHAP_PRIVACY_NOTICE", PRIVACY_NOTICE_DEFAULT))


def intake_lateness(round_: ConsultationRound, today: date) -> bool:
    """``True`` for a comment after the deadline that the setting accepts (flagged late); refuses one
    on a round closed by the committee (never reopened by the setting, as round_services closes it) or
    past its deadline otherwise. The deadline day itself is still open."""
    closed = gettext("This consultation round is closed: comments are no longer accepted.")
    if round_.closed_at is not None:
        raise ValidationFailed(closed, closed_at=round_.closed_at.isoformat())
    if today <= round_.deadline:
        return False
    if accepts_late_comments():
        return True
    raise ValidationFailed(closed, deadline=round_.deadline.isoformat())


def new_receipt(round_: ConsultationRound) -> str:
    """"GY-<round id>-<6 characters>", unique (checked here; the unique index is the last word)."""
    for _attempt in range(8):
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
        receipt = f"GY-{round_.pk}-{code}"
        if not Comment.objects.filter(receipt=receipt).exists():
            return receipt
    raise ValidationFailed(gettext("no free receipt number; try again"))  # 30^6 codes per round: never in practice


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_follow_token() -> tuple[str, str]:
    """A private follow token and the SHA-256 kept of it."""
    token = secrets.token_urlsafe(24)
    return token, token_hash(token)


def clean_contact(notify_email: str, consented: bool) -> str:
    """The notice address, checked; giving one needs the commenter's consent."""
    notify_email = notify_email.strip()
    if not notify_email:
        return ""
    try:
        validate_email(notify_email)
    except ValidationError as error:
        raise ValidationFailed(gettext("The e-mail address is not valid.")) from error
    if not consented:
        raise ValidationFailed(gettext("Please agree to the privacy notice to give an e-mail address."))
    return notify_email


def record_consent(comment: Comment, consented: bool) -> None:
    """Stamp the consent on a comment carrying personal data (a name or an address)."""
    personal = bool(comment.notify_email or (comment.is_public and comment.author_name))
    if consented and personal:
        comment.consented_at = timezone.now()
        comment.privacy_notice = privacy_notice_version()


def follow_path(token: str) -> str:
    return reverse("web:comment_follow", kwargs={"token": token})


def follow_url(token: str) -> str:
    """The follow link, absolute when ``HOINHAP_PUBLIC_URL`` names the site (for e-mails)."""
    return str(getattr(settings, "HOINHAP_PUBLIC_URL", "")).rstrip("/") + follow_path(token)


def signed_follow_token(comment: Comment) -> str:
    """A follow token for an e-mail: the comment's id and its token's hash, signed with the secret key."""
    return signing.dumps([comment.pk, comment.follow_token_hash[:16]], salt=FOLLOW_SALT, compress=True)


def follow_get(token: str) -> Comment:
    """The comment a follow token (or a signed e-mail token) opens; ``NotFound`` otherwise."""
    comments = Comment.objects.select_related("round__draft", "version", "organisation", "response")
    found = comments.filter(follow_token_hash=token_hash(token)).first() if token else None
    if found is None and ":" in token:
        try:
            pk, digest = signing.loads(token, salt=FOLLOW_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            pk, digest = None, None
        found = comments.filter(pk=pk, follow_token_hash__startswith=digest).first() if pk and digest else None
    if found is None or not found.follow_token_hash:
        raise NotFound(gettext("No comment follows this link."))
    return found


def notify_answered(comment: Comment) -> bool:
    """Queue the e-mail telling a commenter who left an address that the comment is answered (with
    the follow link); call it in the answer's transaction. ``False`` when there is nobody to tell."""
    if not comment.notify_email or comment.hidden_at or not comment.follow_token_hash:
        return False
    link = follow_url(signed_follow_token(comment))
    subject = f"[hoinhap] Ý kiến {comment.receipt or comment.pk} đã được trả lời"
    body = (f"Ý kiến của Quý vị (số tiếp nhận {comment.receipt}) về dự thảo “{comment.round.draft.title}” "
            f"đã được Ban soạn thảo trả lời.\n\nXem câu trả lời: {link}\n\n"
            "Địa chỉ thư điện tử của Quý vị chỉ dùng để gửi thông báo này và không được công bố.\n")
    mail_enqueue(subject=subject, body=body, recipients=[comment.notify_email], about=comment)
    return True


def _moderated(actor: User | None, comment: Comment, reason: str, missing_reason: str) -> tuple[Comment, str]:
    """The checks both moderation steps make (the committee, a reason within the limits), and the
    comment locked for the change."""
    require_drafter(actor, comment.round.draft)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(missing_reason)
    check_lengths(text_chars(), reason=reason)
    return Comment.objects.select_for_update().get(pk=comment.pk), reason


@transaction.atomic
def comment_hide(*, actor: User | None, comment: Comment, reason: str) -> Comment:
    """Hide an abusive or off-topic comment from the public lists, with the reason shown instead."""
    comment, reason = _moderated(actor, comment, reason, gettext("Hiding a comment needs a reason."))
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), actor, reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log_action(actor, "drafting.comment.hidden", comment, {"reason": reason, "round": comment.round.number})
    return comment


@transaction.atomic
def comment_unhide(*, actor: User | None, comment: Comment, reason: str) -> Comment:
    """Show a hidden comment again; the reason for showing it goes to the audit log."""
    comment, reason = _moderated(actor, comment, reason, gettext("Showing a hidden comment again needs a reason."))
    if comment.hidden_at is None:
        raise ValidationFailed(gettext("This comment is not hidden."))
    previous = comment.hidden_reason
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    log_action(actor, "drafting.comment.unhidden", comment,
               {"reason": reason, "hidden_for": previous, "round": comment.round.number})
    return comment
