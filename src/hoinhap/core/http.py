"""What every adapter (pages, API) needs from a request: the signed-in user, or ``None`` for an
anonymous visitor, which is what the services and selectors take as their actor or reader."""

from __future__ import annotations

from django.http import HttpRequest

from hoinhap.core.models import User


def signed_in(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None
