"""Write path of a consultation round's life: open it on a published version (invitations, mail to the
invited organisations' members), extend its deadline, close it, freeze its report. Each step checks
that the actor is on the drafting committee, runs in one transaction and writes the audit log.

A round takes comments from ``opens_on`` until it is closed: by ``round_close``, by freezing its
report, or by its deadline passing (``round_accepts_comments``; late comments are refused unless
``HOINHAP_ACCEPT_LATE_COMMENTS`` is on, and then they are flagged late by ``comment_add``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, ValidationFailed
from hoinhap.core.limits import NAME_CHARS, check_lengths
from hoinhap.core.models import Organisation, User
from hoinhap.core.services import log_action
from hoinhap.drafting import notices, stage_services
from hoinhap.drafting.models import ConsultationRound, Invitation, Version
from hoinhap.drafting.permissions import require_drafter
from hoinhap.jobs.mail import mail_enqueue


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def round_open(*, actor: User | None, version: Version, opens_on: date, deadline: date,
               organisations: Iterable[Organisation] = (), public: bool = False, signer_name: str = "",
               signer_title: str = "", signer_capacity: str = "") -> ConsultationRound:
    """A new round on a published version, numbered after the draft's last one; each invited
    organisation's active members with an address get a mail, queued in this transaction (unless the
    deadline is already past)."""
    require_drafter(actor, version.draft)
    if not version.is_published:
        raise ValidationFailed(_("Consult on a published version: publish it first."))
    if deadline < opens_on:
        raise ValidationFailed(_("The deadline is before the opening date."))
    check_lengths(NAME_CHARS, signer_name=signer_name, signer_title=signer_title, signer_capacity=signer_capacity)
    draft = version.draft
    type(draft).objects.select_for_update().get(pk=draft.pk)  # numbers rounds one at a time
    number = (draft.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = ConsultationRound.objects.create(
        draft=draft, version=version, number=number, opens_on=opens_on, deadline=deadline, public=public,
        signer_name=signer_name.strip(), signer_title=signer_title.strip(), signer_capacity=signer_capacity.strip())
    invited = [Invitation.objects.create(round=round_, organisation=organisation)
               for organisation in {org.pk: org for org in organisations}.values()]
    if deadline >= timezone.localdate():  # a past round recorded afterwards (a history, the demo) mails nobody
        for invitation in invited:
            _invitation_mail(round_, invitation)
            notices.round_opened(round_, invitation)
    log_action(actor, "drafting.round.opened", round_,
               {"version": version.number, "opens_on": opens_on.isoformat(), "deadline": deadline.isoformat(),
                "public": public, "invited": sorted(inv.organisation.code for inv in invited),
                "signer": signer_name.strip()})
    return round_


def _invitation_mail(round_: ConsultationRound, invitation: Invitation) -> None:
    organisation = invitation.organisation
    recipients = sorted({m.user.email for m in organisation.memberships.select_related("user")
                         if m.user.email and m.user.is_active})
    subject = f"[hoinhap] Mời góp ý: {round_.draft.title[:80]} (hạn {round_.deadline:%d/%m/%Y})"
    body = (f"Kính gửi {organisation.name},\n\n"
            f"Cơ quan được mời góp ý dự thảo: {round_.draft.title}\n"
            f"Phiên bản: {round_.version.number}, đợt góp ý {round_.number}\n"
            f"Thời gian góp ý: từ {round_.opens_on:%d/%m/%Y} đến hết {round_.deadline:%d/%m/%Y}\n\n"
            f"Xin gửi ý kiến trên hệ thống hoinhap (Dự thảo → {round_.draft.slug}).\n")
    mail_enqueue(subject=subject, body=body, recipients=recipients, about=invitation)


def _locked(round_: ConsultationRound) -> ConsultationRound:
    return ConsultationRound.objects.select_for_update(of=("self",)).select_related("draft", "version").get(
        pk=round_.pk)


@transaction.atomic
def round_extend(*, actor: User | None, round_: ConsultationRound, deadline: date) -> ConsultationRound:
    """Move the deadline later; a closed or frozen round keeps its deadline."""
    require_drafter(actor, round_.draft)
    round_ = _locked(round_)
    if round_.frozen_at:
        raise Conflict(_("Round %(n)s's report is frozen: its deadline cannot change.") % {"n": round_.number})
    if round_.closed_at:
        raise Conflict(_("Round %(n)s is closed: its deadline cannot change.") % {"n": round_.number})
    if deadline <= round_.deadline:
        raise ValidationFailed(_("The new deadline must be later than the current one (%(d)s).")
                               % {"d": f"{round_.deadline:%d/%m/%Y}"}, deadline=round_.deadline.isoformat())
    old = round_.deadline
    round_.deadline = deadline
    round_.save(update_fields=["deadline"])
    log_action(actor, "drafting.round.extended", round_, {"old": old.isoformat(), "new": deadline.isoformat()})
    return round_


@transaction.atomic
def round_close(*, actor: User | None, round_: ConsultationRound) -> ConsultationRound:
    """Stop taking comments now (before or after the deadline); freezing the report stays a separate step."""
    require_drafter(actor, round_.draft)
    round_ = _locked(round_)
    if round_.closed_at or round_.frozen_at:
        raise Conflict(_("Round %(n)s is closed already.") % {"n": round_.number})
    round_.closed_at, round_.closed_by = timezone.now(), _user(actor)
    round_.save(update_fields=["closed_at", "closed_by"])
    log_action(actor, "drafting.round.closed", round_,
               {"deadline": round_.deadline.isoformat(), "early": timezone.localdate() <= round_.deadline,
                "comments": round_.comments.count()})
    return round_


def round_freeze(*, actor: User | None, round_: ConsultationRound) -> ConsultationRound:
    """Freeze the round's report with its hash (``stage_services.round_freeze``, audited there; it
    checks again under a lock, this first check only words the refusal for people)."""
    require_drafter(actor, round_.draft)
    if ConsultationRound.objects.filter(pk=round_.pk, frozen_at__isnull=False).exists():
        raise Conflict(_("Round %(n)s's report is frozen already.") % {"n": round_.number})
    return stage_services.round_freeze(actor=actor, round_=round_)


def round_is_closed(round_: ConsultationRound, today: date | None = None) -> bool:
    """Closed by hand, frozen, or past its deadline: comment intake is over (late comments aside)."""
    today = today or timezone.localdate()
    return bool(round_.closed_at or round_.frozen_at or today > round_.deadline)


def round_accepts_comments(round_: ConsultationRound, today: date | None = None) -> bool:
    """Whether a comment may be received today: open and not closed, or late where the setting allows."""
    today = today or timezone.localdate()
    if round_.closed_at or round_.frozen_at or today < round_.opens_on:
        return False
    return today <= round_.deadline or accepts_late_comments()


def accepts_late_comments() -> bool:
    return bool(getattr(settings, "HOINHAP_ACCEPT_LATE_COMMENTS", False))
