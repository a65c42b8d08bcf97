"""Write path for organisations, memberships, accounts and their API tokens, and the audit log."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from hoinhap.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hoinhap.core.models import ApiToken, AuditEntry, Membership, Organisation, User


def log_action(actor: User | None, action: str, target: models.Model | None = None,
               data: dict[str, Any] | None = None) -> AuditEntry:
    """Record one change. Every service calls this inside its own transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data or {},
    )


@transaction.atomic
def organisation_upsert(*, actor: User | None, code: str, name: str, kind: str, name_en: str = "",
                        parent: Organisation | None = None, active_from: date | None = None) -> Organisation:
    if not code.strip() or not name.strip():
        raise ValidationFailed(gettext("An organisation needs a code and a name."))
    organisation, created = Organisation.objects.update_or_create(
        code=code.strip(), defaults={"name": name, "name_en": name_en, "kind": kind, "parent": parent,
                                     "active_from": active_from},
    )
    log_action(actor, "core.organisation.created" if created else "core.organisation.updated", organisation)
    return organisation


@transaction.atomic
def organisation_merge(*, actor: User | None, predecessor: Organisation, successor: Organisation,
                       effective: date) -> Organisation:
    """``predecessor`` stops on the day before ``effective``; ``successor`` takes over from then."""
    if predecessor.pk == successor.pk or successor.current().pk == predecessor.pk:
        raise ValidationFailed(gettext("An organisation cannot succeed itself."))
    predecessor.successor = successor
    predecessor.active_until = date.fromordinal(effective.toordinal() - 1)
    predecessor.save(update_fields=["successor", "active_until"])
    log_action(actor, "core.organisation.merged", predecessor,
               {"successor": successor.code, "effective": effective.isoformat()})
    return predecessor


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationFailed(gettext("Unknown role: %(role)s") % {"role": role})
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    log_action(actor, "core.membership.granted", membership, {"role": role})
    return membership


SYSTEM_USERNAME = "hoinhap-system"


def system_actor() -> User:
    """The actor of the operator's shell (``hoinhap`` commands, the demo loader): an administrator
    who cannot sign in, so the audit log tells these changes from people's."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_superuser": True, "is_staff": False, "first_name": "hoinhap"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# --- Accounts: people added and deactivated from the shell, and their API tokens -----------------

TOKEN_PREFIX = "hn_"
_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8  # what lists show, and what a lookup narrows by
_TOKEN_SHAPE = re.compile(r"hn_[A-Za-z0-9_-]{20,100}")  # secrets.token_urlsafe(32) gives 43 characters


def token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8", "surrogatepass")).hexdigest()


def _may_manage_account(actor: User | None, user: User) -> bool:
    return actor is not None and (actor.is_superuser or actor.pk == user.pk)


def is_administrator(actor: User | None) -> bool:
    """Who manages accounts: superusers (the operator's shell acts as one) and holders of the
    administrator role."""
    return actor is not None and actor.is_active and (
        actor.is_superuser or actor.memberships.filter(role=Membership.Role.ADMINISTRATOR).exists())


def _require_administrator(actor: User | None) -> None:
    if not is_administrator(actor):
        raise PermissionDenied(gettext("Only an administrator manages accounts."))


@transaction.atomic
def token_create(*, actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for ``user``, returned with its plaintext, which is never stored nor shown
    again (only its SHA-256 hash and its first characters, to tell tokens apart)."""
    if not _may_manage_account(actor, user):
        raise PermissionDenied(gettext("Only the account's owner or an administrator may create its tokens."))
    if not user.is_active:
        raise ValidationFailed(gettext("The account %(username)s is deactivated.") % {"username": user.username})
    name = name.strip()
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationFailed(gettext("A token's name has at most 100 characters."))
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=plaintext[:_PREFIX_LENGTH],
                                    token_hash=token_hash(plaintext))
    log_action(actor, "core.token.created", token, {"user": user.username, "prefix": token.prefix, "name": name})
    return token, plaintext


