"""What every API module needs from a request: the signed-in user (None for anonymous, as the
services expect) and the day a query is about."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone

from hoinhap.core.models import User


def actor(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def as_of_or_today(as_of: date | None) -> date:
    """``as_of``, or today in Vietnam."""
    return as_of or timezone.localdate()
