"""Write path of consultation: rounds on a published version, invitations and reminders, comments
anchored to a provision (or the whole draft), and responses, one at a time or for a group."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths, text_chars
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.drafting import public_services, response_services
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, ConsultationRound, Invitation, Response, Version
from hoinhap.drafting.permissions import commenting_organisation
from hoinhap.drafting.round_services import round_open  # noqa: F401 - moved there; callers keep this name
from hoinhap.jobs.mail import mail_enqueue
from hoinhap.legal import tree

MAX_LETTER_BYTES = 20 * 1024 * 1024


@transaction.atomic
def comment_add(*, actor: User | None, round_: ConsultationRound, text: str, eid: str = "", quote: str = "",
                organisation: Organisation | None = None, author_name: str = "", proposed_text: str = "",
                letter: bytes | None = None, letter_name: str = "", today: date | None = None,
                notify_email: str = "", consented: bool = False) -> Comment:
    """A comment on a provision (``eid``, optionally quoting its words) or on the whole draft, with its
    receipt and private follow token (``comment.follow_token``, returned only here: the database keeps
    its SHA-256). ``notify_email`` (never published) needs ``consented``, recorded with the notice's
    version whenever personal data is given. See public_services for the rules on closed rounds."""
    today = today or timezone.localdate()
    if ConsultationRound.objects.filter(pk=round_.pk, frozen_at__isnull=False).exists():
        raise ValidationFailed(_("this round is closed: its report is frozen"))
    round_.refresh_from_db(fields=["closed_at", "deadline"])  # closed or extended since the caller read it
    late = public_services.intake_lateness(round_, today)
    notify_email = public_services.clean_contact(notify_email, consented)
    if not text.strip():
        raise ValidationFailed(_("the comment is empty"))
    check_lengths(text_chars(), text=text, proposed_text=proposed_text, quote=quote)
    check_lengths(NAME_CHARS, author_name=author_name)
    # a late comment the setting accepts is judged as if sent on the deadline day
    organisation = commenting_organisation(actor, round_, organisation, min(today, round_.deadline) if late else today)
    if organisation is None and not (author_name.strip() or (actor and actor.is_authenticated)):
        raise ValidationFailed(_("a public comment needs the commenter's name"))
    _check_anchor(round_.version, eid, quote)
    comment = Comment(round=round_, version=round_.version, eid=eid, quote=quote.strip(), text=text.strip(),
                      proposed_text=proposed_text.strip(), organisation=organisation,
                      author=actor if actor is not None and actor.pk else None,
                      # the name the commenter gave, else the account's full name: never the user name,
                      # which is an account's key and is not published (the report says "Người dân")
                      author_name=(author_name or (actor.get_full_name() if actor and actor.pk else ""))[:255],
                      is_public=organisation is None, is_late=late, notify_email=notify_email,
                      receipt=public_services.new_receipt(round_))
    token, comment.follow_token_hash = public_services.new_follow_token()
    public_services.record_consent(comment, consented)
    if letter:
        _attach_letter(comment, letter, letter_name)
    comment.save()
    comment.follow_token = token  # type: ignore[attr-defined]  # shown once, never stored
    if organisation is not None:
        round_.invitations.filter(organisation=organisation, responded_at__isnull=True).update(
            responded_at=timezone.now())
    log_action(actor, "drafting.comment.added", comment,
               {"round": round_.number, "eid": eid, "organisation": organisation.code if organisation else None,
                "public": organisation is None, "late": today > round_.deadline, "receipt": comment.receipt,
                "consent": bool(comment.consented_at)})
    return comment


def _check_anchor(version: Version, eid: str, quote: str) -> None:
    if not eid:
        return
    node = version_document(version).find(eid)
    if node is None:
        raise ValidationFailed(_("version %(number)s has no provision %(eid)r") % {"number": version.number, "eid": eid})
    if quote and tree.squash(quote).lower() not in tree.squash(
            "".join(n.heading + n.text for n in node.walk())).lower():
        raise ValidationFailed(_("the quoted words are not in this provision"), eid=eid)


def _attach_letter(comment: Comment, data: bytes, name: str) -> None:
    if len(data) > MAX_LETTER_BYTES:
        raise ValidationFailed(_("the letter is larger than %(value)s MB") % {"value": MAX_LETTER_BYTES // (1024 * 1024)})
    if not data.startswith(b"%PDF-"):
        raise ValidationFailed(_("the official letter must be a PDF file"))
    comment.letter.save(name or "letter.pdf", ContentFile(data), save=False)


@transaction.atomic
def comments_respond(*, actor: User | None, comments: Sequence[Comment], disposition: str, explanation: str,
                     change_version: Version | None = None, change_eid: str = "") -> list[Response]:
    """Answer one comment, or a group of near-duplicates together, with one disposition; answering
    again revises. History, the frozen-report rule (``Conflict``) and the checks: response_services."""
    return response_services.answer(actor=actor, comments=comments, disposition=disposition,
                                    explanation=explanation, change_version=change_version, change_eid=change_eid)


def invitations_due(round_: ConsultationRound, today: date, days_before: int = 3) -> list[Invitation]:
    """Invitations to remind today: not answered, from ``days_before`` the deadline on, once a day at
    most. Reads only; ``hoinhap remind`` queues one job for each."""
    if today < round_.opens_on or (round_.deadline - today).days > days_before or round_.frozen_at:
        return []
    return [invitation for invitation in round_.invitations.filter(responded_at__isnull=True)
            .select_related("organisation") if not (invitation.last_reminded_on and invitation.last_reminded_on >= today)]


def invitations_remind(*, actor: User | None, round_: ConsultationRound, today: date,
                       days_before: int = 3) -> list[Invitation]:
    """Remind now the invited organisations that have not answered (the demo, the tests); returns the
    invitations reminded. ``hoinhap remind`` queues ``invitation_remind`` per invitation instead."""
    reminded = (invitation_remind(actor=actor, invitation_id=invitation.pk, today=today, days_before=days_before)
                for invitation in invitations_due(round_, today, days_before))
    return [invitation for invitation in reminded if invitation is not None]


@transaction.atomic
def invitation_remind(*, actor: User | None, invitation_id: int, today: date, days_before: int = 3) -> Invitation | None:
    """Stamp one invitation's reminder and queue its mail in the same transaction: the mail goes only
    once the reminder is recorded, never for a rolled-back one. The row is locked and checked again,
    so the same day's job run twice reminds once."""
    invitation = (Invitation.objects.select_for_update().select_related("round__draft", "round__version", "organisation")
                  .filter(pk=invitation_id).first())
    if invitation is None or invitation.pk not in {i.pk for i in invitations_due(invitation.round, today, days_before)}:
        return None
    round_ = invitation.round
    recipients = sorted({m.user.email for m in invitation.organisation.memberships.select_related("user")
                         if m.user.email})
    overdue = today > round_.deadline
    subject = (f"[hoinhap] {'Quá hạn góp ý' if overdue else 'Nhắc góp ý'}: {round_.draft.title[:80]}"
               f" (hạn {round_.deadline:%d/%m/%Y})")
    body = _reminder_body(round_, invitation)
    invitation.reminders_sent += 1
    invitation.last_reminded_on = today
    invitation.save(update_fields=["reminders_sent", "last_reminded_on"])
    log_action(actor, "drafting.invitation.reminded", round_,
               {"organisation": invitation.organisation.code, "recipients": len(recipients),
                "overdue": overdue, "count": invitation.reminders_sent})
    mail_enqueue(subject=subject, body=body, recipients=recipients, about=invitation)
    return invitation


def _reminder_body(round_: ConsultationRound, invitation: Invitation) -> str:
    return (f"Kính gửi {invitation.organisation.name},\n\n"
            f"Dự thảo: {round_.draft.title}\nPhiên bản: {round_.version.number}\n"
            f"Hạn góp ý: {round_.deadline:%d/%m/%Y}\n\n"
            f"Cơ quan chưa gửi ý kiến trên hệ thống hoinhap. Đây là lần nhắc thứ {invitation.reminders_sent + 1}.\n")