@transaction.atomic
def token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    if not _may_manage_account(actor, token.user):
        raise PermissionDenied(gettext("Only the account's owner or an administrator may revoke its tokens."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict(gettext("The token %(prefix)s… is already revoked.") % {"prefix": token.prefix})
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(actor, "core.token.revoked", token, {"user": token.user.username, "prefix": token.prefix})
    return token


def token_authenticate(plaintext: str) -> User | None:
    """The active user an unrevoked token belongs to, or None. Narrowed by the token's non-secret
    prefix, then the hashes are compared in constant time. Marks the token used (at most once a
    minute, so that reading does not turn every request into a write)."""
    if not _TOKEN_SHAPE.fullmatch(plaintext):  # also keeps NUL and other odd bytes away from the database
        return None
    digest = token_hash(plaintext)
    candidates = ApiToken.objects.select_related("user").filter(prefix=plaintext[:_PREFIX_LENGTH],
                                                                  revoked_at__isnull=True)
    for token in candidates:
        if hmac.compare_digest(token.token_hash, digest) and token.user.is_active:
            now = timezone.now()
            if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            return token.user
    return None


def _organisation(code: str) -> Organisation:
    try:
        return Organisation.objects.get(code=code.strip())
    except Organisation.DoesNotExist:
        raise NotFound(gettext("No organisation with the code %(code)s.") % {"code": code}) from None


@transaction.atomic
def user_add(*, actor: User | None, username: str, name: str, email: str, organisation_code: str,
             roles: list[str], password: str | None = None) -> User:
    """A person's account with their roles in one organisation. Without a password the account
    cannot sign in with one (OpenID Connect, or API tokens only) until an administrator sets it."""
    _require_administrator(actor)
    username = username.strip()
    roles = _check_roles(roles)
    organisation = _organisation(organisation_code)
    user = User(username=username, first_name=name.strip(), email=email.strip())
    _validate_new_user(user, password)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    for role in roles:
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        log_action(actor, "core.membership.granted", membership, {"role": role})
    log_action(actor, "core.user.created", user,
               {"organisation": organisation.code, "roles": roles, "password": bool(password)})
    return user


def _check_roles(roles: list[str]) -> list[str]:
    unknown = sorted(set(roles) - set(Membership.Role.values))
    if unknown:
        raise ValidationFailed(gettext("Unknown role: %(roles)s (one of %(known)s).")
                               % {"roles": ", ".join(unknown), "known": ", ".join(Membership.Role.values)})
    if not roles:
        raise ValidationFailed(gettext("Give at least one role."))
    return list(dict.fromkeys(roles))


@transaction.atomic
def user_grant(*, actor: User | None, user: User, organisation_code: str, roles: list[str]) -> list[Membership]:
    """More roles for an existing account (one created by OpenID Connect at its first sign-in, say)."""
    _require_administrator(actor)
    roles = _check_roles(roles)
    organisation = _organisation(organisation_code)
    return [membership_grant(actor=actor, user=user, organisation=organisation, role=role) for role in roles]


def _validate_new_user(user: User, password: str | None) -> None:
    """Django's own rules for the name and e-mail address and the password validators, as domain
    errors (the password itself never reaches a message or the log)."""
    if User.objects.filter(username__iexact=user.username).exists():
        raise Conflict(gettext("The user %(username)s already exists.") % {"username": user.username})
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
        if password:
            validate_password(password, user)
    except DjangoValidationError as error:
        raise ValidationFailed(" ".join(error.messages)) from error


def user_get(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise NotFound(gettext("No user %(username)s.") % {"username": username}) from None


@transaction.atomic
def user_deactivate(*, actor: User | None, user: User) -> User:
    """Never a deletion: the audit log keeps naming who did what. The account can no longer sign in
    (Django refuses inactive users' sessions too) and its API tokens are revoked."""
    _require_administrator(actor)
    if user.username == SYSTEM_USERNAME:
        raise ValidationFailed(gettext("The hoinhap-system account cannot be deactivated."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise Conflict(gettext("The user %(username)s is already deactivated.") % {"username": user.username})
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = list(user.api_tokens.filter(revoked_at__isnull=True).values_list("prefix", flat=True))
    user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    log_action(actor, "core.user.deactivated", user, {"tokens_revoked": revoked})
    return user


@transaction.atomic
def user_reactivate(*, actor: User | None, user: User) -> User:
    """An account deactivated by mistake signs in again; its revoked tokens stay revoked."""
    _require_administrator(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise Conflict(gettext("The user %(username)s is active already.") % {"username": user.username})
    user.is_active = True
    user.save(update_fields=["is_active"])
    log_action(actor, "core.user.reactivated", user)
    return user


@transaction.atomic
def membership_revoke(*, actor: User | None, membership: Membership) -> None:
    """A role taken back. The row goes (roles are current facts); the audit log keeps who held it."""
    _require_administrator(actor)
    log_action(actor, "core.membership.revoked", membership.user,
               {"organisation": membership.organisation.code, "role": membership.role})
    membership.delete()
