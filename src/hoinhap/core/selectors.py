"""Read side of the audit log: entries filtered by action, actor, target and dates."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from hoinhap.core.models import AuditEntry, Membership, User


def can_read_audit(user: User | None) -> bool:
    """Staff, administrators and the Steering Committee secretariat read the log; it is not public."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.is_superuser or user.memberships.filter(
        role__in=(Membership.Role.SECRETARIAT, Membership.Role.ADMINISTRATOR)).exists()


def audit_entries(*, action: str = "", actor: str = "", target: str = "", since: date | None = None,
                  until: date | None = None) -> QuerySet[AuditEntry]:
    """``action``: a prefix ("drafting." or "implementation.report"); ``target``: "type" or "type:id"
    ("drafting.draft:5"); dates inclusive, in the site's time zone."""
    entries = AuditEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(Q(actor__isnull=True) if actor == "-" else Q(actor__username=actor))
    if target:
        kind, _, pk = target.partition(":")
        entries = entries.filter(target_type=kind, **({"target_id": pk} if pk else {}))
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries.order_by("-created_at", "-id")
