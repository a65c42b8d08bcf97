"""Write path for organisations, memberships and the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction

from hoinhap.core.errors import ValidationFailed
from hoinhap.core.models import AuditEntry, Membership, Organisation, User


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
        raise ValidationFailed("An organisation needs a code and a name.")
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
        raise ValidationFailed("An organisation cannot succeed itself.")
    predecessor.successor = successor
    predecessor.active_until = date.fromordinal(effective.toordinal() - 1)
    predecessor.save(update_fields=["successor", "active_until"])
    log_action(actor, "core.organisation.merged", predecessor,
               {"successor": successor.code, "effective": effective.isoformat()})
    return predecessor


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationFailed(f"Unknown role: {role}")
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
