"""Read side of accounts: people with their roles, and API tokens as lists may show them (the
prefix, the name and the dates; the token itself is never stored, so never shown)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from hoinhap.core.errors import NotFound, ValidationFailed
from hoinhap.core.models import ApiToken, Membership, User


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def tokens_of(user: User | None = None) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user").order_by("-created_at", "-id")
    return tokens.filter(user=user) if user is not None else tokens


def token_rows(user: User | None = None) -> list[dict[str, Any]]:
    return [{"id": token.pk, "user": token.user.username, "prefix": token.prefix, "name": token.name,
             "created_at": _iso(token.created_at), "last_used_at": _iso(token.last_used_at),
             "revoked_at": _iso(token.revoked_at)} for token in tokens_of(user)]


def token_find(reference: str) -> ApiToken:
    """A token by its id or by the start of its prefix ("hn_AbCd1234", as lists show it), which
    must name exactly one token."""
    reference = reference.strip().rstrip("…")
    tokens = tokens_of()
    if reference.isdigit():
        found = list(tokens.filter(pk=int(reference)))
    elif len(reference) >= 4:
        found = list(tokens.filter(prefix__startswith=reference)[:2])
    else:
        found = []
    if not found:
        raise NotFound(gettext("No API token %(reference)s.") % {"reference": reference})
    if len(found) > 1:
        raise ValidationFailed(gettext("%(reference)s names several tokens; give its id.") % {"reference": reference})
    return found[0]


def user_rows() -> list[dict[str, Any]]:
    users = User.objects.prefetch_related("memberships__organisation").order_by("username")
    return [{"username": user.username, "name": user.get_full_name(), "email": user.email,
             "active": user.is_active, "superuser": user.is_superuser,
             "roles": [{"organisation": m.organisation.code, "role": m.role} for m in user.memberships.all()]}
            for user in users]


def memberships_of(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organisation").order_by("organisation__code", "role")
