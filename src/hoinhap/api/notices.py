"""The signed-in person's notices: the inbox (``GET /notices``) and marking them read. Anonymous
requests get 401."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema

from hoinhap.api.common import actor
from hoinhap.core.errors import Unauthenticated
from hoinhap.core.models import User
from hoinhap.notices.selectors import notice_rows, unread_count
from hoinhap.notices.services import notices_read

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: datetime
    unread: bool


class InboxOut(Schema):
    unread: int
    notices: list[NoticeOut]


class ReadIn(Schema):
    ids: list[int] | None = None


class ReadOut(Schema):
    marked: int


def _me(request: HttpRequest) -> User:
    user = actor(request)
    if user is None:
        raise Unauthenticated(gettext("sign in to read your notices"))
    return user


@router.get("/notices", response=InboxOut, url_name="notices_inbox")
def inbox(request: HttpRequest) -> dict[str, object]:
    """The latest 50 notices, newest first, in the request's language, and the number unread."""
    user = _me(request)
    return {"unread": unread_count(user), "notices": notice_rows(user)}


@router.post("/notices/read", response=ReadOut, url_name="notices_mark_read")
def mark_read(request: HttpRequest, body: ReadIn) -> dict[str, int]:
    """Mark the given notices read (``ids``), or all of them."""
    return {"marked": notices_read(actor=_me(request), ids=body.ids)}
