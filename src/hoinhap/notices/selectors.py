"""Reading one's notices."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from hoinhap.core.models import User
from hoinhap.notices.kinds import words
from hoinhap.notices.models import Notice

INBOX_SIZE = 50


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user: User, *, limit: int = INBOX_SIZE) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)[:limit]


def notice_rows(user: User, *, limit: int = INBOX_SIZE) -> list[dict[str, Any]]:
    """The latest notices with their words in the active language, unread first marked."""
    return [{"id": notice.pk, "kind": notice.kind, "text": words(notice.kind, notice.params), "url": notice.url,
             "created_at": notice.created_at, "unread": notice.read_at is None}
            for notice in inbox(user, limit=limit)]
