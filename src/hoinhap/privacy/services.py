"""The data subject's rights and retention (Law 91/2025/QH15 on personal data protection; Decree
13/2023/NĐ-CP before it): what hoinhap holds about a person, found by their e-mail address; erasure
(anonymisation where a record must stay, such as an opinion in a consultation report or an official's
trail in the audit log); and the daily expiry of what has passed its retention period. Every read of
a person's data and every change is in the audit log, under a keyed hash of the address, never the
address itself."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from hoinhap.core.errors import PermissionDenied, ValidationFailed
from hoinhap.core.models import AuditEntry, Membership, User
from hoinhap.core.services import SYSTEM_USERNAME, log_action
from hoinhap.drafting.models import Comment

ANONYMOUS_USERNAME = "an-danh-{pk}"
OFFICER_ROLES = (Membership.Role.ADMINISTRATOR,)


def subject_key(email: str) -> str:
    """What the audit log records of the person: a keyed hash of the normalised address."""
    return hmac.new(settings.SECRET_KEY.encode(), _normal(email).encode(), hashlib.sha256).hexdigest()[:24]


def _normal(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValidationFailed(gettext("Give the person's e-mail address."))
    return email


def may_handle_personal_data(actor: User | None) -> bool:
    """Exports and erasures are for a data-protection officer: an administrator (or the operator's shell)."""
    return actor is not None and actor.is_active and (
        actor.is_superuser or actor.memberships.filter(role__in=OFFICER_ROLES).exists())


def _require_officer(actor: User | None) -> None:
    if not may_handle_personal_data(actor):
        raise PermissionDenied(gettext("Only a data-protection officer (an administrator) handles personal data."))


def _comments_of(email: str) -> QuerySet[Comment]:
    return Comment.objects.filter(Q(notify_email__iexact=email) | Q(author__email__iexact=email)).select_related(
        "round__draft", "organisation", "author")


def _accounts_of(email: str) -> QuerySet[User]:
    return User.objects.filter(email__iexact=email).exclude(username=SYSTEM_USERNAME).prefetch_related(
        "memberships__organisation", "api_tokens")


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _account_row(user: User) -> dict[str, Any]:
    return {"username": user.username, "name": user.get_full_name(), "email": user.email, "active": user.is_active,
            "joined": _iso(user.date_joined), "last_login": _iso(user.last_login),
            "roles": [{"organisation": m.organisation.code, "role": m.role} for m in user.memberships.all()],
            "api_tokens": [{"prefix": t.prefix, "name": t.name, "created": _iso(t.created_at),
                            "revoked": _iso(t.revoked_at)} for t in user.api_tokens.all()],
            "actions_in_audit_log": AuditEntry.objects.filter(actor=user).count()}


def _comment_row(comment: Comment) -> dict[str, Any]:
    return {"receipt": comment.receipt, "draft": comment.round.draft.slug, "round": comment.round.number,
            "provision": comment.eid, "text": comment.text, "proposed_text": comment.proposed_text,
            "name": comment.author_name, "notify_email": comment.notify_email,
            "organisation": comment.organisation.code if comment.organisation else None,
            "created": _iso(comment.created_at), "consented": _iso(comment.consented_at),
            "privacy_notice": comment.privacy_notice, "public": comment.is_public,
            "hidden": bool(comment.hidden_at)}


@transaction.atomic
def personal_data_export(*, actor: User | None, email: str) -> dict[str, Any]:
    """Everything held about the person with this address (the right of access), and the read is logged."""
    _require_officer(actor)
    email = _normal(email)
    held = {"email": email, "accounts": [_account_row(u) for u in _accounts_of(email)],
            "comments": [_comment_row(c) for c in _comments_of(email)]}
    log_action(actor, "privacy.personal_data.exported", None,
               {"subject": subject_key(email), "accounts": len(held["accounts"]), "comments": len(held["comments"])})
    return held


def _anonymise_comment(comment: Comment) -> None:
    comment.author_name = ""  # reports then say "Người dân" (a citizen), as for any unnamed opinion
    comment.notify_email = ""
    comment.author = None
    comment.save(update_fields=["author_name", "notify_email", "author"])


def _anonymise_account(user: User) -> None:
    """An official's account keeps its row, so the audit log still links each action to one (now
    pseudonymous) account: the law's exception for records kept to meet a legal obligation."""
    user.username = ANONYMOUS_USERNAME.format(pk=user.pk)
    user.first_name = user.last_name = user.email = user.clearance = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


@transaction.atomic
def personal_data_erase(*, actor: User | None, email: str) -> dict[str, int]:
    """Erase the person's name and contact everywhere (the right to erasure). Opinions stay, unnamed, in
    the consultation's reports (a frozen report keeps its hash: rendering shows the anonymised row)."""
    _require_officer(actor)
    email = _normal(email)
    comments = list(_comments_of(email))
    accounts = list(_accounts_of(email))
    if actor is not None and any(account.pk == actor.pk for account in accounts):
        raise ValidationFailed(gettext("An officer cannot erase their own account; another officer does."))
    for comment in comments:
        _anonymise_comment(comment)
    for account in accounts:
        _anonymise_account(account)
    counts = {"comments": len(comments), "accounts": len(accounts)}
    log_action(actor, "privacy.personal_data.erased", None, {"subject": subject_key(email), **counts})
    return counts


def retention_days() -> dict[str, int]:
    return {"contact": settings.HOINHAP_RETENTION_CONTACT_DAYS, "name": settings.HOINHAP_RETENTION_NAME_DAYS}


@transaction.atomic
def personal_data_expire(*, actor: User | None, today: date) -> dict[str, int]:
    """The daily job: a commenter's e-mail address goes once the round's deadline is further back than
    the contact retention; a citizen's name once it is further back than the name retention (the
    opinion and its answer stay). Organisations' comments name the organisation, not a person."""
    days = retention_days()
    contact_before = today - timedelta(days=days["contact"])
    name_before = today - timedelta(days=days["name"])
    contacts = Comment.objects.filter(round__deadline__lt=contact_before).exclude(notify_email="").update(
        notify_email="")
    names = Comment.objects.filter(round__deadline__lt=name_before, organisation__isnull=True).exclude(
        author_name="").update(author_name="", author=None)
    counts = {"contacts": contacts, "names": names}
    if contacts or names:
        log_action(actor, "privacy.personal_data.expired", None, {"today": today.isoformat(), **counts})
    return counts


def personal_data_viewed(*, actor: User | None, subject: User) -> None:
    """An officer opened a person's account page (name, e-mail, roles): who read whose data, and when."""
    log_action(actor, "privacy.personal_data.viewed", subject, {"subject": subject.username})
